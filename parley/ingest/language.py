"""A cheap language guess: the share of common function words, or the script for non-Latin text."""

from __future__ import annotations

import re
from collections import Counter

# Short function-word lists; enough to tell the languages of news wires apart.
STOPWORDS = {
    "en": "the of and to in a is that for on with as by was it at from are be has have said will".split(),
    "fr": "le la les de des et à un une du en que qui est pour dans sur par au pas ont".split(),
    "de": "der die das und zu den von mit ist im für auf nicht ein eine sich dem des sie".split(),
    "es": "el la los las de y en que un una por con para del se es al su no".split(),
    "it": "il di che e la per un una in del della è non con si sono alla le".split(),
    "pt": "o a os as de e que em um uma do da para com não por se no na".split(),
}
_SETS = {lang: set(words) for lang, words in STOPWORDS.items()}
SCRIPTS = {
    "ar": re.compile(r"[\u0600-\u06ff]"),
    "he": re.compile(r"[\u0590-\u05ff]"),
    "ru": re.compile(r"[\u0400-\u04ff]"),
}
_WORD = re.compile(r"[^\W\d_]+")
# For ASCII text the words are the runs of letters: splitting after mapping every
# other ASCII character to a space matches ``_WORD.findall`` several times faster.
_ASCII_NON_LETTER = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalpha()})
# A guess needs this share of function words and a clear lead over the runner-up.
MIN_RATIO = 0.12
MIN_LEAD = 2.0
SAMPLE_CHARS = 2000


def guess_language(text: str) -> str:
    """An ISO 639-1 code for ``text``, or ``"und"`` when the guess is unsure.

    >>> guess_language("The talks in Doha were described as constructive by the mediators.")
    'en'
    """
    sample = text[:SAMPLE_CHARS]
    lower = sample.lower()
    words = lower.translate(_ASCII_NON_LETTER).split() if lower.isascii() else _WORD.findall(lower)
    letters = len("".join(words))
    if letters == 0:
        return "und"
    if not sample.isascii():
        for lang, script in SCRIPTS.items():
            if len(script.findall(sample)) > letters / 2:
                return lang
    if len(words) < 5:
        return "und"
    counts = Counter(words)
    scores = sorted(((sum(counts[w] for w in s) / len(words), lang) for lang, s in _SETS.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if best >= MIN_RATIO and best >= MIN_LEAD * second:
        return lang
    return "und"
