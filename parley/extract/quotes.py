"""Spans of a report that claims quote: the clause around an act and the verbatim words quoted.

A quote is a short window of tokens around the act phrase inside its clause
(about 25 words at most), so that it carries the stance and little else; an
item of a long list that lies past that window is quoted where it stands.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from parley.extract.attribution import CLAUSE_BREAKS

QUOTE_LEFT, QUOTE_RIGHT, QUOTE_MIN = 8, 16, 5  # quote window in tokens around the act, inside its clause (~25 words)
ITEM_LEFT, ITEM_RIGHT = 4, 6  # quote window in tokens around an item of a list that lies past the act's window


def clause_of(sent: Span, trigger: Span) -> tuple[int, int]:
    """Token bounds of the clause around ``trigger``: up to the nearest clause breaks."""
    doc = sent.doc
    start = trigger.start
    while start > sent.start and doc[start - 1].lower_ not in CLAUSE_BREAKS:
        start -= 1
    end = trigger.end
    while end < sent.end and doc[end].lower_ not in CLAUSE_BREAKS:
        end += 1
    return start, end


def quote_window(trigger: Span, clause_start: int, clause_end: int) -> tuple[int, int]:
    """A short span around the act inside its clause, at least ``QUOTE_MIN`` tokens when the clause allows."""
    start = max(clause_start, trigger.start - QUOTE_LEFT)
    end = min(clause_end, trigger.end + QUOTE_RIGHT)
    doc = trigger.doc
    while end - start < QUOTE_MIN and (start > trigger.sent.start or end < trigger.sent.end):
        start, end = max(trigger.sent.start, start - 1), min(trigger.sent.end, end + 1)
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def item_window(issue_spans: list[Span], issue: str, window: tuple[int, int], clause_end: int) -> tuple[int, int]:
    """The quote of one issue of an act: the act's window, or, for an item of a list past it, the item itself.

    "demanded a ceasefire, aid, the reopening of banks and the withdrawal of foreign troops":
    the last items lie beyond the act's window, so each is quoted with a few words around it.
    """
    start, end = window
    item = next((s for s in issue_spans if s.label_ == issue and start <= s.start < clause_end), None)
    if item is None or item.end <= end:
        return window
    return max(start, item.start - ITEM_LEFT), min(clause_end, item.end + ITEM_RIGHT)


def span_text(doc: Doc, start: int, end: int) -> str:
    """The verbatim text of tokens ``[start, end)``."""
    return doc[start:end].text  # the span's own tokens: Doc.text would rebuild the whole report
