"""Build the stakeholder model from claims: positions, saliences, capabilities and their evidence.

For each actor and issue with at least one positioned claim:

- **position**: the mean of the claims' positions weighted by the claim's
  confidence times ``0.5 ** (age / half_life_days)``; claims from
  near-duplicate reports (``independent=False``) get no weight but their ids
  stay in the evidence;
- **salience**: ``floor + attention_weight * attention + firm_weight * firmness``,
  where attention is the actor's recency-weighted claims on the issue over
  those on its most discussed issue and firmness the weighted share of firm
  acts (INSIST, THREATEN, REJECT) among them;
- **capability**: the pack's value for the actor, else
  ``ModelSettings.default_capability``, else a setting's override;
- **confidence**: ``1 - exp(-evidence / evidence_scale)`` where evidence is the
  sum of the independent claims' weights, so few or old claims give less.

Before that, with ``fold_speakers`` on (the default), a claim by a person or a
government body counts for the principal it speaks for on the claim's date
(the pack's office, or the entity of a body's affiliation): the Prime
Minister's Office and a foreign minister in office speak for their state, a
spokesman for his movement. Factions are never folded: spoilers and pressure
groups keep their own positions. The claim ids stay with the folded entry.

Manual overrides from the store are applied last and flagged in
``Entry.overridden``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Optional

import numpy as np

from parley.errors import Errors, UsageError
from parley.model.overrides import active_overrides
from parley.model.table import Entry, IssueScale, StakeholderModel
from parley.packs.schema import Pack
from parley.store.claims import ClaimTable, claim_table
from parley.store.db import Store
from parley.store.models import ModelOverride

FIRM_ACTS = frozenset({"INSIST", "THREATEN", "REJECT"})


@dataclass(frozen=True)
class ModelSettings:
    """How claims become model values; every default is documented in ``docs/forecast.md``.

    Attributes
    ----------
    half_life_days : float
        A claim this many days older than the model date weighs half as much (60).
    default_capability : float
        Capability of an actor the pack gives none (0.5, the middle of [0, 1]).
    capabilities : dict
        Capabilities by actor name that replace the pack's (empty).
    salience_floor : float
        Salience of an actor that barely mentions the issue (0.2).
    attention_weight : float
        Salience added by the issue being the actor's most discussed (0.6).
    firm_weight : float
        Salience added when all of the actor's claims on it are firm acts (0.2).
    evidence_scale : float
        Evidence (sum of claim weights) that gives confidence 1 - 1/e (1.0).
    fold_speakers : bool
        Count persons' and bodies' claims for the principal they speak for (True).
    """

    half_life_days: float = 60.0
    default_capability: float = 0.5
    capabilities: dict[str, float] = field(default_factory=dict)
    salience_floor: float = 0.2
    attention_weight: float = 0.6
    firm_weight: float = 0.2
    evidence_scale: float = 1.0
    fold_speakers: bool = True


def issue_scales(pack: Optional[Pack], issue_ids: list[str]) -> list[IssueScale]:
    """The pack's scale of each issue (a bare :class:`IssueScale` when the pack has none)."""
    scales = []
    for issue_id in issue_ids:
        entry = pack.issue(issue_id) if pack else None
        if entry is None or entry.scale is None:
            scales.append(IssueScale(id=issue_id, label=entry.label if entry else ""))
            continue
        scale = entry.scale
        scales.append(
            IssueScale(
                id=issue_id,
                label=entry.label,
                low=scale.low,
                high=scale.high,
                anchors=tuple((anchor.position, anchor.label) for anchor in scale.anchors),
                status_quo=scale.status_quo,
            )
        )
    return scales


def principal(actor: str, day: Optional[dt.date], pack: Pack) -> str:
    """The actor that ``actor`` speaks for on ``day``: itself unless the pack says otherwise."""
    entry = pack.actor(actor)
    if entry is None or entry.role == "faction" or entry.type not in ("person", "government_body"):
        return entry.name if entry else actor
    office = entry.office_on(day)
    entity = office.entity if office else None
    if entity is None and entry.type == "government_body" and entry.affiliation:
        entity = entry.affiliation.split("/")[0].strip()
    target = pack.actor(entity) if entity else None
    if target is None or target.name == entry.name or target.type in ("person", "government_body"):
        return entry.name
    return target.name


def fold_speakers(claims: ClaimTable, pack: Pack) -> ClaimTable:
    """Claims re-attributed to the principal their speaker stands for (see the module docstring)."""
    known: dict[tuple[str, int], str] = {}
    actors = []
    for actor, day in zip(claims.actors, claims.days.tolist()):
        key = (actor, day)
        if key not in known:
            known[key] = principal(actor, dt.date.fromordinal(day) if day else None, pack)
        actors.append(known[key])
    return replace(claims, actors=actors)


def _capability(actor: str, pack: Optional[Pack], settings: ModelSettings) -> float:
    if actor in settings.capabilities:
        return settings.capabilities[actor]
    entry = pack.actor(actor) if pack else None
    if entry is not None and entry.capability is not None:
        return entry.capability
    return settings.default_capability


def claim_weights(claims: ClaimTable, reference: dt.date, half_life_days: float) -> np.ndarray:
    """Each claim's confidence times the recency decay ``0.5 ** (age / half_life_days)``, 0 for near-duplicates.

    The age is in days before ``reference`` (0 for an undated claim or one dated after it).
    """
    ages = np.where(claims.days > 0, np.maximum(reference.toordinal() - claims.days, 0), 0)
    return np.where(claims.independent, claims.confidences * 0.5 ** (ages / half_life_days), 0.0)


def entries_from_claims(
    claims: ClaimTable, *, reference: dt.date, pack: Optional[Pack], settings: ModelSettings
) -> list[Entry]:
    """One :class:`Entry` per actor and issue that has a positioned claim (see the module docstring).

    The sums run per (actor, issue) pair with ``np.bincount``, which adds the
    claims in their (oldest first) order, as a loop over them would.
    """
    codes: dict[tuple[str, str], int] = {}
    pair = np.array([codes.setdefault(key, len(codes)) for key in zip(claims.actors, claims.issues)], dtype=np.int64)
    pairs = list(codes)
    size = len(pairs)
    weights = claim_weights(claims, reference, settings.half_life_days)
    attention = np.bincount(pair, weights=weights, minlength=size)
    firm = np.array([act in FIRM_ACTS for act in claims.acts], dtype=bool)
    firm_weight = np.bincount(pair, weights=np.where(firm, weights, 0.0), minlength=size)
    top: dict[str, float] = defaultdict(float)
    for (actor, _issue), amount in zip(pairs, attention.tolist()):
        top[actor] = max(top[actor], amount)

    positioned = ~np.isnan(claims.positions)
    at, where = pair[positioned], claims.positions[positioned]
    pos_weights = weights[positioned]
    total = np.bincount(at, weights=pos_weights, minlength=size)
    weighted = np.bincount(at, weights=pos_weights * where, minlength=size)
    # Pairs whose positioned claims all come from near-duplicates: count each once, undecayed.
    plain = claims.confidences[positioned]
    plain_total = np.bincount(at, weights=plain, minlength=size)
    plain_weighted = np.bincount(at, weights=plain * where, minlength=size)
    counts = np.bincount(at, minlength=size)

    order = np.argsort(pair, kind="stable")
    bounds = np.cumsum(np.bincount(pair, minlength=size))[:-1]
    evidence = np.split(claims.ids[order], bounds)
    entries = []
    for code, (actor, issue) in enumerate(pairs):
        if not counts[code]:
            continue  # no place on the scale: the claims still count towards attention above
        if total[code] == 0:
            position = plain_weighted[code] / (plain_total[code] or 1.0)
        else:
            position = weighted[code] / total[code]
        firmness = firm_weight[code] / attention[code] if attention[code] else 0.0
        share = attention[code] / top[actor] if top[actor] else 0.0
        salience = settings.salience_floor + settings.attention_weight * share + settings.firm_weight * firmness
        entries.append(
            Entry(
                actor=actor,
                issue=issue,
                position=round(min(max(float(position), 0.0), 100.0), 4),
                salience=round(min(max(float(salience), 0.0), 1.0), 4),
                capability=_capability(actor, pack, settings),
                confidence=round(1 - math.exp(-float(attention[code]) / settings.evidence_scale), 4),
                claims=tuple(evidence[code].tolist()),
            )
        )
    return entries


def apply_overrides(
    entries: list[Entry], overrides: list[ModelOverride], *, pack: Optional[Pack], settings: ModelSettings
) -> list[Entry]:
    """Entries with each override's value set and its field listed in ``Entry.overridden``.

    A position override for an actor and issue without claims adds an entry
    with the salience floor, the actor's capability and confidence 0.5.
    """
    table = {(entry.actor, entry.issue): entry for entry in entries}
    for row in overrides:
        if row.field == "position" and row.issue and (row.actor, row.issue) not in table:
            table[(row.actor, row.issue)] = Entry(
                actor=row.actor,
                issue=row.issue,
                position=row.value,
                salience=settings.salience_floor,
                capability=_capability(row.actor, pack, settings),
                confidence=0.5,
            )
        for key, entry in table.items():
            if entry.actor != row.actor or (row.issue is not None and entry.issue != row.issue):
                continue
            fields = tuple(dict.fromkeys(entry.overridden + (row.field,)))
            table[key] = replace(entry, **{row.field: row.value}, overridden=fields)
    return list(table.values())


def build_model(
    store: Store,
    *,
    as_of: Optional[dt.date] = None,
    pack: Optional[Pack] = None,
    half_life_days: float = 60,
    issues: Optional[list[str]] = None,
    settings: Optional[ModelSettings] = None,
    claims: Optional[ClaimTable] = None,
) -> StakeholderModel:
    """The stakeholder model from the store's claims dated on or before ``as_of``.

    Parameters
    ----------
    store : Store
        Store with claims (and optionally overrides).
    as_of : date, optional
        Use only evidence dated on or before this day; None uses all claims
        and dates the model by its latest claim.
    pack : Pack, optional
        Gives scales and capabilities; without it every capability is
        ``settings.default_capability``.
    half_life_days : float
        Recency half-life; overrides ``settings.half_life_days``.
    issues : list of str, optional
        Keep only these issues (in this order).
    settings : ModelSettings, optional
        The other weights (see :class:`ModelSettings`).
    claims : ClaimTable, optional
        The effective claims as :func:`parley.store.claims.claim_table` reads
        them for ``as_of``; read from the store when None (callers that also
        need them for the timeline read them once).

    Returns
    -------
    StakeholderModel
        Entries sorted by issue then actor; issues in the pack's order.

    Examples
    --------
    >>> from parley.store.db import Store
    >>> build_model(Store("sqlite://")).entries
    []
    """
    if not isinstance(half_life_days, (int, float)) or half_life_days <= 0:
        raise UsageError(Errors.E325.format(got=half_life_days))
    settings = settings or ModelSettings()
    settings = ModelSettings(**{**settings.__dict__, "half_life_days": float(half_life_days)})
    with store.session() as session:
        if claims is None:
            claims = claim_table(session, as_of=as_of)
        overrides = active_overrides(session)
    if pack is not None and settings.fold_speakers:
        claims = fold_speakers(claims, pack)
    if issues is not None:
        wanted = set(issues)
        claims = claims.take(np.array([issue in wanted for issue in claims.issues], dtype=bool))
        overrides = [row for row in overrides if row.issue is None or row.issue in wanted]
    latest = int(claims.days.max()) if len(claims) else 0
    reference = as_of or (dt.date.fromordinal(latest) if latest else dt.date.today())
    entries = entries_from_claims(claims, reference=reference, pack=pack, settings=settings)
    entries = apply_overrides(entries, overrides, pack=pack, settings=settings)
    order = issues or ([issue.id for issue in pack.issues] if pack else [])
    present = {entry.issue for entry in entries}
    issue_ids = [issue for issue in order if issue in present]
    issue_ids += sorted(present - set(issue_ids))
    rank = {issue: index for index, issue in enumerate(issue_ids)}
    entries.sort(key=lambda entry: (rank[entry.issue], entry.actor))
    return StakeholderModel(entries=entries, issues=issue_scales(pack, issue_ids), as_of=reference)
