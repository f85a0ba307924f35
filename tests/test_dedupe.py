"""MinHash estimates Jaccard similarity; LSH bands bring near-duplicates together; hashes are stable."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np
import pytest

from parley.ingest import dedupe


def _words(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [f"w{rng.randint(0, 20000)}" for _ in range(n)]


def _jaccard(a: str, b: str, k: int = dedupe.SHINGLE) -> float:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.split()
        return set(zip(*[words[i:] for i in range(k)]))

    sa, sb = shingles(a), shingles(b)
    return len(sa & sb) / len(sa | sb)


def _edited(words: list[str], changes: int, seed: int) -> str:
    rng = random.Random(seed)
    out = list(words)
    for i in rng.sample(range(len(out)), changes):
        out[i] = f"edit{i}"
    return " ".join(out)


@pytest.mark.parametrize("changes", [0, 5, 20, 60, 150])
def test_minhash_estimates_jaccard(changes):
    words = _words(800, seed=1)
    a, b = " ".join(words), _edited(words, changes, seed=changes)
    estimate = dedupe.similarity(dedupe.minhash(a), dedupe.minhash(b))
    # 128 permutations: standard error <= 0.045; allow three of them
    assert abs(estimate - _jaccard(a, b)) < 0.14


def test_unrelated_texts_are_not_similar():
    a, b = " ".join(_words(500, 1)), " ".join(_words(500, 2))
    assert dedupe.similarity(dedupe.minhash(a), dedupe.minhash(b)) < 0.1


def test_near_duplicates_share_a_band_and_unrelated_do_not():
    words = _words(600, seed=3)
    a, b = " ".join(words), _edited(words, 10, seed=4)
    assert set(enumerate(dedupe.bands(dedupe.minhash(a)))) & set(enumerate(dedupe.bands(dedupe.minhash(b))))
    c = " ".join(_words(600, seed=5))
    assert not set(enumerate(dedupe.bands(dedupe.minhash(a)))) & set(enumerate(dedupe.bands(dedupe.minhash(c))))


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("Talks resumed in Doha.", "talks   resumed in\nDoha.", True),
        ("Hamas’s “proposal” — new", "hamas's \"proposal\" - new", True),
        ("Talks resumed in Doha.", "Talks resumed in Cairo.", False),
    ],
)
def test_text_sha256_ignores_case_spacing_and_quotes(a, b, same):
    assert (dedupe.text_sha256(a) == dedupe.text_sha256(b)) is same


def test_signature_round_trips_through_bytes():
    sig = dedupe.minhash("one two three four five six seven")
    assert sig.dtype == np.uint32 and sig.shape == (dedupe.NUM_PERM,)
    assert np.array_equal(dedupe.from_bytes(dedupe.to_bytes(sig)), sig)


def test_signature_is_stable_across_processes():
    # str hashing is salted per process; stored signatures must not depend on it
    text = "mediators presented a revised text to both delegations on monday"
    code = (
        "from parley.ingest import dedupe;"
        f"print(dedupe.to_bytes(dedupe.minhash({text!r})).hex())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": "123"}).stdout.strip()
    assert other == dedupe.to_bytes(dedupe.minhash(text)).hex()


def test_empty_text_has_a_signature_that_matches_nothing_real():
    empty = dedupe.minhash("")
    assert dedupe.similarity(empty, dedupe.minhash("some words here and there")) == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "plain words and numbers 42 and 7th",
        "punctuation: a,b;c.d!e?f (g) [h] {i} 'j' \"k\" -l- /m/ n@o #p $q %r ^s &t *u +v =w <x> |y| ~z `end`",
        "snake_case words, __dunder__ and _lead trail_",
        "tabs\tnew\nlines\rvertical\x0bfeed\x0cspaces  double",
        "control\x01bytes\x1fin\x7fbetween",
        "",
        "   ",
        "non-ascii: café résumé naïve über 北京 مرحبا",
    ],
)
def test_split_words_matches_the_word_regex(text):
    assert dedupe.split_words(text) == re.findall(r"\w+", text)
