"""Which phrases of a sentence are acts: lexicon phrases and judgements, read in their context.

A lexicon phrase is an act unless the context says otherwise: a noun that only
names an issue ("the release of hostages"), an act only talked of ("the
chances of brokering a deal"), a verb of going on that gives way to the act it
goes on with ("would keep working"), or an act phrase that gives way to the act
right after it ("agreed to send a delegation"). An evaluative judgement ("would
be a mistake", "the onus is on") replaces the acts of its clause that it judges.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.extract.attribution import Attributor, phrase_matcher
from parley.extract.quotes import clause_of
from parley.extract.vocab import expand
from parley.packs.schema import Lexicon

NOUN_ENDINGS = ("tion", "sion", "ment", "ive", "tum", "ator", "ators")
ATTRIBUTIVE = ("amod", "acl", "compound", "prep", "pcomp")  # a word that describes a noun or introduces a phrase
POSSESSIVES = {"'s", "\u2019s", "'"}
YIELD_GAP = 2  # tokens between an act phrase and the act it gives way to: "reiterated U.S. support"
COPULAS = {"is", "was", "are", "were", "am", "be", "been", "being", "'s"}  # forms of "be": the lemmatizer is not loaded
CONDITION_DEPTH = 4  # heads climbed from an act to the clause of condition it may lie in
SILENCE_REACH = 4  # tokens after an act that a formula of silence may take: "respond to requests for comment"
ACTOR_LABELS = ("ACTOR", "ACTOR_ADJ", "PERSON", "ORG", "GPE", "NORP")


class ActPhrases:
    """Finds the act phrases of a sentence that read as acts."""

    def __init__(self, nlp, lexicon: Lexicon, words: dict, attributor: Attributor) -> None:
        self.acts = phrase_matcher(nlp, {act: {f for p in phrases for f in expand(p)} for act, phrases in lexicon.acts.items()})
        self.attributor = attributor
        self.determiners = {w.casefold() for w in words["determiners"]}
        self.judgement_phrases = phrase_matcher(nlp, {act: set(p) for act, p in words["judgements"].items()})
        self.judged_keep = set(words["judged_keep"])
        self.document_nouns = {w.casefold() for w in words["document_nouns"]}
        self.yields_to: dict[str, list[str]] = words["yields_to"]
        self.hypothetical_nouns = {w.casefold() for w in words["hypothetical_nouns"]}
        self.asking_verbs = {form for verb in words["asking_verbs"] for form in expand(verb)}
        self.continuations = {form for verb in words["continuations"] for form in expand(verb)}
        self.act_carriers = {form for verb in words["act_carriers"] for form in expand(verb)}
        self.source_participles = {w.casefold() for w in words["source_participles"]}
        self.predictions = {w.casefold() for w in words["predictions"]}
        self.denials = {form for verb in words["denials"] for form in expand(verb)}
        self.report_nouns = {w.casefold() for w in words["report_nouns"]}
        self.condition_marks = {w.casefold() for w in words["condition_marks"]}
        self.silences = [w.casefold() for w in words["silences"]]

    def judgements(self, sent: Span) -> list[Span]:
        """Evaluative phrases of ``sent`` (label = the act they express), longest where they overlap."""
        doc = sent.doc
        spans = [Span(doc, s, e, label=m) for m, s, e in self.judgement_phrases(sent)]
        # One word must be said of something ("the offer was positive"), not describe it ("constructive talks").
        return [
            span for span in filter_spans(spans)
            if span[0].ent_type_ not in ACTOR_LABELS and not (len(span) == 1 and span[0].dep_ in ATTRIBUTIVE)
        ]

    def triggers(self, sent: Span, judged: Optional[list[Span]] = None) -> list[Span]:
        """Act phrases of ``sent`` that read as acts (label = act), longest where they overlap.

        A judgement in ``judged`` replaces the acts of its clause that it judges: those after it
        ("the onus is on X to accept") and the minor ones before it ("talks on an offensive would be
        a mistake"); a main stance verb before it stands ("rejected it, calling it a mistake").
        """
        doc = sent.doc
        spans = [Span(doc, s, e, label=m) for m, s, e in self.acts(sent)]  # offsets into the Doc
        starts = {span.start for span in spans}
        spans = [span for span in spans if not self._continues(span, starts)]
        acts = [span for span in filter_spans(spans) if self._is_act(span)]
        judging = []
        for judgement in judged or []:
            start, end = clause_of(sent, judgement)
            if any(start <= act.start < judgement.start and act.label_ in self.judged_keep for act in acts):
                continue  # the main verb already says it
            judging.append(judgement)
            acts = [act for act in acts if not (start <= act.start < end and self._judges(judgement, act))]
        ordered = sorted(filter_spans([*acts, *judging]), key=lambda s: s.start)
        # "agreed to send a delegation", "reiterated its support": the act agreed to or restated is what is done.
        kept = [span for span, following in zip(ordered, [*ordered[1:], None]) if not self._yields(span, following)]
        return [span for span in kept if not self._no_comment(sent, span)]

    def _no_comment(self, sent: Span, act: Span) -> bool:
        """Whether the act is the verb of a news formula of silence: "did not respond to requests for comment"."""
        text = " ".join(t.lower_ for t in sent.doc[max(sent.start, act.start - 2) : min(sent.end, act.end + SILENCE_REACH)])
        return any(phrase in text for phrase in self.silences)

    def _continues(self, span: Span, starts: set[int]) -> bool:
        """Whether ``span`` ends in a verb of going on whose verb starts another act: "would keep working",
        "would continue to work"."""
        doc = span.doc
        if span[-1].lower_ not in self.continuations or span.end >= len(doc):
            return False
        following = doc[span.end]
        if following.lower_ == "to" and span.end + 1 < len(doc):
            return doc[span.end + 1].pos_ == "VERB" and span.end + 1 in starts
        return following.tag_ == "VBG" and any(start in starts for start in (span.end - 1, span.end))

    def _yields(self, span: Span, following: Optional[Span]) -> bool:
        """Whether act phrase ``span`` gives way to the act right after it (a few modifiers between)."""
        if following is None or following.label_ not in self.yields_to.get(span.label_, ()):
            return False
        between = [t for t in span.doc[span.end : following.start] if t.lower_ not in ("help", "to")]  # "ready to help bridge"
        return len(between) <= YIELD_GAP and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in between)

    def _only_talked_of(self, token: Token) -> bool:
        """Whether an act is only talked of: the subject of a clause ("pushing for a truce may embolden
        them"), what a word of chance governs ("the chances of brokering a deal"), a clause that names a
        text ("the proposal it had accepted") or a source ("people briefed on the talks")."""
        if self._in_condition(token):
            return True  # "would accept if Arland withdrew": the withdrawal is only supposed
        if token.dep_ in ("csubj", "csubjpass"):
            return token.head.lower_ not in COPULAS  # "what Borvia wants is a truce" does say it
        if token.dep_ in ("relcl", "acl") and token.head.lower_ in self.document_nouns:
            return True  # "the proposal it had accepted", "its reply, delivered on Tuesday": a text named, no new act
        if token.lower_ in self.predictions and passive(token):
            return True  # "a delegation was expected in Cairo" foretells, it asks nothing
        if token.lower_ in self.source_participles and token.i > 0 and token.doc[token.i - 1].lower_ in self.attributor.source_nouns:
            return True  # "people briefed on the talks" is a source
        head = token.head
        if token.dep_ == "pcomp" and head.lower_ == "of":
            head = head.head
        elif token.dep_ != "acl":
            return False
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head if head.head.head.lower_ in self.hypothetical_nouns else head  # "doubts about X's willingness to"
        return head.lower_ in self.hypothetical_nouns

    def _in_condition(self, token: Token) -> bool:
        """Whether ``token`` lies in a clause of condition: "if Arland withdrew", "unless aid flows"."""
        node = token
        for _ in range(CONDITION_DEPTH):
            if node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in self.condition_marks for c in node.children):
                return True
            if node.head.i == node.i:
                return False
            node = node.head
        return False

    def _judges(self, judgement: Span, act: Span) -> bool:
        """Whether ``judgement`` judges ``act`` of its clause: a minor act before it or one that depends on it.

        With a parse, a later act is judged only when it hangs from the judgement or its copula
        ("the onus is on X to accept"), not when it is a new statement ("... a mistake and said it would quit").
        """
        if act.start < judgement.start - 1:
            return act.label_ not in self.judged_keep
        if not act.doc.has_annotation("DEP"):
            return True
        own = {t.i for t in judgement} | ({judgement.root.head.i} if judgement.root.head.lower_ in COPULAS else set())
        return any(ancestor.i in own for ancestor in act[0].ancestors) or act[0].i in own

    def _is_act(self, span: Span) -> bool:
        doc, first = span.doc, span[0]
        if self.denies_report(doc, span.end - 1):
            return False  # denying a report rejects no offer: the act it denies decides
        if first.ent_type_ in ("ACTOR", "ACTOR_ADJ", "OUTLET", "PERSON", "ORG"):
            return False
        if doc.has_annotation("DEP") and self._only_talked_of(first):
            return False
        if len(span) > 1:
            return True
        if first.lower_ in self.asking_verbs:
            return doc.has_annotation("DEP") and any(child.dep_ == "xcomp" for child in first.children)
        if doc.has_annotation("DEP") and first.dep_ == "dobj" and first.head.lower_ in self.act_carriers:
            return True  # "reiterated its support": a verb that only carries the noun makes it an act
        if span.end < len(doc) and doc[span.end].lower_ == "that" and first.pos_ == "NOUN":
            return True  # a noun with its content: "the insistence that troops remain", "the demand that aid flow"
        if span.start > 0 and doc[span.start - 1].lower_ in self.determiners:
            return False  # "the release of hostages" names an issue, not an act
        if span.start > 1 and doc[span.start - 1].lower_ in POSSESSIVES and doc[span.start - 2].ent_type_ in ACTOR_LABELS:
            return True  # an act with its owner: "Borvia's demand for", "Arland's refusal to"
        if doc.has_annotation("POS") and first.pos_ in ("NOUN", "PROPN"):
            return first.lower_.endswith(NOUN_ENDINGS)
        return True

    def denies_report(self, doc: Doc, i: int) -> bool:
        """Whether token ``i`` denies what reports say: "denied reports of", "dismissed claims that"."""
        return doc[i].lower_ in self.denials and i + 1 < len(doc) and doc[i + 1].lower_ in self.report_nouns


def passive(token: Token) -> bool:
    """Whether ``token`` is a passive verb ("would not be handed over"): its subject undergoes the act."""
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in token.children)
