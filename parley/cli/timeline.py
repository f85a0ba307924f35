"""``parley timeline``: events, proposals, status signals and stance changes in date order."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from parley.cli.options import DbOption, JsonOption, db_url
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
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Show the talks over time, with detected stance changes and their quotes.

        Example: parley timeline --actor Hamas --issue hostage_release --json
        """
        result = timeline(Store(db_url(ctx, db)), actor=actor, issue=issue)
        if json:
            print_json(result.to_dict())
            return
        rows = [(e["date"], "event", e["what"]) for e in result.events]
        rows += [(p["date"], "proposal", f"{p['name']} ({len(p['reactions'])} reactions)") for p in result.proposals]
        rows += [(s["date"], "signal", s["signal"]) for s in result.signals]
        rows += [(c.date.isoformat() if c.date else None, "change", f"{c.summary}: {c.quotes[0]!r} -> {c.quotes[1]!r}")
                 for c in result.changes]
        rows.sort(key=lambda row: row[0] or "")
        if rows or not result.weekly:
            print_table("Timeline", ["date", "kind", "what"], rows)
        if issue and result.weekly:
            print_weekly(result.weekly)


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
