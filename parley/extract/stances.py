"""Stance acts, issues and positions: the claims of a report.

An act is a lexicon phrase (the 15 acts of the annotation guide); its actor is
the subject of the phrase, else the sentence's speaker; its issue is the most
specific pack issue named in the same clause (a child over its parent), else
the act's default issue; its position comes from the issue scale's anchors.
A negation before the act flips it ("did not accept" is a rejection).
An evaluative judgement ("would be a mistake", "a positive step", "the onus
is on") decides the act of its clause over the verbs inside what it judges,
and a stance on a whole text or offer ("accepted the proposal") is about the
overall deal unless the phrase names a narrower issue.
"""

from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from parley.extract.attribution import (
    CLAUSE_BREAKS,
    NOBODY,
    Attributor,
    DocState,
    Subject,
    phrase_matcher,
)
from parley.extract.dates import DateMention
from parley.extract.issues import IssueFinder
from parley.extract.quotes import clause_of, item_window, quote_window, span_text
from parley.extract.results import ClaimOut
from parley.extract.vocab import expand, merged_lexicon, rules
from parley.packs.schema import IssueEntry, Pack

MAX_ISSUES = 5  # issues one act can carry: "press for a ceasefire, aid and the release of hostages"
LIST_GAP = 6  # tokens between two items of a list: ", the release of all" detainees
NOUN_ENDINGS = ("tion", "sion", "ment", "ive", "tum", "ator", "ators")
GOVERNING_ACTS = {"DEMAND", "THREATEN", "PROPOSE", "OPPOSE", "SUPPORT", "REJECT"}
CONTENT_ACTS = {"INSIST"}  # acts that govern only the content clause of their noun
NEAR_OBJECT = 5
LIST_DEPS = ("conj", "appos")
ITEM_DEPTH = 3  # heads climbed from an issue to the list item it names: "the resumption of aid deliveries"
GOVERNING_DEPTH = 8  # heads climbed from an act to the act that governs it
TITLE_GAP = 5  # tokens of title between an entity and the person holding it  # an issue this close after the act is its object, even "the deal"
ATTRIBUTIVE = ("amod", "acl", "compound", "prep", "pcomp")  # a word that describes a noun or introduces a phrase
POSSESSIVES = {"'s", "\u2019s", "'"}
CONTRASTS = {"while", "whereas", "although", "though"}
YIELD_GAP = 2  # tokens between an act phrase and the act it gives way to: "reiterated U.S. support"
ANNOUNCER_ROLES = {"mediator", "guarantor", "third_party"}  # speakers who report the parties' acts rather than take them
COPULAS = {"is", "was", "are", "were", "am", "be", "been", "being", "'s"}  # forms of "be": the lemmatizer is not loaded
ACTOR_LABELS = ("ACTOR", "ACTOR_ADJ", "PERSON", "ORG", "GPE", "NORP")
CONFIDENCE = {"named": 0.8, "source": 0.6, "adjective": 0.6, "title": 0.7, "mediators": 0.5, "pronoun": 0.5}


class StanceFinder:
    """Turns act phrases in a parsed report into claims."""

    def __init__(self, nlp, pack: Pack, attributor: Attributor, issues: IssueFinder) -> None:
        lexicon = merged_lexicon(pack)
        words = rules()
        self.acts = phrase_matcher(nlp, {act: {f for p in phrases for f in expand(p)} for act, phrases in lexicon.acts.items()})
        self.attributor = attributor
        self.issue_finder = issues
        self.negations = {w.casefold() for w in words["negations"]}
        self.negated_acts: dict[str, str] = words["negated_acts"]
        self.default_issues: dict[str, str] = words["default_issues"]
        self.determiners = {w.casefold() for w in words["determiners"]}
        self.generic_issues = set(words["generic_issues"])
        self.process_issues: dict[str, list[str]] = words["process_issues"]
        self.restating = {w.casefold() for w in words["restating"]}
        self.conditions = {w.casefold() for w in words["conditions"]}
        self.conditioned_acts = set(words["conditioned_acts"])
        self.threat_acts = set(words["threat_acts"])
        self.threat_conditions = {w.casefold() for w in words["threat_conditions"]}
        self.both_sides = [w.casefold() for w in words["both_sides"]]
        self.judgement_phrases = phrase_matcher(nlp, {act: set(p) for act, p in words["judgements"].items()})
        self.judged_keep = set(words["judged_keep"])
        self.document_nouns = {w.casefold() for w in words["document_nouns"]}
        self.document_acts = set(words["document_acts"])
        self.yields_to: dict[str, list[str]] = words["yields_to"]
        self.hypothetical_nouns = {w.casefold() for w in words["hypothetical_nouns"]}
        self.warning_verbs = {form for verb in words["warning_verbs"] for form in expand(verb)}
        self.warning_support = {w.casefold() for w in words["warning_support"]}
        self.foretelling = {w.casefold() for w in words["foretelling"]}
        self.alternatives = [w.casefold().split() for w in words["alternatives"]]
        self.alternative_acts = set(words["alternative_acts"])
        self.obligation_modals = {w.casefold() for w in words["obligation_modals"]}
        self.obligation_verbs = {w.casefold() for w in words["obligation_verbs"]}
        self.asking_verbs = {form for verb in words["asking_verbs"] for form in expand(verb)}
        self.continuations = {form for verb in words["continuations"] for form in expand(verb)}
        self.act_carriers = {form for verb in words["act_carriers"] for form in expand(verb)}
        self.process_words = {form for word in words["process_words"] for form in expand(word)}
        self.announced_acts = set(words["announced_acts"])
        self.handing_acts = set(words["handing_acts"])
        self.deeds = set(words["deeds"])
        self.source_participles = {w.casefold() for w in words["source_participles"]}
        self.predictions = {w.casefold() for w in words["predictions"]}
        self.denials = {form for verb in words["denials"] for form in expand(verb)} 
        self.report_nouns = {w.casefold() for w in words["report_nouns"]}

    def judgements(self, sent: Span) -> list[Span]:
        """Evaluative phrases of ``sent`` (label = the act they express), longest where they overlap."""
        doc = sent.doc
        spans = [Span(doc, s, e, label=m) for m, s, e in self.judgement_phrases(sent)]
        # One word must be said of something ("the offer was positive"), not describe it ("constructive talks").
        return [
            span for span in filter_spans(spans)
            if span[0].ent_type_ not in ACTOR_LABELS and not (len(span) == 1 and span[0].dep_ in ATTRIBUTIVE)
        ]

    def triggers(self, sent: Span, judged: Optional[list[Span]] = None) -> list[Span]:
        """Act phrases of ``sent`` that read as acts (label = act), longest where they overlap.

        A judgement in ``judged`` replaces the acts of its clause that it judges: those after it
        ("the onus is on X to accept") and the minor ones before it ("talks on an offensive would be
        a mistake"); a main stance verb before it stands ("rejected it, calling it a mistake").
        """
        doc = sent.doc
        spans = [Span(doc, s, e, label=m) for m, s, e in self.acts(sent)]  # offsets into the Doc
        starts = {span.start for span in spans}
        spans = [span for span in spans if not self._continues(span, starts)]
        acts = [span for span in filter_spans(spans) if self._is_act(span)]
        judging = []
        for judgement in judged or []:
            start, end = clause_of(sent, judgement)
            if any(start <= act.start < judgement.start and act.label_ in self.judged_keep for act in acts):
                continue  # the main verb already says it
            judging.append(judgement)
            acts = [act for act in acts if not (start <= act.start < end and self._judges(judgement, act))]
        ordered = sorted(filter_spans([*acts, *judging]), key=lambda s: s.start)
        # "agreed to send a delegation", "reiterated its support": the act agreed to or restated is what is done.
        return [span for span, following in zip(ordered, [*ordered[1:], None]) if not self._yields(span, following)]

    def _continues(self, span: Span, starts: set[int]) -> bool:
        """Whether ``span`` ends in a verb of going on whose verb starts another act: "would keep working",
        "would continue to work"."""
        doc = span.doc
        if span[-1].lower_ not in self.continuations or span.end >= len(doc):
            return False
        following = doc[span.end]
        if following.lower_ == "to" and span.end + 1 < len(doc):
            return doc[span.end + 1].pos_ == "VERB" and span.end + 1 in starts
        return following.tag_ == "VBG" and any(start in starts for start in (span.end - 1, span.end))

    def _yields(self, span: Span, following: Optional[Span]) -> bool:
        """Whether act phrase ``span`` gives way to the act right after it (a few modifiers between)."""
        if following is None or following.label_ not in self.yields_to.get(span.label_, ()):
            return False
        between = [t for t in span.doc[span.end : following.start] if t.lower_ not in ("help", "to")]  # "ready to help bridge"
        return len(between) <= YIELD_GAP and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in between)

    def _only_talked_of(self, token: Token) -> bool:
        """Whether an act is only talked of: the subject of a clause ("pushing for a truce may embolden
        them"), what a word of chance governs ("the chances of brokering a deal"), a clause that names a
        text ("the proposal it had accepted") or a source ("people briefed on the talks")."""
        if token.dep_ in ("csubj", "csubjpass"):
            return token.head.lower_ not in COPULAS  # "what Borvia wants is a truce" does say it
        if token.dep_ in ("relcl", "acl") and token.head.lower_ in self.document_nouns:
            return True  # "the proposal it had accepted", "its reply, delivered on Tuesday": a text named, no new act
        if token.lower_ in self.predictions and passive(token):
            return True  # "a delegation was expected in Cairo" foretells, it asks nothing
        if token.lower_ in self.source_participles and token.i > 0 and token.doc[token.i - 1].lower_ in self.attributor.source_nouns:
            return True  # "people briefed on the talks" is a source
        head = token.head
        if token.dep_ == "pcomp" and head.lower_ == "of":
            head = head.head
        elif token.dep_ != "acl":
            return False
        if head.dep_ == "pobj" and head.head.dep_ == "prep":
            head = head.head.head if head.head.head.lower_ in self.hypothetical_nouns else head  # "doubts about X's willingness to"
        return head.lower_ in self.hypothetical_nouns

    def _judges(self, judgement: Span, act: Span) -> bool:
        """Whether ``judgement`` judges ``act`` of its clause: a minor act before it or one that depends on it.

        With a parse, a later act is judged only when it hangs from the judgement or its copula
        ("the onus is on X to accept"), not when it is a new statement ("... a mistake and said it would quit").
        """
        if act.start < judgement.start - 1:
            return act.label_ not in self.judged_keep
        if not act.doc.has_annotation("DEP"):
            return True
        own = {t.i for t in judgement} | ({judgement.root.head.i} if judgement.root.head.lower_ in COPULAS else set())
        return any(ancestor.i in own for ancestor in act[0].ancestors) or act[0].i in own

    def _is_act(self, span: Span) -> bool:
        doc, first = span.doc, span[0]
        if self._denies_reports(doc, span.end - 1):
            return False  # denying a report rejects no offer: the act it denies decides
        if first.ent_type_ in ("ACTOR", "ACTOR_ADJ", "OUTLET", "PERSON", "ORG"):
            return False
        if doc.has_annotation("DEP") and self._only_talked_of(first):
            return False
        if len(span) > 1:
            return True
        if first.lower_ in self.asking_verbs:
            return doc.has_annotation("DEP") and any(child.dep_ == "xcomp" for child in first.children)
        if doc.has_annotation("DEP") and first.dep_ == "dobj" and first.head.lower_ in self.act_carriers:
            return True  # "reiterated its support": a verb that only carries the noun makes it an act
        if span.end < len(doc) and doc[span.end].lower_ == "that" and first.pos_ == "NOUN":
            return True  # a noun with its content: "the insistence that troops remain", "the demand that aid flow"
        if span.start > 0 and doc[span.start - 1].lower_ in self.determiners:
            return False  # "the release of hostages" names an issue, not an act
        if span.start > 1 and doc[span.start - 1].lower_ in POSSESSIVES and doc[span.start - 2].ent_type_ in ACTOR_LABELS:
            return True  # an act with its owner: "Borvia's demand for", "Arland's refusal to"
        if doc.has_annotation("POS") and first.pos_ in ("NOUN", "PROPN"):
            return first.lower_.endswith(NOUN_ENDINGS)
        return True

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
            judged = self.judgements(sent)
            triggers = self.triggers(sent, judged)
            if not triggers and speaker is None:
                self._note_subject(sent, state, paragraph)
            for previous, trigger in zip([None, *triggers], triggers):
                if self._governed(trigger, triggers):
                    continue
                if previous is not None and previous.end == trigger.start:
                    continue  # "offered to release", "no longer requires": the first phrase says what is done
                own = self.attributor.subject_of(trigger[0], state)
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
                elif trigger in judged and trigger[0].pos_ != "VERB":
                    subject = speaker or own  # "an offensive would be a mistake": what is judged is no actor
                else:
                    subject = own or speaker
                if subject is None or not subject.actors:
                    continue
                if self.attributor.generic_mediators in subject.actors and speaker is not None:
                    subject = self._mediator_speaking(speaker, state) or subject  # "the mediators", said by one of them
                clause_start, clause_end = clause_of(sent, trigger)
                negated = self._negated(doc, clause_start, trigger.start, trigger)
                act = self.negated_acts.get(trigger.label_, trigger.label_) if negated else trigger.label_
                if act == "DEMAND" and self._restated(doc, clause_start, trigger.start):
                    act = "INSIST"  # "still demands", "again called for": a held position
                if act in self.handing_acts and self._hands_a_text(trigger, clause_end):
                    act = "PROPOSE"  # "handed over two draft texts": a text handed over is put forward
                issues = self._issues(issue_spans, trigger, clause_start, clause_end, act)
                if not issues and trigger in judged and "overall_deal" in self.issue_finder.issues:
                    issues = ["overall_deal"]  # "the ball is in Washington's court": the deal as a whole
                earlier = [t for actor in subject.actors for t in taken.get((actor, clause_start), [])]
                if earlier and (not doc.has_annotation("DEP") or any(t.label_ == trigger.label_ for t in earlier)):
                    continue  # one act of a kind per actor and clause (one act without a parse): the main verb wins
                for actor in subject.actors:
                    taken.setdefault((actor, clause_start), []).append(trigger)
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

    def _mediator_speaking(self, speaker: Subject, state: DocState) -> Optional[Subject]:
        """The mediator a speaker stands for, when the speaker is one: who "the mediators" are in their mouth."""
        index = self.attributor.index
        entities = [index.speaks_for(actor, state.day) or actor for actor in speaker.actors]
        if all(getattr(index.get(entity), "role", None) == "mediator" for entity in entities):
            return Subject(list(dict.fromkeys(entities)), speaker.how)
        return None

    def _obligation(self, trigger: Span) -> bool:
        """Whether the act is a word of obligation: "must", "should", "has to", "need to"."""
        first = trigger[0].lower_
        return first in self.obligation_modals or (
            len(trigger) > 1 and trigger[1].lower_ == "to" and first in self.obligation_verbs)

    def _hands_a_text(self, trigger: Span, end: int) -> bool:
        """Whether what is handed over right after ``trigger`` is a text: "delivered its reply"."""
        return any(t.lower_ in self.document_nouns for t in trigger.doc[trigger.end : min(end, trigger.end + NEAR_OBJECT)])

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
        """A refusal "unless" or "until" something happens demands it: "will not talk unless troops withdraw"."""
        threat = act in self.threat_acts
        if act not in self.conditioned_acts and not threat:
            return act, issues
        cues = self.threat_conditions if threat else self.conditions
        cue = next((i for i in range(trigger.end, end) if doc[i].lower_ in cues), None)
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
        if any(self._denies_reports(doc, i) for i in range(max(clause_start, start - 4), start)):
            return True  # "denied reports of backing away": the act is denied
        return any(doc[i].lower_ in self.negations for i in range(max(clause_start, start - 3), start))

    def _denies_reports(self, doc: Doc, i: int) -> bool:
        """Whether token ``i`` denies what reports say: "denied reports of", "dismissed claims that"."""
        return doc[i].lower_ in self.denials and i + 1 < len(doc) and doc[i + 1].lower_ in self.report_nouns

    def _issues(self, issue_spans: list[Span], trigger: Span, start: int, end: int, act: str) -> list[str]:
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


def _owned(trigger: Span) -> bool:
    """Whether the act is a noun with a possessor: "Israel's goal is to", "Hamas's demand for"."""
    head = trigger[0]
    return head.pos_ == "NOUN" and any(child.dep_ == "poss" for child in head.children)


def passive(token: Token) -> bool:
    """Whether ``token`` is a passive verb ("would not be handed over"): its subject undergoes the act."""
    return any(child.dep_ in ("nsubjpass", "auxpass") for child in token.children)


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
