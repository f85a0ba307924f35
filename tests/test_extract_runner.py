"""``extract()`` over a store: incremental runs, redo, failures, duplicates, chunks and ``store_record``."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from parley.extract import EXTRACTOR_VERSION
from parley.extract.nlp import BLANK
from parley.extract.record import Record
from parley.extract.runner import chunks, extract
from parley.extract.results import ClaimOut, DocResult, MentionOut, ProposalOut, ReactionOut, StatusOut
from parley.extract.storage import find_quote, store_record, write_results
from parley.store.models import (
    Actor,
    Claim,
    Event,
    Extraction,
    IssueMention,
    Mention,
    Proposal,
    ProposalReaction,
    Report,
    StatusSignal,
)
from tests.fixtures_extract import PACK, add_report, fresh_store  # noqa: F401  (fixtures)

TEXT = (
    "Borvia rejected the Arlandian plan on Sunday, officials said.\n"
    "Arland demanded the release of all prisoners. Talks have stalled.\n"
    "Karl Osterman, a Borvian envoy, demanded a six-week truce."
)


def test_extract_writes_every_table(fresh_store):
    add_report(fresh_store, "r1", TEXT)
    result = extract(fresh_store, pack=PACK, model=BLANK)
    assert result.to_dict() == {"reports": 1, "claims": result.claims, "proposals": result.proposals, "status": 1, "failed": []}
    assert result.claims >= 3 and result.proposals == 1
    with fresh_store.session() as session:
        claims = session.scalars(select(Claim)).all()
        assert {(c.actor, c.act) for c in claims} >= {("Borvia", "REJECT"), ("Arland", "DEMAND")}
        assert all(TEXT[c.sent_start : c.sent_end].find(c.quote) >= 0 for c in claims)
        assert all(c.extractor_version == EXTRACTOR_VERSION and c.independent for c in claims)
        assert session.scalars(select(StatusSignal.signal)).all() == ["stalled"]
        assert {m.actor for m in session.scalars(select(Mention))} >= {"Borvia", "Arland"}
        assert "prisoner_release" in set(session.scalars(select(IssueMention.issue)))
        assert session.scalars(select(Proposal.proposers)).all() == [["Arland"]]
        assert session.scalars(select(Event)).all()
        actors = {a.name: a for a in session.scalars(select(Actor))}
        assert actors["Borvia"].from_pack and actors["Borvia"].reviewed
        extraction = session.get(Extraction, ("r1", EXTRACTOR_VERSION))
        assert extraction.status == "ok"


def test_extract_is_incremental_and_redo_replaces(fresh_store):
    add_report(fresh_store, "r1", TEXT)
    first = extract(fresh_store, pack=PACK, model=BLANK)
    assert extract(fresh_store, pack=PACK, model=BLANK).reports == 0
    add_report(fresh_store, "r2", "Norway proposed a truce.")
    assert extract(fresh_store, pack=PACK, model=BLANK).reports == 1
    again = extract(fresh_store, pack=PACK, model=BLANK, redo=True)
    assert again.reports == 2
    with fresh_store.session() as session:
        assert len(session.scalars(select(Claim).where(Claim.report_id == "r1")).all()) == first.claims


def test_a_new_rules_version_replaces_the_rows_of_the_old_one_and_keeps_other_extractors(fresh_store):
    add_report(fresh_store, "r1", TEXT)
    first = extract(fresh_store, pack=PACK, model=BLANK)
    with fresh_store.session() as session:
        # As if the report had been extracted by an earlier rules version and by an LLM.
        for claim in session.scalars(select(Claim)):
            claim.extractor_version = "rules-0"
        session.get(Extraction, ("r1", EXTRACTOR_VERSION)).extractor_version = "rules-0"
        session.add(Claim(report_id="r1", extractor_version="llm:test", actor="Borvia", act="REJECT", issue="overall_deal",
                          quote="Borvia rejected the Arlandian plan", sent_start=0, sent_end=10))
        session.commit()
    again = extract(fresh_store, pack=PACK, model=BLANK)
    assert again.reports == 1
    with fresh_store.session() as session:
        versions = [c.extractor_version for c in session.scalars(select(Claim))]
        assert versions.count(EXTRACTOR_VERSION) == first.claims
        assert "rules-0" not in versions and versions.count("llm:test") == 1


def test_failed_reports_are_listed_and_the_rest_go_on(fresh_store):
    add_report(fresh_store, "empty", "  ...  ")
    add_report(fresh_store, "german", "Borvia lehnte den Plan ab.", language="de")
    add_report(fresh_store, "good", TEXT)
    result = extract(fresh_store, pack=PACK, model=BLANK)
    reasons = {f["report"]: f["reason"] for f in result.failed}
    assert set(reasons) == {"empty", "german"}
    assert reasons["empty"].startswith("[E200]") and reasons["german"].startswith("[E201]")
    assert result.reports == 3 and result.claims > 0
    with fresh_store.session() as session:
        assert session.get(Extraction, ("german", EXTRACTOR_VERSION)).status == "failed"


def test_claims_of_a_near_duplicate_are_not_independent(fresh_store):
    add_report(fresh_store, "orig", TEXT)
    add_report(fresh_store, "copy", TEXT + " ", duplicate_of="orig", similarity=0.97)
    extract(fresh_store, pack=PACK, model=BLANK)
    with fresh_store.session() as session:
        flags = {(c.report_id, c.independent) for c in session.scalars(select(Claim))}
    assert flags == {("orig", True), ("copy", False)}


def test_long_report_is_chunked_with_offsets_kept(fresh_store):
    paragraph = "Arland and Borvia exchanged letters about the border and the weather in the hills.\n"
    text = paragraph * 400 + "Borvia rejected the Arlandian plan.\n"
    add_report(fresh_store, "long", text)
    extract(fresh_store, pack=PACK, model=BLANK)
    with fresh_store.session() as session:
        claim = session.scalars(select(Claim).where(Claim.act == "REJECT")).one()
    assert text[claim.sent_start : claim.sent_end].strip() == "Borvia rejected the Arlandian plan."


@pytest.mark.parametrize("size", [50, 200, 1000])
def test_chunks_cover_the_text_exactly(size):
    text = ("word " * 30 + "\n") * 20
    pieces = chunks(text, size)
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)


def test_store_record_finds_quote_offsets(fresh_store):
    add_report(fresh_store, "r1", TEXT)
    record = Record.model_validate({
        "id": "r1",
        "actors": [{"name": "Borvia", "type": "state", "role": "party"}],
        "issues": ["overall_deal"],
        "stances": [
            {"actor": "Borvia", "act": "REJECT", "issue": "overall_deal", "quote": "rejected the  Arlandian plan"},
            {"actor": "Arland", "act": "DEMAND", "issue": "prisoner_release", "quote": "words that are not there"},
        ],
        "proposals": [{"name": "Arlandian plan", "proposer": ["Arland"], "date": "2024-10",
                       "reactions": [{"actor": "Borvia", "act": "REJECT"}]}],
        "status": {"signal": "stalled", "evidence": "Talks have stalled"},
    })
    with fresh_store.session() as session:
        report = session.get(Report, "r1")
        counts = store_record(session, report, record, "llm:test")
    assert counts == {"claims": 2, "proposals": 1, "status": 1}
    with fresh_store.session() as session:
        found, missing = session.scalars(select(Claim).order_by(Claim.id)).all()
        assert found.quote == "rejected the Arlandian plan" and TEXT[found.sent_start : found.sent_end].startswith("Borvia rejected")
        assert missing.confidence < found.confidence
        assert session.get(Extraction, ("r1", "llm:test")).status == "ok"


@pytest.mark.parametrize(
    "quote, expected",
    [("Talks have stalled", True), ("talks   HAVE stalled", True), ("not in it", False)],
)
def test_find_quote(quote, expected):
    found = find_quote(TEXT, quote)
    start = TEXT.index("Talks have stalled")
    assert found == ((start, start + len("Talks have stalled")) if expected else None)
    if found:
        assert TEXT[found[0] : found[1]].lower().split() == quote.lower().split()


def _result(quote: str) -> DocResult:
    claims = [
        ClaimOut("Borvia", "REJECT", "overall_deal", quote, 0, 0, len(quote)),
        ClaimOut("Borvia", "REJECT", "ceasefire", quote, 0, 0, len(quote)),  # same act and quote, another issue
        ClaimOut("Arland", "PROPOSE", "overall_deal", "Arland put forward a plan", 0, 0, 20),
    ]
    proposal = ProposalOut("Arlandian plan", ["Arland"], reactions=[ReactionOut("Borvia", "REJECT", quote), ReactionOut("Norway", "SUPPORT")])
    return DocResult([MentionOut("Borvia", "state", "party", None, 2, True)], {"overall_deal": 2}, claims, [proposal], StatusOut("stalled"), [])


def test_write_results_ties_each_reaction_to_its_own_reports_first_claim(fresh_store):
    for report_id in ("r1", "r2", "r3"):
        add_report(fresh_store, report_id, TEXT)
    with fresh_store.session() as session:
        reports = [session.get(Report, report_id) for report_id in ("r1", "r2", "r3")]
        counts = write_results(session, [(report, _result("Borvia rejected the plan")) for report in reports], "v-test",
                               fresh={"r1", "r2", "r3"})
    assert counts == [{"claims": 3, "proposals": 1, "status": 1}] * 3
    with fresh_store.session() as session:
        claims = session.execute(select(Claim.id, Claim.report_id, Claim.issue).order_by(Claim.id)).all()
        assert [c.report_id for c in claims] == ["r1"] * 3 + ["r2"] * 3 + ["r3"] * 3, "ids follow report order"
        first = {c.report_id: c.id for c in reversed(claims)}
        reactions = session.scalars(select(ProposalReaction).order_by(ProposalReaction.id)).all()
        tied = [(r.proposal.report_id, r.actor, r.claim_id) for r in reactions]
    assert tied == [(rid, actor, first[rid] if actor == "Borvia" else None) for rid in ("r1", "r2", "r3") for actor in ("Borvia", "Norway")]


def test_write_results_replaces_earlier_rows(fresh_store):
    add_report(fresh_store, "r1", TEXT)
    for quote in ("Borvia rejected the plan", "Borvia rejected it again"):
        with fresh_store.session() as session:
            write_results(session, [(session.get(Report, "r1"), _result(quote))], "v-test")
    with fresh_store.session() as session:
        assert set(session.scalars(select(Claim.quote).where(Claim.actor == "Borvia"))) == {"Borvia rejected it again"}
        assert len(session.scalars(select(Proposal)).all()) == 1 and len(session.scalars(select(Mention)).all()) == 1
