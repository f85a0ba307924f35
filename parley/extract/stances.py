"""Stance claims: who holds each act of a report, and what the context makes of it.

The act phrases come from :mod:`parley.extract.act_phrases`, their issues from
:mod:`parley.extract.act_issues`. This module decides the actor: the subject of
the phrase, else the sentence's speaker; reported speech is the speaker's
stance unless an unnamed source reports a named actor's act, a stance noun
names its owner ("Israel's goal is to"), or the speaker asks something of
someone ("X must withdraw, he said"). A party that reports another party's
refusal accuses it. And it decides what the context makes of the act: a
negation flips it ("did not accept" is a rejection), a refusal "unless"
something happens demands it, a warning is a threat only when the harm may be
the speaker's doing, an act inside what an earlier act asks for is part of
that act ("urged Hamas to accept"), and a mediator that meets a side mediates.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span

from parley.extract.attribution import (
    CLAUSE_BREAKS,
    NOBODY,
    Attributor,
    DocState,
    Subject,
)
from parley.extract.act_issues import NEAR_OBJECT, ActIssues
from parley.extract.act_phrases import ActPhrases, passive
from parley.extract.dates import DateMention
from parley.extract.issues import IssueFinder
from parley.extract.quotes import clause_of, item_window, quote_window, span_text
from parley.extract.results import ClaimOut
from parley.extract.vocab import expand, merged_lexicon, rules
from parley.packs.schema import IssueEntry, Pack

GOVERNING_ACTS = {"DEMAND", "THREATEN", "PROPOSE", "OPPOSE", "SUPPORT", "REJECT"}
CONTENT_ACTS = {"INSIST"}  # acts that govern only the content clause of their noun
GOVERNING_DEPTH = 8  # heads climbed from an act to the act that governs it
TITLE_GAP = 5  # tokens of title between an entity and the person holding it
CONTRASTS = {"while", "whereas", "although", "though"}
ANNOUNCER_ROLES = {"mediator", "guarantor", "third_party"}  # speakers who report the parties' acts rather than take them
CONFIDENCE = {"named": 0.8, "source": 0.6, "adjective": 0.6, "title": 0.7, "mediators": 0.5, "pronoun": 0.5}


class StanceFinder:
    """Turns act phrases in a parsed report into claims."""

    def __init__(self, nlp, pack: Pack, attributor: Attributor, issues: IssueFinder) -> None:
        words = rules()
        self.phrases = ActPhrases(nlp, merged_lexicon(pack), words, attributor)
        self.act_issues = ActIssues(words, issues)
        self.attributor = attributor
        self.issue_finder = issues
        self.negations = {w.casefold() for w in words["negations"]}
        self.negated_acts: dict[str, str] = words["negated_acts"]
        self.generic_issues = set(words["generic_issues"])
        self.restating = {w.casefold() for w in words["restating"]}
        self.conditions = {w.casefold() for w in words["conditions"]}
        self.conditioned_acts = set(words["conditioned_acts"])
        self.assent_acts = set(words["assent_acts"])
        self.strict_conditions = {w.casefold() for w in words["strict_conditions"]}
        self.threat_acts = set(words["threat_acts"])
        self.threat_conditions = {w.casefold() for w in words["threat_conditions"]}
        self.both_sides = [w.casefold() for w in words["both_sides"]]
        self.warning_verbs = {form for verb in words["warning_verbs"] for form in expand(verb)}
        self.warning_support = {w.casefold() for w in words["warning_support"]}
        self.foretelling = {w.casefold() for w in words["foretelling"]}
        self.alternatives = [w.casefold().split() for w in words["alternatives"]]
        self.alternative_acts = set(words["alternative_acts"])
        self.obligation_modals = {w.casefold() for w in words["obligation_modals"]}
        self.obligation_verbs = {w.casefold() for w in words["obligation_verbs"]}
        self.announced_acts = set(words["announced_acts"])
        self.refusals = set(words["refusals"])
        self.pledge_words = {form for verb in words["pledges"] for form in expand(verb)}
        self.handing_acts = set(words["handing_acts"])
        self.deeds = set(words["deeds"])

    def find(
        self,
        doc: Doc,
        state: DocState,
        issue_spans: list[Span],
        dates: list[DateMention],
        speakers: list[Optional[Subject]],
    ) -> list[ClaimOut]:
        """The claims of ``doc``; ``speakers`` holds each sentence's attributed source."""
        claims: list[ClaimOut] = []
        seen: set[tuple[str, str, str, int]] = set()
        taken: dict[tuple[str, int], list[Span]] = {}  # (actor, clause) -> its acts so far
        for index, sent in enumerate(doc.sents):
            if index == 0 and is_headline(sent):
                continue  # a headline repeats a claim of the body in other words
            speaker = speakers[index] if index < len(speakers) else None
            paragraph = state.paragraph_of[sent.start]
            if speaker is not None and speaker.how != "pronoun":
                state.last_speaker[paragraph] = speaker.actors[0]  # "X said it would ..."
            judged = self.phrases.judgements(sent)
            triggers = self.phrases.triggers(sent, judged)
            if not triggers and speaker is None:
                self._note_subject(sent, state, paragraph)
            for previous, trigger in zip([None, *triggers], triggers):
                if self._governed(trigger, triggers):
                    continue
                if previous is not None and previous.end == trigger.start:
                    continue  # "offered to release", "no longer requires": the first phrase says what is done
                own = self.attributor.subject_of(trigger[0], state)
                accused = False
                if own is NOBODY and trigger.label_ in self.deeds and not passive(trigger[0]):
                    continue  # "a deal that would facilitate releases": a thing does the deed, not the speaker
                if speaker is not None and speaker.actors and self._obligation(trigger):
                    subject = speaker  # "Eritrean forces had to leave, he said": the speaker asks it of them
                elif speaker is not None and speaker.verb is not None and speaker.actors and reported(doc, speaker.verb, trigger):
                    # Reported speech is the speaker's stance ("X said Moscow would never withdraw" is X's),
                    # unless an unnamed source reports what a named actor does ("an official said Y rejected it").
                    # A mediator or outsider who announces what named parties did reports their acts
                    # ("Israel and Hamas have agreed on a ceasefire, Qatar's prime minister announced").
                    # A stance noun with its owner is the owner's, whoever reports it ("said Israel's goal is to").
                    unnamed = (speaker.how in ("adjective", "source", "mediators") or self._announcer(speaker, own, trigger)
                               or _owned(trigger))
                    subject = own if unnamed and own is not None and own.actors and own.how != "adjective" else speaker
                    if self._accuses(speaker, own, trigger, state):
                        subject, accused = speaker, True
                elif trigger in judged and trigger[0].pos_ != "VERB":
                    subject = speaker or own  # "an offensive would be a mistake": what is judged is no actor
                else:
                    subject = own or speaker
                if subject is None or not subject.actors:
                    continue
                if self.attributor.generic_mediators in subject.actors and speaker is not None:
                    subject = self._as_mediator(speaker, state) or subject  # "the mediators", said by one of them
                if self._for_actors(trigger, state, issue_spans):
                    continue  # "support for both Israel and the Palestinians" backs sides, not a term
                clause_start, clause_end = clause_of(sent, trigger)
                negated = self._negated(doc, clause_start, trigger.start, trigger)
                act = self.negated_acts.get(trigger.label_, trigger.label_) if negated else trigger.label_
                if accused:
                    act = "OPPOSE"  # "an Israeli official said Hamas had rejected every offer" accuses Hamas
                if act == "DEMAND" and self._restated(doc, clause_start, trigger.start):
                    act = "INSIST"  # "still demands", "again called for": a held position
                if act == "CONSULT" and self._as_mediator(subject, state) is not None:
                    act = "MEDIATE"  # a mediator who meets a side is mediating: "flew to Israel to brief Netanyahu"
                if act in self.handing_acts and self._hands_a_text(trigger, clause_end):
                    act = "PROPOSE"  # "handed over two draft texts": a text handed over is put forward
                issues = self.act_issues.issues_of(issue_spans, trigger, clause_start, clause_end, act)
                if not issues and trigger in judged and "overall_deal" in self.issue_finder.issues:
                    issues = ["overall_deal"]  # "the ball is in Washington's court": the deal as a whole
                earlier = [t for actor in subject.actors for t in taken.get((actor, clause_start), [])]
                if earlier and (not doc.has_annotation("DEP") or any(t.label_ == trigger.label_ for t in earlier)):
                    continue  # one act of a kind per actor and clause (one act without a parse): the main verb wins
                for actor in subject.actors:
                    taken.setdefault((actor, clause_start), []).append(trigger)
                if act == "SUPPORT" and self._pledges(trigger) and not set(issues) <= self.generic_issues:
                    act = "OFFER"  # "committed to restoring services" pledges a step; "to reaching a deal" supports it
                act, issues = self._conditional(doc, act, issues, issue_spans, trigger, clause_end)
                act, issues = self._warning(act, issues, trigger, subject, state, issue_spans)
                if act in self.alternative_acts and self._set_against(doc, issues, issue_spans, trigger.end, clause_end):
                    act = "OPPOSE"  # "options other than an invasion": what is asked is not the issue named
                if act == "DEMAND" and self._to_both_sides(doc, state, subject.actors, trigger.end, clause_end):
                    act = "MEDIATE"  # a mediator pressing both parties bridges, it asks nothing for itself
                target = self._target(state, trigger.end, clause_end, subject.actors)
                window = quote_window(trigger, clause_start, clause_end)
                date = next((d for d in dates if sent.start_char <= d.start < sent.end_char), None)
                for actor in subject.actors:
                    for issue in issues:
                        key = (actor, act, issue, sent.start)
                        if key in seen:
                            continue
                        seen.add(key)
                        quote_start, quote_end = item_window(issue_spans, issue, window, clause_end) if len(issues) > 1 else window
                        quote = span_text(doc, quote_start, quote_end)
                        claims.append(
                            ClaimOut(
                                actor=actor,
                                act=act,
                                issue=issue,
                                quote=quote,
                                quote_start=doc[quote_start].idx,
                                sent_start=sent.start_char,
                                sent_end=sent.end_char,
                                speaker=subject.speaker,
                                target=target,
                                position_text=quote,
                                confidence=CONFIDENCE.get(subject.how, 0.5) * (0.8 if subject is speaker else 1.0),
                                event_date=date.date if date else None,
                                date_precision=date.precision if date else None,
                                negated=negated,
                            )
                        )
                if subject.how != "pronoun":
                    state.last_speaker[paragraph] = subject.actors[0]
            if speaker is not None and speaker.how != "pronoun":
                state.last_speaker[paragraph] = speaker.actors[0]
        return claims

    def _set_against(self, doc: Doc, issues: list[str], issue_spans: list[Span], start: int, end: int) -> bool:
        """Whether the act's issue is named as what is not wanted: "less invasive options than an invasion"."""
        span = next((s for s in issue_spans if start <= s.start < end and issues and s.label_ == issues[0]), None)
        if span is None:
            return False
        first = min(span.start, span.root.left_edge.i) if doc.has_annotation("DEP") else span.start
        before = [t.lower_ for t in doc[max(start, first - 3) : span.start]]  # "than a full-scale ground invasion"
        return any(before[i : i + len(cue)] == cue for cue in self.alternatives for i in range(len(before)))

    def _pledges(self, trigger: Span) -> bool:
        """Whether a word of commitment is followed by a doing: "committed to restoring services"."""
        doc = trigger.doc
        return (trigger[0].lower_ in self.pledge_words and trigger.end < len(doc)
                and trigger[-1].lower_ == "to" and doc[trigger.end].tag_ == "VBG")

    def _for_actors(self, trigger: Span, state: DocState, issue_spans: list[Span]) -> bool:
        """Whether a noun of support or opposition is for actors and names no issue: "support for both sides"."""
        noun = trigger[-1]
        if trigger.label_ not in ("SUPPORT", "OPPOSE") or noun.pos_ != "NOUN":
            return False
        objects = [c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("for", "of", "to")]
        if not objects:
            return False
        heads = [c for prep in objects for c in prep.children if c.dep_ == "pobj"]
        named = bool(heads) and all(state.by_token.get(h.i) is not None and state.by_token[h.i].is_actor for h in heads)
        tokens = {i for prep in objects for i in range(prep.i + 1, prep.right_edge.i + 1)}
        return named and not any(span.start in tokens for span in issue_spans)

    def _accuses(self, speaker: Subject, own: Optional[Subject], trigger: Span, state: DocState) -> bool:
        """Whether a party reports that another party refused: that is its accusation, not a report."""
        if own is None or own.how in ("pronoun", "adjective") or not own.actors or trigger.label_ not in self.refusals:
            return False
        index = self.attributor.index
        sides = {index.speaks_for(actor, state.day) or actor for actor in speaker.actors}
        others = {index.speaks_for(actor, state.day) or actor for actor in own.actors}
        roles = {getattr(index.get(actor), "role", None) for actor in sides | others}
        return not sides & others and roles == {"party"}

    def _as_mediator(self, who: Subject, state: DocState) -> Optional[Subject]:
        """The mediators ``who`` stands for, when every one is a mediator (a person, through an office held):
        who "the mediators" are in a mediator's mouth, and whether a meeting is mediation."""
        index = self.attributor.index
        entities = [index.speaks_for(actor, state.day) or actor for actor in who.actors]
        if all(getattr(index.get(entity), "role", None) == "mediator" for entity in entities):
            return Subject(list(dict.fromkeys(entities)), who.how)
        return None

    def _obligation(self, trigger: Span) -> bool:
        """Whether the act is a word of obligation: "must", "should", "has to", "need to"."""
        first = trigger[0].lower_
        return first in self.obligation_modals or (
            len(trigger) > 1 and trigger[1].lower_ == "to" and first in self.obligation_verbs)

    def _hands_a_text(self, trigger: Span, end: int) -> bool:
        """Whether what is handed over right after ``trigger`` is a text: "delivered its reply"."""
        return any(t.lower_ in self.phrases.document_nouns for t in trigger.doc[trigger.end : min(end, trigger.end + NEAR_OBJECT)])

    def _announcer(self, speaker: Subject, own: Optional[Subject], trigger: Span) -> bool:
        """Whether a named speaker outside the talks reports what named parties did.

        Only a deed told with a verb counts ("have agreed on", "sent a delegation"): a refusal or a
        judgement told by an outsider is the outsider's criticism ("Hamas had refused even a short deal").
        """
        if own is None or own.how != "named" or not own.actors:
            return False
        if trigger.label_ not in self.announced_acts or trigger[0].pos_ not in ("VERB", "AUX"):
            return False
        index = self.attributor.index
        roles = {getattr(index.get(a), "role", None) for a in speaker.actors}
        return roles <= ANNOUNCER_ROLES and all(getattr(index.get(a), "role", None) == "party" for a in own.actors)

    def _to_both_sides(self, doc: Doc, state: DocState, actors: list[str], start: int, end: int) -> bool:
        """Whether mediators address both parties after the act: "urged Arland and Borvia", "called on both sides"."""
        mediators = set(self.attributor.index.mediators) | {self.attributor.generic_mediators}
        if not set(actors) <= mediators:
            return False
        window = min(end, start + NEAR_OBJECT + 2)
        lowers = " ".join(t.lower_ for t in doc[start:window])
        if any(f" {phrase} " in f" {lowers} " for phrase in self.both_sides):
            return True
        addressed = {m.actor for m in state.mentions_in(start, window) if m.is_actor} - mediators
        return len(addressed) >= 2

    def _restated(self, doc: Doc, clause_start: int, start: int) -> bool:
        return any(doc[i].lower_ in self.restating for i in range(max(clause_start, start - 3), start))

    def _conditional(
        self, doc: Doc, act: str, issues: list[str], issue_spans: list[Span], trigger: Span, end: int
    ) -> tuple[str, list[str]]:
        """A refusal "unless" or "until" something happens demands it ("will not talk unless troops withdraw"),
        and so does an assent "only if" it happens."""
        threat = act in self.threat_acts
        if act in self.assent_acts:
            # "would consider the step only if Iran reciprocates": what it is made to hang on is demanded.
            cues = self.strict_conditions
            cue = next((i for i in range(trigger.end, end) if doc[i].lower_ == "if" and doc[i - 1].lower_ in cues), None)
        elif act in self.conditioned_acts or threat:
            cues = self.threat_conditions if threat else self.conditions
            cue = next((i for i in range(trigger.end, end) if doc[i].lower_ in cues), None)
        else:
            return act, issues
        if cue is None:
            return act, issues
        after = [s.label_ for s in issue_spans if cue < s.start < end and s.label_ not in self.generic_issues]
        # A threat is about what it is conditioned on: "cut arms supplies if aid is not let in" is about aid.
        return act if threat else "DEMAND", self.issue_finder.most_specific(after[:1]) or issues

    def _warning(
        self, act: str, issues: list[str], trigger: Span, subject: Subject, state: DocState, issue_spans: list[Span]
    ) -> tuple[str, list[str]]:
        """A warning threatens only when the speaker's own side would do the harm.

        "Warned that without a truce the region would burn" supports the truce; "warned that the
        offensive endangered the talks" opposes the offensive; "warned it would walk out" and "warned
        the offensive would kill the talks" threaten: a harm foretold may be the speaker's doing.
        """
        verb = trigger[0]
        if act not in self.threat_acts or verb.lower_ not in self.warning_verbs or verb.pos_ != "VERB":
            return act, issues
        content = next((c for c in verb.children if c.dep_ == "ccomp"), None)
        if content is None:
            return act, issues
        for token in content.subtree:
            if token.lower_ in self.warning_support and token.dep_ == "prep":
                named = [s.label_ for s in issue_spans if token.i < s.start <= token.right_edge.i]
                if named:
                    return "SUPPORT", self.issue_finder.most_specific(named[:1])
        if passive(content) or any(c.dep_ == "aux" and c.lower_ in self.foretelling for c in content.children):
            return act, issues  # "would be resisted", "would kill the talks": a harm foretold is a threat
        doer = self.attributor.subject_of(content, state)
        if doer is None or doer.how == "pronoun":
            return act, issues
        index, day = self.attributor.index, state.day
        own = set(subject.actors) | {index.speaks_for(actor, day) for actor in subject.actors}
        return (act, issues) if own & set(doer.actors) else ("OPPOSE", issues)

    def _governed(self, trigger: Span, triggers: list[Span]) -> bool:
        """Whether an earlier act governs this one: "urged Hamas to accept" is a demand, not an acceptance,
        and so is "the need for Hamas to show seriousness by reconsidering its refusal".

        The act's heads are climbed up to the sentence root; an act coordinated with another act
        ("demanded X and rejected Y") is its own. A held position governs only its noun's content
        ("the insistence that troops remain"): "would continue to work" is work.
        """
        node = trigger[0]
        for _ in range(GOVERNING_DEPTH):
            if node.head.i == node.i:
                return False
            if node.dep_ == "conj" and any(other.start <= node.head.i < other.end for other in triggers):
                return False
            content = node.dep_ in ("acl", "relcl") and node.head.pos_ == "NOUN"  # "the demand that aid flow"
            via_clause = node.dep_ in ("xcomp", "ccomp") or content
            node = node.head
            # The governing act comes first ("urged X to accept"); a later one is a misparse, not a governor.
            for other in triggers:
                if other.start <= node.i < other.end and other.end <= trigger.start and other is not trigger:
                    if other.label_ in CONTENT_ACTS:
                        return content
                    return other.label_ in GOVERNING_ACTS and (via_clause or other.label_ == "DEMAND")
        return False

    def _note_subject(self, sent: Span, state: DocState, paragraph: int) -> None:
        """A sentence that opens with a name makes it the one a later "he" or "they" refers to."""
        first = next((m for m in state.mentions if sent.start <= m.start < sent.start + 4 and m.is_actor), None)
        if first is not None and first.kind != "adjective":
            state.last_speaker[paragraph] = first.actor

    def _negated(self, doc: Doc, clause_start: int, start: int, trigger: Span) -> bool:
        if any(t.lower_ in self.negations for t in trigger):
            return False  # the phrase itself is negative ("refuse to withdraw", "not shift")
        if any(self.phrases.denies_report(doc, i) for i in range(max(clause_start, start - 4), start)):
            return True  # "denied reports of backing away": the act is denied
        return any(doc[i].lower_ in self.negations for i in range(max(clause_start, start - 3), start))

    def _target(self, state: DocState, start: int, end: int, actors: list[str]) -> Optional[str]:
        found = [
            m for m in state.mentions_in(start, end)
            if m.is_actor and m.actor not in actors
            # places are where things happen, not whom they are aimed at
            and not (m.kind == "candidate" and m.label not in ("PERSON", "ORG"))
        ]
        if not found:
            return None
        # "U.S. Secretary of Defense Lloyd Austin": the person the title belongs to.
        person = next((m for m in found[1:3] if m.start - found[0].end <= TITLE_GAP and self.attributor.is_person(m)), None)
        return (person or found[0]).actor


def _owned(trigger: Span) -> bool:
    """Whether the act is a noun with a possessor: "Israel's goal is to", "Hamas's demand for"."""
    head = trigger[0]
    return head.pos_ == "NOUN" and any(child.dep_ == "poss" for child in head.children)


def reported(doc: Doc, verb: int, trigger: Span) -> bool:
    """Whether an act is part of what the reporting verb at ``verb`` reports.

    Either the parse says the verb governs the act, or no clause break lies between them.
    """
    if trigger.start <= verb < trigger.end:
        return True
    if doc.has_annotation("DEP") and any(ancestor.i == verb for ancestor in trigger[0].ancestors):
        # "X backed the plan, while Y opposed it": a contrasted clause under the verb is not what X says.
        node = trigger[0]
        while node.i != verb:
            if any(child.dep_ == "mark" and child.lower_ in CONTRASTS for child in node.children):
                return False
            node = node.head
        return True
    if doc.has_annotation("DEP") and doc[verb].dep_ == "conj" and trigger.start < verb:
        # "X called it a mistake, and Y said ...": the clause before the "and" is X's own.
        first = doc[verb].head
        if first.i == trigger[0].i or any(ancestor.i == first.i for ancestor in trigger[0].ancestors):
            return False
    low, high = sorted((verb, trigger.start))
    return not any(t.lower_ in CLAUSE_BREAKS for t in doc[low:high])


def is_headline(sent: Span) -> bool:
    """Whether the first sentence is a headline: one line without closing punctuation."""
    text = sent.text.strip()
    first_line = text.split("\n", 1)[0].strip()
    return bool(first_line) and first_line[-1] not in ".!?\"\u201d" and len(first_line.split()) <= 25


def position_on(issue: Optional[IssueEntry], clause: str, negations: set[str]) -> Optional[float]:
    """The position on ``issue``'s scale whose anchor phrase the clause uses, flipped if negated.

    The longest matching phrase wins; None when the issue has no scale or no anchor matches.
    """
    if issue is None or issue.scale is None:
        return None
    text = clause.casefold()
    best: Optional[tuple[int, float, int]] = None  # (phrase length, position, offset)
    for anchor in issue.scale.anchors:
        for phrase in anchor.phrases:
            offset = text.find(phrase.casefold())
            if offset >= 0 and (best is None or len(phrase) > best[0]):
                best = (len(phrase), anchor.position, offset)
    if best is None:
        return None
    before = text[: best[2]].split()[-3:]
    return 100.0 - best[1] if any(word.strip(",.") in negations for word in before) else best[1]
