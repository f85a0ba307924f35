"""Manual overrides of the stakeholder model, kept beside the extracted values.

An override says who set which value for one actor (and issue), when and
why. Removing one marks ``removed_at`` and keeps the row, so the audit trail
stays complete; :func:`active_overrides` is what the model applies.
"""

from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from parley.errors import Errors, ModelInputError, NotFoundError
from parley.packs.schema import Pack
from parley.store.db import Store
from parley.store.models import Actor, Claim, ModelOverride, utcnow

FIELDS: dict[str, tuple[float, float]] = {"position": (0.0, 100.0), "salience": (0.0, 1.0), "capability": (0.0, 1.0)}


def _known(session: Session, pack: Optional[Pack]) -> tuple[set[str], set[str]]:
    actors = set(session.scalars(select(Actor.name))) | set(session.scalars(select(Claim.actor).distinct()))
    issues = set(session.scalars(select(Claim.issue).distinct()))
    if pack is not None:
        actors |= {actor.name for actor in pack.actors}
        issues |= {issue.id for issue in pack.issues}
    return actors, issues


def _listing(names: set[str]) -> str:
    shown = sorted(names)
    return ", ".join(shown[:12]) + (f" and {len(shown) - 12} more" if len(shown) > 12 else "") if shown else "none"


def check_override(
    *, actor: str, field: str, value: float, issue: Optional[str], actors: set[str], issues: set[str]
) -> None:
    """Raise :class:`ModelInputError` unless the override names a known actor, issue and an in-range value."""
    if field not in FIELDS:
        raise ModelInputError(Errors.E304.format(allowed=", ".join(FIELDS), got=field))
    low, high = FIELDS[field]
    if not isinstance(value, (int, float)) or not low <= value <= high:
        raise ModelInputError(Errors.E305.format(field=field, low=low, high=high, got=value))
    if issue is None and field != "capability":
        raise ModelInputError(Errors.E309.format(field=field))
    if actor not in actors:
        raise ModelInputError(Errors.E306.format(actor=actor, known=_listing(actors)))
    if issue is not None and issue not in issues:
        raise ModelInputError(Errors.E307.format(issue=issue, known=_listing(issues)))


def add_override(
    store: Store,
    *,
    actor: str,
    field: str,
    value: float,
    author: str,
    issue: Optional[str] = None,
    reason: Optional[str] = None,
    pack: Optional[Pack] = None,
) -> ModelOverride:
    """Store a manual value for one actor's position, salience or capability.

    Parameters
    ----------
    store : Store
        The store to write to.
    actor : str
        An actor known from claims, the actors table or ``pack``.
    field : {"position", "salience", "capability"}
        Which value to set; position is on the 0-100 scale, the others in [0, 1].
    value : float
        The value.
    author : str
        Who set it.
    issue : str, optional
        The issue; required except for capability (None: all issues).
    reason : str, optional
        Why.
    pack : Pack, optional
        Adds the pack's actors and issues to the known ones.

    Raises
    ------
    ModelInputError
        For an unknown actor or issue, an unknown field or a value off its range.
    """
    with store.session() as session:
        actors, issues = _known(session, pack)
        check_override(actor=actor, field=field, value=value, issue=issue, actors=actors, issues=issues)
        row = ModelOverride(actor=actor, issue=issue, field=field, value=float(value), author=author, reason=reason)
        session.add(row)
        session.flush()
        session.refresh(row)
    return row


def list_overrides(store: Store, *, include_removed: bool = False) -> list[ModelOverride]:
    """Overrides, oldest first; removed ones only when ``include_removed``."""
    with store.session() as session:
        return active_overrides(session) if not include_removed else list(
            session.scalars(select(ModelOverride).order_by(ModelOverride.id))
        )


def active_overrides(session: Session) -> list[ModelOverride]:
    """Overrides not removed, oldest first (a later one wins over an earlier one)."""
    query = select(ModelOverride).where(ModelOverride.removed_at.is_(None)).order_by(ModelOverride.id)
    return list(session.scalars(query))


def remove_override(store: Store, override_id: int) -> ModelOverride:
    """Mark an override as removed (the row stays for the audit trail).

    Raises
    ------
    NotFoundError
        When no active override has ``override_id``.
    """
    with store.session() as session:
        row = session.get(ModelOverride, override_id)
        if row is None or row.removed_at is not None:
            raise NotFoundError(Errors.E308.format(id=override_id))
        row.removed_at = utcnow()
    return row
