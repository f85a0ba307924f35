"""The invented pack of the extraction tests, with a few more actors for the actor and proposal rules.

Adds a government body that serves Arland, an Arlandian official who heads it,
a hard-line Borvian minister (role faction) and the generic "Mediators".
"""

from __future__ import annotations

import datetime as dt

import pytest

from parley.extract.collect import collect
from parley.extract.factories import shared
from parley.extract.nlp import BLANK, DEFAULT_MODEL, load_nlp, make_doc, pack_key
from parley.extract.results import DocResult
from parley.packs.schema import ActorEntry, Office
from tests.fixtures_extract import PACK, REPORT_DATE, model_installed

MORE_ACTORS = [
    ActorEntry(name="Arlandian Intelligence Service", type="government_body", role="party",
               affiliation="Arland / intelligence", aliases=["Arlandian Intelligence"]),
    ActorEntry(name="Ivo Sarn", type="person", role="party", aliases=["Sarn"],
               offices=[Office(title="Intelligence Director", entity="Arland")]),
    ActorEntry(name="Lena Dask", type="person", role="faction", aliases=["Dask", "Coast minister"]),
    ActorEntry(name="Mediators", type="igo", role="mediator", aliases=["mediators", "the mediators"]),
]
PACK_X2 = PACK.model_copy(update={"actors": [*PACK.actors, *MORE_ACTORS]})


@pytest.fixture(scope="session", params=[DEFAULT_MODEL, BLANK])
def nlp_x2(request):
    """The pipeline on the extended pack, once with the sm model and once blank."""
    if request.param == DEFAULT_MODEL and not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    return load_nlp(PACK_X2, request.param)


@pytest.fixture(scope="session")
def nlp_x2_sm():
    """The pipeline on the extended pack with the trained model (dependency rules need its parse)."""
    if not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    return load_nlp(PACK_X2, DEFAULT_MODEL)


def run_x2(nlp, text: str, day: dt.date | None = REPORT_DATE) -> DocResult:
    """The DocResult of ``text`` on the extended pack, published on ``day``."""
    doc = nlp(make_doc(nlp, text, day))
    return collect(doc, shared(nlp, pack_key(PACK_X2)).index)
