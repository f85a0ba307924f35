"""A faster drop-in for the base model's ``attribute_ruler``, with the same patterns and the same result.

spaCy's ``AttributeRuler`` runs a Matcher of all its patterns (179 in the sm
model: the tag map, morphology and lemma exceptions) over every token and
then sets each match's attributes in pattern order; that costs about as much
as the parser. Nearly every pattern looks at one token only (its TAG, LOWER,
DEP, IS_SPACE), so which of them match a token depends on those values alone,
and on the word only when some pattern names it or a pattern's regular
expression finds it: :class:`FastAttributeRuler` asks a Matcher of the
one-token patterns once per distinct combination (any other word standing in
for all the words no pattern mentions), remembers the answer, and merges the
matched attributes in pattern order (a later pattern wins, as in spaCy). The few longer patterns
keep a Matcher of their own, and a token that one of them touches gets every
match applied one by one in spaCy's order.
"""

from __future__ import annotations

import re
from collections import defaultdict

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

KEY_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}  # what one-token patterns may read
CACHE_SIZE = 200_000  # distinct (tag, word, dependency) combinations remembered before starting afresh
WORD_TESTS = {"IN", "NOT_IN", "REGEX"}  # the tests of LOWER whose words can be listed


@Language.factory("parley_attribute_ruler", assigns=["token.pos", "token.morph", "token.lemma", "token.tag", "token.dep"])
def make_attribute_ruler(nlp: Language, name: str, patterns: list[dict]) -> "FastAttributeRuler":
    """The base model's attribute rules (``AttributeRuler.patterns``), applied with a per-token cache."""
    return FastAttributeRuler(nlp, patterns)


def swap_attribute_ruler(nlp: Language) -> None:
    """Replace ``nlp``'s ``attribute_ruler`` by :class:`FastAttributeRuler` when every pattern allows it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if isinstance(ruler, AttributeRuler) and FastAttributeRuler.supports(ruler.patterns):
        nlp.replace_pipe("attribute_ruler", "parley_attribute_ruler", config={"patterns": ruler.patterns})


class FastAttributeRuler:
    """Sets what ``AttributeRuler(patterns)`` sets, token by token, from cached matches."""

    def __init__(self, nlp: Language, patterns: list[dict]) -> None:
        self.vocab = nlp.vocab
        self.attrs = [normalize_token_attrs(self.vocab, p["attrs"]) for p in patterns]
        self.indices = [p.get("index", 0) for p in patterns]
        self.single = Matcher(self.vocab, validate=False)
        self.longer = Matcher(self.vocab, validate=False)
        for number, pattern in enumerate(patterns):
            one = [p for p in pattern["patterns"] if len(p) == 1]
            more = [p for p in pattern["patterns"] if len(p) > 1]
            if one:
                self.single.add(str(number), one)
            if more:
                self.longer.add(str(number), more)
        self.words: set[str] = set()  # the words patterns name, and the expressions that may find others
        self.expressions: list[re.Pattern] = []
        for pattern in patterns:
            for tokens in pattern["patterns"]:
                for token in tokens:
                    self._note_words(token.get("LOWER"))
        self.named: dict[int, bool] = {}  # LOWER hash -> whether some pattern may tell that word apart
        self.cache: dict[tuple, tuple[list[int], dict]] = {}

    def _note_words(self, test) -> None:
        if isinstance(test, str):
            self.words.add(test)
        elif isinstance(test, dict):
            self.words.update(test.get("IN", []), test.get("NOT_IN", []))
            if "REGEX" in test:
                self.expressions.append(re.compile(test["REGEX"]))

    @staticmethod
    def supports(patterns: list[dict]) -> bool:
        """Whether every one-token pattern reads only cached attributes, words are tested only by
        equality, lists and expressions, no pattern has an operator and none sets extension
        attributes (whose merging would differ)."""
        for pattern in patterns:
            if "_" in pattern["attrs"]:
                return False
            for tokens in pattern["patterns"]:
                if any("OP" in token for token in tokens):
                    return False
                lower = [token["LOWER"] for token in tokens if "LOWER" in token]
                if any(not isinstance(test, str) and not (isinstance(test, dict) and set(test) <= WORD_TESTS) for test in lower):
                    return False
                if len(tokens) == 1 and not set(tokens[0]) <= set(KEY_ATTRS):
                    return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        keys = doc.to_array(list(KEY_ATTRS.values())).tolist()
        longer = defaultdict(list)  # token -> pattern numbers of longer matches
        for match_id, start, end in self.longer(doc, allow_missing=True):
            number = int(self.vocab.strings[match_id])
            longer[doc[start:end][self.indices[number]].i].append(number)
        for i, (tag, lower, dep, space) in enumerate(keys):
            if lower not in self.named:
                word = self.vocab.strings[lower]
                self.named[lower] = word in self.words or any(e.search(word) for e in self.expressions)
            numbers, merged = self._matches(doc, i, (tag, lower if self.named[lower] else -1, dep, space))
            if i in longer:
                token = doc[i]
                for number in sorted(numbers + longer[i]):
                    set_token_attrs(token, self.attrs[number])
            elif merged:
                set_token_attrs(doc[i], merged)
        return doc

    def _matches(self, doc: Doc, i: int, key: tuple) -> tuple[list[int], dict]:
        """The one-token patterns that match token ``i`` (in order) and their attributes merged, cached by ``key``."""
        if key not in self.cache:
            if len(self.cache) >= CACHE_SIZE or len(self.named) >= CACHE_SIZE:
                self.cache.clear()
                self.named.clear()
            numbers = sorted({int(self.vocab.strings[m]) for m, _, _ in self.single(doc[i : i + 1], allow_missing=True)})
            merged: dict = {}
            for number in numbers:
                merged.update(self.attrs[number])
            self.cache[key] = (numbers, merged)
        return self.cache[key]
