"""``parley export reports`` and ``parley eval``: records in the guide's schema, and their scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from parley.cli.options import DbOption, JsonOption, PackOption, db_url
from parley.cli.output import print_json, print_table, stdout
from parley.errors import Errors, UsageError
from parley.extract.export import export_records
from parley.extract.record import write_records
from parley.extract.scoring import EvalReport, evaluate_files
from parley.store.db import Store

FORMATS = ("jsonl",)
PARTS = ("actors", "issues", "stances", "proposals")


def _item(part: str, item: Any) -> str:
    """One missed, extra or partial item as a short line."""
    if part == "stances":
        return f"{item['actor']} {item['act']} {item['issue']}: \"{item['quote']}\""
    if part == "proposals":
        return f"{item['name']} by {', '.join(item['proposer'])} (terms: {', '.join(item['terms']) or 'none'})"
    return str(item)


def _print_details(report: EvalReport) -> None:
    for detail in report.details:
        rows = []
        if not detail.predicted:
            rows.append(("record", "missing", "no predicted record with this id"))
        for part in PARTS:
            rows += [(part, "missed", _item(part, item)) for item in detail.missed.get(part, [])]
            rows += [(part, "extra", _item(part, item)) for item in detail.extra.get(part, [])]
        rows += [
            (p["part"], f"credit {p['credit']:g}", f"{_item(p['part'], p['gold'])} ~ {_item(p['part'], p['predicted'])}")
            for p in detail.partial
        ]
        gold_signal, predicted_signal = detail.status
        if gold_signal != predicted_signal:
            rows.append(("status", "wrong", f"gold {gold_signal}, predicted {predicted_signal}"))
        if rows:
            print_table(detail.id, ("part", "kind", "item"), rows)
    if report.unscored:
        stdout.print(f"Not in the gold file (not scored): {', '.join(report.unscored)}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``export`` and ``eval`` to ``app``."""
    export_app = typer.Typer(help="Export stored extractions.", no_args_is_help=True)

    @export_app.command("reports")
    def export_reports_cli(
        ctx: typer.Context,
        format: Annotated[str, typer.Option("--format", help="Output format; only jsonl.")] = "jsonl",
        output: Annotated[
            Optional[Path], typer.Option("--output", "-o", help="File to write; without it, stdout.")
        ] = None,
        pack: PackOption = None,
        db: DbOption = None,
    ) -> None:
        """Write one record per stored report in the annotation guide's schema, one JSON object a line.

        Example: parley export reports --format jsonl -o predictions.jsonl
        """
        if format not in FORMATS:
            raise UsageError(Errors.E263.format(allowed=", ".join(FORMATS), got=format))
        records = export_records(Store(db_url(ctx, db)), pack=pack)
        if output is None:
            for record in records:
                typer.echo(record.to_json_line())
            return
        count = write_records(records, output)
        typer.echo(f"Wrote {count} records to {output}", err=True)

    @app.command("eval")
    def eval_cli(
        ctx: typer.Context,
        gold: Annotated[Path, typer.Argument(help="Gold records (JSONL in the annotation guide's schema).")],
        pred: Annotated[
            Optional[Path],
            typer.Option("--pred", help="Predicted records (JSONL); without it, the records exported from the store given by --db."),
        ] = None,
        pack: PackOption = None,
        details: Annotated[bool, typer.Option("--details", help="List, per record, what was missed and extra.")] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Score predictions against gold records by the annotation guide's rules.

        Example: parley eval ../shared/gold/seeds.jsonl --pred predictions.jsonl --details
        """
        store = None if pred is not None else Store(db_url(ctx, db))
        report = evaluate_files(gold, pred=pred, store=store, pack=pack)
        if json:
            print_json(report.to_dict(details=details))
            return
        scores = report.to_dict()
        print_table(
            f"{scores['records']} records",
            ("part", "precision", "recall", "f1"),
            [(part, *(f"{scores[part][k]:.3f}" for k in ("precision", "recall", "f1"))) for part in PARTS]
            + [("status", "", "", f"accuracy {scores['status']['accuracy']:.3f}")],
        )
        if details:
            _print_details(report)

    app.add_typer(export_app, name="export")
