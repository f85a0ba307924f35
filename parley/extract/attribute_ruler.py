"""A faster drop-in for the base model's ``attribute_ruler``, with the same patterns and the same result.

spaCy's ``AttributeRuler`` runs a Matcher of all its patterns (179 in the sm
model: the tag map, morphology and lemma exceptions) over every token and
then sets each match's attributes in pattern order; that costs about as much
as the parser. Nearly every pattern looks at one token only (its TAG, LOWER,
DEP, IS_SPACE), so which of them match a token depends on those values alone:
:class:`FastAttributeRuler` asks a Matcher of the one-token patterns once per
distinct combination, remembers the answer, and merges the matched attributes
in pattern order (a later pattern wins, as in spaCy). The few longer patterns
keep a Matcher of their own, and a token that one of them touches gets every
match applied one by one in spaCy's order.
"""

from __future__ import annotations

from collections import defaultdict

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs

KEY_ATTRS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}  # what one-token patterns may read
CACHE_SIZE = 200_000  # distinct (tag, word, dependency) combinations remembered before starting afresh


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
        self.cache: dict[tuple, tuple[list[int], dict]] = {}

    @staticmethod
    def supports(patterns: list[dict]) -> bool:
        """Whether every one-token pattern reads only cached attributes, no pattern has an operator
        and none sets extension attributes (whose merging would differ)."""
        for pattern in patterns:
            if "_" in pattern["attrs"]:
                return False
            for tokens in pattern["patterns"]:
                if any("OP" in token for token in tokens):
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
        for i, key in enumerate(keys):
            numbers, merged = self._matches(doc, i, tuple(key))
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
            if len(self.cache) >= CACHE_SIZE:
                self.cache.clear()
            numbers = sorted({int(self.vocab.strings[m]) for m, _, _ in self.single(doc[i : i + 1], allow_missing=True)})
            merged: dict = {}
            for number in numbers:
                merged.update(self.attrs[number])
            self.cache[key] = (numbers, merged)
        return self.cache[key]
