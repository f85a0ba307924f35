"""``parley model``: the stakeholder model, its export and its manual overrides."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from parley.cli.options import AsOfOption, DbOption, JsonOption, PackOption, db_url, parse_date
from parley.cli.output import print_json, print_table
from parley.model.build import build_model
from parley.model.io import dumps
from parley.model.overrides import add_override, list_overrides, remove_override
from parley.packs import load_pack
from parley.store.db import Store

IssueOption = Annotated[Optional[list[str]], typer.Option("--issue", help="Keep only this issue (repeatable).")]


def _override_row(row) -> dict:
    return {
        "id": row.id,
        "actor": row.actor,
        "issue": row.issue,
        "field": row.field,
        "value": row.value,
        "author": row.author,
        "reason": row.reason,
        "created_at": row.created_at,
        "removed_at": row.removed_at,
    }


def register(app: typer.Typer) -> None:
    """Add the ``model`` command group to ``app``."""
    model_app = typer.Typer(invoke_without_command=True)
    override_app = typer.Typer(help="Manual overrides kept beside the extracted values.", no_args_is_help=True)

    @model_app.callback()
    def model_cli(
        ctx: typer.Context,
        as_of: AsOfOption = None,
        issue: IssueOption = None,
        pack: PackOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Show each actor's position, salience and capability per issue, with its claims.

        Example: parley model --as-of 2024-09-30 --pack gaza-2024 --json
        """
        if ctx.invoked_subcommand:
            return
        store = Store(db_url(ctx, db))
        model = build_model(store, as_of=parse_date(as_of), pack=load_pack(pack), issues=issue)
        if json:
            print_json(model.to_dict())
            return
        rows = [
            (e.issue, e.actor, f"{e.position:.1f}", f"{e.salience:.2f}", f"{e.capability:.2f}", f"{e.confidence:.2f}",
             len(e.claims), ",".join(e.overridden))
            for e in model.entries
        ]
        title = f"Stakeholder model as of {model.as_of}" if model.as_of else "Stakeholder model"
        print_table(title, ["issue", "actor", "position", "salience", "capability", "confidence", "claims", "overridden"], rows)

    @model_app.command("export")
    def export_cli(
        ctx: typer.Context,
        format: Annotated[str, typer.Option("--format", help="csv (long: actor,capability,issue,position,salience) or json.")] = "csv",
        output: Annotated[Optional[Path], typer.Option("-o", "--output", help="File to write [default: stdout].")] = None,
        as_of: AsOfOption = None,
        issue: IssueOption = None,
        pack: PackOption = None,
        db: DbOption = None,
    ) -> None:
        """Write the model as a long CSV or as JSON, for 'parley forecast --input' or other tools.

        Example: parley model export --format csv -o model.csv
        """
        store = Store(db_url(ctx, db))
        text = dumps(build_model(store, as_of=parse_date(as_of), pack=load_pack(pack), issues=issue), format=format)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            typer.echo(f"Wrote {output}", err=True)

    @override_app.command("add")
    def add_cli(
        ctx: typer.Context,
        actor: Annotated[str, typer.Option("--actor", help="Actor name.")],
        field: Annotated[str, typer.Option("--field", help="position (0-100), salience or capability (0-1).")],
        value: Annotated[float, typer.Option("--value", help="The value to use.")],
        author: Annotated[str, typer.Option("--author", help="Who sets it.")],
        issue: Annotated[Optional[str], typer.Option("--issue", help="Issue id (omit for a capability on all issues).")] = None,
        reason: Annotated[Optional[str], typer.Option("--reason", help="Why.")] = None,
        pack: PackOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Set a manual value for one actor; the extracted values are kept.

        Example: parley model override add --actor Hamas --issue hostage_release --field position --value 40 --author ana
        """
        store = Store(db_url(ctx, db))
        row = add_override(
            store, actor=actor, field=field, value=value, author=author, issue=issue, reason=reason, pack=load_pack(pack)
        )
        if json:
            print_json(_override_row(row))
        else:
            typer.echo(f"Override {row.id}: {row.actor} {row.field} = {row.value:g} on {row.issue or 'all issues'}")

    @override_app.command("list")
    def list_cli(
        ctx: typer.Context,
        all_: Annotated[bool, typer.Option("--all", help="Include removed overrides.")] = False,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """List the manual overrides.

        Example: parley model override list --all --json
        """
        rows = [_override_row(row) for row in list_overrides(Store(db_url(ctx, db)), include_removed=all_)]
        if json:
            print_json({"overrides": rows})
            return
        columns = ["id", "actor", "issue", "field", "value", "author", "reason", "created_at", "removed_at"]
        print_table("Overrides", columns, [[row[c] for c in columns] for row in rows])

    @override_app.command("remove")
    def remove_cli(
        ctx: typer.Context,
        override_id: Annotated[int, typer.Argument(help="Id from 'parley model override list'.")],
        db: DbOption = None,
    ) -> None:
        """Remove an override (it stays in the audit trail, marked removed).

        Example: parley model override remove 3
        """
        row = remove_override(Store(db_url(ctx, db)), override_id)
        typer.echo(f"Removed override {row.id} ({row.actor} {row.field})")

    model_app.add_typer(override_app, name="override")
    app.add_typer(model_app, name="model")
