"""Parsing in worker processes gives exactly what parsing in this process gives."""

from __future__ import annotations

from sqlalchemy import select

from parley.extract.runner import BATCH, extract
from parley.store.models import Claim, Proposal, StatusSignal
from tests.fixtures_extract import PACK, add_report, fresh_store  # noqa: F401  (fixtures)

SENTENCES = [
    "Borvia rejected the Arlandian plan on Sunday, officials said.",
    "Arland demanded the release of all prisoners.",
    "Talks have stalled.",
    "Karl Osterman, a Borvian envoy, demanded a six-week truce.",
]


def _rows(store):
    with store.session() as session:
        claims = sorted(session.execute(select(Claim.report_id, Claim.actor, Claim.act, Claim.issue, Claim.quote)).all())
        proposals = sorted(session.execute(select(Proposal.report_id, Proposal.name)).all())
        signals = sorted(session.execute(select(StatusSignal.report_id, StatusSignal.signal)).all())
    return claims, proposals, signals


def test_workers_give_the_same_rows(tmp_path):
    from parley.store.db import Store

    stores = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        for number in range(3 * BATCH + 1):  # several batches, the last one short
            text = " ".join(SENTENCES[number % 4 :] + SENTENCES[: number % 4])
            add_report(store, f"r{number:03d}", text)
        result = extract(store, pack=PACK, model="blank", workers=workers)
        assert result.reports == 3 * BATCH + 1 and not result.failed
        stores.append(store)
    assert _rows(stores[0]) == _rows(stores[1])
    assert _rows(stores[0])[0], "the reports yield claims"
