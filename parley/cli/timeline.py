"""``parley timeline``: events, proposals, reactions, status signals and stance changes in date order."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from parley.cli.options import AsOfOption, DbOption, JsonOption, db_url, parse_date
from parley.cli.output import print_json, print_table
from parley.model.timeline import timeline
from parley.store.db import Store


def register(app: typer.Typer) -> None:
    """Add the ``timeline`` command to ``app``."""

    @app.command("timeline")
    def timeline_cli(
        ctx: typer.Context,
        actor: Annotated[Optional[str], typer.Option("--actor", help="Only this actor's proposals and claims.")] = None,
        issue: Annotated[Optional[str], typer.Option("--issue", help="Only this issue's proposals and claims.")] = None,
        limit: Annotated[Optional[int], typer.Option("--limit", min=1, help="Only the newest N items.")] = None,
        as_of: AsOfOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Show the talks over time, with detected stance changes and their quotes.

        The table lists the items oldest first; --json gives them newest first, as the dashboard does.

        Example: parley timeline --actor Hamas --issue hostage_release --json
        """
        result = timeline(Store(db_url(ctx, db)), as_of=parse_date(as_of), actor=actor, issue=issue, limit=limit,
                          weekly=True)
        if json:
            print_json(result.to_dict())
            return
        rows = [(item["date"], item["kind"], describe(item)) for item in reversed(result.items)]
        if rows or not result.weekly:
            print_table("Timeline", ["date", "kind", "what"], rows)
        if issue and result.weekly:
            print_weekly(result.weekly)


def describe(item: dict[str, Any]) -> str:
    """One line for a timeline item: what happened, its detail and, for a stance change, both quotes."""
    text = item["what"] + (f" ({item['detail']})" if item["detail"] else "")
    if item["kind"] == "stance":
        text += f": {item['quotes'][0]!r} -> {item['quotes'][1]!r}"
    return text


def print_weekly(weekly: list[dict]) -> None:
    """Positions on one issue as a table of weeks by actors, printing a week only when a position changed."""
    actors = list(dict.fromkeys(row["actor"] for row in weekly))
    table: dict[str, dict[str, float]] = {}
    for row in weekly:
        table.setdefault(row["week"], {})[row["actor"]] = row["position"]
    rows, previous = [], None
    for week in sorted(table):
        cells = tuple(table[week].get(actor) for actor in actors)
        if cells != previous:
            rows.append([week, *("" if value is None else f"{value:.0f}" for value in cells)])
        previous = cells
    print_table("Positions by week (0-100; weeks without change left out)", ["week", *actors], rows)
