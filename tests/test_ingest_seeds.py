"""The five shared seed reports ingest with their noise removed and every body sentence kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parley.ingest import get_report, ingest, list_reports

# seed id prefix -> which non-empty lines of the raw file are noise (by rule kind, never by content copied here)
NOISE = {
    "000": lambda lines: [],
    "001": lambda lines: [line for line in lines if line.strip() == "Expanded Coverage:"],  # link-list heading
    "002": lambda lines: [lines[-1]],  # a reader's comment appended after the article
    "003": lambda lines: [],
    "004": lambda lines: [line for line in lines if line.strip() == "Advertisment"],
}
_SENTENCE_SPLIT = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z“\"])")


def _seed(seeds_dir: Path, prefix: str) -> Path:
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


@pytest.fixture
def seeded(store, seeds_dir):
    result = ingest(store, [str(seeds_dir)])
    assert result.to_dict() == {"stored": 5, "duplicates": 0, "near_duplicates": 0, "rejected": []}
    return store


@pytest.mark.parametrize("prefix", sorted(NOISE))
def test_seed_noise_removed_and_body_kept(seeded, seeds_dir, prefix):
    path = _seed(seeds_dir, prefix)
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    noise = NOISE[prefix](lines)
    assert len(noise) == {"000": 0, "001": 1, "002": 1, "003": 0, "004": 2}[prefix]
    text = get_report(seeded, path.stem)["text"]
    for line in noise:
        assert line not in text.splitlines()
    body = [line for line in lines if line not in noise]
    sentences = [s for line in body for s in _SENTENCE_SPLIT.split(line)]
    assert sentences
    missing = [s for s in sentences if s not in text]
    assert missing == []


def test_seed_ids_are_file_stems_and_language_is_english(seeded, seeds_dir):
    rows = list_reports(seeded)
    assert [row["id"] for row in rows] == sorted(p.stem for p in seeds_dir.glob("*.txt"))
    assert {get_report(seeded, row["id"])["language"] for row in rows} == {"en"}


def test_seeds_are_not_near_duplicates_of_each_other(seeded):
    assert all(row["duplicate_of"] is None for row in list_reports(seeded))
