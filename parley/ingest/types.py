"""The records that flow through ingestion: raw inputs, prepared reports, rejections, results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional


@dataclass(frozen=True)
class Rejection:
    """One input that could not be stored, and why."""

    input: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        """``{"input": ..., "reason": ...}`` for JSON output."""
        return {"input": self.input, "reason": self.reason}


@dataclass
class RawDoc:
    """One input as read from its source, before extraction and cleaning.

    ``data`` holds the bytes of a file or page; JSON and feed items that already
    carry decoded strings put them in ``text`` or ``html`` instead.
    """

    input: str  # what to show the user: a path, ``path:line``, a URL
    source: str  # the file, folder entry, feed or URL it was read from
    source_kind: str  # file, jsonl, feed, url
    id_hint: str
    data: Optional[bytes] = None
    text: Optional[str] = None
    html: Optional[str] = None
    is_html: bool = False
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    date: Optional[str] = None  # a metadata date as given (JSON ``date``, feed ``published``)
    mtime: Optional[float] = None  # the file's modification time, the last resort for the date

    def raw_bytes(self) -> bytes:
        """The bytes the raw hash is taken over."""
        if self.data is not None:
            return self.data
        return "\x1f".join(x or "" for x in (self.text, self.html, self.url, self.title, self.date)).encode()


@dataclass
class Doc:
    """A report ready to be stored: cleaned text, metadata, hashes and MinHash signature."""

    input: str
    source: str
    source_kind: str
    id_hint: str
    text: str
    raw_sha256: str
    text_sha256: str
    minhash: Any  # numpy uint32 array
    url: Optional[str] = None
    title: Optional[str] = None
    outlet: Optional[str] = None
    published: Optional[dt.date] = None
    date_precision: Optional[str] = None
    date_source: Optional[str] = None
    language: str = "und"


@dataclass
class IngestResult:
    """Counts of one ingest run and the inputs it rejected."""

    stored: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object ``parley ingest --json`` prints."""
        return {
            "stored": self.stored,
            "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates,
            "rejected": [r.to_dict() for r in self.rejected],
        }
