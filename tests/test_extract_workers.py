"""Parsing in worker processes gives exactly what parsing in this process gives."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parley.extract.runner import BATCH, REPORTS_PER_WORKER, batch_size, extract, workers_for
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


@pytest.mark.parametrize(
    "reports, available, expected",
    [
        (0, 2, 1),
        (1, 2, 1),
        (REPORTS_PER_WORKER - 1, 2, 1),
        (2 * REPORTS_PER_WORKER, 2, 2),
        (800, 2, 2),
        (800, 1, 1),
        (3 * REPORTS_PER_WORKER, 8, 3),
    ],
)
def test_workers_for_a_corpus(reports, available, expected):
    assert workers_for(reports, available) == expected


@pytest.mark.parametrize(
    "reports, workers, expected",
    [
        (800, 1, BATCH),
        (5, 1, BATCH),
        (800, 2, BATCH),
        (50, 2, 7),  # 8 batches of 7: four for each worker
        (10, 2, 4),  # never fewer than 4 reports a batch
    ],
)
def test_batch_size_shares_small_corpora(reports, workers, expected):
    assert batch_size(reports, workers) == expected


def test_default_workers_give_the_same_rows_as_one(tmp_path):
    from parley.store.db import Store

    stores = []
    for workers in (1, None):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        for number in range(2 * REPORTS_PER_WORKER + 3):
            add_report(store, f"r{number:03d}", " ".join(SENTENCES[number % 4 :] + SENTENCES[: number % 4]))
        extract(store, pack=PACK, model="blank", workers=workers)
        stores.append(store)
    assert _rows(stores[0]) == _rows(stores[1])
