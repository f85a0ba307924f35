"""The ``parley`` command: a root group that each command module registers into.

Commands only parse arguments, open a store, call one library function and
print. Known failures (:class:`parley.errors.ParleyError`) become a one-line
message and an exit code; a traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import importlib
import os
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from parley import __version__
from parley.errors import ParleyError, UsageError

# One module per command group; each defines ``register(app)``.
COMMAND_MODULES = [
    "parley.cli.db",
    "parley.cli.ingest",
    "parley.cli.reports",
    "parley.cli.packs",
    "parley.cli.extract",
    "parley.cli.evaluate",
    "parley.cli.model",
    "parley.cli.forecast",
    "parley.cli.timeline",
    "parley.cli.deals",
    "parley.cli.report",
    "parley.cli.serve",
]

UNEXPECTED = "Unexpected {kind}: {message}. Run the command again with --debug to see the traceback."


def _is_cli_flow(exc: Exception) -> bool:
    """Exit, Abort and usage errors belong to Typer, which prints them itself."""
    return type(exc).__module__.split(".")[0] in ("click", "typer")


class ParleyGroup(TyperGroup):
    """Root group that turns expected errors into messages instead of tracebacks."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            if _is_cli_flow(exc) or ctx.meta.get("parley.debug"):
                raise
            if isinstance(exc, ParleyError):
                message, code = str(exc), 2 if isinstance(exc, UsageError) else 1
            else:  # the last guard: never a traceback without --debug
                message, code = UNEXPECTED.format(kind=type(exc).__name__, message=exc), 1
            typer.echo(f"Error: {message}", err=True)
            raise typer.Exit(code) from exc


app = typer.Typer(
    cls=ParleyGroup,
    help="Parley: evidence-backed models and forecasts of multi-party negotiations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"parley {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Optional[str],
        typer.Option("--db", help="SQLAlchemy URL or SQLite file of the store (default: $PARLEY_DB or parley.db)."),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Parley reads news reports about a negotiation and models it."""
    ctx.obj = {"db": db}
    ctx.meta["parley.debug"] = debug or bool(os.environ.get("PARLEY_DEBUG"))


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise
        continue  # a command group not built yet
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
