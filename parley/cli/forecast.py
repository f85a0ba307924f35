"""``parley forecast`` and ``parley backtest``: forecasts of the stakeholder model and how they would have done."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from parley.cli.options import AsOfOption, DbOption, JsonOption, PackOption, db_url, parse_date
from parley.cli.output import print_json, print_table
from parley.errors import Errors, UsageError
from parley.forecast.backtest import backtest
from parley.forecast.run import MODELS, forecast_file, forecast_store
from parley.packs import load_pack
from parley.store.db import Store


def register(app: typer.Typer) -> None:
    """Add the ``forecast`` and ``backtest`` commands to ``app``."""

    @app.command("forecast")
    def forecast_cli(
        ctx: typer.Context,
        as_of: AsOfOption = None,
        input: Annotated[
            Optional[Path], typer.Option("--input", help="Model file (long CSV, JSON or KTAB SMP CSV); needs no database.")
        ] = None,
        model: Annotated[str, typer.Option("--model", help="mean, median, nash, bdm or all.")] = "all",
        runs: Annotated[int, typer.Option("--runs", help="Monte Carlo runs (0: none).")] = 1000,
        seed: Annotated[Optional[int], typer.Option("--seed", help="Random seed for reproducible bands.")] = None,
        pack: PackOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Forecast each issue with the compromise mean, weighted median, Nash bargaining and BDM, with 80% bands.

        Example: parley forecast --input model.csv --model bdm --runs 1000 --seed 1 --json
        """
        if input is not None and as_of is not None:
            raise UsageError(Errors.E004.format(option="--as-of", allowed="left out when --input is given", got=as_of))
        models = [name.strip() for name in model.split(",")]
        if input is not None:
            result = forecast_file(input, models=models, runs=runs, seed=seed)
        else:
            store = Store(db_url(ctx, db))
            result = forecast_store(
                store, as_of=parse_date(as_of), pack=load_pack(pack), models=models, runs=runs, seed=seed
            )
        data = result.to_dict()
        if json:
            print_json(data)
            return
        names = [name for name in MODELS if name in result.models]
        rows = []
        for item in data["issues"]:
            cells = [item["id"]]
            for name in names:
                band = item.get("bands", {}).get(name)
                cells.append(f"{item[name]:.1f}" + (f" [{band[0]:.0f}-{band[1]:.0f}]" if band else ""))
            rows.append(cells)
        print_table("Forecasts (80% band)", ["issue", *names], rows)

    @app.command("backtest")
    def backtest_cli(
        ctx: typer.Context,
        cutoff: Annotated[str, typer.Option("--cutoff", help="Build the model from evidence up to this ISO date.")],
        outcome: Annotated[
            Optional[Path], typer.Option("--outcome", help="YAML file with 'outcomes:' [default: the pack's outcomes].")
        ] = None,
        pack: PackOption = None,
        json: JsonOption = False,
        db: DbOption = None,
    ) -> None:
        """Score each forecast model against recorded outcomes, beside the status quo and the strongest actor.

        Example: parley backtest --cutoff 2024-09-30 --outcome outcomes.yaml --pack gaza-2024 --json
        """
        loaded = load_pack(pack)
        store = Store(db_url(ctx, db))
        result = backtest(
            store, cutoff=parse_date(cutoff, "--cutoff"), outcome=outcome if outcome else loaded.outcomes, pack=loaded
        )
        data = result.to_dict()
        if json:
            print_json(data)
            return
        names = list(data["mean_error"])
        def cell(value) -> str:
            return "" if value in ("", None) else f"{value:.1f}"

        rows = [[item["id"], f"{item['outcome']:g}", *(cell(item["errors"].get(n)) for n in names)] for item in data["issues"]]
        rows.append(["mean error", "", *(cell(data["mean_error"][n]) for n in names)])
        print_table(f"Absolute error (scale points), model as of {data['cutoff']}", ["issue", "outcome", *names], rows)
