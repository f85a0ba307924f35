"""The fast attribute ruler sets exactly what spaCy's AttributeRuler sets with the same patterns."""

from __future__ import annotations

import pytest
import spacy

from parley.extract.attribute_ruler import FastAttributeRuler, swap_attribute_ruler
from parley.extract.nlp import DEFAULT_MODEL
from tests.fixtures_extract import model_installed

# Rules of the kinds the sm model has: a tag map, word exceptions, later rules overriding earlier
# ones on the same token, a dependency test, a two-token rule aimed at its second token.
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past|VerbForm=Fin"}},
    {"patterns": [[{"TAG": "VBD", "LOWER": {"IN": ["was", "were"]}}]], "attrs": {"POS": "AUX", "LEMMA": "be"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"POS": "PART", "MORPH": "Polarity=Neg"}},
    {"patterns": [[{"DEP": "nsubj"}]], "attrs": {"MORPH": "Case=Nom"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"TAG": "NN"}], [{"LOWER": "na"}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
]
WORDS = ["deal", "was", "n't", "gon", "na", "happen", "\n", "talks", "stalled", "deal"]
TAGS = ["NN", "VBD", "RB", "VBG", "TO", "VB", "_SP", "NNS", "VBD", "NN"]
DEPS = ["nsubj", "aux", "neg", "ROOT", "aux", "xcomp", "dep", "nsubj", "conj", "dobj"]
HEADS = [3, 3, 3, 3, 5, 3, 5, 8, 3, 8]


def _attributes(doc) -> list[tuple]:
    return [(t.text, t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in doc]


def _doc(nlp):
    return spacy.tokens.Doc(nlp.vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=HEADS)


def test_same_attributes_as_spacy_on_hand_made_rules():
    nlp = spacy.blank("en")
    stock = nlp.add_pipe("attribute_ruler")
    stock.add_patterns(PATTERNS)
    fast = FastAttributeRuler(nlp, PATTERNS)
    expected, got = _attributes(stock(_doc(nlp))), _attributes(fast(_doc(nlp)))
    assert got == expected
    assert got[4][1:4] == ("X", "", "to"), "the two-token rule reached its second token, after the one-token rule"
    again = _attributes(fast(_doc(nlp)))  # from the cache this time
    assert again == expected


@pytest.mark.parametrize(
    "patterns, supported",
    [
        (PATTERNS, True),
        ([{"patterns": [[{"TAG": "NN", "OP": "?"}]], "attrs": {"POS": "NOUN"}}], False),
        ([{"patterns": [[{"ENT_TYPE": "GPE"}]], "attrs": {"POS": "PROPN"}}], False),
        ([{"patterns": [[{"TAG": "NN"}]], "attrs": {"_": {"flag": True}}}], False),
        ([{"patterns": [[{"ENT_TYPE": "GPE"}, {"LOWER": "x"}]], "attrs": {"POS": "PROPN"}}], True),
    ],
)
def test_supports_only_rules_it_can_cache(patterns, supported):
    assert FastAttributeRuler.supports(patterns) is supported


TEXTS = [
    "Hamas said on Sunday it wasn't going to accept the plan, and there is no deal yet.",
    "Y'all gonna let 's go, ain't it? We got ta do it. C'm on!  \n\n  There's hope; there are talks.",
    "The mediators, who had met in Cairo, were hopeful that Israel would withdraw its forces.",
]


@pytest.fixture(scope="module")
def stock_and_fast():
    """The sm model as shipped and with the fast attribute ruler."""
    if not model_installed():
        pytest.skip(f"{DEFAULT_MODEL} is not installed")
    stock = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    fast = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    swap_attribute_ruler(fast)
    return stock, fast


@pytest.mark.parametrize("text", TEXTS)
def test_same_attributes_as_the_sm_model(stock_and_fast, text):
    stock, fast = stock_and_fast
    assert isinstance(fast.get_pipe("attribute_ruler"), FastAttributeRuler)
    assert fast.pipe_names == stock.pipe_names
    assert _attributes(fast(text)) == _attributes(stock(text))
