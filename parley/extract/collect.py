"""From a processed Doc to a :class:`~parley.extract.results.DocResult`.

The record's actors are the principals (parties, mediators, guarantors) and
pack persons named in the report, plus any actor (pack adjective or candidate
entity) that speaks, acts, is targeted or proposes; types, roles and
affiliations are as of the report's date. Its issues are those named (a
background issue twice; keywords of one phrase once; a dateline's place not
at all), used in a stance or a proposal term.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from parley.extract.actors import CANDIDATE_TYPES, ActorIndex
from parley.extract.results import DocResult, EventOut, MentionOut
from parley.extract.vocab import rules

# Words for the talks themselves, the truce in general and its phases turn up in passing in
# almost every report: they count as discussed only when named twice. So do the stock phrases of
# diplomacy ("the peace process", "a political settlement") and "guarantee", an everyday verb
# ("could not guarantee the safety of ships"). A concrete term (prisoners, a corridor, aid) named
# once is already part of what the report is about.
BACKGROUND_ISSUES = {
    "overall_deal", "ceasefire", "ceasefire_duration", "negotiation_format", "mediation", "political_settlement",
    "guarantees",
}
BACKGROUND_MENTIONS = 2
PRINCIPAL_ROLES = {"party", "mediator", "guarantor"}
DATELINE_MARKS = {",", "-", "–", "—", "/", "("}  # what follows the place of a dateline
NAME_LABELS = {"ORG", "WORK_OF_ART", "LAW", "EVENT", "LOC", "FAC", "PERSON", "ACTOR", "OUTLET"}
EVENT_ACTS = {"IMPLEMENT", "PROPOSE", "ACCEPT", "REJECT", "SUSPEND", "CONSULT", "THREATEN"}


def collect(doc: Doc, index: ActorIndex) -> DocResult:
    """Everything the pipeline found in ``doc``, as plain data."""
    # The same stance said twice in one report is one claim: the first, with its quote.
    claims = list({(c.actor, c.act, c.issue): c for c in reversed(doc._.parley_claims or [])}.values())[::-1]
    proposals = list(doc._.parley_proposals or [])
    events = [
        EventOut(what=c.quote, date=c.event_date, date_precision=c.date_precision, quote=c.quote)
        for c in claims
        if c.event_date and c.act in EVENT_ACTS
    ]
    unique_events = list({(e.date, e.quote): e for e in events}.values())
    return DocResult(
        _actors(doc, index, claims, proposals), _issues(doc, index, claims, proposals), claims, proposals,
        doc._.parley_status, unique_events,
    )


def _actors(doc: Doc, index: ActorIndex, claims: list, proposals: list) -> list[MentionOut]:
    """The record's actors: principals named, and whoever speaks, acts, is targeted or proposes."""
    state = doc._.parley_state
    known_or_people = {m.actor for m in state.mentions if m.kind != "candidate" or m.label == "PERSON"}
    active = {c.actor for c in claims} | {c.target for c in claims if c.target in known_or_people}
    active |= {p for proposal in proposals for p in proposal.proposers}
    active |= {r.actor for proposal in proposals for r in proposal.reactions}
    active |= {actor for speaker in doc._.parley_speakers or [] if speaker for actor in speaker.actors}
    counts: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for mention in state.mentions:
        if not mention.is_actor:
            continue
        if mention.actor in active or (mention.kind in ("name", "adjective") and _principal(index, mention.actor)):
            counts[mention.actor] += 1
            labels.setdefault(mention.actor, mention.label)
    for actor in active:
        counts.setdefault(actor, 1)
    candidates = {m.actor: m.label for m in state.mentions if m.kind == "candidate"}
    return [
        _mention(actor, count, labels.get(actor, ""), index, doc)
        for actor, count in counts.items()
        if _countable(index, actor, candidates.get(actor, ""))
    ]


def _issues(doc: Doc, index: ActorIndex, claims: list, proposals: list) -> dict[str, int]:
    """The issues the report discusses, with how often each is named."""
    names = _names(doc)
    named = _mentions([span for span in doc._.parley_issues if not _inside_name(span, names) and not _dateline(span)])
    issues = Counter({issue: count for issue, count in named.items() if issue not in BACKGROUND_ISSUES or count >= BACKGROUND_MENTIONS})
    for claim in claims:
        issues.setdefault(claim.issue, 1)
    for proposal in proposals:
        for issue in proposal.terms:
            issues.setdefault(issue, 1)
    # A background issue whose more specific child is listed ("ceasefire" beside its duration)
    # is that child's subject, unless someone takes a stance on it as such.
    parents = {issue.parent for issue in index.pack.issues if issue.parent and issue.id in issues}
    for issue in parents & BACKGROUND_ISSUES - {claim.issue for claim in claims}:
        issues.pop(issue, None)
    return dict(issues)


def _mentions(spans: list[Span]) -> Counter[str]:
    """How often each issue is named: keywords of one phrase ("guaranteed security assurances",
    one keyword modifying the other) are one mention."""
    roots = {(span.label_, span.root.i) for span in spans}
    return Counter(span.label_ for span in spans if span.root.i == span.root.head.i or (span.label_, span.root.head.i) not in roots)


def _dateline(span: Span) -> bool:
    """Whether an issue keyword is the place of a dateline ("ODESA, July 22 -" or "ODESA -" opening a
    line): where the report was written, not what it discusses."""
    doc = span.doc
    opens_line = span.start == 0 or doc[span.start - 1].is_space or doc[span.start - 1].whitespace_.endswith("\n")
    return opens_line and span.text.isupper() and span.end < len(doc) and doc[span.end].text in DATELINE_MARKS


def _names(doc: Doc) -> list[tuple[int, int]]:
    """Token bounds of the doc's named entities, a leading "the" left out (read once per doc)."""
    return [
        (ent.start + 1 if ent[0].lower_ == "the" else ent.start, ent.end) for ent in doc.ents if ent.label_ in NAME_LABELS
    ]


def _inside_name(span: Span, names: list[tuple[int, int]]) -> bool:
    """Whether an issue keyword is part of a longer name (one of ``names``): "the Middle East Peace
    Process" in an envoy's title, a "Ceasefire Committee" as an organisation."""
    if not span[0].is_title:
        return False  # a keyword written in lower case is no part of a name
    return any(start <= span.start and span.end <= end and end - start > len(span) for start, end in names)


def _principal(index: ActorIndex, actor: str) -> bool:
    """Whether a pack actor counts as taking part when merely named: parties, mediators, guarantors,
    and any person the pack knows (a hard-line minister or a commentator named in a report is part of it).

    Government bodies and third parties count only when they act or are acted on.
    """
    entry = index.get(actor)
    if entry is None:
        return False
    if entry.type == "person":
        return True
    return entry.role in PRINCIPAL_ROLES and entry.type != "government_body"


def _countable(index: ActorIndex, actor: str, label: str) -> bool:
    """Whether an actor goes into the record's list.

    "The mediators" name nobody in particular; a one-word PERSON never named in full is as
    often a place or a ship ("Rafah"); a singular NORP ("Palestinian") is an adjective of a group.
    """
    if actor == rules()["generic_mediators"]:
        return False
    if index.get(actor) is not None:
        return True
    if label == "PERSON":
        return " " in actor
    if label == "NORP":
        return actor.endswith("s")
    return True


def _mention(actor: str, count: int, label: str, index: ActorIndex, doc: Doc) -> MentionOut:
    entry = index.get(actor)
    if entry is not None:
        return MentionOut(actor, entry.type, entry.role, index.affiliation(actor, doc._.report_date), count, True)
    kind = CANDIDATE_TYPES.get(label, "faction")
    return MentionOut(actor, kind, "third_party" if kind == "person" else "other", None, count, False)
