"""``parley report``: write the self-contained HTML report of the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parley.cli.options import AsOfOption, DbOption, PackOption, db_url, parse_date


def register(app: typer.Typer) -> None:
    """Add the ``report`` command to ``app``."""

    @app.command("report")
    def report_cli(
        ctx: typer.Context,
        as_of: AsOfOption = None,
        pack: PackOption = None,
        output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("report.html"),
        runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs of the forecast bands.")] = 500,
        seed: Annotated[int, typer.Option("--seed", help="Random seed of the Monte Carlo runs.")] = 0,
        db: DbOption = None,
    ) -> None:
        """Write one HTML file with the summary, actors, issues, timeline, deals and evidence.

        The file inlines every script, style and chart: it opens offline and can be mailed.

        Example: parley report --pack gaza-2024 --as-of 2024-08-20 -o report.html
        """
        from parley.report import write_report
        from parley.store.db import Store

        store = Store(db_url(ctx, db))
        path = write_report(store, path=output, as_of=parse_date(as_of), pack=pack, runs=runs, seed=seed)
        typer.echo(str(path.resolve()))
