"""``parley ingest``: read news reports into the store."""

from __future__ import annotations

from typing import Annotated

import typer

from parley.cli.options import DbOption, JsonOption, db_url
from parley.cli.output import print_json, print_table, progress
from parley.ingest import ingest
from parley.store.db import Store


def register(app: typer.Typer) -> None:
    """Add the ``ingest`` command to ``app``."""

    @app.command("ingest")
    def ingest_cli(
        ctx: typer.Context,
        inputs: Annotated[
            list[str],
            typer.Argument(
                metavar="PATH_OR_URL",
                help="Files, folders (read recursively), RSS/Atom feeds, or http(s) URLs with --fetch.",
                show_default=False,
            ),
        ],
        fetch: Annotated[bool, typer.Option("--fetch", help="Download URL inputs and thin feed items.")] = False,
        near_threshold: Annotated[
            float, typer.Option("--near-threshold", help="Jaccard similarity that makes a near-duplicate.")
        ] = 0.8,
        max_bytes: Annotated[
            int, typer.Option("--max-bytes", help="Largest file, page or JSON line read, in bytes.")
        ] = 10_000_000,
        workers: Annotated[
            int, typer.Option("--workers", help="Processes that extract and clean reports in parallel.")
        ] = 1,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Read, clean, date and deduplicate news reports and store them.

        Exit code 0 when every input was stored or recognised as a duplicate,
        1 when some were rejected (each is listed with its reason).

        Example: parley ingest examples/gaza-2024 --db sqlite:///demo.db
        """
        store = Store(db_url(ctx, db))
        with progress() as bar:
            task = bar.add_task("Ingesting", total=None)
            result = ingest(
                store,
                inputs,
                fetch=fetch,
                near_threshold=near_threshold,
                max_bytes=max_bytes,
                workers=workers,
                on_progress=lambda _item, _outcome: bar.advance(task),
            )
        if json:
            print_json(result.to_dict())
        else:
            counts = [
                ("stored", result.stored),
                ("of which near-duplicates", result.near_duplicates),
                ("duplicates (not stored again)", result.duplicates),
                ("rejected", len(result.rejected)),
            ]
            print_table("Ingest", ["outcome", "reports"], counts)
            if result.rejected:
                print_table("Rejected", ["input", "reason"], [(r.input, r.reason) for r in result.rejected])
        if result.rejected:
            raise typer.Exit(1)
