"""Ingestion on a real PostgreSQL server: the same outcomes as on SQLite."""

from __future__ import annotations

import random

from sqlalchemy import func, select

from fixtures_ingest import article, html_page
from parley.ingest import get_report, ingest, list_reports
from parley.store.db import Store
from parley.store.models import LshBand


def test_ingest_on_postgres(postgres_url, tmp_path):
    rng = random.Random(3)
    paragraphs = article(rng, paragraphs=6)
    (tmp_path / "a.txt").write_text("\n\n".join(paragraphs))
    (tmp_path / "b.txt").write_text("\n\n".join(paragraphs) + "\n\nThe wire added this line to its update.")
    (tmp_path / "c.html").write_text(html_page(article(rng), title="Envoys meet"))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("\n\n".join(article(rng)))
    store = Store(postgres_url)
    try:
        assert store.dialect == "postgresql"
        first = ingest(store, [str(tmp_path)])
        assert first.to_dict() == {"stored": 4, "duplicates": 0, "near_duplicates": 1, "rejected": []}
        assert ingest(store, [str(tmp_path)]).duplicates == 4
        ids = [row["id"] for row in list_reports(store)]
        assert sorted(ids) == ["a", "a-2", "b", "c"]
        assert get_report(store, "b")["duplicate_of"] == "a"
        with store.session() as session:
            assert session.scalar(select(func.count(func.distinct(LshBand.report_id)))) == 3
    finally:
        store.dispose()
