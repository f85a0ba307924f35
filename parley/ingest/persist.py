"""Writing a batch of prepared reports: exact and near-duplicate checks, ids, and bulk inserts.

A batch costs a fixed handful of queries whatever its size: one for the text
hashes already stored, one for the LSH buckets its reports fall into, one for
the signatures of those candidates, one for taken ids, then one bulk insert of
reports and one of band rows. Reports earlier in the same batch are checked
in memory, so duplicates inside a batch are found too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Optional, TypeVar

import numpy as np
from sqlalchemy import Connection, bindparam, insert, select

from parley.ingest import dedupe
from parley.ingest.types import Doc
from parley.store.models import LshBand, Report

# Values per IN (...) list: well below the bound-parameter limits of SQLite and PostgreSQL.
IN_CHUNK = 500
# Reports per LSH bucket above which the bucket is ignored as boilerplate (see _candidates).
MAX_BUCKET = 50

T = TypeVar("T")

# The stored reports in some buckets of one band. Band and bucket together, so the
# (band, bucket) index answers instead of a table scan; the buckets go in as one
# expanding parameter, as building a literal per bucket costs more than the query.
# One query per band rather than one OR over all bands: the SQL text then depends
# only on the number of buckets, so few distinct statements sit in the driver's cache.
_BUCKET_QUERY = select(LshBand.bucket, LshBand.report_id).where(
    LshBand.band == bindparam("band"), LshBand.bucket.in_(bindparam("buckets", expanding=True))
)


def _chunked(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _existing(conn: Connection, column, values: Iterable[str]) -> set[str]:
    unique = sorted(set(values))
    found: set[str] = set()
    for part in _chunked(unique):
        found.update(conn.scalars(select(column).where(column.in_(part))))
    return found


def _candidates(
    conn: Connection, buckets: dict[int, set[str]], crowded: set[tuple[int, str]]
) -> dict[tuple[int, str], list[str]]:
    """Stored originals per (band, bucket), for the buckets of this batch, without crowded buckets.

    A bucket shared by more than ``MAX_BUCKET`` reports holds boilerplate
    (a standard paragraph many reports carry), not copies: comparing with all
    of them would make each new report cost time in proportion to the corpus.
    A true near-duplicate shares many bands, so it is still found through the others.
    Crowded buckets found are added to ``crowded`` and not read again: a
    bucket only grows, so once crowded it stays crowded.
    """
    index: dict[tuple[int, str], list[str]] = defaultdict(list)
    for band, wanted in sorted(buckets.items()):
        for part in _chunked(sorted(bucket for bucket in wanted if (band, bucket) not in crowded)):
            for bucket, report_id in conn.execute(_BUCKET_QUERY, {"band": band, "buckets": part}):
                index[(band, bucket)].append(report_id)
    crowded.update(key for key, ids in index.items() if len(ids) > MAX_BUCKET)
    return defaultdict(list, {key: ids for key, ids in index.items() if len(ids) <= MAX_BUCKET})


def _signatures(conn: Connection, ids: Iterable[str]) -> dict[str, np.ndarray]:
    signatures = {}
    for part in _chunked(sorted(set(ids))):
        for report_id, stored in conn.execute(select(Report.id, Report.minhash).where(Report.id.in_(part))):
            signatures[report_id] = dedupe.from_bytes(stored)
    return signatures


def _free_id(hint: str, taken: set[str], conn: Connection) -> str:
    """``hint``, or ``hint-2``, ``hint-3``... when a stored or batch report already has that id."""
    base = hint[:190]
    candidate, n = base, 1
    while candidate in taken or (n > 1 and conn.execute(select(Report.id).where(Report.id == candidate)).first()):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _row(doc: Doc, report_id: str, original: Optional[str], score: float) -> dict[str, Any]:
    return {
        "id": report_id,
        "source": doc.source,
        "source_kind": doc.source_kind,
        "url": doc.url,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "date_precision": doc.date_precision,
        "date_source": doc.date_source,
        "language": doc.language,
        "text": doc.text,
        "chars": len(doc.text),
        "raw_sha256": doc.raw_sha256,
        "text_sha256": doc.text_sha256,
        "minhash": dedupe.to_bytes(doc.minhash),
        "duplicate_of": original,
        "similarity": round(score, 4) if original else None,
    }


def _most_similar(signature: np.ndarray, candidates: set[str], signatures: dict[str, np.ndarray]) -> tuple[Optional[str], float]:
    """The candidate whose signature agrees most with ``signature`` and the estimated Jaccard, or (None, 0.0).

    Ties go to the smallest id, so the choice is the same on every run.
    """
    if not candidates:
        return None, 0.0
    ids = sorted(candidates)
    scores = (np.stack([signatures[rid] for rid in ids]) == signature).mean(axis=1)
    best = int(np.argmax(scores))  # the first of equal maxima: the smallest id
    return (ids[best], float(scores[best])) if scores[best] > 0 else (None, 0.0)


def store_batch(
    conn: Connection,
    docs: Sequence[Doc],
    *,
    near_threshold: float,
    crowded: Optional[set[tuple[int, str]]] = None,
) -> list[str]:
    """Store prepared reports inside the caller's transaction; one outcome per report, in order.

    Outcomes are ``stored``, ``near_duplicate`` (stored, with ``duplicate_of``
    set to the most similar original) or ``duplicate`` (same normalised text
    as a stored report; not stored again). Only originals get LSH band rows,
    so a near-duplicate always links to an original, never to another copy.
    Pass the same ``crowded`` set to every batch of a run to skip reading
    LSH buckets already found crowded (see :func:`_candidates`).
    """
    if not docs:
        return []
    known_text = _existing(conn, Report.text_sha256, (d.text_sha256 for d in docs))
    taken = _existing(conn, Report.id, (d.id_hint[:190] for d in docs))
    doc_bands = [dedupe.bands(d.minhash) for d in docs]
    wanted: dict[int, set[str]] = defaultdict(set)
    for bands in doc_bands:
        for band, bucket in enumerate(bands):
            wanted[band].add(bucket)
    index = _candidates(conn, wanted, set() if crowded is None else crowded)
    signatures = _signatures(conn, {rid for ids in index.values() for rid in ids})

    outcomes, reports, band_rows = [], [], []
    for doc, bands in zip(docs, doc_bands, strict=True):
        if doc.text_sha256 in known_text:
            outcomes.append("duplicate")
            continue
        known_text.add(doc.text_sha256)
        candidates = {rid for i, bucket in enumerate(bands) for rid in index.get((i, bucket), ())}
        original, best = _most_similar(doc.minhash, candidates, signatures)
        if best < near_threshold:
            original = None
        report_id = _free_id(doc.id_hint, taken, conn)
        taken.add(report_id)
        reports.append(_row(doc, report_id, original, best))
        if original is None:
            signatures[report_id] = doc.minhash
            for i, bucket in enumerate(bands):
                index[(i, bucket)].append(report_id)
                band_rows.append({"report_id": report_id, "band": i, "bucket": bucket})
        outcomes.append("stored" if original is None else "near_duplicate")
    if reports:
        conn.execute(insert(Report), reports)
    if band_rows:
        conn.execute(insert(LshBand), band_rows)
    return outcomes
