"""Random stores for the tests that compare the fast model and timeline paths with plain reference loops."""

from __future__ import annotations

import datetime as dt
import random

from parley.store.claims import review_claim
from parley.store.db import Store
from tests.fixtures_model import add_claim, add_report, fresh_store

D = dt.date


def random_store(seed: int, claims: int = 60) -> Store:
    """A store with random claims: undated, file-dated and near-duplicate ones, rejected and corrected ones."""
    rng = random.Random(seed)
    store = fresh_store()
    add_report(store, "undated", None)
    add_report(store, "mtime", D(2024, 8, 1), date_source="file")
    days = [D(2024, 5, 1) + dt.timedelta(days=rng.randrange(90)) for _ in range(6)]
    for n, day in enumerate(days):
        add_report(store, f"r{n}", day)
    reports = ["undated", "mtime"] + [f"r{n}" for n in range(len(days))]
    ids = []
    for _ in range(claims):
        event = rng.choice([None, D(2024, 4, 1) + dt.timedelta(days=rng.randrange(150))])
        ids.append(add_claim(store, rng.choice(reports), actor=rng.choice("ABC"), issue=rng.choice("xy"),
                             act=rng.choice(["DEMAND", "INSIST", "OFFER"]), event_date=event,
                             position=rng.choice([None, rng.uniform(0, 100)]), confidence=rng.uniform(0.2, 1),
                             independent=rng.random() > 0.2))
    for claim_id in rng.sample(ids, 20):
        action = rng.choice(["accept", "reject", "correct"])
        changes = {"position": [None, rng.uniform(0, 100)], "actor": [None, "D"]} if action == "correct" else None
        review_claim(store, claim_id, action=action, changes=changes, reviewer="ana")
    return store


def reference_weight(claim, reference: dt.date, half_life_days: float) -> float:
    """A claim's weight written out plainly: its confidence halved every ``half_life_days`` of age, 0 for a
    near-duplicate; an undated claim, or one dated after ``reference``, has age 0."""
    if not claim.independent:
        return 0.0
    age = max((reference - claim.date).days, 0) if claim.date else 0
    return claim.confidence * 0.5 ** (age / half_life_days)
