"""The state of the talks in one report: a status signal, its evidence and any estimate.

Signal phrases of the lexicon and the status frames of ``rules.yaml`` (a verb
and its noun: "signed a ... agreement", "the talks were paused") are counted
over the report, those in the lead (the headline and the first sentence of the
body) counting double; negated and overcome ones ("did not achieve a
breakthrough", "nobody expected a breakthrough", "to overcome the impasse") are
skipped, and a stall told in the sentence of a collapse is part of it.
Explicit estimates ("90% agreed", "close to zero", "10% remains") are parsed
into the text as written and a number in [0, 1].
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.extract.attribution import phrase_matcher
from parley.extract.quotes import clause_of, span_text
from parley.extract.results import StatusOut
from parley.extract.vocab import expand, merged_lexicon, rules
from parley.packs.schema import Pack

LEAD_MIN_WORDS = 8  # a dateline, byline or "Published:" line is not the first sentence of the body
EVIDENCE_WORDS = 12
# On a tie the graver signal wins: a report of collapse also mentions earlier progress.
PRIORITY = ("collapse", "breakthrough", "stalled", "progress")
HINDRANCES = {"stalled", "collapse"}
FRAME_WINDOW = 8  # tokens from "signed" to its "agreement": "signed a permanent cessation of hostilities agreement"
PAST_TAGS = ("VBD", "VBN")
HEADLINE_TAGS = ("VBD", "VBN", "VBP", "VBZ")  # a headline tells the past in the present: "Sides sign truce"
SUBJECTS = ("nsubj", "nsubjpass")
PRESENT_BE = {"is", "are", "be", "being"}


class StatusFinder:
    """Finds the one status signal of a report."""

    def __init__(self, nlp, pack: Pack) -> None:
        lexicon = merged_lexicon(pack)
        self.matcher = phrase_matcher(nlp, {sig: {f for p in ps for f in expand(p)} for sig, ps in lexicon.signals.items()})
        words = rules()
        self.negations = {w.casefold() for w in words["negations"]}
        self.estimates = [(re.compile(e["pattern"], re.IGNORECASE), e["value"]) for e in words["estimates"]]
        self.overcoming = {form for verb in words["overcoming"] for form in expand(verb)}
        self.negative_pronouns = {w.casefold() for w in words["negative_pronouns"]}
        self.conditions = {w.casefold() for w in words["unreal_marks"]}
        self.frames = [
            (frame["signal"], {form for verb in frame["verbs"] for form in expand(verb)}, {w.casefold() for w in frame["nouns"]})
            for frame in words["status_frames"]
        ]

    def find(self, doc: Doc) -> StatusOut:
        """The report's status: the best-scoring signal, its evidence and any explicit estimate."""
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)] + self._frames(doc))
        lead_end = _lead_end(doc)
        spans = [s for s in spans if not (self._negated(s) or self._hypothetical(s) or self._overcome(s))]
        # A collapse brings its stall along ("shattering the truce and dimming hopes of talks"): one event.
        collapsed = {s.sent.start for s in spans if s.label_ == "collapse"}
        scores: Counter[str] = Counter()
        first: dict[str, Span] = {}
        for span in sorted(spans, key=lambda s: s.start):
            if span.label_ == "stalled" and span.sent.start in collapsed:
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

    def _frames(self, doc: Doc) -> list[Span]:
        """Status frames: "signed a permanent cessation of hostilities agreement", "the agreement was signed"."""
        headline_end = next(iter(doc.sents)).end if len(doc) else 0
        found = []
        for token in doc:
            tags = HEADLINE_TAGS if token.i < headline_end else PAST_TAGS
            if token.tag_ not in tags or self._unreal(token):
                continue  # "signed" or "was reached", not "hopes to reach a deal" or "until a deal is reached"
            for signal, verbs, nouns in self.frames:
                if token.lower_ not in verbs:
                    continue
                subject = next((c for c in token.children if c.dep_ in SUBJECTS and c.lower_ in nouns), None)
                if subject is not None and subject.i < token.i:
                    found.append(Span(doc, subject.i, token.i + 1, label=signal))
                    continue
                window = doc[token.i + 1 : min(token.sent.end, token.i + 1 + FRAME_WINDOW)]
                noun = next((t for t in window if t.lower_ in nouns), None)
                if noun is None or not all(t in noun.subtree or t.dep_ == "prep" for t in doc[token.i + 1 : noun.i]):
                    continue  # words between are the noun's own ("a permanent cessation"), not "struck the port after the deal"
                if noun.dep_ == "compound" and noun.head.lower_ not in nouns:
                    continue  # "agreed to the ceasefire proposal" accepts a proposal
                found.append(Span(doc, token.i, noun.i + 1, label=signal))
        return found

    def _unreal(self, verb: Token) -> bool:
        """A verb denied, conditioned or not yet done: "would not be reached", "before any agreement is signed"."""
        return any(c.dep_ == "neg" or c.tag_ == "MD" or (c.dep_ == "auxpass" and c.lower_ in PRESENT_BE)
                   or (c.dep_ == "mark" and c.lower_ in self.conditions) for c in verb.children)

    def _negated(self, span: Span) -> bool:
        """A negation just before the phrase or on its verb: "no breakthrough", "nobody expected a breakthrough"."""
        if any(t.lower_ in self.negations for t in span):
            return False
        doc = span.doc
        if any(doc[i].lower_ in self.negations for i in range(max(span.sent.start, span.start - 3), span.start)):
            return True
        verb = _governing_verb(span)
        if verb is None:
            return False
        for child in verb.children:
            if child.dep_ == "neg" or (child.dep_ in SUBJECTS and (
                    child.lower_ in self.negative_pronouns or any(d.lower_ == "no" for d in child.children))):
                return True  # "did not", "nobody expected", "no one expects"
        return False

    def _hypothetical(self, span: Span) -> bool:
        """"with or without a deal" names both outcomes and reports neither."""
        doc = span.doc
        return span.start >= 2 and doc[span.start - 1].lower_ == "or" and doc[span.start - 2].lower_ == "with"

    def _overcome(self, span: Span) -> bool:
        """A hindrance that someone works to remove: "on removing the remaining obstacles"."""
        if span.label_ not in HINDRANCES:
            return False
        doc = span.doc
        if any(doc[i].lower_ in self.overcoming for i in range(max(span.sent.start, span.start - 3), span.start)):
            return True
        verb = _governing_verb(span)  # "the stalled negotiations had been unblocked"
        return verb is not None and verb.lower_ in self.overcoming

    def _evidence(self, span: Span) -> str:
        start, end = clause_of(span.sent, span)
        half = EVIDENCE_WORDS // 2
        start, end = max(start, span.start - half), min(end, span.end + half)
        doc = span.doc
        # A headline run into the lead has no stop between them: the line break is one.
        breaks = [t.i for t in doc[start:end] if "\n" in t.text_with_ws and not span.start <= t.i < span.end - 1]
        start = max([i + 1 for i in breaks if i < span.start] + [start])
        end = min([i + 1 for i in breaks if i >= span.end - 1] + [end])
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
    """The end of the lead: the headline and the first sentence of the body after it."""
    sents = iter(doc.sents)
    next(sents, None)
    for sent in sents:
        if sum(t.is_alpha for t in sent) >= LEAD_MIN_WORDS:
            return sent.end
    return len(doc)


def _governing_verb(span: Span) -> Optional[Token]:
    """The verb the phrase belongs to: itself, or the first verb above it ("expected an early breakthrough")."""
    token = span.root
    for _ in range(4):  # noun, preposition, noun, verb at most
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("amod", "compound"):  # "the stalled talks" has no verb yet
            return token
        if token.head.i == token.i:
            return None
        token = token.head
    return None
