"""Stage: ingest. Read news reports from files, feeds and URLs; clean, date, deduplicate and store them."""

from parley.ingest.persist import store_batch
from parley.ingest.pipeline import ingest, prepare, prepare_batch
from parley.ingest.reports import get_report, list_reports
from parley.ingest.types import Doc, IngestResult, RawDoc, Rejection

__all__ = [
    "Doc",
    "IngestResult",
    "RawDoc",
    "Rejection",
    "get_report",
    "ingest",
    "list_reports",
    "prepare",
    "prepare_batch",
    "store_batch",
]
