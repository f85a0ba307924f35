"""``parley deals``: ZOPA, Pareto frontier, bargaining solutions and bridging of proposals."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from parley.cli.options import AsOfOption, DbOption, JsonOption, PackOption, db_url
from parley.cli.output import print_json, print_table, stdout
from parley.deals.run import deals
from parley.deals.solutions import SOLUTIONS
from parley.store.db import Store

SHOWN_FRONTIER = 10


def _utilities(values: list[float]) -> str:
    return " ".join(f"{u:.3f}" for u in values)


def _outcome(outcome: dict[str, str]) -> str:
    return "; ".join(f"{issue}={value}" for issue, value in outcome.items())


def _print(data: dict[str, Any]) -> None:
    stdout.print(f"{data['outcomes']} outcomes, ZOPA {data['zopa_size']}, Pareto frontier {len(data['pareto'])}. "
                 f"Parties: {', '.join(data['parties'])}.", markup=False, highlight=False)
    if data["message"]:
        stdout.print(data["message"], markup=False, highlight=False)
    rows = [(name, _outcome(data[name]["outcome"]), _utilities(data[name]["utilities"]))
            for name in SOLUTIONS if data[name] is not None]
    if rows:
        print_table("Solutions", ["solution", "outcome", "utilities"], rows)
    print_table(f"Pareto frontier (first {min(SHOWN_FRONTIER, len(data['pareto']))})",
                ["outcome", "utilities", "in ZOPA"],
                ((_outcome(p["outcome"]), _utilities(p["utilities"]), p["in_zopa"])
                 for p in data["pareto"][:SHOWN_FRONTIER]))
    if data["proposals"]:
        print_table("Proposals", ["name", "utilities", "in ZOPA", "distance", "rejected by", "smallest trade"], (
            (p["name"], _utilities(p["utilities"]), p["in_zopa"], f"{p['distance_to_frontier']:.3f}",
             ", ".join(p["rejected_by"]),
             _outcome({k: f"{a}->{b}" for k, (a, b) in p["trades"][0]["changes"].items()}) if p["trades"] else "")
            for p in data["proposals"]))


def register(app: typer.Typer) -> None:
    """Add the ``deals`` command to ``app``."""

    @app.command("deals")
    def deals_cli(
        ctx: typer.Context,
        as_of: AsOfOption = None,
        domain: Annotated[Optional[Path], typer.Option("--domain", help="Read the domain from a JSON file.")] = None,
        genius: Annotated[
            Optional[Path], typer.Option("--genius", help="Read a GENIUS folder: one domain and its profiles.")
        ] = None,
        pack: PackOption = None,
        export_domain: Annotated[
            Optional[Path], typer.Option("--export-domain", help="Also write the domain as JSON to this file.")
        ] = None,
        export_genius: Annotated[
            Optional[Path], typer.Option("--export-genius", help="Also write the domain as a GENIUS folder.")
        ] = None,
        points: Annotated[int, typer.Option("--points", help="Values per issue without named options.")] = 5,
        shape: Annotated[str, typer.Option("--shape", help="Utility shape: linear, quadratic, exponential.")] = (
            "linear"
        ),
        party: Annotated[
            Optional[list[str]], typer.Option("--party", help="A party to keep (repeat); default: the pack's parties.")
        ] = None,
        issue: Annotated[
            Optional[list[str]], typer.Option("--issue", help="An issue to keep (repeat); default: all of them.")
        ] = None,
        db: DbOption = None,
        json: JsonOption = False,
    ) -> None:
        """Package deals: ZOPA, Pareto frontier, Nash, Kalai, egalitarian and utilitarian points, and proposals.

        Without --domain or --genius the domain is built from the stored model.
        The store is opened for the model and the named proposals; with a domain
        file it is opened only when --db is given.

        Example: parley deals --domain domain.json --json
        """
        url = db_url(ctx, db)
        store = Store(url) if (domain is None and genius is None) or url else None
        result = deals(store=store, as_of=as_of, domain_file=domain, genius_dir=genius, pack=pack,
                       export_domain=export_domain, export_genius=export_genius, points=points, shape=shape,
                       parties=party or None, issues=issue or None)
        if json:
            print_json(result.to_dict())
            return
        _print(result.to_dict())
