"""Brokered pacts: a pact two sides conclude with a mediator named beside them.

"Arland and Borvia agreed to a truce, Norway announced" and "the accord was
signed by Arland and Borvia before the Norwegian envoy" are the mediator's
proposal. The concluding verb (``proposal_extras.concluding`` of rules.yaml)
needs two actors or more as its own subjects or agents, none of them a
mediator, and a mediator of the pack elsewhere in its sentence: one side that
"agreed to send a team" concedes, it concludes nothing. What was agreed names
the pact itself, so its issues are no terms of it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Optional

from spacy.tokens import Doc, Span, Token

from parley.extract.actors import ActorIndex
from parley.extract.attribution import DocState
from parley.extract.vocab import expand, rules


class BrokeredPacts:
    """Finds brokered pacts; ``entity`` maps a mediator's person or body to the entity it serves."""

    def __init__(self, index: ActorIndex, entity: Callable[[str, Optional[dt.date]], str]) -> None:
        words = rules()
        self.verbs = {form for verb in words["proposal_extras"]["concluding"] for form in expand(verb)}
        self.generic = words["generic_mediators"]
        self.index = index
        self.entity = entity

    def find(self, doc: Doc, state: DocState) -> list[tuple[Token, list[str]]]:
        """The concluding verb of each brokered pact, in text order, with its mediators."""
        if not doc.has_annotation("DEP"):
            return []
        found: list[tuple[Token, list[str]]] = []
        for sent in doc.sents:
            verb = next(iter(self._concluding(sent)), None)
            if verb is None:
                continue
            sides = self._sides(state, verb)
            mediators = [m.actor for m in state.mentions_in(sent.start, sent.end)
                         if m.is_actor and m.actor not in sides and self._mediating(m.actor)]
            mediators = list(dict.fromkeys(self.entity(m, state.day) for m in mediators if m != self.generic))
            if len(sides) > 1 and mediators and not any(self._mediating(side) for side in sides):
                found.append((verb, mediators))
        return found

    def agreed(self, sent: Span) -> list[int]:
        """The tokens that name what was concluded in ``sent`` (a headline's and its lead's verbs alike)."""
        verbs = self._concluding(sent)
        objects = [t.i for verb in verbs for t in verb.children if t.dep_ in ("dobj", "nsubjpass")]
        return objects + [gc.i for verb in verbs for c in verb.children if c.dep_ == "prep" for gc in c.children if gc.dep_ == "pobj"]

    def _concluding(self, sent: Span) -> list[Token]:
        return [t for t in sent if t.pos_ == "VERB" and t.lower_ in self.verbs]

    def _sides(self, state: DocState, verb: Token) -> set[str]:
        """The actors that are themselves the subjects or agents of ``verb`` ("Arland and Borvia agreed"),
        not ones inside a subject phrase ("Arlandian and Borvian grain reached the markets")."""
        heads = [c for c in verb.children if c.dep_ == "nsubj"]
        heads += [gc for c in verb.children if c.dep_ == "agent" for gc in c.children if gc.dep_ == "pobj"]
        mentions = [state.by_token.get(t.i) for head in heads for t in [head, *head.conjuncts]]
        return {m.actor for m in mentions if m is not None and m.is_actor}

    def _mediating(self, actor: str) -> bool:
        entry = self.index.get(actor)
        return entry is not None and entry.role == "mediator"
