"""Who says what: subjects of acts and speakers of sentences, through reporting chains.

"X said", "according to X", "X told Y", "a source close to X", "an Israeli
official" (an adjective of a pack actor), "mediators said" (the pack's
mediators), pronouns (the last named speaker of the paragraph) and outlets
("X reported": never an actor) are resolved here, with the dependency parse
when the model has one and with token windows when it has not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from parley.extract.actors import ActorIndex, ActorMention
from parley.extract.vocab import expand, rules

PREPOSITIONS = {"with", "to", "from", "against", "for", "on", "by", "of", "in", "into", "at", "over", "about", "between",
                "toward", "towards", "across", "throughout", "inside", "within", "near", "along", "after", "before",
                "during", "under", "via", "amid", "among", "through", "than", "like"}
# Dependencies through which an act's subject is looked for on the head: "wants to withdraw", "the mediation efforts".
CLIMB = {"xcomp", "aux", "amod", "acl", "advcl", "conj", "pcomp", "dobj", "compound", "pobj", "prep", "relcl", "ccomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
INDEFINITE = {"a", "an", "one", "another"}
WINDOW = 12  # tokens searched left of an act for its subject when there is no parse


@dataclass
class Subject:
    """The actor(s) a subject phrase refers to and how they were found."""

    actors: list[str]
    how: str  # named, adjective, title, source, mediators, pronoun, candidate
    speaker: Optional[str] = None  # the person quoted, when the actor is who they speak for
    verb: Optional[int] = None  # for a sentence's speaker: the token of the reporting verb ("said")


NOBODY = Subject([], "nobody")  # a subject that is known and names no actor


@dataclass
class DocState:
    """Per-report state the components share: mentions by token and the last speaker per paragraph."""

    mentions: list[ActorMention]
    day: Optional[dt.date]
    by_token: dict[int, ActorMention] = field(default_factory=dict)
    last_speaker: dict[int, str] = field(default_factory=dict)  # paragraph -> actor
    paragraph_of: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Doc, mentions: list[ActorMention], day: Optional[dt.date]) -> "DocState":
        state = cls(mentions, day)
        for mention in mentions:
            for i in range(mention.start, mention.end):
                state.by_token[i] = mention
        paragraph = 0
        for token in doc:
            state.paragraph_of.append(paragraph)
            if "\n" in token.text or "\n" in token.whitespace_:
                paragraph += 1
        return state

    def mentions_in(self, start: int, end: int) -> list[ActorMention]:
        """Mentions that lie inside tokens ``[start, end)``, in order."""
        return [m for m in self.mentions if m.start >= start and m.end <= end]


class Attributor:
    """Resolves subject phrases and finds the speaker of each sentence."""

    def __init__(self, nlp, index: ActorIndex, reporting_verbs: list[str]) -> None:
        words = rules()
        self.index = index
        self.pronouns = {p.casefold() for p in words["pronouns"]}
        self.possessive_pronouns = {p.casefold() for p in words["possessive_pronouns"]}
        self.source_nouns = {w.casefold() for w in words["source_nouns"]}
        self.group_words: dict[str, int] = words["group_words"]
        self.government_nouns = {w.casefold() for w in words["government_nouns"]}
        self.title_patterns = [(title, re.compile(rf"\b{re.escape(title)}\b")) for title in index.titles]
        self.titles_plural = {t.casefold() + "s" for t in words["titles"] if " " not in t}
        # Nouns an actor's name can modify and still be who acts: "Borvian officials", "Arlandian forces".
        self.heads = self.source_nouns | {w for t in words["titles"] for w in t.casefold().split()} | {
            w.casefold() for w in words["actor_heads"]}
        self.mediator_nouns = {w.casefold() for w in words["mediator_nouns"]}
        self.generic_mediators = words["generic_mediators"]
        self.close_to = [c.casefold().split() for c in words["close_to"]]
        verbs = [v for v in reporting_verbs if v != "according to"]
        self.reporting = phrase_matcher(nlp, {"REPORT": {f for v in verbs for f in expand(v)}})
        self.according = phrase_matcher(nlp, {"ACCORDING": {"according to", "quoted", "cited", "quoting", "citing"}})

    def resolve(self, doc: Doc, start: int, end: int, state: DocState, head: Optional[int] = None) -> Optional[Subject]:
        """The actor(s) named by tokens ``[start, end)`` of ``doc``, a subject phrase.

        ``head`` is the token the phrase depends on, used to prefer the closest mention.
        """
        if start >= end:
            return None
        lowers = [t.lower_ for t in doc[start:end]]
        mentions = [m for m in state.mentions_in(start, end)]
        # "a source close to X": the source speaks for X, whatever else the phrase names.
        for phrase in self.close_to:
            for i in range(len(lowers) - len(phrase) + 1):
                if lowers[i : i + len(phrase)] == phrase and any(w in self.source_nouns for w in lowers[:i]):
                    after = [m for m in mentions if m.start >= start + i + len(phrase) and m.is_actor
                             and not _in_clause(doc, m, start, end)]  # "its delegation, which met X in Cairo"
                    if after:
                        return Subject([after[0].actor], "source")
        if mentions and all(not m.is_actor for m in mentions):
            return None  # an outlet reports: nobody takes a stance
        actors = [m for m in mentions if m.is_actor and not self._modifier(doc, m, end) and not _in_clause(doc, m, start, end)]
        text = " ".join(lowers)
        if not any(self.is_person(m) for m in actors) and lowers[0] not in INDEFINITE:
            # "the Arlandian foreign minister": whoever holds that office on the report's date;
            # "a Hamas spokesman" is one of several, an unnamed source.
            entities = {m.actor for m in actors}
            office = self._office(text, state, entities.pop() if len(entities) == 1 else None)
            if office and (len(entities) <= 1):
                return Subject([office], "title")
        if actors:
            return self._from_mentions(doc, actors, state)
        size = self._group_reference(lowers)
        if size:
            # "the two envoys", "both ministers": the people last named before the phrase.
            people = [m.actor for m in reversed(state.mentions) if m.end <= start and m.is_actor and self.is_person(m)]
            group = list(dict.fromkeys(people))[:size]
            if len(group) == size:
                return Subject(group, "pronoun")
        if self.index.sole_state and lowers[-1] in self.government_nouns and lowers[0] in ("the", "its"):
            return Subject([self.index.sole_state], "source")  # "the government" when only one state is a party
        if any(t.lower_ in self.mediator_nouns and not _in_clause(doc, t, start, end) for t in doc[start:end]):
            return Subject([self._mediators(state)], "mediators")
        last = state.last_speaker.get(state.paragraph_of[start])
        if last and (text in self.pronouns or (lowers[0] in self.pronouns and len(lowers) <= 3)):
            return Subject([last], "pronoun")
        owner = self._possessed_head(doc, start, end)
        if last and owner:
            return Subject([last], "pronoun")  # "its delegation", "their negotiators": the side named before
        return None

    def _possessed_head(self, doc: Doc, start: int, end: int) -> bool:
        """Whether a subject phrase is a possessive pronoun with a word for an actor's people: "its delegation"."""
        first = doc[start]
        if first.lower_ not in self.possessive_pronouns:
            return False
        head = first.head if doc.has_annotation("DEP") else doc[min(start + 1, end - 1)]
        return start <= head.i < end and (head.lower_ in self.heads or head.lower_ in self.source_nouns)

    def _group_reference(self, lowers: list[str]) -> int:
        """How many people a phrase points back to ("the two envoys", "both ministers"), else 0."""
        if len(lowers) > 4 or not lowers[-1].endswith("s") or lowers[-1] not in self.source_nouns | self.titles_plural:
            return 0
        return next((self.group_words[w] for w in lowers if w in self.group_words), 0)

    def _from_mentions(self, doc: Doc, actors: list[ActorMention], state: DocState) -> Subject:
        # "Egypt and Hamas": coordinated names are all subjects.
        groups = [actors[0]]
        for prev, mention in zip(actors, actors[1:]):
            start = mention.start
            while start > prev.end and doc[start - 1].dep_ == "compound" and doc[start - 1].pos_ == "PROPN":
                start -= 1  # a first name the pack does not list is still part of the name
            between = {t.lower_ for t in doc[prev.end : start]}
            if prev.kind == "adjective":
                between -= self.heads  # "Arlandian officials and Borvia"
            if between <= {"and", ",", "as", "well", "both", "the", "&"} and between & {"and", ",", "&"}:
                groups.append(mention)
            else:
                break
        people = [m for m in actors if m.kind in ("name", "candidate") and self.is_person(m)]
        if len(groups) == 1 and people:
            # "U.S. envoy Mike Hammer and EU envoy Annette Weber": people joined by "and" past their titles.
            joined = [people[0]]
            for prev, person in zip(people, people[1:]):
                between = doc[prev.end : person.start]
                if any(t.lower_ in ("and", "&") for t in between) and not any(t.pos_ in ("VERB", "AUX") for t in between):
                    joined.append(person)
                else:
                    break
            if len(joined) > 1:
                return Subject(list(dict.fromkeys(m.actor for m in joined)), "named")
            # "U.S. Secretary of State Antony Blinken": the person is the head of the phrase.
            return Subject([people[-1].actor], "named")
        # Coordinated adjectives are actors too ("Qatari and Egyptian mediators"); a lone one yields to names.
        names = groups if len(groups) > 1 else [m for m in groups if m.kind != "adjective"] or groups
        how = "adjective" if all(m.kind == "adjective" for m in names) else "named"
        actors = [self._mediators(state) if m.actor == self.generic_mediators else m.actor for m in names]
        return Subject(list(dict.fromkeys(actors)), how)

    def _modifier(self, doc: Doc, mention: ActorMention, end: int) -> bool:
        """Whether a mention only modifies a noun that is no source: "the U.S. perspective", "Israeli reluctance"."""
        if not doc.has_annotation("DEP") or mention.end >= end:
            return False
        root = doc[mention.end - 1]
        head = root.head
        return (
            root.dep_ in ("compound", "amod", "nmod")
            and mention.end <= head.i < end
            and head.lower_ not in self.heads
            and not head.ent_type_
        )

    def is_person(self, mention: ActorMention) -> bool:
        """Whether a mention names a person (a pack person or a PERSON entity)."""
        if mention.kind == "candidate":
            return mention.label == "PERSON"
        actor = self.index.get(mention.actor)
        return actor is not None and actor.type == "person"

    def _mediators(self, state: DocState) -> str:
        """The one mediator the report names, else the pack's only mediator, else "Mediators"."""
        mentioned = {m.actor for m in state.mentions} & set(self.index.mediators) - {self.generic_mediators}
        pool = mentioned or set(self.index.mediators) - {self.generic_mediators}
        return pool.pop() if len(pool) == 1 else self.generic_mediators

    def _office(self, text: str, state: DocState, entity: Optional[str] = None) -> Optional[str]:
        for title, pattern in self.title_patterns:
            if pattern.search(text):
                holder = self.index.office_holder(entity, title, state.day)
                if holder:
                    return holder
        return None

    def speakers(self, doc: Doc, state: DocState) -> list[Optional[Subject]]:
        """The source of every sentence, in order, so that "the group said" finds the group named before."""
        found: list[Optional[Subject]] = []
        for sent in doc.sents:
            speaker = self.speaker(sent, state)
            paragraph = state.paragraph_of[sent.start]
            if speaker is not None and speaker.how != "pronoun":
                state.last_speaker[paragraph] = speaker.actors[0]
            elif speaker is None:
                first = next((m for m in state.mentions if sent.start <= m.start < sent.start + 4 and m.is_actor), None)
                if first is not None and first.kind != "adjective":
                    state.last_speaker[paragraph] = first.actor
            found.append(speaker)
        state.last_speaker.clear()  # the stances start the report afresh
        return found

    def speaker(self, sent: Span, state: DocState) -> Optional[Subject]:
        """The source a sentence is attributed to ("X said", "according to X"), if any."""
        doc = sent.doc
        # Matchers called on a Span return offsets into the Doc.
        for _, start, end in self.according(sent):
            return self.resolve(doc, end, min(end + 8, sent.end), state)
        for _, start, end in self.reporting(sent):
            if start > sent.start and doc[start - 1].lower_ in PASSIVE_AUX:
                continue  # "it was reported": nobody in particular
            if start in state.by_token or (doc.has_annotation("POS") and doc[start].pos_ == "PROPN"):
                continue  # "the United States" is a name, not "states"
            subject = self.subject_of(doc[start], state, reporting=True)
            if subject is NOBODY:
                continue
            if subject is None and doc.has_annotation("DEP") and any(c.dep_ in SUBJECT_DEPS for c in doc[start].children):
                continue  # "the group told mediators": the object after the verb is no speaker
            inverted = doc.has_annotation("DEP") or (start > sent.start and (doc[start - 1].is_punct or doc[start - 1].is_quote))
            if subject is None and inverted:
                # Inverted order: "..., said Israel's defense minister."
                subject = self.resolve(doc, end, min(end + 6, sent.end), state)
            if subject is not None:
                return Subject(subject.actors, subject.how, subject.speaker, verb=start)
        return None

    def subject_of(self, token: Token, state: DocState, *, reporting: bool = False) -> Optional[Subject]:
        """The subject of the act at ``token`` (through "to"-clauses, auxiliaries and noun heads), resolved to actors.

        With a parse, a subject that names no actor ("the protests") means no
        actor: the caller may still use the sentence's speaker. Without a parse
        the nearest actor to the left in the clause is taken.
        """
        doc = token.doc
        if not doc.has_annotation("DEP"):
            return self.left_subject(token, state, reporting=reporting)
        if token.pos_ in ("NOUN", "PROPN"):
            # A noun act: "Egypt's proposal", "the Israeli offer", "leading the mediation efforts";
            # for "Blinken's bridging offer" the owner hangs from the head noun, and a possessor comes first.
            noun = token
            while noun.dep_ == "compound" and noun.head.i > noun.i:
                noun = noun.head
            owners = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod") and c.i < token.i]
            for owner in sorted(owners, key=lambda c: c.dep_ != "poss"):
                found = self.resolve(doc, owner.left_edge.i, owner.right_edge.i + 1, state)
                if found:
                    return found
        node: Token = token
        for _ in range(5):
            for child in node.children:
                if child.dep_ == "agent":  # "was rejected by Borvia"
                    found = self.resolve(doc, child.i + 1, child.right_edge.i + 1, state)
                    if found:
                        return found
            subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS]
            for child in subjects:
                found = self.resolve(doc, child.left_edge.i, child.right_edge.i + 1, state)
                if found:
                    return found
            if subjects:
                # "the government", "officials": someone unnamed on the speaker's side; the caller decides.
                if any(c.lower_ in self.heads for c in subjects):
                    return None
                return NOBODY  # the subject is known and is not an actor: "hostages would be released"
            head = node.head
            if node.dep_ == "xcomp" and head.i != node.i:
                # "urged Arland to withdraw": the object of the head does the act.
                for child in head.children:
                    if child.dep_ == "dobj":
                        found = self.resolve(doc, child.left_edge.i, child.right_edge.i + 1, state)
                        if found:
                            return found
            if node.dep_ in CLIMB and head.i != node.i:
                node = head
            else:
                break
        return self.left_subject(token, state)

    def left_subject(self, token: Token, state: DocState, *, reporting: bool = False) -> Optional[Subject]:
        """The nearest actor left of ``token`` in its clause that is not a prepositional object.

        For a reporting verb the search stops at a comma: in "X did Y, officials said" X is not the source.
        """
        doc, sent = token.doc, token.sent
        lo = max(sent.start, token.i - WINDOW)
        for i in range(token.i - 1, lo - 1, -1):
            if doc[i].lower_ in CLAUSE_BREAKS or (reporting and doc[i].text == ","):
                break
            mention = state.by_token.get(i)
            if mention is None:
                if doc[i].lower_ in self.pronouns and i == token.i - 1 or (doc[i].lower_ in self.pronouns and doc[i].is_sent_start):
                    return self.resolve(doc, i, i + 1, state)
                continue
            if not mention.is_actor:
                return None
            if mention.start > 0 and doc[mention.start - 1].lower_ in PREPOSITIONS:
                # "sources close to X" speak for X; other prepositional objects are not subjects.
                found = self.resolve(doc, max(lo, clause_start(doc, i)), mention.end, state)
                if found is not None and found.how == "source":
                    return found
                continue
            start = mention.start
            # Extend over "X and the Y" and over the title before a name.
            j = start - 1
            while j >= lo and (doc[j].lower_ in ("and", ",", "&", "the") or j in state.by_token):
                j -= 1
            return self.resolve(doc, j + 1, mention.end, state)
        return None


CLAUSE_BREAKS = {w.casefold() for w in rules()["clause_breaks"]} | {"."}
PASSIVE_AUX = {"was", "were", "is", "are", "been", "being", "be"}


def _in_clause(doc: Doc, mention: ActorMention | Token, start: int, end: int) -> bool:
    """Whether a mention (or a word) sits in a clause that describes a noun of the phrase: "families of those held by X"."""
    if not doc.has_annotation("DEP"):
        return False
    node = doc[mention.i if isinstance(mention, Token) else mention.start]
    while start <= node.i < end and node.head.i != node.i:
        if node.dep_ in ("acl", "relcl"):
            return True
        node = node.head
    return False


def clause_start(doc: Doc, i: int) -> int:
    """The first token of the clause holding token ``i``."""
    sent_start = doc[i].sent.start
    while i > sent_start and doc[i - 1].lower_ not in CLAUSE_BREAKS:
        i -= 1
    return i


def phrase_matcher(nlp, phrases: dict[str, set[str] | list[str]]) -> PhraseMatcher:
    """A case-insensitive PhraseMatcher with one label per key, phrases tokenized like reports."""
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, items in phrases.items():
        matcher.add(label, [nlp.make_doc(p) for p in sorted(items) if p.strip()])
    return matcher
