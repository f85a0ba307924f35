"""The issue(s) of an act: what its object, its clause or its list of demands names.

The nearest concrete issue of the act's clause is its issue, its own object
first; items coordinated with it join ("a ceasefire, aid and the release of
hostages"); a child refines its parent; "the talks" or "the deal" count only
when nothing more concrete is named, and stand for the deal unless the act is
about the process itself ("a return to the talks").
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Span

from parley.extract.act_phrases import COPULAS
from parley.extract.issues import IssueFinder
from parley.extract.vocab import expand

MAX_ISSUES = 5  # issues one act can carry: "press for a ceasefire, aid and the release of hostages"
LIST_GAP = 6  # tokens between two items of a list: ", the release of all" detainees
NEAR_OBJECT = 5  # an issue this close after the act is its object, even "the deal"
LIST_DEPS = ("conj", "appos")
ITEM_DEPTH = 3  # heads climbed from an issue to the list item it names: "the resumption of aid deliveries"


class ActIssues:
    """Chooses the issues of an act from the issue phrases of its clause."""

    def __init__(self, words: dict, issues: IssueFinder) -> None:
        self.issue_finder = issues
        self.default_issues: dict[str, str] = words["default_issues"]
        self.generic_issues = set(words["generic_issues"])
        self.process_issues: dict[str, list[str]] = words["process_issues"]
        self.process_words = {form for word in words["process_words"] for form in expand(word)}
        self.document_nouns = {w.casefold() for w in words["document_nouns"]}
        self.document_acts = set(words["document_acts"])

    def issues_of(self, issue_spans: list[Span], trigger: Span, start: int, end: int, act: str) -> list[str]:
        """The issue of an act: the nearest concrete issue of its clause, preferring its object.

        A second issue joins only when coordinated with the first ("a ceasefire
        and the release of hostages"); "the talks" or "the deal" count only when
        the clause names nothing more concrete.
        """
        # An issue named inside the act phrase is its object: "presented a new proposal".
        own = [s for s in issue_spans if trigger.start <= s.start < trigger.end]
        if own:
            return self.issue_finder.most_specific([own[-1].label_])
        document = self._document_issues(issue_spans, trigger, end) if act in self.document_acts else None
        if document is not None:
            return document
        inside = [s for s in issue_spans if start <= s.start and s.end <= end]
        # What a predicate is said of is its matter: "the withdrawal of foreign forces is essential to peace",
        # and a text it is said of is the deal: "a ceasefire agreement was the best way".
        subject = predicate_subject(trigger)
        said_of = [s for s in inside if s.start in subject and s.label_ not in self.generic_issues]
        if said_of:
            head = trigger.doc[max(subject)] if subject else None
            if head is not None and head.lower_ in self.document_nouns and "overall_deal" in self.issue_finder.issues:
                return ["overall_deal"]
            return self.issue_finder.most_specific([s.label_ for s in said_of])
        # With a parse, the issues in the act's own object come first: "called off a visit by a delegation".
        scope = object_tokens(trigger)
        inside = [s for s in inside if s.start in scope] or inside
        concrete = [s for s in inside if s.label_ not in self.generic_issues] or inside
        if not concrete:
            default = self.default_issues.get(act)
            return [default] if default in self.issue_finder.issues else []
        near = [s for s in inside if trigger.end <= s.start < trigger.end + NEAR_OBJECT]
        # The object comes first; what is coordinated with it may follow ("a ceasefire and a full withdrawal").
        after = [*near[:1], *(s for s in concrete if near and s.start >= near[0].end)] or [
            s for s in concrete if s.start >= trigger.end]
        ordered = after or sorted(concrete, key=lambda s: trigger.start - s.end)
        chosen = [ordered[0]]
        items = coordinated_items(ordered[0])
        for span in ordered[1:MAX_ISSUES]:
            gap = span.doc[chosen[-1].end : span.start]
            verbs = any(t.pos_ in ("VERB", "AUX") for t in gap)  # "the talks, citing the truce" is another clause
            if len(gap) <= LIST_GAP and any(t.lower_ in ("and", "or", ",") for t in gap) and not verbs:
                chosen.append(span)
            elif _item_of(span, items):
                chosen.append(span)  # "a withdrawal, an end to hostilities and the resumption of aid deliveries"
            elif not _item_of(span, {ordered[0].root.i}):
                break  # a word of the first item ("the withdrawal of troops from the ridge") is no new item
        labels = [s.label_ for s in chosen]
        # A child named anywhere in the clause refines its parent: "troops in the Philadelphi corridor".
        for span in concrete:
            if any(parent in labels for parent in self.issue_finder.ancestors(span.label_)):
                labels.append(span.label_)
        # "Called for a return to the talks" is about the talks; "pressed the talks forward" is about the deal.
        process = {s.label_ for s in chosen if s.label_ in self.process_issues and self._about_process(s)}
        if "overall_deal" in self.issue_finder.issues:
            labels = [
                label if label in process or act in self.process_issues.get(label, [act]) else "overall_deal" for label in labels
            ]
        return self.issue_finder.most_specific(list(dict.fromkeys(labels)))

    def _about_process(self, span: Span) -> bool:
        """Whether the talks named by ``span`` are themselves the matter: "return to the talks", "direct talks"."""
        doc = span.doc
        before = doc[max(0, span.start - 3) : span.start]
        return any(t.lower_ in self.process_words for t in before) or any(t.lower_ in self.process_words for t in span)

    def _document_issues(self, issue_spans: list[Span], trigger: Span, end: int) -> Optional[list[str]]:
        """The issues of an act on a whole text or offer ("accepted the plan"), None when its object is none.

        Only what the object phrase itself names after the noun narrows it ("the proposal on prisoners").
        """
        doc = trigger.doc
        limit = min(end, trigger.end + NEAR_OBJECT + 1)
        noun = next((t for t in doc[trigger.end : limit] if t.lower_ in self.document_nouns or t.pos_ in ("NOUN", "PROPN")), None)
        while noun is not None and noun.dep_ == "compound" and noun.i < noun.head.i < limit + 2:
            noun = noun.head  # "the ceasefire plan" is a plan
        if noun is None or any(t.pos_ == "VERB" or t.lower_.endswith("ing") for t in doc[trigger.end : noun.i]):
            return None  # the object is a doing ("cautious about moving plans forward"), not the text
        if noun.lower_ not in self.document_nouns or "overall_deal" not in self.issue_finder.issues:
            return None
        if doc.has_annotation("DEP"):  # its prepositional phrases, not a clause about what it would do
            scope = {i for child in noun.rights if child.dep_ == "prep" for i in range(child.i, child.right_edge.i + 1)}
        else:
            scope = set(range(noun.i + 1, min(end, noun.i + NEAR_OBJECT + 1)))
        named = [s.label_ for s in issue_spans if s.start in scope and s.start < end and s.label_ not in self.generic_issues]
        return self.issue_finder.most_specific(named[:1]) if named else ["overall_deal"]


def object_tokens(trigger: Span) -> set[int]:
    """Tokens under the act's head word other than its subject: what the act is about."""
    doc = trigger.doc
    if not doc.has_annotation("DEP"):
        return set()
    # "called for a truce": the object hangs from the preposition; "called off the visit": from the verb.
    head = trigger[-1] if trigger[-1].dep_ == "prep" else trigger[0]
    found: set[int] = set()
    for child in head.children:
        if child.dep_ not in ("nsubj", "nsubjpass", "csubj", "punct", "cc", "conj", "mark"):
            found.update(range(child.left_edge.i, child.right_edge.i + 1))
    if trigger[-1].i != head.i:
        for child in trigger[-1].children:
            found.update(range(child.left_edge.i, child.right_edge.i + 1))
    return found


def predicate_subject(trigger: Span) -> set[int]:
    """Tokens of the subject an act phrase is predicated of ("X is essential", "X was a mistake"), else none."""
    doc = trigger.doc
    if not doc.has_annotation("DEP"):
        return set()
    copula = next((t for t in trigger if t.lower_ in COPULAS), None)
    if copula is None and trigger.root.dep_ in ("acomp", "attr") and trigger.root.head.lower_ in COPULAS:
        copula = trigger.root.head
    if copula is None:
        return set()
    verb = copula if copula.dep_ not in ("aux", "auxpass") else copula.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return set(range(subject.left_edge.i, subject.right_edge.i + 1)) if subject is not None else set()


def coordinated_items(span: Span) -> set[int]:
    """The heads of the list items coordinated with the item ``span`` heads, itself excluded.

    The small model parses a list item after a comma as an apposition as often as a conjunct, and
    hangs it from the last noun of the item before ("the withdrawal from the ridge, a truce").
    """
    if not span.doc.has_annotation("DEP"):
        return set()
    root = span.root
    first = root
    while first.dep_ in LIST_DEPS and first.head.i != first.i:
        first = first.head
    items = {first.i}
    for token in first.subtree:
        if token.dep_ in LIST_DEPS:
            items.add(token.i)
    return items - {root.i}


def _item_of(span: Span, items: set[int]) -> bool:
    """Whether ``span`` is or lies inside one of the list items headed by ``items`` ("the resumption of aid")."""
    node = span.root
    for _ in range(ITEM_DEPTH):
        if node.i in items:
            return True
        if node.head.i == node.i:
            return False
        node = node.head
    return False
