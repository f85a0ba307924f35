"""``parley packs new``: a commented pack skeleton that loads as it is."""

from __future__ import annotations

import re
from pathlib import Path

from parley.errors import Errors, PackError

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

PACK_YAML = """\
# The pack's name and what it covers. It extends the generic pack, which holds
# every issue of the annotation guide and the phrase lexicon; set extends: null
# to start from nothing.
name: {name}
description: ""
extends: generic
"""

ACTORS_YAML = """\
# The actors of this negotiation under canonical names. An actor with the name
# of a generic actor replaces it.
#   type: state | armed_group | government_body | igo | person | faction
#   role: party | mediator | guarantor | third_party | faction | other
# Example:
#   - name: Ruritania
#     type: state
#     role: party
#     affiliation: Ruritania
#     aliases: [Ruritanian government]
#     adjectives: [Ruritanian officials, Ruritanian]
#     capability: 0.6            # 0-1, relative power for the models
#   - name: Rudolf Rassendyll
#     type: person
#     role: party
#     offices:                   # who the person speaks for, and when
#       - {{title: Prime Minister, entity: Ruritania, start: 2024-01-01, end: null}}
actors: []
"""

ISSUES_YAML = """\
# Issues: ids from the annotation guide (or new ones with a label). Set only
# the fields you change; keywords are added to the generic pack's.
# Example:
#   - id: troop_withdrawal
#     keywords: [leave the border villages]
#     scale:
#       low: full withdrawal
#       high: permanent control
#       anchors:
#         - {{position: 0, label: full withdrawal, phrases: [withdraw completely]}}
#         - {{position: 100, label: permanent control, phrases: [stay indefinitely]}}
#       status_quo: 80
issues: []
"""

LEXICON_YAML = """\
# Phrases added to the generic lexicon.
#   acts: DEMAND, INSIST, PROPOSE, OFFER, ACCEPT, REJECT, SUPPORT, OPPOSE, CONCEDE,
#         CONSIDER, CONSULT, MEDIATE, THREATEN, SUSPEND, IMPLEMENT
#   signals: progress, stalled, breakthrough, collapse, none
# Example:
#   acts:
#     DEMAND: [insists on getting]
#   outlets: [Ruritanian Herald]   # cited as sources, never actors
acts: {{}}
signals: {{}}
reporting_verbs: []
outlets: []
"""

OUTCOMES_YAML = """\
# Recorded outcomes per issue (0-100 on the issue's scale), for backtests.
# Example:
#   - issue: troop_withdrawal
#     position: 30
#     date: 2025-01-19
#     note: Forces left the towns in the first phase; where this is recorded.
outcomes: []
"""

FILES = {
    "pack.yaml": PACK_YAML,
    "actors.yaml": ACTORS_YAML,
    "issues.yaml": ISSUES_YAML,
    "lexicon.yaml": LEXICON_YAML,
    "outcomes.yaml": OUTCOMES_YAML,
}


def new_pack(name: str, directory: str | Path = "packs") -> Path:
    """Write a commented skeleton pack ``directory/name`` and return its folder.

    The skeleton extends ``generic`` and validates as it is.

    Raises
    ------
    PackError
        When the name is not a plain folder name or the folder exists.
    """
    if not NAME_PATTERN.match(name):
        raise PackError(Errors.E258.format(name=name))
    folder = Path(directory) / name
    if folder.exists():
        raise PackError(Errors.E257.format(path=folder))
    folder.mkdir(parents=True)
    for file, template in FILES.items():
        (folder / file).write_text(template.format(name=name), encoding="utf-8")
    return folder
