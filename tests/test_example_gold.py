"""The example corpora and their gold annotation agree with each other and with the guide.

The reports are read straight from the files (never through Parley's ingest) so that
this check stays independent of the code it will later be used to score.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from parley.extract.record import read_records
from parley.packs.schema import ACTS, SIGNALS, ActorRole, ActorType

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
GUIDE = SHARED / "annotation-guide.md"
CORPORA = ["gaza-2024", "black-sea-grain", "sudan-jeddah-2023", "iran-nuclear-vienna-2021", "ethiopia-tigray-2022"]
# (corpus, first date, last date, minimum number of reports)
SPANS = [("gaza-2024", "2024-01-01", "2025-01-31", 24), ("black-sea-grain", "2022-01-01", "2023-12-31", 8), ("sudan-jeddah-2023", "2023-05-01", "2023-12-31", 10), ("iran-nuclear-vienna-2021", "2021-04-01", "2022-09-30", 10), ("ethiopia-tigray-2022", "2022-08-01", "2023-03-31", 10)]
# Wire re-edits and the report each one copies.
NEAR_DUPLICATES = [
    ("gaza-2024", "gz12-biden-pauses-bombs", "gz12-biden-pauses-bombs-cedar"),
    ("gaza-2024", "gz19-six-hostages-killed", "gz19-six-hostages-killed-nile"),
]
MAX_QUOTE_WORDS = 14  # the guide says "at most ~12 words"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def read_reports(folder: Path) -> dict[str, str]:
    """Every report of a corpus folder by id, as raw text with HTML entities unescaped."""
    reports: dict[str, str] = {}

    def add(report_id: str, text: str) -> None:
        assert report_id not in reports, f"report id {report_id!r} occurs twice in {folder.name}"
        reports[report_id] = html.unescape(text)

    for path in sorted(folder.iterdir()):
        if path.suffix in {".txt", ".html"}:
            add(path.stem, path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                add(record["id"], record.get("text") or record["html"])
        elif path.suffix == ".xml":
            for item in ET.parse(path).getroot().iter("item"):
                link = item.findtext("link", "").strip()
                body = " ".join(filter(None, [item.findtext("description"), item.findtext(CONTENT)]))
                add(Path(link.rstrip("/").rsplit("/", 1)[-1]).stem, body)
    return reports


def guide_issue_ids() -> set[str]:
    """The issue ids of the guide's table (the generic pack's copy when the guide is absent)."""
    if GUIDE.is_file():
        section = GUIDE.read_text(encoding="utf-8").split("## Issues", 1)[1].split("\n## ", 1)[0]
        return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))
    generic = yaml.safe_load((ROOT / "parley/packs/generic/issues.yaml").read_text(encoding="utf-8"))
    return {issue["id"] for issue in generic["issues"]}


def body_paragraphs(text: str) -> str:
    """The long lines of a report: its article paragraphs without headline, ads, links or crumbs."""
    return "\n".join(line for line in text.splitlines() if len(line.split()) >= 15)


def shingles(text: str, size: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request: pytest.FixtureRequest) -> tuple[str, dict[str, str], list[dict]]:
    folder = EXAMPLES / request.param
    gold = [json.loads(line) for line in (EXAMPLES / "gold" / f"{request.param}.jsonl").read_text(encoding="utf-8").splitlines() if line]
    return request.param, read_reports(folder), gold


def test_gold_ids_match_the_reports(corpus: tuple[str, dict[str, str], list[dict]]) -> None:
    name, reports, gold = corpus
    ids = [record["id"] for record in gold]
    assert ids == sorted(ids), f"{name}: gold records must be sorted by id"
    assert len(ids) == len(set(ids)), f"{name}: repeated gold ids"
    assert set(ids) - set(reports) == set(), f"{name}: gold ids without a report"
    assert set(reports) - set(ids) == set(), f"{name}: reports without a gold record"


@pytest.mark.parametrize("name", CORPORA)
def test_gold_file_parses_as_records(name: str) -> None:
    records = read_records(EXAMPLES / "gold" / f"{name}.jsonl")
    assert records and all(record.stances for record in records)


def test_quotes_and_evidence_are_verbatim(corpus: tuple[str, dict[str, str], list[dict]]) -> None:
    name, reports, gold = corpus
    for record in gold:
        text = reports[record["id"]]
        for stance in record["stances"]:
            assert stance["quote"] in text, f"{name}/{record['id']}: quote not in report: {stance['quote']!r}"
            assert len(stance["quote"].split()) <= MAX_QUOTE_WORDS, f"{record['id']}: quote too long"
        for field in ("evidence", "probability"):
            span = record["status"].get(field)
            assert span is None or span in text, f"{name}/{record['id']}: status {field} not in report: {span!r}"


def test_vocabulary_is_the_guides(corpus: tuple[str, dict[str, str], list[dict]]) -> None:
    name, _, gold = corpus
    issues, types, roles = guide_issue_ids(), set(ActorType.__args__), set(ActorRole.__args__)
    for record in gold:
        where = f"{name}/{record['id']}"
        for actor in record["actors"]:
            assert actor["type"] in types, f"{where}: type {actor['type']!r}"
            assert actor["role"] in roles, f"{where}: role {actor['role']!r}"
        assert set(record["issues"]) <= issues, f"{where}: unknown issues {set(record['issues']) - issues}"
        assert record["status"]["signal"] in SIGNALS, where
        for stance in record["stances"]:
            assert stance["act"] in ACTS, f"{where}: act {stance['act']!r}"
            assert stance["issue"] in issues, f"{where}: issue {stance['issue']!r}"
        for proposal in record["proposals"]:
            assert set(proposal["terms"]) <= issues, f"{where}: proposal terms {proposal['terms']}"
            assert {reaction["act"] for reaction in proposal["reactions"]} <= set(ACTS), where


def test_records_are_closed(corpus: tuple[str, dict[str, str], list[dict]]) -> None:
    """Every actor and issue used in a stance or proposal is listed in the record."""
    name, _, gold = corpus
    for record in gold:
        actors, issues = {actor["name"] for actor in record["actors"]}, set(record["issues"])
        used_actors = {stance["actor"] for stance in record["stances"]}
        used_issues = {stance["issue"] for stance in record["stances"]}
        for proposal in record["proposals"]:
            used_actors |= set(proposal["proposer"]) | {reaction["actor"] for reaction in proposal["reactions"]}
            used_issues |= set(proposal["terms"])
        assert used_actors <= actors, f"{name}/{record['id']}: unlisted actors {used_actors - actors}"
        assert used_issues <= issues, f"{name}/{record['id']}: unlisted issues {used_issues - issues}"


@pytest.mark.parametrize(("name", "first", "last", "minimum"), SPANS)
def test_corpus_spans_its_period(name: str, first: str, last: str, minimum: int) -> None:
    gold = [json.loads(line) for line in (EXAMPLES / "gold" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]
    dates = sorted(record["date"] for record in gold)
    assert len(gold) >= minimum
    assert first <= dates[0] and dates[-1] <= last
    if name == "gaza-2024":
        months = {date[:7] for date in dates}
        assert len(months) >= 12, f"reports cover only {sorted(months)}"


@pytest.mark.parametrize(("name", "original", "copy"), NEAR_DUPLICATES)
def test_wire_reedits_are_near_duplicates(name: str, original: str, copy: str) -> None:
    reports = read_reports(EXAMPLES / name)
    first, second = shingles(body_paragraphs(reports[original])), shingles(body_paragraphs(reports[copy]))
    assert reports[original] != reports[copy]
    assert len(first & second) / len(first | second) >= 0.8


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds is not available")
@pytest.mark.parametrize("name", CORPORA)
def test_no_sentence_of_the_seeds_is_copied(name: str) -> None:
    def runs(text: str) -> set[tuple[str, ...]]:
        return shingles(text, size=10)

    seed_runs = set().union(*(runs(path.read_text(encoding="utf-8")) for path in (SHARED / "seeds").glob("*.txt")))
    for report_id, text in read_reports(EXAMPLES / name).items():
        assert not runs(text) & seed_runs, f"{name}/{report_id} repeats ten words of a seed report"
