"""Exporting stored extractions as annotation-guide records."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from parley.extract.export import export_records, format_date
from parley.extract.scoring import evaluate
from parley.store.models import (
    Actor,
    Claim,
    Event,
    IssueMention,
    Mention,
    Proposal,
    ProposalReaction,
    Report,
    StatusSignal,
)

VERSION = "test-1"
TEXT = "Ruritania said it would keep its army in the strip. The Blue Army rejected the plan outright."


def report(rid: str, published: dt.date | None = dt.date(2024, 8, 15), precision: str | None = "day", **extra) -> Report:
    text = f"{TEXT} ({rid})"
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Report(
        id=rid,
        source=f"{rid}.txt",
        source_kind="file",
        published=published,
        date_precision=precision,
        text=text,
        chars=len(text),
        raw_sha256=digest,
        text_sha256=digest,
        **extra,
    )


def claim(rid: str, actor: str, act: str, issue: str, quote: str, start: int, **extra) -> Claim:
    return Claim(
        report_id=rid,
        extractor_version=VERSION,
        sent_start=start,
        sent_end=start + len(quote),
        quote=quote,
        actor=actor,
        act=act,
        issue=issue,
        **extra,
    )


@pytest.fixture
def filled(store):
    """A store with one fully extracted report and one bare report."""
    with store.session() as session:
        session.add_all([report("b-full", date_source="text"), report("a-bare", None, None)])
        session.flush()
        session.add_all(
            [
                Actor(name="Blue Army", type="armed_group", role="party", from_pack=False),
                Mention(report_id="b-full", actor="Ruritania", extractor_version=VERSION, type="state", role="party",
                        affiliation="Ruritania", count=1),
                Mention(report_id="b-full", actor="Blue Army", extractor_version=VERSION, count=3),
                IssueMention(report_id="b-full", issue="ceasefire", extractor_version=VERSION, count=1),
                IssueMention(report_id="b-full", issue="troop_withdrawal", extractor_version=VERSION, count=4),
                claim("b-full", "Blue Army", "REJECT", "overall_deal", "rejected the plan outright", 60),
                claim("b-full", "Ruritania", "INSIST", "troop_withdrawal", "keep its army in the strip", 10,
                      position_text="stay"),
                claim("b-full", "Ruritania", "OFFER", "ceasefire", "would keep", 12, review_status="rejected"),
                claim("b-full", "United Nations", "SUPPORT", "humanitarian_aid", "the plan", 70),
                StatusSignal(report_id="b-full", extractor_version=VERSION, signal="none"),
                StatusSignal(report_id="b-full", extractor_version=VERSION, signal="stalled",
                             evidence="rejected the plan", probability="close to zero", confidence="high"),
                Event(report_id="b-full", extractor_version=VERSION, date=dt.date(2024, 5, 1), date_precision="month",
                      what="army entered the strip"),
            ]
        )
        plan = Proposal(report_id="b-full", extractor_version=VERSION, name="The plan", proposers=["Mediators"],
                        date=dt.date(2024, 8, 1), date_precision="month", terms={"hostage_release": "all"})
        plan.reactions.append(ProposalReaction(actor="Blue Army", act="REJECT"))
        session.add(plan)
    return store


def test_one_record_per_report_in_id_order(filled):
    records = list(export_records(filled))
    assert [record.id for record in records] == ["a-bare", "b-full"]
    bare = records[0]
    assert bare.date is None and bare.actors == [] and bare.stances == [] and bare.status.signal == "none"


def test_full_record(filled):
    record = list(export_records(filled))[1]
    assert record.date == "2024-08-15" and record.date_source == "text"
    # stances in text order; the rejected claim is left out
    assert [(s.actor, s.act) for s in record.stances] == [
        ("Ruritania", "INSIST"), ("Blue Army", "REJECT"), ("United Nations", "SUPPORT")
    ]
    assert record.stances[0].position == "stay"
    # mentioned issues by count, then stance and term issues
    assert record.issues == ["troop_withdrawal", "ceasefire", "overall_deal", "humanitarian_aid", "hostage_release"]
    actors = {actor.name: actor for actor in record.actors}
    assert list(actors) == ["Blue Army", "Ruritania", "United Nations", "Mediators"]
    assert (actors["Blue Army"].type, actors["Blue Army"].role) == ("armed_group", "party")  # from the Actor table
    assert actors["United Nations"].type == "igo"  # from the generic pack
    assert actors["Mediators"].role == "mediator"
    (proposal,) = record.proposals
    assert proposal.date == "2024-08" and proposal.terms == {"hostage_release": "all"}
    assert [(r.actor, r.act) for r in proposal.reactions] == [("Blue Army", "REJECT")]
    assert record.status.signal == "stalled" and record.status.probability == "close to zero"
    assert [(e.date, e.what) for e in record.events] == [("2024-05", "army entered the strip")]


def test_export_scores_perfectly_against_itself(filled):
    records = list(export_records(filled))
    assert evaluate(records, records).stances.f1 == 1.0


def test_extractor_version_filter(filled):
    record = list(export_records(filled, extractor_version="other"))[1]
    assert record.stances == [] and record.issues == [] and record.actors == []


@pytest.mark.parametrize(
    "day,precision,expected",
    [
        (dt.date(2024, 3, 9), "day", "2024-03-09"),
        (dt.date(2024, 3, 1), "month", "2024-03"),
        (dt.date(2024, 1, 1), "year", "2024"),
        (dt.date(2024, 3, 9), None, "2024-03-09"),
        (None, "day", None),
    ],
)
def test_format_date(day, precision, expected):
    assert format_date(day, precision) == expected


@pytest.mark.parametrize("source,expected", [("url", "metadata"), ("file", "inferred"), (None, None)])
def test_date_sources_map_to_the_guide(store, source, expected):
    with store.session() as session:
        session.add(report("r", date_source=source))
    (record,) = export_records(store)
    assert record.date_source == expected


@pytest.mark.parametrize(
    "published,affiliation",
    [(dt.date(2024, 8, 15), "Ruritania / Defence Minister"), (dt.date(2024, 12, 1), "Ruritania / Prime Minister")],
)
def test_affiliation_follows_the_office_held_on_the_report_date(store, tmp_path, published, affiliation):
    from parley.packs import load_pack

    folder = tmp_path / "offices"
    folder.mkdir()
    (folder / "pack.yaml").write_text("name: offices\n")
    (folder / "actors.yaml").write_text(
        "actors:\n"
        "  - name: Rudolf Rassendyll\n    type: person\n    role: party\n    offices:\n"
        "      - {title: Defence Minister, entity: Ruritania, start: 2023-01-01, end: 2024-11-05}\n"
        "      - {title: Prime Minister, entity: Ruritania, start: 2024-11-05}\n"
    )
    with store.session() as session:
        session.add(report("r", published))
        session.flush()
        session.add(claim("r", "Rudolf Rassendyll", "DEMAND", "ceasefire", "keep its army", 10))
    (record,) = export_records(store, pack=load_pack(folder))
    assert record.actors[0].affiliation == affiliation
    assert (record.actors[0].type, record.actors[0].role) == ("person", "party")
