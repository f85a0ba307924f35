"""Issues named in a report: the pack's keywords, and place phrases that point back to them.

Each span of :meth:`IssueFinder.find` is labelled with a pack issue id. A
definite phrase such as "the corridor" or "this area" takes the place issue
named a little earlier ("the Philadelphi corridor"), so that a stance on "the
area" is a stance on that place.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.extract.attribution import phrase_matcher
from parley.extract.vocab import expand, rules
from parley.packs.schema import Pack


class IssueFinder:
    """Finds the pack's issues by keyword and knows the parent of each."""

    def __init__(self, nlp, pack: Pack) -> None:
        phrases: dict[str, set[str]] = {}
        for issue in pack.issues:
            words = {*issue.keywords, issue.label, issue.id.replace("_", " ")}
            phrases[issue.id] = {form for phrase in words if phrase for form in expand(phrase)}
        self.matcher = phrase_matcher(nlp, phrases)
        self.parent = {issue.id: issue.parent for issue in pack.issues}
        self.issues = {issue.id: issue for issue in pack.issues}
        anaphora = rules()["issue_anaphora"]
        self.anaphor_determiners = set(anaphora["determiners"])
        self.anaphor_nouns = set(anaphora["nouns"])
        self.any_place = set(anaphora["any_place"])
        self.anaphor_window = int(anaphora["window"])
        self.places = set(rules()["place_issues"])

    def find(self, doc: Doc) -> list[Span]:
        """Issue spans of ``doc`` (label = issue id), longest first where they overlap.

        A definite phrase that points back to a place ("the corridor", "this area")
        is labelled with the place issue it points to.
        """
        spans = filter_spans([Span(doc, start, end, label=match_id) for match_id, start, end in self.matcher(doc)])
        covered = {i for span in spans for i in range(span.start, span.end)}
        places = [span for span in spans if span.label_ in self.places]
        for token in doc[1:]:
            if token.lower_ not in self.anaphor_nouns or token.i in covered:
                continue
            if doc[token.i - 1].lower_ not in self.anaphor_determiners:
                continue
            antecedent = self._antecedent(places, token)
            if antecedent is not None:
                spans.append(Span(doc, token.i - 1, token.i + 1, label=antecedent.label_))
        return sorted(spans, key=lambda span: span.start)

    def _antecedent(self, places: list[Span], anaphor: Token) -> Optional[Span]:
        """The latest place issue before ``anaphor`` that it can point to, within the window."""
        for span in reversed(places):
            if span.end > anaphor.i - 1:
                continue
            if anaphor.i - span.end > self.anaphor_window:
                return None
            words = {t.lower_ for t in span}
            if anaphor.lower_ in words or anaphor.lower_.rstrip("s") in words or anaphor.lower_ in self.any_place:
                return span
        return None

    def ancestors(self, issue: str) -> set[str]:
        """Every parent, grandparent, ... of ``issue``."""
        found: set[str] = set()
        while (issue := self.parent.get(issue)) and issue not in found:  # type: ignore[assignment]
            found.add(issue)
        return found

    def most_specific(self, issues: list[str]) -> list[str]:
        """``issues`` without any that is an ancestor of another, in first-seen order."""
        unique = list(dict.fromkeys(issues))
        covered = {a for issue in unique for a in self.ancestors(issue)}
        return [issue for issue in unique if issue not in covered]
