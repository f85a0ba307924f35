"""Proposals: a named plan, who put it forward, its terms per issue and the reactions to it.

A proposal noun ("proposal", "plan", "framework", ...) with an owner - an
actor's name or adjective inside the phrase ("the Egyptian proposal",
"Blinken's bridging offer") or the subject of a proposing act in the same
clause - is a proposal. Issues named in its sentence are its terms; later
acceptances, rejections and the like that mention a proposal noun are
reactions to the latest proposal before them.
"""

from __future__ import annotations

import datetime as dt
from typing import Optional

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from parley.extract.actors import ActorIndex
from parley.extract.attribution import DocState, phrase_matcher
from parley.extract.dates import DateMention
from parley.extract.results import ClaimOut, ProposalOut, ReactionOut
from parley.extract.stances import IssueFinder, clause_of, span_text
from parley.extract.vocab import expand, rules

REACTION_ACTS = {"ACCEPT", "REJECT", "CONSIDER", "SUPPORT", "OPPOSE", "DEMAND", "CONSULT", "CONCEDE", "INSIST"}
MODIFIER_POS = {"ADJ", "PROPN", "NOUN", "NUM", "PART", "PUNCT", "VERB"}
NO_TERMS = {"overall_deal", "mediation", "negotiation_format"}
TERM_WINDOW = 6  # tokens either side of an issue keyword kept as the term's text


class ProposalFinder:
    """Finds proposals and their reactions in a report whose claims are known."""

    def __init__(self, nlp, index: ActorIndex, issues: IssueFinder) -> None:
        words = rules()
        self.nouns = phrase_matcher(nlp, {"PROPOSAL": {f for p in words["proposal_nouns"] for f in expand(p)}})
        self.index = index
        self.issues = issues
        self.determiners = {w.casefold() for w in words["determiners"]}

    def find(
        self,
        doc: Doc,
        state: DocState,
        claims: list[ClaimOut],
        issue_spans: list[Span],
        dates: list[DateMention],
        precision: Optional[str],
    ) -> list[ProposalOut]:
        """The proposals of ``doc``, deduplicated by name, with reactions from ``claims``."""
        found: dict[str, ProposalOut] = {}
        anchors: list[tuple[int, ProposalOut]] = []  # character offset of each mention
        nouns = filter_spans([Span(doc, s, e) for _, s, e in self.nouns(doc)])
        for noun in sorted(nouns, key=lambda s: s.start):
            start = self._phrase_start(doc, noun)
            proposers = self._owners(state, start, noun.end) if start < noun.start else []
            from_act = not proposers
            if from_act:
                proposers = [c.actor for c in claims if c.act == "PROPOSE" and c.sent_start == noun.sent.start_char
                             and c.quote_start <= noun.start_char < c.quote_start + len(c.quote)]
            proposers = list(dict.fromkeys(self._entity(p, state.day) for p in proposers))
            if not proposers:
                if anchors:  # "the proposal": the latest one named before
                    anchors.append((noun.start_char, anchors[-1][1]))
                continue
            name = span_text(doc, start, noun.end) if start < noun.start else f"{proposers[0]} {noun.text}"
            proposal = found.get(name.casefold())
            if proposal is None:
                date = next((d for d in dates if noun.sent.start_char <= d.start < noun.sent.end_char), None)
                proposal = ProposalOut(
                    name=name,
                    proposers=proposers,
                    quote=span_text(doc, *clause_of(noun.sent, noun)),
                    date=date.date if date else state.day,
                    date_precision=date.precision if date else precision,
                    terms=self._terms(doc, noun.sent, issue_spans) or {"overall_deal": name},
                )
                found[name.casefold()] = proposal
            anchors.append((noun.start_char, proposal))
        self._reactions(doc, anchors, claims)
        return list(found.values())

    def _phrase_start(self, doc: Doc, noun: Span) -> int:
        """Where the modifiers before the noun begin: "the [new U.S. bridging] proposal"."""
        start = noun.start
        tagged = doc.has_annotation("POS")
        while start > noun.sent.start:
            token = doc[start - 1]
            if token.lower_ in self.determiners or token.is_space or token.text in (",", ";", ":", "(", '"', "\u201c"):
                break
            if tagged and token.pos_ not in MODIFIER_POS:
                break
            if not tagged and not (token.is_title or token.is_upper or token.lower_ in ("'s", "\u2019s", "-", "new", "bridging", "revised", "latest", "draft", "final")):
                break
            start -= 1
        return start

    def _owners(self, state: DocState, start: int, end: int) -> list[str]:
        return [m.actor for m in state.mentions_in(start, end) if m.is_actor]

    def _entity(self, actor: str, day: Optional[dt.date]) -> str:
        """A person's proposal is put forward for the entity they hold office for."""
        return self.index.speaks_for(actor, day) or actor

    def _terms(self, doc: Doc, sent: Span, issue_spans: list[Span]) -> dict[str, str]:
        terms: dict[str, str] = {}
        inside = [s for s in issue_spans if sent.start <= s.start and s.end <= sent.end and s.label_ not in NO_TERMS]
        for issue in self.issues.most_specific([s.label_ for s in inside]):
            span = next(s for s in inside if s.label_ == issue)
            terms[issue] = span_text(doc, max(sent.start, span.start - TERM_WINDOW), min(sent.end, span.end + TERM_WINDOW)).strip(" ,.;")
        return terms

    def _reactions(self, doc: Doc, anchors: list[tuple[int, ProposalOut]], claims: list[ClaimOut]) -> None:
        if not anchors:
            return
        for claim in claims:
            if claim.act not in REACTION_ACTS:
                continue
            before = [p for offset, p in anchors if claim.sent_start <= offset < claim.sent_end]
            if not before:
                continue
            proposal = before[-1]
            if claim.actor in proposal.proposers or any(r.actor == claim.actor for r in proposal.reactions):
                continue
            proposal.reactions.append(ReactionOut(claim.actor, claim.act, claim.quote))
