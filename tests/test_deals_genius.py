"""GENIUS XML domains and profiles: round trip, ANAC-style integer evaluations, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from parley.deals.domain import Domain
from parley.deals.genius import read_genius, write_genius
from parley.errors import ModelInputError

from fixtures_deals import domains

DOMAIN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<negotiation_template>
<utility_space number_of_issues="2">
<objective index="0" etype="objective" type="objective" description="" name="Party">
  <issue name="Food" index="1" etype="discrete" type="discrete" vtype="discrete">
    <item index="1" value="Chips"/><item index="2" value="Finger-Food"/><item index="3" value="Catering"/>
  </issue>
  <issue name="Music" index="2" etype="discrete" type="discrete" vtype="discrete">
    <item index="1" value="MP3"/><item index="2" value="Band"/>
  </issue>
</objective>
</utility_space>
</negotiation_template>
"""

PROFILE_XML = """<utility_space number_of_issues="2">
<objective index="0" etype="objective" type="objective" description="" name="Party">
  <issue index="1" etype="discrete" type="discrete" vtype="discrete" name="Food">
    <item index="1" value="Chips" evaluation="2"/><item index="2" value="Finger-Food" evaluation="4"/>
    <item index="3" value="Catering" evaluation="8"/>
  </issue>
  <issue index="2" etype="discrete" type="discrete" vtype="discrete" name="Music">
    <item index="1" value="MP3" evaluation="1"/><item index="2" value="Band" evaluation="0.5"/>
  </issue>
  <weight index="1" value="3"/>
  <weight index="2" value="1"/>
</objective>
<reservation value="0.25"/>
<discount_factor value="0.9"/>
</utility_space>
"""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(domains())
def test_round_trip(tmp_path: Path, domain: Domain) -> None:
    folder = tmp_path / "scenario"
    for old in folder.glob("*.xml"):
        old.unlink()
    write_genius(domain, folder)
    back = read_genius(folder)
    # Parties come back in file-name order.
    assert back == domain.permuted(sorted(range(len(domain.parties)), key=lambda i: domain.parties[i].name))


def test_anac_style_profile_is_normalised(tmp_path: Path) -> None:
    (tmp_path / "party_domain.xml").write_text(DOMAIN_XML)
    (tmp_path / "party1.xml").write_text(PROFILE_XML)
    domain = read_genius(tmp_path)
    (party,) = domain.parties
    assert party.name == "party1"
    assert domain.issues[0].values == ("Chips", "Finger-Food", "Catering")
    assert party.weights == {"Food": 0.75, "Music": 0.25}
    assert party.utilities["Food"] == {"Chips": 0.25, "Finger-Food": 0.5, "Catering": 1.0}
    assert party.utilities["Music"] == {"MP3": 1.0, "Band": 0.5}  # within [0, 1]: read as given
    assert party.reservation == 0.25


@pytest.mark.parametrize(
    ("files", "err_msg"),
    [
        ({"party1.xml": PROFILE_XML}, r"E352.*has 0 domain file\(s\) and 1 profile\(s\)"),
        ({"d.xml": DOMAIN_XML}, r"E352.*has 1 domain file\(s\) and 0 profile\(s\)"),
        ({"d.xml": DOMAIN_XML, "p.xml": "<utility_space"}, r"E353.*p.xml: cannot be read as XML"),
        ({"d.xml": DOMAIN_XML.replace('type="discrete" vtype="discrete">\n    <item index="1" value="MP3"',
                                      'type="integer" vtype="integer">\n    <item index="1" value="MP3"'),
          "p.xml": PROFILE_XML}, r"E353.*issue 'Music' is not discrete"),
        ({"d.xml": DOMAIN_XML, "p.xml": PROFILE_XML.replace('name="Music"', 'name="Drinks"')},
         r"E353.*names an issue the domain file does not have. Got 'Drinks'"),
        ({"d.xml": DOMAIN_XML, "p.xml": PROFILE_XML.replace('value="3"', 'value="x"')},
         r"E353.*<weight> needs a numeric 'value' attribute"),
        ({"d.xml": DOMAIN_XML, "p.xml": PROFILE_XML.replace('<reservation value="0.25"/>',
                                                            '<reservation value="2"/>')},
         r"E351.*reservation must be a number from 0 to 1"),
    ],
)
def test_invalid_genius_folders(tmp_path: Path, files: dict[str, str], err_msg: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ModelInputError, match=err_msg):
        read_genius(tmp_path)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelInputError, match=r"E352.*is not a folder"):
        read_genius(tmp_path / "nope")
