"""Actors in a report: the pack's gazetteer, offices as of a date, and candidate actors.

:func:`actor_patterns` turns a pack into EntityRuler patterns (labels
``ACTOR``, ``ACTOR_ADJ`` and ``OUTLET``, the canonical name as the pattern id).
:class:`ActorIndex` answers who a name, adjective or title refers to on a day.
:func:`find_mentions` lists a Doc's actor mentions, known or candidate.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc, Span

from parley.extract.vocab import merged_lexicon, rules
from parley.packs.schema import ActorEntry, Pack

CANDIDATE_LABELS = {"PERSON", "ORG", "NORP", "GPE"}
CANDIDATE_TYPES = {"PERSON": "person", "ORG": "government_body", "NORP": "faction", "GPE": "state"}
APOSTROPHES = ("\u2019", "'")
FUNCTION_WORDS = {"of", "the", "and", "for", "to", "in", "on", "a", "an"}


@dataclass
class ActorMention:
    """One mention of an actor: token offsets, canonical name and how it was found."""

    start: int
    end: int
    actor: str
    kind: str  # name, adjective, title, candidate, outlet
    label: str = ""  # the NER label of a candidate

    @property
    def is_actor(self) -> bool:
        """Whether the mention can speak or act (outlets cannot)."""
        return self.kind != "outlet"


def actor_patterns(pack: Pack) -> list[dict]:
    """EntityRuler patterns for every name, alias, adjective and outlet of ``pack``."""
    patterns: list[dict] = []
    owners = _adjective_owners(pack)
    for actor in pack.actors:
        names = [actor.name, *actor.aliases]
        names += [_possessive(name, owners) for name in names if _possessive(name, owners)]
        if actor.type == "person" and len(actor.name.split()) > 1:
            surname = actor.name.split()[-1]
            if len(surname) > 3 and surname[0].isupper():
                names.append(surname)
        for name in _variants(names):
            patterns.append({"label": "ACTOR", "pattern": name, "id": actor.name})
        for adjective in _variants(actor.adjectives):
            patterns.append({"label": "ACTOR_ADJ", "pattern": adjective, "id": actor.name})
    for outlet in _variants(merged_lexicon(pack).outlets):
        patterns.append({"label": "OUTLET", "pattern": outlet, "id": outlet})
    return patterns


def _adjective_owners(pack: Pack) -> dict[str, str]:
    """The one-word adjectives of the pack's states and groups, each with its owner's name: ``{"Egyptian": "Egypt"}``."""
    return {
        adjective: actor.name
        for actor in pack.actors
        if actor.type != "person"
        for adjective in actor.adjectives
        if adjective[:1].isupper() and " " not in adjective
    }


def _possessive(name: str, owners: dict[str, str]) -> str:
    """"Egypt's General Intelligence Service" for "Egyptian General Intelligence Service": news writes both."""
    first, _, rest = name.partition(" ")
    owner = owners.get(first)
    if not owner or not rest or owner == name or owner.endswith("s"):
        return ""  # "United States's" is not written
    return f"{owner}\u2019s {rest}"


def _headline_case(name: str) -> str:
    """A title written as part of a name: "Mossad director" -> "Mossad Director"."""
    return " ".join(w if w in FUNCTION_WORDS or not w[:1].islower() else w[0].upper() + w[1:] for w in name.split(" "))


def _variants(names: list[str]) -> list[str]:
    """Each name as written, sentence-initial ("The Front", "Relatives of ..."), with and without "the"
    after "of" ("families of the hostages"), and with the other apostrophe, without repeats."""
    out: list[str] = []
    for name in names:
        if not name:
            continue
        forms = [name]
        if " of the " in name:
            forms.append(name.replace(" of the ", " of ", 1))
        elif " of " in name and name.split(" of ", 1)[1][:1].islower():
            forms.append(name.replace(" of ", " of the ", 1))
        forms += [form[0].upper() + form[1:] for form in forms if form[0].islower()]
        forms += [_headline_case(form) for form in forms if " " in form and form[0].isupper()]
        for form in forms:
            out.append(form)
            for a, b in (APOSTROPHES, APOSTROPHES[::-1]):
                if a in form:
                    out.append(form.replace(a, b))
    return list(dict.fromkeys(out))


class ActorIndex:
    """Lookups over a pack's actors: aliases, mediators, offices and titles."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.by_name = {actor.name: actor for actor in pack.actors}
        self.by_alias: dict[str, ActorEntry] = {}
        for actor in pack.actors:
            for alias in (actor.name, *actor.aliases):
                self.by_alias.setdefault(alias.casefold(), actor)
        self.mediators = [a.name for a in pack.actors if a.role == "mediator" and a.type != "person"]
        # "The government" in talks between one state and armed groups: that state.
        states = [a.name for a in pack.actors if a.role == "party" and a.type == "state"]
        self.sole_state = states[0] if len(states) == 1 else None
        self.outlets = {outlet.casefold() for outlet in merged_lexicon(pack).outlets}
        words = rules()
        self.media_words = {word.casefold() for word in words["media_words"]}
        self.titles = sorted({t.casefold() for t in words["titles"]}, key=len, reverse=True)

    def get(self, name: str) -> Optional[ActorEntry]:
        """The pack actor called ``name`` (canonical or alias), if any."""
        return self.by_name.get(name) or self.by_alias.get(name.casefold())

    def affiliation(self, name: str, day: Optional[dt.date]) -> Optional[str]:
        """``"Entity / office"`` for a person holding an office on ``day``, else the pack's affiliation."""
        actor = self.get(name)
        if actor is None:
            return None
        office = actor.office_on(day)
        if office is not None:
            return f"{office.entity} / {office.title}"
        if actor.offices and actor.type == "person":
            # Every office has ended (or not begun): the person speaks only for themselves.
            return actor.affiliation or actor.name
        return actor.affiliation or actor.name

    def speaks_for(self, name: str, day: Optional[dt.date]) -> Optional[str]:
        """The entity a person speaks for on ``day`` (through an office held), if any."""
        actor = self.get(name)
        if actor is None or actor.type != "person":
            return None
        office = actor.office_on(day)
        return office.entity if office else None

    def office_holder(self, entity: Optional[str], title: str, day: Optional[dt.date]) -> Optional[str]:
        """The person holding ``title`` for ``entity`` on ``day``; with no entity, only if unique."""
        title = title.casefold()
        holders = {
            actor.name
            for actor in self.pack.actors
            for office in actor.offices
            if office.held_on(day) and office.title.casefold() == title and (entity is None or office.entity == entity)
        }
        return holders.pop() if len(holders) == 1 else None

    def is_media(self, text: str) -> bool:
        """Whether an organisation's name looks like a news outlet ("Channel 12", "The Times")."""
        key = text.casefold().removeprefix("the ")
        if key in self.outlets or text.casefold() in self.outlets:
            return True
        return any(word in self.media_words for word in re.findall(r"[\w]+", key))

    def title_before(self, doc: Doc, start: int, limit: int = 6) -> Optional[str]:
        """The title written just before token ``start``: "Defense Minister" in "Defense Minister Yoav Gallant"."""
        left = doc[max(0, start - limit) : start].text.casefold()
        for title in self.titles:
            if re.search(rf"\b{re.escape(title)}$", left.rstrip(" ,")):
                words = doc[max(0, start - limit) : start].text.rstrip(" ,")
                return words[len(words) - len(title) :].strip().title() if len(words) >= len(title) else title.title()
        return None


def canonical_text(span: Span) -> str:
    """A candidate's name as written, without a leading "the" or a trailing possessive."""
    tokens = [t for t in span if t.lower_ not in ("'s", "\u2019s", "'")]
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return " ".join(t.text for t in tokens).strip()


def find_mentions(doc: Doc, index: ActorIndex, day: Optional[dt.date]) -> list[ActorMention]:
    """Every actor mention of ``doc``: pack names, adjectives, outlets and candidate entities."""
    mentions: list[ActorMention] = []
    seen_people: dict[str, str] = {}  # surname -> full candidate name seen earlier in the report
    for ent in doc.ents:
        label = ent.label_
        if label in ("ACTOR", "ACTOR_ADJ"):
            kind = "name" if label == "ACTOR" else "adjective"
            mentions.append(ActorMention(ent.start, ent.end, ent.ent_id_ or ent.text, kind))
            continue
        if label == "OUTLET":
            mentions.append(ActorMention(ent.start, ent.end, ent.text, "outlet"))
            continue
        if label not in CANDIDATE_LABELS or (label == "GPE" and index.pack.actors):
            continue  # with a pack, unknown places are places; its states are known by name
        name = canonical_text(ent)
        if not name or not name[0].isupper() or (name.isupper() and len(name) > 5):
            continue  # lower case is no name; a long all-caps word is a dateline ("JERUSALEM")
        if label == "ORG" and index.is_media(name):
            mentions.append(ActorMention(ent.start, ent.end, name, "outlet"))
            continue
        known = index.get(name) or _known_person(index, name, label)
        if known is not None:
            mentions.append(ActorMention(ent.start, ent.end, known.name, "name"))
            continue
        if label == "PERSON":
            parts = name.split()
            if len(parts) == 1 and parts[0] in seen_people:
                name = seen_people[parts[0]]
            elif len(parts) > 1:
                seen_people[parts[-1]] = name
        mentions.append(ActorMention(ent.start, ent.end, name, "candidate", label))
    return sorted(mentions, key=lambda m: m.start)


def _known_person(index: ActorIndex, name: str, label: str) -> Optional[ActorEntry]:
    """A pack person named with another first name ("Bill Burns" for "William Burns")."""
    if label != "PERSON" or len(name.split()) < 2:
        return None
    surname = name.split()[-1].casefold()
    people = [a for a in index.pack.actors if a.type == "person" and a.name.split()[-1].casefold() == surname]
    return people[0] if len(people) == 1 else None
