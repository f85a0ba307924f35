"""``parley reports``: list and show stored reports."""

from __future__ import annotations

from typing import Annotated

import typer

from parley.cli.options import DbOption, JsonOption, db_url
from parley.cli.output import print_json, print_table, stdout
from parley.ingest import get_report, list_reports
from parley.store.db import Store

COLUMNS = ("id", "title", "published", "date_source", "outlet", "chars", "duplicate_of")
TITLE_CHARS = 60


def _short(value: object) -> object:
    if isinstance(value, str) and len(value) > TITLE_CHARS:
        return value[: TITLE_CHARS - 1] + "…"
    return value


def register(app: typer.Typer) -> None:
    """Add the ``reports`` command group to ``app``."""
    reports_app = typer.Typer(help="List and show stored reports.", no_args_is_help=True)

    @reports_app.command("list")
    def list_cli(ctx: typer.Context, db: DbOption = None, json: JsonOption = False) -> None:
        """List stored reports: id, title, date, date source, outlet, characters, duplicate_of.

        Example: parley reports list --json
        """
        rows = list_reports(Store(db_url(ctx, db)))
        if json:
            print_json({"reports": rows})
            return
        print_table(f"{len(rows)} reports", COLUMNS, ([_short(row[c]) for c in COLUMNS] for row in rows))

    @reports_app.command("show")
    def show_cli(
        ctx: typer.Context,
        id: Annotated[str, typer.Argument(help="The report id, as shown by 'parley reports list'.")],
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Show one report with its metadata and cleaned text.

        Example: parley reports show 000_bab6041d936568cf
        """
        report = get_report(Store(db_url(ctx, db)), id)
        if json:
            print_json(report)
            return
        print_table(report["id"], ["field", "value"], ((k, v) for k, v in report.items() if k != "text"))
        stdout.print(report["text"], markup=False, highlight=False)

    app.add_typer(reports_app, name="reports")
