"""The extractor's word lists: the style rules of news English and the pack's lexicon.

Phrases are written in base form in YAML; :func:`expand` adds the regular
inflections of the first word so that "call for" also finds "called for".
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from parley.packs.loader import merge_lexicon
from parley.packs.schema import Lexicon, Pack

RULES_PATH = Path(__file__).with_name("rules.yaml")
GENERIC_LEXICON = Path(__file__).parents[1] / "packs" / "generic" / "lexicon.yaml"
VOWELS = set("aeiou")
# Verbs of more than one syllable stressed on the last, which double their final consonant.
STRESSED_LAST = {"regret", "commit", "submit", "admit", "permit", "omit", "transmit", "control", "patrol",
                 "compel", "expel", "refer", "prefer", "defer", "deter", "rebut", "equip", "acquit", "abet"}


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The style rules of ``rules.yaml`` (pronouns, titles, date words, ...)."""
    return yaml.safe_load(RULES_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def generic_lexicon() -> Lexicon:
    """The generic lexicon of the 15 acts, status signals, reporting verbs and outlets."""
    return Lexicon.model_validate(yaml.safe_load(GENERIC_LEXICON.read_text(encoding="utf-8")))


def merged_lexicon(pack: Pack) -> Lexicon:
    """The generic lexicon with the pack's own phrases added (never removed), whatever the pack extends."""
    return merge_lexicon(generic_lexicon(), pack.lexicon)


def inflections(word: str) -> set[str]:
    """Regular English inflections of ``word``: ``{"call", "calls", "called", "calling"}``."""
    forms = {word}
    if not word.isalpha() or len(word) < 3:
        return forms
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif word.endswith("y") and word[-2] not in VOWELS:
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif word.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {word + "es", word + "ed", word + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
        # Short verbs ending consonant-vowel-consonant double it (stop -> stopped), as do longer ones
        # stressed on that syllable (regret -> regretted).
        short = len(word) <= 4 and word[-1] not in VOWELS | {"w", "x", "y"} and word[-2] in VOWELS and word[-3] not in VOWELS
        if short or word in STRESSED_LAST:
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return forms


def expand(phrase: str) -> set[str]:
    """``phrase`` with every inflection of its first word, lower-cased."""
    words = phrase.lower().split()
    if not words:
        return set()
    return {" ".join([form, *words[1:]]) for form in inflections(words[0])}
