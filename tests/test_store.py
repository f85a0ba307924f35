"""The store opens, migrates and round-trips rows on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from parley.errors import StoreError
from parley.store.db import Store, current_revisions, resolve_url
from parley.store.models import Claim, Report


@pytest.mark.parametrize(
    "given, env, expected",
    [
        (None, None, "sqlite:///parley.db"),
        ("x.db", None, "sqlite:///x.db"),
        (None, "sqlite:///env.db", "sqlite:///env.db"),
        ("postgresql://u@h/db", None, "postgresql+psycopg://u@h/db"),
        ("sqlite:///a.db", "sqlite:///env.db", "sqlite:///a.db"),
    ],
)
def test_resolve_url(monkeypatch, given, env, expected):
    if env:
        monkeypatch.setenv("PARLEY_DB", env)
    else:
        monkeypatch.delenv("PARLEY_DB", raising=False)
    assert resolve_url(given) == expected


def _round_trip(store: Store) -> None:
    with store.session() as session:
        session.add(
            Report(id="r1", source="a.txt", source_kind="file", text="Talks resumed.", chars=14,
                   raw_sha256="a" * 64, text_sha256="b" * 64, published=dt.date(2024, 5, 6))
        )
        session.flush()  # no ORM relationship orders the two inserts
        session.add(
            Claim(report_id="r1", extractor_version="t", sent_start=0, sent_end=14, quote="Talks resumed",
                  actor="Egypt", act="MEDIATE", issue="mediation")
        )
    with store.session() as session:
        claim = session.query(Claim).one()
        assert (claim.actor, claim.report_id, claim.review_status) == ("Egypt", "r1", "unreviewed")
        assert session.get(Report, "r1").published == dt.date(2024, 5, 6)
    assert current_revisions(store.engine)


def test_sqlite_round_trip(store):
    _round_trip(store)


def test_postgres_round_trip(postgres_url):
    store = Store(postgres_url)
    try:
        assert store.dialect == "postgresql"
        _round_trip(store)
        Store(postgres_url)  # a second open finds the schema current and changes nothing
    finally:
        store.dispose()


def test_unreachable_database_is_a_clear_error():
    with pytest.raises(StoreError, match="Cannot migrate the database .*Connection refused|connection"):
        Store("postgresql://nobody@127.0.0.1:1/none")
