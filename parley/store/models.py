"""The tables of the Parley store, as SQLAlchemy 2 declarative models.

One table per kind of fact; every derived fact (claim, proposal, status
signal, event) points back to the report it came from so that any number in
the model can be traced to quotes. Schema changes go through Alembic
migrations in ``parley/store/migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    """Current time in UTC, timezone-naive, as every timestamp column stores it."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base class of every Parley table."""


class Report(Base):
    """One news report, cleaned, dated and checked for duplicates."""

    __tablename__ = "reports"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    source: Mapped[str] = mapped_column(Text)  # path, URL or feed the report was read from
    source_kind: Mapped[str] = mapped_column(String(20))  # file, jsonl, feed, url
    url: Mapped[Optional[str]] = mapped_column(Text)
    title: Mapped[Optional[str]] = mapped_column(Text)
    outlet: Mapped[Optional[str]] = mapped_column(String(200))
    published: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    # "day", "month" or "year": a report dated only "2024-08" has published=2024-08-01, precision "month".
    date_precision: Mapped[Optional[str]] = mapped_column(String(10))
    date_source: Mapped[Optional[str]] = mapped_column(String(20))  # text, metadata, url, file, inferred
    language: Mapped[Optional[str]] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(Text)
    chars: Mapped[int] = mapped_column(Integer)
    raw_sha256: Mapped[str] = mapped_column(String(64), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    minhash: Mapped[Optional[bytes]] = mapped_column(LargeBinary)
    duplicate_of: Mapped[Optional[str]] = mapped_column(ForeignKey("reports.id"), index=True)
    similarity: Mapped[Optional[float]] = mapped_column(Float)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class LshBand(Base):
    """One LSH band hash of a report's MinHash signature, for near-duplicate lookup in SQL."""

    __tablename__ = "lsh_bands"

    report_id: Mapped[str] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    bucket: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_lsh_bands_band_bucket", "band", "bucket"),)


class Extraction(Base):
    """That a report was processed by one extractor version, and how it went."""

    __tablename__ = "extractions"

    report_id: Mapped[str] = mapped_column(
        ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True
    )
    extractor_version: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(10))  # ok, failed
    reason: Mapped[Optional[str]] = mapped_column(Text)
    pack: Mapped[Optional[str]] = mapped_column(String(100))
    extracted_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Actor(Base):
    """An actor seen in the reports: from the knowledge pack, or a candidate awaiting review."""

    __tablename__ = "actors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    type: Mapped[Optional[str]] = mapped_column(String(30))
    role: Mapped[Optional[str]] = mapped_column(String(30))
    affiliation: Mapped[Optional[str]] = mapped_column(String(300))
    from_pack: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen: Mapped[Optional[str]] = mapped_column(ForeignKey("reports.id", ondelete="SET NULL"))


class Mention(Base):
    """That a report mentions an actor taking part in the talks (the record's ``actors[]``)."""

    __tablename__ = "mentions"

    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    actor: Mapped[str] = mapped_column(String(200), primary_key=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    type: Mapped[Optional[str]] = mapped_column(String(30))
    role: Mapped[Optional[str]] = mapped_column(String(30))
    affiliation: Mapped[Optional[str]] = mapped_column(String(300))  # as of the report's date
    count: Mapped[int] = mapped_column(Integer, default=1)


class IssueMention(Base):
    """That a report discusses an issue (the record's ``issues[]``)."""

    __tablename__ = "issue_mentions"

    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), primary_key=True)
    issue: Mapped[str] = mapped_column(String(60), primary_key=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    count: Mapped[int] = mapped_column(Integer, default=1)


class Claim(Base):
    """One stance of one actor on one issue, with its verbatim evidence."""

    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    sent_start: Mapped[int] = mapped_column(Integer)  # character offsets of the sentence in Report.text
    sent_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)  # verbatim span of Report.text
    actor: Mapped[str] = mapped_column(String(200), index=True)
    speaker: Mapped[Optional[str]] = mapped_column(String(200))  # who said it, if not the actor itself
    act: Mapped[str] = mapped_column(String(20), index=True)
    issue: Mapped[str] = mapped_column(String(60), index=True)
    target: Mapped[Optional[str]] = mapped_column(String(200))
    position_text: Mapped[Optional[str]] = mapped_column(Text)
    position: Mapped[Optional[float]] = mapped_column(Float)  # on the issue's 0-100 scale
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    event_date: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    date_precision: Mapped[Optional[str]] = mapped_column(String(10))
    # False for claims read from a near-duplicate report: kept as evidence, not counted again.
    independent: Mapped[bool] = mapped_column(Boolean, default=True)
    review_status: Mapped[str] = mapped_column(String(12), default="unreviewed")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    reviews: Mapped[list["ClaimReview"]] = relationship(
        back_populates="claim", cascade="all, delete-orphan", order_by="ClaimReview.id"
    )


class ClaimReview(Base):
    """An accept, reject or correction of a claim by a person: the audit trail."""

    __tablename__ = "claim_reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # accept, reject, correct
    changes: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)  # field -> [before, after]
    reviewer: Mapped[str] = mapped_column(String(100))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    claim: Mapped[Claim] = relationship(back_populates="reviews")


class Proposal(Base):
    """A named proposal put forward in a report, with its terms per issue."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(300))
    proposers: Mapped[list[str]] = mapped_column(JSON, default=list)
    date: Mapped[Optional[dt.date]] = mapped_column(Date)
    date_precision: Mapped[Optional[str]] = mapped_column(String(10))
    terms: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)  # issue -> text
    positions: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)  # issue -> scale position
    quote: Mapped[Optional[str]] = mapped_column(Text)
    independent: Mapped[bool] = mapped_column(Boolean, default=True)

    reactions: Mapped[list["ProposalReaction"]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="ProposalReaction.id"
    )


class ProposalReaction(Base):
    """How one actor received a proposal (ACCEPT, REJECT, CONSIDER, ...)."""

    __tablename__ = "proposal_reactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    actor: Mapped[str] = mapped_column(String(200))
    act: Mapped[str] = mapped_column(String(20))
    quote: Mapped[Optional[str]] = mapped_column(Text)
    claim_id: Mapped[Optional[int]] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))

    proposal: Mapped[Proposal] = relationship(back_populates="reactions")


class StatusSignal(Base):
    """The state of the talks as one report describes it."""

    __tablename__ = "status_signals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    signal: Mapped[str] = mapped_column(String(20))  # progress, stalled, breakthrough, collapse, none
    evidence: Mapped[Optional[str]] = mapped_column(Text)
    probability: Mapped[Optional[str]] = mapped_column(Text)  # the estimate as written: "90% agreed"
    estimate: Mapped[Optional[float]] = mapped_column(Float)  # the same as a number in [0, 1]
    confidence: Mapped[Optional[str]] = mapped_column(String(10))
    date: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)


class Event(Base):
    """A dated negotiation event that a report mentions."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    extractor_version: Mapped[str] = mapped_column(String(40))
    date: Mapped[Optional[dt.date]] = mapped_column(Date, index=True)
    date_precision: Mapped[Optional[str]] = mapped_column(String(10))
    what: Mapped[str] = mapped_column(Text)
    quote: Mapped[Optional[str]] = mapped_column(Text)


class ModelOverride(Base):
    """A person's value for one actor, issue and field, kept beside the extracted one."""

    __tablename__ = "model_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    issue: Mapped[Optional[str]] = mapped_column(String(60))  # None: all issues (capability)
    field: Mapped[str] = mapped_column(String(20))  # position, salience, capability
    value: Mapped[float] = mapped_column(Float)
    author: Mapped[str] = mapped_column(String(100))
    reason: Mapped[Optional[str]] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Removing an override keeps the row for the audit trail.
    removed_at: Mapped[Optional[dt.datetime]] = mapped_column(DateTime)


class Scenario(Base):
    """A saved what-if: a named set of changes to the stakeholder model."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
