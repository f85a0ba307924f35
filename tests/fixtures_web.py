"""A small synthetic negotiation for the report and dashboard tests, inserted as store rows.

Written for these tests (no sentence comes from a real report): eight actors,
four issues, one report per news day over four months, stances with positions that
move, two proposals with reactions, status signals and events. ``HOSTILE``
is markup that must come out escaped wherever report text is shown.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from parley.store.db import Store
from parley.store.models import (
    Actor,
    Claim,
    Event,
    Mention,
    Proposal,
    ProposalReaction,
    Report,
    StatusSignal,
)

HOSTILE = '<script>alert("x")</script><img src=x onerror="alert(1)"><a href="javascript:alert(2)">go</a>'
START = dt.date(2024, 5, 1)

ACTORS = [
    ("Israel", "state", "party", None),
    ("Hamas", "armed_group", "party", None),
    ("Qatar", "state", "mediator", None),
    ("Egypt", "state", "mediator", None),
    ("United States", "state", "mediator", None),
    ("Coalition hard-liners", "faction", "faction", "Israel / governing coalition"),
    ("Hostage families forum", "faction", "faction", "Israel / civil society"),
    ("Jordan", "state", "third_party", None),
]

# (day offset, actor, act, issue, position, quote): positions on the issue's 0-100 scale.
STANCES = [
    (0, "Israel", "INSIST", "ceasefire_permanence", 10, "the army will resume operations after any pause"),
    (0, "Hamas", "DEMAND", "ceasefire_permanence", 95, "only a permanent end to the war is acceptable"),
    (3, "Qatar", "MEDIATE", "ceasefire_permanence", 60, "mediators are shuttling between the delegations"),
    (5, "Egypt", "PROPOSE", "ceasefire_permanence", 55, "a phased truce could become lasting calm"),
    (8, "United States", "SUPPORT", "ceasefire_permanence", 50, "Washington backs a truce that can be extended"),
    (10, "Coalition hard-liners", "THREATEN", "ceasefire_permanence", 0, "ministers vow to quit the cabinet over any truce"),
    (12, "Hostage families forum", "DEMAND", "hostage_release", 95, "families urge a deal that frees everyone now"),
    (15, "Israel", "DEMAND", "hostage_release", 90, "negotiators want living captives freed in the first phase"),
    (15, "Hamas", "OFFER", "hostage_release", 40, "the group signals readiness to free some captives"),
    (20, "Hamas", "DEMAND", "prisoner_release", 90, "the movement seeks hundreds of long-term detainees"),
    (20, "Israel", "OPPOSE", "prisoner_release", 20, "officials rule out freeing senior convicted militants"),
    (25, "Qatar", "MEDIATE", "prisoner_release", 55, "Doha floats a ratio for the exchange"),
    (30, "Israel", "INSIST", "philadelphi_corridor", 5, "troops must stay along the border strip"),
    (30, "Hamas", "DEMAND", "philadelphi_corridor", 100, "every soldier must leave the border strip"),
    (32, "Egypt", "OPPOSE", "philadelphi_corridor", 80, "Cairo objects to forces remaining near its frontier"),
    (35, "United States", "PROPOSE", "philadelphi_corridor", 60, "a monitored pullback from populated areas is floated"),
    (45, "Israel", "CONCEDE", "ceasefire_permanence", 30, "the cabinet softens its line on a longer pause"),
    (48, "Hamas", "CONCEDE", "ceasefire_permanence", 80, "the group drops its demand for guarantees up front"),
    (50, "Jordan", "SUPPORT", "ceasefire_permanence", 70, "Amman welcomes the latest framework"),
    (55, "Israel", "CONCEDE", "hostage_release", 80, "a smaller first release is now acceptable to Israel"),
    (60, "Hamas", "OFFER", "hostage_release", 60, "a larger first release is on the table"),
    (62, "Coalition hard-liners", "OPPOSE", "prisoner_release", 0, "hard-liners denounce any release of prisoners"),
    (70, "Israel", "INSIST", "philadelphi_corridor", 10, "the prime minister repeats that the corridor stays held"),
    (75, "Hamas", "REJECT", "philadelphi_corridor", 100, "the movement refuses any troop presence on the border"),
    (80, "Qatar", "MEDIATE", "hostage_release", 70, "Qatari officials carry new wording to both sides"),
    (85, "Egypt", "MEDIATE", "philadelphi_corridor", 65, "Cairo suggests sensors instead of soldiers"),
    (90, "United States", "PROPOSE", "ceasefire_permanence", 60, "a bridging text is presented by Washington"),
    (95, "Israel", "ACCEPT", "ceasefire_permanence", 40, "Israel says it accepts the bridging text"),
    (100, "Hamas", "REJECT", "ceasefire_permanence", 90, "the group calls the bridging text a trap"),
    (105, "Hostage families forum", "DEMAND", "ceasefire_permanence", 85, "the families call for an end to the war"),
]

SIGNALS = [
    (3, "progress", "talks resumed in Doha", None, None),
    (18, "progress", "officials see movement on the exchange", "60% agreed", 0.6),
    (33, "stalled", "the corridor dispute blocks the talks", None, None),
    (50, "progress", "negotiators report a narrowing of gaps", "80% agreed", 0.8),
    (70, "stalled", "talks stall again over the border strip", None, None),
    (90, "breakthrough", "a bridging text is on the table", "90% agreed", 0.9),
    (100, "collapse", "the talks break down after the rejection", "close to zero", 0.05),
    (105, "stalled", "no new round is scheduled", None, None),
]

EVENTS = [
    (2, "delegations meet in Doha", "delegations gathered in the Qatari capital"),
    (44, "talks move to Cairo", "the next round convened in the Egyptian capital"),
    (89, "summit on the bridging text", "leaders met to discuss the new text"),
]


def _report(index: int, day: dt.date, text: str, **extra: object) -> Report:
    digest = hashlib.sha256(f"{index}:{text}".encode()).hexdigest()
    return Report(
        id=f"r{index:02d}",
        source=f"fixture/r{index:02d}.txt",
        source_kind="file",
        url=extra.get("url", f"https://news.example.org/{index}"),
        title=extra.get("title", f"Talks update {index}"),
        outlet=extra.get("outlet", "Example News"),
        published=day,
        date_precision="day",
        date_source="text",
        language="en",
        text=text,
        chars=len(text),
        raw_sha256=digest,
        text_sha256=digest,
    )


def populate(store: Store, *, hostile: bool = False) -> dict[str, list]:
    """Insert the synthetic negotiation into ``store``; ``hostile`` puts markup in every text field.

    Returns the ids of the inserted claims, proposals and reports.
    """
    mark = HOSTILE if hostile else ""
    ids: dict[str, list] = {"claims": [], "proposals": [], "reports": []}
    with store.session() as session:
        for name, kind, role, affiliation in ACTORS:
            session.add(Actor(name=name + mark, type=kind, role=role, affiliation=affiliation, from_pack=True))
        days = sorted({offset for offset, *_ in STANCES} | {offset for offset, *_ in SIGNALS})
        reports = {}
        for index, offset in enumerate(days):
            day = START + dt.timedelta(days=offset)
            text = f"Report of day {offset} on the ceasefire talks. {mark}"
            extra = {"title": f"Talks update {index}{mark}", "outlet": f"Example News{mark}"}
            if hostile:
                extra["url"] = "javascript:alert(3)"
            report = _report(index, day, text, **extra)
            session.add(report)
            reports[offset] = report
            ids["reports"].append(report.id)
        session.flush()
        for offset, actor, act, issue, position, quote in STANCES:
            report = reports[offset]
            claim = Claim(
                report_id=report.id,
                extractor_version="fixture",
                sent_start=0,
                sent_end=len(report.text),
                quote=quote + mark,
                actor=actor + mark,
                act=act,
                issue=issue,
                position_text=quote,
                position=float(position),
                confidence=0.8,
                event_date=report.published,
                date_precision="day",
            )
            session.add(claim)
            session.add(Mention(report_id=report.id, actor=actor + mark, extractor_version="fixture", role=None))
        session.flush()
        ids["claims"] = [c.id for c in session.query(Claim).order_by(Claim.id)]
        for offset, signal, evidence, probability, estimate in SIGNALS:
            session.add(
                StatusSignal(
                    report_id=reports[offset].id,
                    extractor_version="fixture",
                    signal=signal,
                    evidence=evidence + mark,
                    probability=probability,
                    estimate=estimate,
                    confidence="medium",
                    date=reports[offset].published,
                )
            )
        for offset, what, quote in EVENTS:
            report = reports[min(reports, key=lambda o: abs(o - offset))]
            session.add(
                Event(
                    report_id=report.id,
                    extractor_version="fixture",
                    date=START + dt.timedelta(days=offset),
                    date_precision="day",
                    what=what + mark,
                    quote=quote + mark,
                )
            )
        _proposals(session, reports, mark, ids)
    return ids


def _proposals(session, reports: dict[int, Report], mark: str, ids: dict[str, list]) -> None:
    claims = {(c.actor, c.event_date, c.issue): c.id for c in session.query(Claim)}
    plans = [
        (35, "Phased truce framework" + mark, ["United States", "Egypt"],
         {"ceasefire_permanence": "six weeks, talks on a lasting calm", "philadelphi_corridor": "monitored pullback"},
         {"ceasefire_permanence": 55.0, "philadelphi_corridor": 60.0},
         [("Israel", "CONSIDER", None), ("Hamas", "CONSIDER", None), ("Qatar", "SUPPORT", None)]),
        (90, "Bridging text" + mark, ["United States"],
         {"ceasefire_permanence": "extendable truce", "hostage_release": "larger first phase"},
         {"ceasefire_permanence": 60.0, "hostage_release": 70.0},
         [("Israel", "ACCEPT", (95, "ceasefire_permanence")), ("Hamas", "REJECT", (100, "ceasefire_permanence")),
          ("Coalition hard-liners", "OPPOSE", None)]),
    ]
    for offset, name, proposers, terms, positions, reactions in plans:
        report = reports[offset]
        proposal = Proposal(
            report_id=report.id,
            extractor_version="fixture",
            name=name,
            proposers=[p + mark for p in proposers],
            date=report.published,
            date_precision="day",
            terms=terms,
            positions=positions,
            quote=f"the plan was presented{mark}",
        )
        for actor, act, ref in reactions:
            claim_id = None
            if ref:
                claim_id = claims.get((actor + mark, START + dt.timedelta(days=ref[0]), ref[1]))
            proposal.reactions.append(
                ProposalReaction(actor=actor + mark, act=act, quote=f"{actor} reacted{mark}", claim_id=claim_id)
            )
        session.add(proposal)
        session.flush()
        ids["proposals"].append(proposal.id)
