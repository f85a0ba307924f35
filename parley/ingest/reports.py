"""Reading stored reports back: the listing and one report with its text."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from parley.errors import Errors, NotFoundError
from parley.store.db import Store
from parley.store.models import Report

LIST_FIELDS = (
    "id", "title", "published", "date_precision", "date_source", "outlet", "language", "chars", "duplicate_of"
)


def _row(report: Report, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(report, name) for name in fields}


def list_reports(store: Store) -> list[dict[str, Any]]:
    """Every stored report without its text, ordered by date (undated last), then id."""
    query = select(Report).order_by(Report.published.is_(None), Report.published, Report.id)
    with store.session() as session:
        return [_row(report, LIST_FIELDS) for report in session.scalars(query)]


def get_report(store: Store, id: str) -> dict[str, Any]:
    """One stored report with its source, URL, similarity and text.

    Raises
    ------
    NotFoundError
        When no report has that id.
    """
    with store.session() as session:
        report = session.get(Report, id)
        if report is None:
            raise NotFoundError(Errors.E003.format(id=id))
        return _row(report, LIST_FIELDS + ("source", "source_kind", "url", "similarity", "text"))
