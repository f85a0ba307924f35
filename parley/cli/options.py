"""Options shared by several commands, defined once (sqlite-utils' ``output_options`` habit)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

import typer

from parley.errors import Errors, UsageError

DbOption = Annotated[
    Optional[str],
    typer.Option(
        "--db",
        help="SQLAlchemy URL or SQLite file of the store (default: $PARLEY_DB or sqlite:///parley.db).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
AsOfOption = Annotated[
    Optional[str],
    typer.Option("--as-of", help="Use only evidence dated on or before this ISO date (YYYY-MM-DD)."),
]
PackOption = Annotated[
    Optional[str],
    typer.Option("--pack", help="Knowledge pack: a name (e.g. gaza-2024) or a folder (default: generic)."),
]


def db_url(ctx: typer.Context, db: Optional[str]) -> Optional[str]:
    """The store URL: the command's ``--db``, else the global one, else None (PARLEY_DB / default)."""
    if db:
        return db
    return (ctx.find_root().obj or {}).get("db")


def parse_date(value: Optional[str], option: str = "--as-of") -> Optional[dt.date]:
    """An ISO date from an option value (``--as-of``, ``--cutoff``), or None."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(Errors.E004.format(option=option, allowed="an ISO date (YYYY-MM-DD)", got=value)) from None
