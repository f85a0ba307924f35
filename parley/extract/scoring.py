"""``parley eval``: score predicted records against gold ones, as the annotation guide says.

Records are matched by ``id``. A gold record without a prediction is scored
against an empty prediction (everything is missed and its status counts as
wrong); predicted records without a gold one are not scored and are listed in
:attr:`EvalReport.unscored`. Counts are micro-averaged over records: credits,
predictions and gold items are summed first, then divided.

Rules, per part of the record:

actors
    Set precision/recall/F1 over canonical names. Names are folded through the
    pack (:meth:`Pack.actor` resolves aliases) and compared case-insensitively.
issues
    Set F1 over the record's ``issues`` plus every issue used in a stance or a
    proposal term (the guide requires them to be listed). An exact id earns 1;
    a remaining prediction that is the parent or a child of a remaining gold
    issue earns 0.5 (direct parent links of the pack only).
stances
    A prediction can match a gold stance when the actors agree (after
    folding), the issues agree (1, or 0.5 for parent/child) and the acts agree
    (1, or 0.5 for INSIST<->DEMAND and OPPOSE<->REJECT); its credit is the
    product of the issue and act credits, so a stance that is half right on
    both earns 0.25. The quotes must also overlap: see :func:`quotes_overlap`.
proposals
    A prediction matches a gold proposal when at least one proposer agrees
    (after folding) and at least one term issue id is shared exactly. A gold
    proposal with no terms matches on the proposer alone. Credit is 1.
status
    Accuracy of ``signal`` over gold records.

Matching is one-to-one and greedy: candidate pairs are taken best credit
first, ties broken by how closely the quotes (or proposal names) agree.
Precision with no predictions is 1.0 when there is no gold either, else 0.0;
recall likewise with no gold items.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, TypeVar

from parley.extract.export import export_records
from parley.extract.record import ProposalRecord, Record, StanceRecord, read_records
from parley.packs import Pack, load_pack
from parley.store.db import Store

HALF_ACTS = {frozenset({"INSIST", "DEMAND"}), frozenset({"OPPOSE", "REJECT"})}
MIN_SHARED_RUN = 3  # words two quotes must share in a row to overlap
_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

G = TypeVar("G")
P = TypeVar("P")


@dataclass
class Prf:
    """Summed credit, predictions and gold items of one part of the record."""

    credit: float = 0.0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Credit per prediction (1.0 when nothing was predicted nor expected)."""
        if self.predicted == 0:
            return 1.0 if self.gold == 0 else 0.0
        return self.credit / self.predicted

    @property
    def recall(self) -> float:
        """Credit per gold item (1.0 when nothing was expected nor predicted)."""
        if self.gold == 0:
            return 1.0 if self.predicted == 0 else 0.0
        return self.credit / self.gold

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Prf") -> None:
        """Add another record's counts to these (micro-averaging)."""
        self.credit += other.credit
        self.predicted += other.predicted
        self.gold += other.gold

    def to_dict(self) -> dict[str, float]:
        """``{"precision", "recall", "f1"}`` rounded to 4 places."""
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class RecordDetail:
    """What one record missed and added, per part: gold items unmatched, predictions unmatched."""

    id: str
    predicted: bool  # False when the prediction file has no record with this id
    missed: dict[str, list[Any]] = field(default_factory=dict)
    extra: dict[str, list[Any]] = field(default_factory=dict)
    partial: list[dict[str, Any]] = field(default_factory=list)  # matches with credit below 1
    status: tuple[str, Optional[str]] = ("none", None)  # (gold signal, predicted signal)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the record's misses and extras."""
        return {
            "id": self.id,
            "predicted": self.predicted,
            "missed": self.missed,
            "extra": self.extra,
            "partial": self.partial,
            "status": {"gold": self.status[0], "predicted": self.status[1]},
        }


@dataclass
class EvalReport:
    """Scores of a prediction against gold, micro-averaged over records."""

    actors: Prf = field(default_factory=Prf)
    issues: Prf = field(default_factory=Prf)
    stances: Prf = field(default_factory=Prf)
    proposals: Prf = field(default_factory=Prf)
    status_correct: int = 0
    records: int = 0
    details: list[RecordDetail] = field(default_factory=list)
    unscored: list[str] = field(default_factory=list)  # predicted ids with no gold record

    @property
    def status_accuracy(self) -> float:
        """Share of gold records whose status signal was predicted right."""
        return self.status_correct / self.records if self.records else 1.0

    def to_dict(self, *, details: bool = False) -> dict[str, Any]:
        """The scores as the CLI prints them; with ``details``, per-record misses and extras too."""
        result: dict[str, Any] = {
            "actors": self.actors.to_dict(),
            "issues": self.issues.to_dict(),
            "stances": self.stances.to_dict(),
            "proposals": self.proposals.to_dict(),
            "status": {"accuracy": round(self.status_accuracy, 4)},
            "records": self.records,
        }
        if details:
            result["details"] = [detail.to_dict() for detail in self.details]
            result["unscored"] = self.unscored
        return result


def words(text: str) -> list[str]:
    """Normalised words of a quote: case-folded, curly quotes straightened, punctuation dropped."""
    return _WORD.findall(text.translate(_QUOTES).casefold())


def quotes_overlap(first: str, second: str) -> bool:
    """Whether two evidence spans overlap.

    After :func:`words` normalisation, the spans overlap when one word
    sequence is contained in the other (as a contiguous run) or when they share
    a contiguous run of at least ``MIN_SHARED_RUN`` (3) words. Empty spans
    never overlap.

    Examples
    --------
    >>> quotes_overlap("Egypt presented a new proposal", "a new proposal to Hamas")
    True
    >>> quotes_overlap("a new plan", "a new proposal")
    False
    """
    a, b = words(first), words(second)
    if not a or not b:
        return False
    return _longest_common_run(a, b) >= min(MIN_SHARED_RUN, len(a), len(b))


def _longest_common_run(a: list[str], b: list[str]) -> int:
    best = 0
    previous = [0] * (len(b) + 1)
    for word in a:
        current = [0] * (len(b) + 1)
        for j, other in enumerate(b, start=1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def _closeness(first: str, second: str) -> float:
    """Tie-break between equal credits: the share of words the longest common run covers."""
    a, b = words(first), words(second)
    return _longest_common_run(a, b) / max(len(a), len(b), 1)


class _Scorer:
    """The pack-dependent parts of scoring: actor folding and issue parents."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.parents = {issue.id: issue.parent for issue in pack.issues if issue.parent}
        self._folded: dict[str, str] = {}

    def fold(self, name: str) -> str:
        """The canonical, case-folded name of an actor."""
        if name not in self._folded:
            entry = self.pack.actor(name.strip())
            self._folded[name] = " ".join((entry.name if entry else name).split()).casefold()
        return self._folded[name]

    def issue_credit(self, gold: str, pred: str) -> float:
        if gold == pred:
            return 1.0
        if self.parents.get(gold) == pred or self.parents.get(pred) == gold:
            return 0.5
        return 0.0

    def stance_credit(self, gold: StanceRecord, pred: StanceRecord) -> float:
        if self.fold(gold.actor) != self.fold(pred.actor):
            return 0.0
        act = 1.0 if gold.act == pred.act else 0.5 if frozenset({gold.act, pred.act}) in HALF_ACTS else 0.0
        credit = act * self.issue_credit(gold.issue, pred.issue)
        return credit if credit and quotes_overlap(gold.quote, pred.quote) else 0.0

    def proposal_credit(self, gold: ProposalRecord, pred: ProposalRecord) -> float:
        if not {self.fold(name) for name in gold.proposer} & {self.fold(name) for name in pred.proposer}:
            return 0.0
        if gold.terms and not set(gold.terms) & set(pred.terms):
            return 0.0
        return 1.0


def _match(
    gold: Sequence[G],
    pred: Sequence[P],
    credit: Callable[[G, P], float],
    closeness: Callable[[G, P], float],
) -> list[tuple[int, int, float]]:
    """One-to-one greedy matching: ``(gold index, pred index, credit)``, best pairs first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            score = credit(g, p)
            if score > 0:
                pairs.append((-score, -closeness(g, p), i, j))
    pairs.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches = []
    for score, _, i, j in pairs:
        if i in used_gold or j in used_pred:
            continue
        used_gold.add(i)
        used_pred.add(j)
        matches.append((i, j, -score))
    return matches


def _all_issues(record: Record) -> list[str]:
    issues = list(record.issues)
    issues += [stance.issue for stance in record.stances]
    issues += [issue for proposal in record.proposals for issue in proposal.terms]
    return list(dict.fromkeys(issues))


def _score_part(
    name: str,
    gold: Sequence[Any],
    pred: Sequence[Any],
    credit: Callable[[Any, Any], float],
    closeness: Callable[[Any, Any], float],
    detail: RecordDetail,
    dump: Callable[[Any], Any],
) -> Prf:
    matches = _match(gold, pred, credit, closeness)
    matched_gold = {i for i, _, _ in matches}
    matched_pred = {j for _, j, _ in matches}
    detail.missed[name] = [dump(item) for i, item in enumerate(gold) if i not in matched_gold]
    detail.extra[name] = [dump(item) for j, item in enumerate(pred) if j not in matched_pred]
    detail.partial += [
        {"part": name, "gold": dump(gold[i]), "predicted": dump(pred[j]), "credit": score}
        for i, j, score in matches
        if score < 1
    ]
    return Prf(credit=sum(score for _, _, score in matches), predicted=len(pred), gold=len(gold))


def _score_record(scorer: _Scorer, gold: Record, pred: Optional[Record]) -> tuple[RecordDetail, dict[str, Prf], bool]:
    detail = RecordDetail(id=gold.id, predicted=pred is not None)
    pred = pred or Record(id=gold.id)
    parts: dict[str, Prf] = {}

    # Compare folded names but show them as written.
    shown = {scorer.fold(actor.name): actor.name for actor in [*pred.actors, *gold.actors]}
    gold_actors = list(dict.fromkeys(scorer.fold(actor.name) for actor in gold.actors))
    pred_actors = list(dict.fromkeys(scorer.fold(actor.name) for actor in pred.actors))
    parts["actors"] = _score_part(
        "actors", gold_actors, pred_actors, lambda g, p: float(g == p), lambda g, p: 0.0, detail, shown.__getitem__
    )
    parts["issues"] = _score_part(
        "issues", _all_issues(gold), _all_issues(pred), scorer.issue_credit, lambda g, p: 0.0, detail, str
    )
    parts["stances"] = _score_part(
        "stances",
        gold.stances,
        pred.stances,
        scorer.stance_credit,
        lambda g, p: _closeness(g.quote, p.quote),
        detail,
        lambda stance: stance.model_dump(),
    )
    parts["proposals"] = _score_part(
        "proposals",
        gold.proposals,
        pred.proposals,
        scorer.proposal_credit,
        lambda g, p: _closeness(g.name, p.name),
        detail,
        lambda proposal: proposal.model_dump(),
    )
    detail.status = (gold.status.signal, pred.status.signal if detail.predicted else None)
    correct = detail.predicted and gold.status.signal == pred.status.signal
    return detail, parts, correct


def evaluate(gold: list[Record], pred: list[Record], *, pack: Pack | str | None = None) -> EvalReport:
    """Score predicted records against gold records by the annotation guide's rules.

    Parameters
    ----------
    gold : list of Record
        The reference records (e.g. ``read_records("gold.jsonl")``).
    pred : list of Record
        The predictions; matched to gold by ``id``.
    pack : Pack, str or None
        The pack used to fold actor aliases and to know issue parents
        (default: ``generic``).

    Returns
    -------
    EvalReport
        Micro-averaged scores; ``to_dict()`` gives the CLI's JSON object.

    Examples
    --------
    >>> from parley.extract.record import Record
    >>> gold = [Record.model_validate({"id": "a", "issues": ["ceasefire"]})]
    >>> evaluate(gold, gold).issues.f1
    1.0
    """
    scorer = _Scorer(pack if isinstance(pack, Pack) else load_pack(pack))
    by_id = {record.id: record for record in pred}
    gold_ids = {record.id for record in gold}
    report = EvalReport(records=len(gold), unscored=[record.id for record in pred if record.id not in gold_ids])
    for record in gold:
        detail, parts, correct = _score_record(scorer, record, by_id.get(record.id))
        for name, counts in parts.items():
            getattr(report, name).add(counts)
        report.status_correct += int(correct)
        report.details.append(detail)
    return report


def evaluate_files(
    gold: str | Path,
    *,
    pred: str | Path | None = None,
    store: Optional[Store] = None,
    pack: Pack | str | None = None,
) -> EvalReport:
    """Score a gold JSONL file against a prediction file, or else against the store's export.

    Parameters
    ----------
    gold : str or Path
        Gold records, one JSON object a line.
    pred : str or Path, optional
        Predicted records; when None, the records exported from ``store``.
    store : Store, optional
        The store to export predictions from when ``pred`` is None.
    pack : Pack, str or None
        See :func:`evaluate`.
    """
    gold_records = read_records(gold)
    if pred is not None:
        pred_records = read_records(pred)
    else:
        pred_records = list(export_records(store or Store(), pack=pack))
    return evaluate(gold_records, pred_records, pack=pack)
