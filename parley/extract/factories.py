"""The Parley spaCy components, registered by name, and the registered functions they use.

Every component reads the pack named by its ``pack`` setting (see
:mod:`parley.extract.packref`) and the report's date from ``doc._.report_date``,
which the caller sets before running the pipeline. Results live in ``doc._``
extensions named ``parley_*``; :func:`parley.extract.collect.collect` turns
them into a :class:`~parley.extract.results.DocResult`.
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from parley.extract.actors import ActorIndex, actor_patterns, find_mentions
from parley.extract.attribution import Attributor, DocState
from parley.extract.dates import find_dates
from parley.extract.issues import IssueFinder
from parley.extract.packref import get_pack
from parley.extract.proposals import ProposalFinder
from parley.extract.signals import StatusFinder
from parley.extract.stances import StanceFinder, position_on
from parley.extract.vocab import merged_lexicon, rules
from parley.packs.schema import Pack

EXTENSIONS = {
    "report_date": None,
    "date_precision": None,
    "parley_state": None,
    "parley_dates": None,
    "parley_issues": None,
    "parley_speakers": None,
    "parley_claims": None,
    "parley_proposals": None,
    "parley_status": None,
}
for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.factory("parley_paragraph_breaks", assigns=["token.is_sent_start"])
def make_paragraph_breaks(nlp: Language, name: str) -> "ParagraphBreaks":
    """A blank line ends a sentence: a headline or dateline never runs into the lead that follows it."""
    return ParagraphBreaks()


class ParagraphBreaks:
    """Marks the first token after a blank line as a sentence start, before the parser or sentencizer decides."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc[1:]:
            if doc[token.i - 1].is_space and "\n\n" in doc[token.i - 1].text and not token.is_space:
                token.is_sent_start = True
        return doc


@spacy.registry.misc("parley.actor_patterns.v1")
def make_actor_patterns(pack: str) -> list[dict]:
    """EntityRuler patterns of the pack's actors, aliases, adjectives and outlets."""
    return actor_patterns(get_pack(pack))


@dataclass
class _Shared:
    """Per pack and vocabulary: the pack and the matchers built from it, made once."""

    pack: Pack
    index: ActorIndex
    attributor: Attributor
    issues: IssueFinder


_SHARED: dict[tuple[int, str], _Shared] = {}


def shared(nlp: Language, pack: str) -> _Shared:
    """The pack's lookups and matchers for ``nlp``, built on first use."""
    key = (id(nlp.vocab), pack)
    if key not in _SHARED:
        loaded = get_pack(pack)
        index = ActorIndex(loaded)
        _SHARED[key] = _Shared(
            loaded,
            index,
            Attributor(nlp, index, merged_lexicon(loaded).reporting_verbs),
            IssueFinder(nlp, loaded),
        )
    return _SHARED[key]


@Language.factory(
    "parley_actor_ruler",
    assigns=["doc.ents"],
    default_config={"patterns": {"@misc": "parley.actor_patterns.v1", "pack": "generic"}},
)
def make_actor_ruler(nlp: Language, name: str, patterns: list[dict]) -> EntityRuler:
    """An EntityRuler with the pack's gazetteer: labels ACTOR, ACTOR_ADJ and OUTLET, ids = canonical names."""
    ruler = EntityRuler(nlp, name, overwrite_ents=True)
    ruler.add_patterns(patterns)
    return ruler


@Language.factory("parley_actors", assigns=["doc._.parley_state"], requires=["doc.ents"], default_config={"pack": "generic"})
def make_actors(nlp: Language, name: str, pack: str) -> "ActorsComponent":
    """Actor mentions: pack names and adjectives, outlets, candidate PERSON/ORG/NORP/GPE entities."""
    return ActorsComponent(shared(nlp, pack))


class ActorsComponent:
    """Lists actor mentions and starts the per-report state."""

    def __init__(self, context: _Shared) -> None:
        self.context = context

    def __call__(self, doc: Doc) -> Doc:
        mentions = find_mentions(doc, self.context.index, doc._.report_date)
        doc._.parley_state = DocState.build(doc, mentions, doc._.report_date)
        return doc


@Language.factory("parley_dates", assigns=["doc._.parley_dates"])
def make_dates(nlp: Language, name: str) -> "DatesComponent":
    """Date expressions resolved against ``doc._.report_date``."""
    return DatesComponent()


class DatesComponent:
    """Finds and resolves the dates of a report."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_dates = find_dates(doc.text, doc._.report_date)
        return doc


@Language.factory("parley_issues", assigns=["doc._.parley_issues"], default_config={"pack": "generic"})
def make_issues(nlp: Language, name: str, pack: str) -> "IssuesComponent":
    """Issue keyword spans of the pack (span label = issue id)."""
    return IssuesComponent(shared(nlp, pack))


class IssuesComponent:
    """Marks the issues a report names."""

    def __init__(self, context: _Shared) -> None:
        self.finder = context.issues

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_issues = self.finder.find(doc)
        return doc


@Language.factory(
    "parley_attribution",
    assigns=["doc._.parley_speakers"],
    requires=["doc._.parley_state", "token.is_sent_start"],
    default_config={"pack": "generic"},
)
def make_attribution(nlp: Language, name: str, pack: str) -> "AttributionComponent":
    """The source each sentence is attributed to: "X said", "according to X", "an Israeli official"."""
    return AttributionComponent(shared(nlp, pack))


class AttributionComponent:
    """Finds the speaker of every sentence."""

    def __init__(self, context: _Shared) -> None:
        self.attributor = context.attributor

    def __call__(self, doc: Doc) -> Doc:
        state = doc._.parley_state
        doc._.parley_speakers = self.attributor.speakers(doc, state)
        return doc


@Language.factory(
    "parley_stances",
    assigns=["doc._.parley_claims"],
    requires=["doc._.parley_speakers", "doc._.parley_issues", "doc._.parley_dates"],
    default_config={"pack": "generic"},
)
def make_stances(nlp: Language, name: str, pack: str) -> StanceFinder:
    """Claims: actor, one of the 15 acts, issue, target, quote and date."""
    context = shared(nlp, pack)
    return StancesComponent(nlp, context.pack, context.attributor, context.issues)


class StancesComponent(StanceFinder):
    """Finds the claims of a report."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_claims = self.find(doc, doc._.parley_state, doc._.parley_issues, doc._.parley_dates, doc._.parley_speakers)
        return doc


@Language.factory("parley_positions", assigns=["doc._.parley_claims"], requires=["doc._.parley_claims"], default_config={"pack": "generic"})
def make_positions(nlp: Language, name: str, pack: str) -> "PositionsComponent":
    """Positions on the issues' 0-100 scales from the pack's anchor phrases."""
    return PositionsComponent(shared(nlp, pack).pack)


class PositionsComponent:
    """Places each claim on its issue's scale when an anchor phrase allows it."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.negations = {w.casefold() for w in rules()["negations"]}

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built token by token at every call: once per report
        for claim in doc._.parley_claims:
            clause = text[claim.sent_start : claim.sent_end]
            claim.position = position_on(self.pack.issue(claim.issue), clause, self.negations)
        return doc


@Language.factory(
    "parley_proposals",
    assigns=["doc._.parley_proposals"],
    requires=["doc._.parley_claims"],
    default_config={"pack": "generic"},
)
def make_proposals(nlp: Language, name: str, pack: str) -> "ProposalsComponent":
    """Named proposals with proposers, terms and reactions."""
    context = shared(nlp, pack)
    return ProposalsComponent(ProposalFinder(nlp, context.index, context.issues))


class ProposalsComponent:
    """Finds the proposals of a report."""

    def __init__(self, finder: ProposalFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_proposals = self.finder.find(
            doc, doc._.parley_state, doc._.parley_claims, doc._.parley_issues, doc._.parley_dates, doc._.date_precision
        )
        return doc


@Language.factory("parley_status", assigns=["doc._.parley_status"], default_config={"pack": "generic"})
def make_status(nlp: Language, name: str, pack: str) -> "StatusComponent":
    """The report's status signal, evidence and explicit estimates."""
    return StatusComponent(StatusFinder(nlp, shared(nlp, pack).pack))


class StatusComponent:
    """Finds the status signal of a report."""

    def __init__(self, finder: StatusFinder) -> None:
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        doc._.parley_status = self.finder.find(doc)
        return doc

