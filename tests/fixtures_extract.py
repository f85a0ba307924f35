"""Fixtures of the extraction tests: a small invented pack, the pipeline on both base models, helpers.

The pack describes an invented negotiation (Arland, Borvia, the Free Coast
Front, mediators Norway and Qatar) so that the rules are tested on names no
real report uses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator

import pytest
import spacy

from parley.extract.collect import collect
from parley.extract.factories import shared
from parley.extract.nlp import BLANK, DEFAULT_MODEL, load_nlp, make_doc, pack_key
from parley.extract.results import DocResult
from parley.packs.schema import ActorEntry, Anchor, IssueEntry, Office, Pack, PackMeta, Scale
from parley.store.models import Report

REPORT_DATE = dt.date(2024, 10, 23)  # a Wednesday

PACK = Pack(
    meta=PackMeta(name="testland", description="An invented negotiation for tests."),
    actors=[
        ActorEntry(name="Arland", type="state", role="party", aliases=["Arlandian government", "Eastport"], adjectives=["Arlandian", "Arlandians"]),
        ActorEntry(name="Borvia", type="state", role="party", aliases=["Borvian government"], adjectives=["Borvian", "Borvians"]),
        ActorEntry(name="Free Coast Front", type="armed_group", role="party", aliases=["FCF", "the Front"]),
        ActorEntry(name="Norway", type="state", role="mediator", aliases=["Oslo"], adjectives=["Norwegian"]),
        ActorEntry(name="United Nations", type="igo", role="third_party", aliases=["UN", "U.N."]),
        ActorEntry(name="Maria Holt", type="person", role="party", aliases=["Holt"],
                   offices=[Office(title="Foreign Minister", entity="Arland", end=dt.date(2024, 6, 1))]),
        ActorEntry(name="Peter Vance", type="person", role="party", aliases=["Vance"],
                   offices=[Office(title="Foreign Minister", entity="Arland", start=dt.date(2024, 6, 1))]),
        ActorEntry(name="Tomas Rinn", type="person", role="party", aliases=["Rinn"],
                   offices=[Office(title="President", entity="Borvia")]),
    ],
    issues=[
        IssueEntry(id="overall_deal", label="overall deal", keywords=["deal", "agreement", "proposal", "plan"]),
        IssueEntry(id="ceasefire", label="ceasefire", keywords=["ceasefire", "truce"]),
        IssueEntry(id="ceasefire_duration", label="ceasefire duration", parent="ceasefire", keywords=["six-week truce", "truce length"]),
        IssueEntry(
            id="troop_withdrawal", label="troop withdrawal", keywords=["withdrawal", "troops", "forces"],
            scale=Scale(low="full withdrawal", high="permanent control", anchors=[
                Anchor(position=0, label="full withdrawal", phrases=["withdraw", "pull out"]),
                Anchor(position=100, label="permanent control", phrases=["keep troops", "remain in control"]),
            ]),
        ),
        IssueEntry(id="border_delimitation", label="border delimitation", parent="troop_withdrawal", keywords=["Salt Ridge"]),
        IssueEntry(id="prisoner_release", label="prisoner release", keywords=["prisoners", "detainees"]),
        IssueEntry(id="humanitarian_aid", label="humanitarian aid", keywords=["aid", "aid trucks"]),
        IssueEntry(id="negotiation_format", label="negotiation format", keywords=["talks", "negotiations"]),
        IssueEntry(id="mediation", label="mediation", keywords=["mediation"]),
    ],
)

MODELS = [DEFAULT_MODEL, BLANK]


def model_installed() -> bool:
    """Whether the trained base model is installed here."""
    return spacy.util.is_package(DEFAULT_MODEL)


@pytest.fixture(scope="session", params=MODELS)
def nlp(request):
    """The pipeline on the invented pack, once with the sm model and once blank."""
    if request.param == DEFAULT_MODEL and not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    return load_nlp(PACK, request.param)


@pytest.fixture(scope="session")
def nlp_sm():
    """The pipeline on the invented pack with the trained model only."""
    if not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    return load_nlp(PACK, DEFAULT_MODEL)


def run(nlp, text: str, day: dt.date | None = REPORT_DATE) -> DocResult:
    """The DocResult of ``text`` published on ``day``."""
    doc = nlp(make_doc(nlp, text, day))
    return collect(doc, shared(nlp, pack_key(PACK)).index)


def add_report(store, report_id: str, text: str, *, day: dt.date | None = REPORT_DATE, **fields) -> None:
    """Store one report as ingestion would."""
    digest = hashlib.sha256((report_id + text).encode()).hexdigest()
    with store.session() as session:
        session.add(Report(id=report_id, source="test", source_kind="file", text=text, chars=len(text), published=day,
                           date_precision="day", raw_sha256=digest, text_sha256=digest, language=fields.pop("language", "en"), **fields))


@pytest.fixture
def fresh_store(tmp_path) -> Iterator:
    """A fresh migrated SQLite store."""
    from parley.store.db import Store

    store = Store(f"sqlite:///{tmp_path / 'parley.db'}")
    yield store
    store.dispose()


def claims_with_actors(name: str, actors: list, text: str) -> list:
    """The claims of ``text`` under the test pack with other actors (the sm model; skipped without it)."""
    if not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    pack = PACK.model_copy(update={"meta": PackMeta(name=name, description="The test pack, other actors."), "actors": actors})
    nlp = load_nlp(pack, DEFAULT_MODEL)
    return collect(nlp(make_doc(nlp, text, REPORT_DATE)), shared(nlp, pack_key(pack)).index).claims
