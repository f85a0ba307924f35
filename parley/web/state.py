"""What the dashboard keeps between requests: the store, the token and a cache of computed pages.

The model, its forecast and its deals, and every aggregated page, are cached
per (key, store version). The version changes whenever a claim, review,
override, proposal, event or status signal is added, so a review shows at
once while repeated requests cost one cheap query.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from collections import OrderedDict
from typing import Any, Callable, Optional

from sqlalchemy import func, select

from parley.report.analysis import Analysis, Change, analyse, load_pack_or_none, with_deals
from parley.store.claims import ClaimTable, claim_table
from parley.store.db import Store
from parley.store.models import (
    Claim,
    ClaimReview,
    Event,
    ModelOverride,
    Proposal,
    Report,
    Scenario,
    StatusSignal,
)

CACHE_SIZE = 256
WHATIF_RUNS = 0  # the what-if table compares point forecasts; bands need runs and cost time


class AppState:
    """The store, pack, token and page cache of one dashboard app."""

    def __init__(self, store: Store, *, token: str, pack: Any = None, runs: int = 200, seed: int = 0) -> None:
        self.store = store
        self.token = token
        self.pack = load_pack_or_none(pack)
        self.runs = runs
        self.seed = seed
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._lock = threading.Lock()

    def check_token(self, given: Optional[str]) -> bool:
        """Whether ``given`` is the token, compared in constant time."""
        return bool(given) and secrets.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def version(self) -> tuple:
        """A tuple that changes whenever data the pages show changes (max ids and counts, one query)."""
        parts = [
            select(func.max(Claim.id)).scalar_subquery(),
            select(func.max(ClaimReview.id)).scalar_subquery(),
            select(func.max(ModelOverride.id)).scalar_subquery(),
            select(func.count(ModelOverride.removed_at)).scalar_subquery(),
            select(func.max(Proposal.id)).scalar_subquery(),
            select(func.max(Event.id)).scalar_subquery(),
            select(func.max(StatusSignal.id)).scalar_subquery(),
            select(func.count(Report.id)).scalar_subquery(),  # an index count; max(ingested_at) would scan rows
            select(func.max(Scenario.id)).scalar_subquery(),
        ]
        with self.store.session() as session:
            return tuple(session.execute(select(*parts)).one())

    def cached(self, key: tuple, compute: Callable[[], Any], *, version: Optional[tuple] = None) -> Any:
        """``compute()``, remembered per ``key`` and store version (least recently used dropped first)."""
        full = (key, version if version is not None else self.version())
        with self._lock:
            if full in self._cache:
                self._cache.move_to_end(full)
                return self._cache[full]
        value = compute()
        with self._lock:
            self._cache[full] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def claims(self, as_of: Optional[dt.date]) -> ClaimTable:
        """The effective claims up to ``as_of`` as columns, cached: every timeline page and filter reads them."""

        def read() -> ClaimTable:
            with self.store.session() as session:
                return claim_table(session, as_of=as_of)

        return self.cached(("claims", as_of), read)

    def analysis(self, as_of: Optional[dt.date], changes: tuple[Change, ...] = (), *, deals: bool = True) -> Analysis:
        """Model, forecast and deals as of ``as_of``, with what-if ``changes`` applied to a cached model.

        What-if forecasts are point forecasts (no Monte Carlo runs) of the
        changed issues only, so a slider answers quickly; ``deals=False``
        also skips the deals analysis.
        """
        version = self.version()
        # Deals are the slowest stage and only some pages show them: they are added on first need.
        core = self.cached(
            ("analysis", as_of),
            lambda: analyse(self.store, as_of=as_of, pack=self.pack, runs=self.runs, seed=self.seed, deals=False,
                            claims=self.claims(as_of)),
            version=version,
        )
        if not deals and not changes:
            return core
        base = self.cached(
            ("analysis+deals", as_of),
            lambda: with_deals(core, self.store, as_of=as_of, pack=self.pack),
            version=version,
        )
        if not changes or base.model is None:
            return base
        return self.cached(
            ("whatif", as_of, changes, deals),
            lambda: analyse(self.store, as_of=as_of, pack=self.pack, runs=WHATIF_RUNS, seed=self.seed,
                            changes=changes, model=base.model, base=base, deals=deals),
            version=version,
        )
