"""Which issues a report's record lists: named often enough, taken a stance on, or part of a proposal."""

from __future__ import annotations

import pytest

from parley.extract.collect import collect
from parley.extract.factories import shared
from parley.extract.nlp import BLANK, DEFAULT_MODEL, load_nlp, make_doc, pack_key
from parley.packs.schema import IssueEntry, PackMeta
from tests.fixtures_extract import PACK, REPORT_DATE, model_installed

# The invented pack plus the two issues whose words are stock phrases of diplomacy.
ISSUE_PACK = PACK.model_copy(update={
    "meta": PackMeta(name="testland-issues", description="The invented pack with guarantees and a political settlement."),
    "issues": [
        *PACK.issues,
        IssueEntry(id="guarantees", label="guarantees", keywords=["guarantees", "guarantee", "assurances"]),
        IssueEntry(id="political_settlement", label="political settlement", keywords=["peace process"]),
        IssueEntry(id="security_arrangements", label="security arrangements", keywords=["Portville"]),
    ],
})


@pytest.fixture(scope="module", params=[DEFAULT_MODEL, BLANK])
def issue_nlp(request):
    """The pipeline on the extended pack, with the sm model and blank."""
    if request.param == DEFAULT_MODEL and not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    return load_nlp(ISSUE_PACK, request.param)


def issues_of(nlp, text: str) -> dict[str, int]:
    """The issues collected from ``text``, with their mention counts."""
    doc = nlp(make_doc(nlp, text, REPORT_DATE))
    return collect(doc, shared(nlp, pack_key(ISSUE_PACK)).index).issues


@pytest.mark.parametrize(
    "text, issue, listed",
    [
        # A stock phrase of diplomacy named once in passing is no subject of the report...
        ("Officials in Eastport met on Monday. The visit was a moment for the peace process, a spokesman said.",
         "political_settlement", False),
        ("The Arlandian navy said it could not guarantee the safety of fishing boats near the coast.", "guarantees", False),
        # ... named twice it is.
        ("The peace process has stalled. Diplomats hope to revive the peace process before winter.",
         "political_settlement", True),
        ("Borvia asked for written guarantees. Arland said guarantees were premature.", "guarantees", True),
        # A concrete term named once is part of what the report is about.
        ("Officials met on Monday. The release of detainees was discussed in Eastport.", "prisoner_release", True),
    ],
)
def test_a_stock_phrase_named_once_is_not_discussed(issue_nlp, text, issue, listed):
    assert (issue in issues_of(issue_nlp, text)) is listed


@pytest.mark.parametrize(
    "text, count",
    [
        # "guaranteed" modifies "assurances": one phrase, one mention, so not enough for a stock word.
        ("The talks ended without guaranteed assurances for the fishermen of the coast.", None),
        # Two separate phrases are two mentions.
        ("Borvia wants assurances. Arland offered a guarantee in return.", 2),
    ],
)
def test_keywords_of_one_phrase_are_one_mention(text, count):
    if not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")  # phrases need the parser
    nlp = load_nlp(ISSUE_PACK, DEFAULT_MODEL)
    assert issues_of(nlp, text).get("guarantees") == count


def test_a_stance_on_a_stock_issue_lists_it_when_named_once(issue_nlp):
    issues = issues_of(issue_nlp, "Arland demanded guarantees from Norway.")
    assert "guarantees" in issues


@pytest.mark.parametrize(
    "text, count",
    [
        # The place of a dateline is where the report was written.
        ("PORTVILLE, June 3 (Wire) - Arland and Borvia resumed talks on Monday.", None),
        ("PORTVILLE - Arland and Borvia resumed talks on Monday.", None),
        ("Fishing news\n\nPORTVILLE, June 3 (Wire) - Arland and Borvia resumed talks on Monday.", None),
        # The same place in the body is part of what is discussed.
        ("PORTVILLE, June 3 (Wire) - Borvia wants its navy out of Portville.", 1),
        ("Arland and Borvia resumed talks on Monday about Portville.", 1),
    ],
)
def test_a_datelines_place_is_not_discussed(issue_nlp, text, count):
    assert issues_of(issue_nlp, text).get("security_arrangements") == count
