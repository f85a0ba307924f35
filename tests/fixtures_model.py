"""Helpers for the model, forecast and timeline tests: fresh stores with hand-made reports and claims."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Optional

from parley.store.db import Store
from parley.store.models import Claim, Report


def fresh_store() -> Store:
    """A migrated in-memory SQLite store."""
    return Store("sqlite://")


def add_report(store: Store, report_id: str, published: Optional[dt.date], date_source: str = "text") -> str:
    """Store a minimal report dated ``published``."""
    text = f"Report {report_id} text."
    with store.session() as session:
        session.add(
            Report(
                id=report_id,
                source=f"{report_id}.txt",
                source_kind="file",
                published=published,
                date_source=date_source,
                text=text,
                chars=len(text),
                raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
                text_sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
    return report_id


def add_claim(store: Store, report_id: str, **values: Any) -> int:
    """Store a claim with sensible defaults; returns its id."""
    data = {
        "extractor_version": "test",
        "sent_start": 0,
        "sent_end": 10,
        "quote": f"quote of {values.get('actor', 'A')} on {values.get('issue', 'i')}",
        "actor": "A",
        "act": "DEMAND",
        "issue": "i",
        "position": 50.0,
        "confidence": 1.0,
        **values,
    }
    with store.session() as session:
        claim = Claim(report_id=report_id, **data)
        session.add(claim)
        session.flush()
        return claim.id
