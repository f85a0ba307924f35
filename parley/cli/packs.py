"""``parley packs``: create, list and show knowledge packs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from parley.cli.options import JsonOption
from parley.cli.output import print_json, print_table, stdout
from parley.packs import describe_pack, list_packs, load_pack
from parley.packs.skeleton import new_pack


def _short(value: object, limit: int = 48) -> object:
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _scale(issue: dict) -> str:
    scale = issue.get("scale")
    if not scale:
        return ""
    anchors = ", ".join(f"{anchor['position']:g} {anchor['label']}" for anchor in scale.get("anchors", []))
    text = f"0 = {scale['low']}; 100 = {scale['high']}"
    return f"{text} ({anchors})" if anchors else text


def register(app: typer.Typer) -> None:
    """Add the ``packs`` command group to ``app``."""
    packs_app = typer.Typer(help="Create, list and show knowledge packs.", no_args_is_help=True)

    @packs_app.command("new")
    def new_cli(
        name: Annotated[str, typer.Argument(help="Name of the new pack, e.g. my-talks.")],
        directory: Annotated[Path, typer.Option("--dir", help="Folder to create the pack in.")] = Path("packs"),
    ) -> None:
        """Write a commented skeleton pack that extends the generic pack.

        Example: parley packs new my-talks --dir packs
        """
        folder = new_pack(name, directory)
        typer.echo(f"Created {folder}; edit its YAML files, then run 'parley packs show {folder}'.")

    @packs_app.command("list")
    def list_cli(json: JsonOption = False) -> None:
        """List the packs found in $PARLEY_PACKS, ./packs and the bundled packs.

        Example: parley packs list
        """
        rows = list_packs()
        if json:
            print_json({"packs": rows})
            return
        columns = ("name", "extends", "actors", "issues", "description", "path")
        print_table(f"{len(rows)} packs", columns, ([_short(row.get(c)) for c in columns] for row in rows))
        for row in rows:
            if "error" in row:
                stdout.print(f"{row['name']}: invalid: {row['error']}", markup=False, highlight=False)

    @packs_app.command("show")
    def show_cli(
        name: Annotated[str, typer.Argument(help="A pack name or a pack folder.")],
        json: JsonOption = False,
    ) -> None:
        """Show a pack's actors, issues and issue scales (merged with the packs it extends).

        Example: parley packs show generic --json
        """
        summary = describe_pack(load_pack(name))
        if json:
            print_json(summary)
            return
        extends = summary["extends"] or "nothing"
        stdout.print(f"{summary['name']} (extends {extends}): {summary['description']}", markup=False)
        print_table(
            f"{len(summary['actors'])} actors",
            ("name", "type", "role", "affiliation", "aliases"),
            (
                (a["name"], a["type"], a["role"], a.get("affiliation"), ", ".join(a.get("aliases", [])))
                for a in summary["actors"]
            ),
        )
        print_table(
            f"{len(summary['issues'])} issues",
            ("id", "parent", "label", "scale"),
            ((i["id"], i.get("parent"), i["label"], _scale(i)) for i in summary["issues"]),
        )

    app.add_typer(packs_app, name="packs")
