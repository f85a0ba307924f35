"""The state of the talks in one report: a status signal, its evidence and any estimate.

Signal phrases of the lexicon are counted over the report, those in the lead
counting double; negated ones ("did not achieve a breakthrough") are skipped.
Explicit estimates ("90% agreed", "close to zero", "10% remains") are parsed
into the text as written and a number in [0, 1].
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from parley.extract.attribution import phrase_matcher
from parley.extract.quotes import clause_of, span_text
from parley.extract.results import StatusOut
from parley.extract.vocab import expand, merged_lexicon, rules
from parley.packs.schema import Pack

LEAD_SENTENCES = 2  # the headline and first sentence say what the report is about
EVIDENCE_WORDS = 12
# On a tie the graver signal wins: a report of collapse also mentions earlier progress.
PRIORITY = ("collapse", "breakthrough", "stalled", "progress")
# "removing the remaining obstacles", "to overcome the impasse": work on a problem, not a stall.
OVERCOMING = ("remove", "overcome", "resolve", "clear", "lift", "address", "tackle", "ease", "break", "bridge")
HINDRANCES = {"stalled", "collapse"}
AGREEMENT_WINDOW = 8  # tokens from "signed" to its "agreement": "signed a permanent cessation of hostilities agreement"


class StatusFinder:
    """Finds the one status signal of a report."""

    def __init__(self, nlp, pack: Pack) -> None:
        lexicon = merged_lexicon(pack)
        self.matcher = phrase_matcher(nlp, {sig: {f for p in ps for f in expand(p)} for sig, ps in lexicon.signals.items()})
        words = rules()
        self.negations = {w.casefold() for w in words["negations"]}
        self.estimates = [(re.compile(e["pattern"], re.IGNORECASE), e["value"]) for e in words["estimates"]]
        self.overcoming = {form for verb in OVERCOMING for form in expand(verb)}
        self.concluding_verbs = {form for verb in words["concluding_verbs"] for form in expand(verb)}
        self.agreement_nouns = {w.casefold() for w in words["agreement_nouns"]}

    def find(self, doc: Doc) -> StatusOut:
        """The report's status: the best-scoring signal, its evidence and any explicit estimate."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)] + self._agreements(doc))
        lead_end = _lead_end(doc)
        scores: Counter[str] = Counter()
        first: dict[str, Span] = {}
        for span in sorted(spans, key=lambda s: s.start):
            if self._negated(span) or self._hypothetical(span) or self._overcome(span):
                continue
            scores[span.label_] += 2 if span.start < lead_end else 1
            first.setdefault(span.label_, span)
        probability, estimate = self.estimate(doc.text)
        if not scores:
            return StatusOut("none", None, probability, estimate, "low")
        top = max(scores.values())
        signal = next(s for s in PRIORITY if scores.get(s) == top)
        confidence = "high" if top >= 4 else "medium" if top >= 2 else "low"
        return StatusOut(signal, self._evidence(first[signal]), probability, estimate, confidence)

    def _agreements(self, doc: Doc) -> list[Span]:
        """An agreement signed or reached, whatever its name: "signed a permanent cessation of hostilities agreement"."""
        found = []
        for token in doc:
            if token.lower_ not in self.concluding_verbs or token.tag_ not in ("VBD", "VBN"):
                continue  # "signed" or "was reached", not "hopes to reach a deal"
            window = doc[token.i + 1 : min(token.sent.end, token.i + 1 + AGREEMENT_WINDOW)]
            noun = next((t for t in window if t.lower_ in self.agreement_nouns), None)
            if noun is not None and not any(t.is_punct or t.pos_ == "VERB" for t in doc[token.i + 1 : noun.i]):
                found.append(Span(doc, token.i, noun.i + 1, label="breakthrough"))
        return found

    def _negated(self, span: Span) -> bool:
        if any(t.lower_ in self.negations for t in span):
            return False
        doc = span.doc
        return any(doc[i].lower_ in self.negations for i in range(max(span.sent.start, span.start - 3), span.start))

    def _hypothetical(self, span: Span) -> bool:
        """"with or without a deal" names both outcomes and reports neither."""
        doc = span.doc
        return span.start >= 2 and doc[span.start - 1].lower_ == "or" and doc[span.start - 2].lower_ == "with"

    def _overcome(self, span: Span) -> bool:
        """A hindrance that someone works to remove: "on removing the remaining obstacles"."""
        if span.label_ not in HINDRANCES:
            return False
        doc = span.doc
        return any(doc[i].lower_ in self.overcoming for i in range(max(span.sent.start, span.start - 3), span.start))

    def _evidence(self, span: Span) -> str:
        start, end = clause_of(span.sent, span)
        half = EVIDENCE_WORDS // 2
        start, end = max(start, span.start - half), min(end, span.end + half)
        doc = span.doc
        while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
            end -= 1
        return span_text(doc, start, end)

    def estimate(self, text: str) -> tuple[Optional[str], Optional[float]]:
        """The estimates written in ``text`` (joined by "; ") and the first as a number agreed in [0, 1]."""
        found: list[tuple[int, str, float]] = []
        for pattern, kind in self.estimates:
            for match in pattern.finditer(text):
                if any(match.start() < start + len(text) and start < match.end() for start, text, _ in found):
                    continue  # a shorter pattern inside an estimate already found
                number = float(match.group(1)) / 100 if match.groups() and match.group(1) else 0.0
                value = {"agreed": number, "remaining": 1 - number, "zero": 0.0, "chance": number}[kind]
                found.append((match.start(), match.group(0).strip(), min(max(value, 0.0), 1.0)))
        if not found:
            return None, None
        found.sort()
        return "; ".join(text for _, text, _ in found), found[0][2]


def _lead_end(doc: Doc) -> int:
    for index, sent in enumerate(doc.sents):
        if index + 1 == LEAD_SENTENCES:
            return sent.end
    return len(doc)
