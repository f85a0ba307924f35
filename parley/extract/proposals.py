"""Proposals: a named plan, who put it forward, its terms per issue and the reactions to it.

A proposal noun ("proposal", "plan", "framework", "memorandum", ...) with an
owner is a proposal. The owner is an actor's name or adjective inside the noun
phrase ("the Egyptian proposal", "Blinken's bridging offer"; before a pact
such as "the Iran deal" only an adjective or a possessive owns it), else the
subject of the proposing verb the noun is the object of ("Egypt has suggested
a deal", "a plan put forward by the Mossad chief"), else for "the offer" or
"the invitation" the subject of the earlier verb it names ("Norway invited
..."), else for a new pact the sides it is "between", else the actor of a
proposing act whose quote holds the noun; "the mediators" are the pack's
mediators the phrase or the report names. A noun with the proposers of a
proposal named before is that proposal again. A pact two sides conclude
with a mediator named beside them ("A and B agreed to a truce, Norway
announced") is the mediator's proposal (``brokered.py``). Terms put forward
with no noun (a PROPOSE claim on a concrete issue) are a proposal of an
author who has none named.

Issues named in its sentence are its terms, with those of the sentences that
spell it out ("It would ...", "In it, ...", "officials said it sought ...");
a later bare reference ("this proposal", "the plan"; not "the deal", the pact
under negotiation) adds the issues of its own sentence to the latest
proposal, and acceptances, rejections and the like in that sentence are
reactions to it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.extract.actors import ActorIndex
from parley.extract.attribution import DocState, phrase_matcher
from parley.extract.brokered import BrokeredPacts
from parley.extract.dates import DateMention
from parley.extract.issues import IssueFinder
from parley.extract.quotes import clause_of, span_text
from parley.extract.results import ClaimOut, ProposalOut, ReactionOut
from parley.extract.vocab import expand, rules

REACTION_ACTS = {"ACCEPT", "REJECT", "CONSIDER", "SUPPORT", "OPPOSE", "DEMAND", "CONSULT", "CONCEDE", "INSIST"}
MODIFIER_POS = {"ADJ", "PROPN", "NOUN", "NUM", "PART", "PUNCT", "VERB"}
PARTICIPLES = {"VBN", "VBG"}  # "the revised plan", "the emerging deal"; a finite verb ends the phrase (headlines)
NOUN_POS = {"NOUN", "PROPN"}
POSSESSIVES = {"'s", "\u2019s", "'", "\u2019"}
ELABORATION_SENTENCES = 3
TERMS_SENTENCE = re.compile(
    r"^\W*(?:(?:in|under|during) [\w\s-]{0,30}?,?\s*)?(?:it|this|they) (?:would|will|is to|also)\b|^\W*under (?:it|the \w+)\b"
    r"|^\W*in (?:it|them)\b"  # "In it, the group asks for ..."
    r"|\b(?:it|they) (?:also )?(?:seeks|sought|calls? for|called for|demands?|demanded|includes?|included|proposes?|proposed"
    r"|provides? for|provided for|envisages?|envisaged|offers?|offered|asks? for|asked for)\b",  # "officials said it sought ..."
    re.IGNORECASE,
)
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "our"}
OBJECT_DEPS = {"dobj", "obj", "nsubjpass", "attr", "oprd"}
NO_TERMS = {"overall_deal", "mediation", "negotiation_format"}
TERM_WINDOW = 6  # tokens either side of an issue keyword kept as the term's text


class ProposalFinder:
    """Finds proposals and their reactions in a report whose claims are known."""

    def __init__(self, nlp, index: ActorIndex, issues: IssueFinder) -> None:
        words = rules()
        extras = words["proposal_extras"]
        nouns = {form for noun in [*words["proposal_nouns"], *extras["nouns"]] for form in _noun_forms(noun)}
        self.nouns = phrase_matcher(nlp, {"PROPOSAL": nouns})
        self.brokered = BrokeredPacts(index, self._entity)
        self.process = {form for noun in extras["process"] for form in _noun_forms(noun)}
        self.pacts = {form for noun in extras["pacts"] for form in _noun_forms(noun)}
        self.verbs = {form for verb in [*words["proposal_verbs"], *extras["verbs"]] for form in expand(verb)}
        self.index = index
        self.issues = issues
        self.determiners = {w.casefold() for w in words["determiners"]}
        self.generic = words["generic_mediators"]

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
        brokered = self.brokered.find(doc, state)
        for noun in sorted(nouns, key=lambda s: s.start):
            while brokered and brokered[0][0].sent.end <= noun.start:  # after the nouns of its sentence, which name it
                self._add_brokered(doc, found, anchors, *brokered.pop(0), issue_spans, state.day, precision)
            if not self._is_noun(noun):
                continue
            start = self._phrase_start(doc, noun)
            proposers = self._authors(doc, state, start, noun) if start < noun.start else []
            if not proposers:
                proposers = self._verb_subject(state, noun)
            definite = self._definite(doc, noun)
            named_by = self._antecedent(noun) if not proposers and definite else None
            if named_by is not None:
                proposers = self._answered(state, noun, self._subject(state, named_by))
            if not proposers and not definite:
                proposers = self._between(state, noun)
            if not proposers and not definite:  # "the deal should be expanded" is one named before
                proposers = [c.actor for c in claims if c.act == "PROPOSE" and c.sent_start == noun.sent.start_char
                             and c.quote_start <= noun.start_char < c.quote_start + len(c.quote)]
            proposers = [m for p in proposers for m in (self._mediators(state) if p == self.generic else [p])]
            proposers = list(dict.fromkeys(self._entity(p, state.day) for p in proposers))
            if not proposers:
                if anchors:  # "the proposal": the latest one named before
                    latest = anchors[-1][1]
                    anchors.append((noun.start_char, latest))
                    if noun.root.lower_ not in self.pacts:  # "the deal" is the pact being negotiated, not the latest offer
                        self._describe(latest, doc, noun, noun.sent, issue_spans)
                continue
            name = span_text(doc, start, noun.end) if start < noun.start else f"{proposers[0]} {noun.text}"
            proposal = found.get(name.casefold()) or self._same_owners(found, proposers)
            if proposal is not None and proposal.name.casefold() != name.casefold():
                self._describe(proposal, doc, noun, noun.sent, issue_spans)
            if proposal is None:
                date = next((d for d in dates if noun.sent.start_char <= d.start < noun.sent.end_char), None)
                proposal = ProposalOut(
                    name=name,
                    proposers=proposers,
                    quote=span_text(doc, *clause_of(noun.sent, noun)),
                    date=date.date if date else state.day,
                    date_precision=date.precision if date else precision,
                    terms=self._terms(doc, noun, noun.sent, issue_spans) or {"overall_deal": name},
                )
                found[name.casefold()] = proposal
                for sent in self._elaboration(doc, noun.sent):
                    self._add_terms(proposal, self._terms(doc, noun, sent, issue_spans))
                if named_by is not None:  # "Norway invited both sides to talks in Oslo" spells out the invitation
                    self._add_terms(proposal, self._terms(doc, noun, named_by.sent, issue_spans))
            anchors.append((noun.start_char, proposal))
        for verb, mediators in brokered:
            self._add_brokered(doc, found, anchors, verb, mediators, issue_spans, state.day, precision)
        self._unnamed(doc, found, claims, issue_spans, state.day, precision)
        self._reactions(doc, anchors, claims)
        return list(found.values())

    def _add_brokered(
        self,
        doc: Doc,
        found: dict[str, ProposalOut],
        anchors: list[tuple[int, ProposalOut]],
        verb: Token,
        mediators: list[str],
        issue_spans: list[Span],
        day: Optional[dt.date],
        precision: Optional[str],
    ) -> None:
        """Records a brokered pact as the mediators' proposal. What was agreed ("agreed on a truce") names
        the pact itself, the deal as a whole ("overall_deal"), so it is no term of its own."""
        proposal = self._same_owners(found, mediators)
        if proposal is None:
            name = f"{mediators[0]} agreement"
            proposal = ProposalOut(name=name, proposers=mediators, quote=verb.sent.text, date=day, date_precision=precision,
                                   terms={"overall_deal": span_text(doc, verb.i, verb.right_edge.i + 1)})
            found[name.casefold()] = proposal
        pact = self.brokered.agreed(verb.sent)
        named = [span for span in issue_spans if not any(span.start <= i < span.end for i in pact)]
        self._describe(proposal, doc, doc[verb.i : verb.i + 1], verb.sent, named)
        anchors.append((verb.idx, proposal))

    def _unnamed(self, doc: Doc, found: dict[str, ProposalOut], claims: list[ClaimOut], issue_spans: list[Span],
                 day: Optional[dt.date], precision: Optional[str]) -> None:
        """Terms put forward with no proposal noun ("Arland proposed a prisoner exchange") are a proposal of their author."""
        for claim in claims:
            if claim.act != "PROPOSE" or claim.negated or claim.issue in NO_TERMS or claim.actor == self.generic:
                continue
            actor = self._entity(claim.actor, day)
            if any(actor in p.proposers for p in found.values()):
                continue
            sent = doc.char_span(claim.sent_start, claim.sent_end, alignment_mode="expand")
            name = f"{actor} proposal"
            found[name.casefold()] = ProposalOut(
                name=name, proposers=[actor], quote=claim.quote, date=claim.event_date or day,
                date_precision=claim.date_precision or precision,
                terms=self._terms(doc, None, sent, issue_spans) or {claim.issue: claim.quote},
            )

    def _same_owners(self, found: dict[str, ProposalOut], proposers: list[str]) -> Optional[ProposalOut]:
        """The proposal already named with these very proposers: "the Borvian plan" after "Borvia presented a plan"."""
        return next((p for p in found.values() if set(p.proposers) == set(proposers)), None)

    def _is_noun(self, noun: Span) -> bool:
        """Whether the match is a noun heading its own phrase: not "offer Israel" (a verb) nor the
        "draft" of "draft proposal" (a modifier of the proposal noun after it)."""
        doc, root = noun.doc, noun.root
        if doc.has_annotation("POS") and root.pos_ not in NOUN_POS:
            return False
        return not (doc.has_annotation("DEP") and root.dep_ in ("compound", "amod") and root.head.i >= noun.end)

    def _phrase_start(self, doc: Doc, noun: Span) -> int:
        """Where the modifiers before the noun begin: "the [new U.S. bridging] proposal"."""
        start = noun.start
        tagged = doc.has_annotation("POS")
        while start > noun.sent.start:
            token = doc[start - 1]
            if token.lower_ in self.determiners or token.is_space or token.text in (",", ";", ":", "(", '"', "\u201c"):
                break
            if tagged and (token.pos_ not in MODIFIER_POS or (token.pos_ == "VERB" and token.tag_ not in PARTICIPLES)):
                break
            if not tagged and not (token.is_title or token.is_upper or token.lower_ in ("'s", "\u2019s", "-", "new", "bridging", "revised", "latest", "draft", "final")):
                break
            start -= 1
        if doc.has_annotation("DEP"):
            # The noun's own left dependents bound the phrase: in a headline ("Russia and Ukraine
            # sign UN-Turkish deal") the words before them are the clause, not the name.
            start = max(start, min(noun.root.left_edge.i, noun.start))
        return start

    def _definite(self, doc: Doc, noun: Span) -> bool:
        """Whether the noun phrase starts with a definite determiner ("the", "this", "its", ...)."""
        start = noun.start
        while start > noun.sent.start and not doc[start - 1].is_punct and doc[start - 1].lower_ not in self.determiners:
            start -= 1
            if noun.start - start > 4:
                return False
        return start > noun.sent.start and doc[start - 1].lower_ in DEFINITE

    def _owners(self, state: DocState, start: int, end: int) -> list[str]:
        """The actors named in tokens ``[start, end)``; a name may begin before them ("the EU" of "the EU's plan")."""
        return [m.actor for m in state.mentions if m.is_actor and start < m.end <= end and m.start < end]

    def _authors(self, doc: Doc, state: DocState, start: int, noun: Span) -> list[str]:
        """The owners named before the noun. Before a pact ("deal", "accord"), a bare name is a party
        or the subject ("the Iran deal"), so only an adjective or a possessive owns it ("Egypt's deal")."""
        mentions = [m for m in state.mentions if m.is_actor and start < m.end <= noun.start]
        if noun.root.lower_ in self.pacts:
            mentions = [m for m in mentions if m.kind == "adjective" or doc[m.end].lower_ in POSSESSIVES]
        return [m.actor for m in mentions]

    def _verb_subject(self, state: DocState, noun: Span) -> list[str]:
        """The actors that put the noun forward through a proposing verb: the subject of
        "Egypt suggested a deal" (also across "set to" and "and"), the agent of "a plan put
        forward by Barnea" or "the plan announced by Biden", the subject of "the framework he
        set out"; "urged Israel to present a plan" is Israel's plan."""
        doc = noun.doc
        if not doc.has_annotation("DEP"):
            return []
        root = noun.root
        for child in root.children:  # the noun's own participle or relative clause
            if child.dep_ in ("acl", "relcl") and self._proposing(child):
                return self._agent(state, child) if child.dep_ == "acl" else self._subject(state, child)
        verb = root.head
        if root.dep_ not in OBJECT_DEPS or not self._proposing(verb):
            return []
        return self._agent(state, verb) if root.dep_ == "nsubjpass" else self._subject(state, verb)

    def _between(self, state: DocState, noun: Span) -> list[str]:
        """The sides of a new pact "between Arland and Borvia" ("a separate memorandum between ...")."""
        if not noun.doc.has_annotation("DEP"):
            return []
        objects = [gc for c in noun.root.children if c.dep_ == "prep" and c.lower_ == "between" for gc in c.children if gc.dep_ == "pobj"]
        return self._actors_of(state, objects)

    def _antecedent(self, noun: Span) -> Optional[Token]:
        """The latest verb before the noun that the noun names: "invited" for "the invitation"."""
        doc = noun.doc
        if not doc.has_annotation("DEP") or noun.root.lower_ in self.pacts:  # "to deal with" names no deal
            return None
        stem = _stem(noun.root.lower_)
        return next((t for t in reversed(doc[: noun.start]) if t.pos_ == "VERB" and t.lower_.startswith(stem)), None)

    def _answered(self, state: DocState, noun: Span, actors: list[str]) -> list[str]:
        """Nobody answers their own proposal: in "Borvia rejected the proposal" it is someone else's."""
        answering = set(self._subject(state, noun.root.head)) if noun.root.dep_ in OBJECT_DEPS else set()
        return [actor for actor in actors if actor not in answering]

    def _proposing(self, verb) -> bool:
        """Whether a verb puts something forward; "put" only as "put forward" or "put to", "hand" as "hand over"."""
        if verb.lower_ not in self.verbs:
            return False
        if verb.lower_.startswith("put"):
            return any((c.dep_ in ("prt", "advmod") and c.lower_ == "forward") or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children)
        if verb.lower_.startswith("hand"):
            return any(c.dep_ in ("prt", "advmod") and c.lower_ == "over" for c in verb.children)
        return True

    def _agent(self, state: DocState, verb) -> list[str]:
        agents = [gc for child in verb.children if child.dep_ == "agent" for gc in child.children if gc.dep_ == "pobj"]
        return self._actors_of(state, agents)

    def _subject(self, state: DocState, verb) -> list[str]:
        while not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and verb.dep_ in ("xcomp", "conj"):
            parent = verb.head
            controller = [c for c in parent.children if c.dep_ in ("dobj", "obj")] if verb.dep_ == "xcomp" else []
            if controller:
                return self._actors_of(state, controller)  # object control: "urged Israel to present"
            verb = parent
        return self._actors_of(state, [c for c in verb.children if c.dep_ == "nsubj"])

    def _actors_of(self, state: DocState, heads: list) -> list[str]:
        """The actors a phrase names: the one its head word belongs to ("Mossad Director
        David Barnea" is Barnea), else every actor inside it ("Egypt and Qatar")."""
        found: list[str] = []
        for head in heads:
            own = state.by_token.get(head.i)
            owners = self._owners(state, head.left_edge.i, head.right_edge.i + 1)
            named = [actor for actor in owners if actor != self.generic]  # "the Qatari and Egyptian mediators"
            if own is not None and own.is_actor and not (own.actor == self.generic and named):
                found.append(own.actor)
                found += [state.by_token[c.i].actor for c in head.conjuncts if c.i in state.by_token]
            else:
                found += named or owners
        return found

    def _mediators(self, state: DocState) -> list[str]:
        """Who "the mediators" are: the pack's mediating states and bodies that the report names."""
        named = {self._entity(m.actor, state.day) for m in state.mentions if m.is_actor}
        return [actor for actor in self.index.mediators if actor != self.generic and actor in named]

    def _entity(self, actor: str, day: Optional[dt.date]) -> str:
        """A person's or a government body's proposal is put forward for the entity it serves:
        the office held on ``day``, or the entity before the "/" of a body's affiliation."""
        held = self.index.speaks_for(actor, day)
        if held:
            return held
        entry = self.index.get(actor)
        if entry is not None and entry.type == "government_body" and entry.affiliation:
            owner = self.index.get(entry.affiliation.split("/")[0].strip())
            if owner is not None and owner.name != entry.name:
                return owner.name
        return actor

    def _elaboration(self, doc: Doc, sent: Span) -> list[Span]:
        """The sentences right after a proposal's that spell out its terms: "It would see 40
        hostages freed ...", "Under it, ..."; they run on while each one does."""
        found: list[Span] = []
        following = doc[sent.end :].sents if sent.end < len(doc) else iter(())
        for next_sent in following:
            if len(found) == ELABORATION_SENTENCES or not TERMS_SENTENCE.search(next_sent.text):
                break
            found.append(next_sent)
        return found

    def _describe(self, proposal: ProposalOut, doc: Doc, noun: Span, sent: Span, issue_spans: list[Span]) -> None:
        """Adds the terms of a sentence that refers to the proposal again and of the sentences spelling it out."""
        for part in [sent, *self._elaboration(doc, sent)]:
            self._add_terms(proposal, self._terms(doc, noun, part, issue_spans))

    def _add_terms(self, proposal: ProposalOut, terms: dict[str, str]) -> None:
        """Terms found where the proposal is referred to again; a placeholder "overall_deal" gives way."""
        if not terms:
            return
        if list(proposal.terms) == ["overall_deal"] and proposal.terms["overall_deal"] == proposal.name:
            proposal.terms.clear()
        for issue, text in terms.items():
            if not any(issue in self.issues.ancestors(have) for have in proposal.terms):
                proposal.terms.setdefault(issue, text)

    def _terms(self, doc: Doc, noun: Optional[Span], sent: Span, issue_spans: list[Span]) -> dict[str, str]:
        """The issues named in ``sent`` with a few words around each. The talks and their mediation are
        terms only of a proposal about the talks ("an invitation"): elsewhere they are its setting."""
        skip = {"overall_deal"} if noun is not None and noun.root.lower_ in self.process else NO_TERMS
        terms: dict[str, str] = {}
        inside = [s for s in issue_spans if sent.start <= s.start and s.end <= sent.end and s.label_ not in skip]
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


def _stem(noun: str) -> str:
    """What a noun shares with its verb: "invit" (invitation, invited), "propos" (proposal, proposed)."""
    for suffix in ("ation", "ion", "al", "ive", "s", "y"):
        if noun.endswith(suffix) and len(noun) - len(suffix) >= 4:
            return noun[: -len(suffix)]
    return noun


def _noun_forms(noun: str) -> set[str]:
    """A proposal noun and its plural, lower-cased: verb forms ("planning", "offered") name no proposal."""
    noun = noun.lower()
    return {noun, noun if noun.endswith("s") else noun + "s"}
