"""``parley db``: create and migrate the store."""

from __future__ import annotations

import typer

from parley.cli.options import DbOption, db_url
from parley.store.db import Store, current_revisions


def register(app: typer.Typer) -> None:
    """Add the ``db`` command group to ``app``."""
    db_app = typer.Typer(help="Create and migrate the store.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade_cli(ctx: typer.Context, db: DbOption = None) -> None:
        """Create the store or bring its schema to the newest version.

        Example: parley db upgrade --db postgresql://localhost/parley
        """
        store = Store(db_url(ctx, db))
        revisions = ", ".join(sorted(current_revisions(store.engine)))
        typer.echo(f"{store.engine.url.render_as_string(hide_password=True)} is at {revisions}")

    app.add_typer(db_app, name="db")
