"""The line-level cleaner for text that was already scraped from a news page.

Rules live in ``clean_rules.yaml``; this module only applies them. The cleaner
prefers precision: it drops whole lines that match a rule (never part of a
line) and never drops a line that reads like a paragraph of reporting through
a line rule, so the article body survives even when a rule is too greedy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

RULES_FILE = Path(__file__).with_name("clean_rules.yaml")

# Characters that frame a noise line ("- Advertisement -", "| Share |") without changing what it is.
_DECORATION = " \t-–—•*|·>»[]"
_BULLET = re.compile(r"^\s*([-*•·–]|\d{1,2}[.)])\s+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]{12,}’")
_CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
_FIRST_PERSON = re.compile(r"\b(I|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b")
_SECOND_PERSON = re.compile(r"\b(you|your|yours)\b", re.IGNORECASE)
# A paragraph of reporting this long is kept even after a heading that starts a link list.
_LINK_MAX_CHARS = 160
# A comment heading counts only after this much article text, so a menu entry at the top cannot empty the page.
_BODY_BEFORE_COMMENTS = 200


@dataclass(frozen=True)
class Rule:
    """One named pattern of one kind: drop_line, link_list or comment_block."""

    name: str
    kind: str
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    """Every rule of the cleaner, as read from the YAML file."""

    max_line_chars: int
    rules: tuple[Rule, ...]
    reader_comment: dict[str, Any]

    def first_match(self, kind: str, line: str) -> Optional[str]:
        """The name of the first rule of ``kind`` that matches the whole ``line``, or None.

        The rules of a kind are tried as one alternation, so a line costs one
        regex match however many rules there are.
        """
        combined = self._combined.get(kind)
        m = combined.fullmatch(line.strip(_DECORATION)) if combined is not None else None
        return self.rules[int(m.lastgroup[1:])].name if m else None

    @cached_property
    def _combined(self) -> dict[str, re.Pattern[str]]:
        patterns: dict[str, list[str]] = {}
        for i, rule in enumerate(self.rules):
            patterns.setdefault(rule.kind, []).append(f"(?P<r{i}>{rule.regex.pattern})")
        return {kind: re.compile("|".join(parts), re.IGNORECASE) for kind, parts in patterns.items()}


@dataclass
class Cleaned:
    """The cleaned text and the lines removed, each with the rule that removed it."""

    text: str
    removed: list[tuple[str, str]] = field(default_factory=list)

    def removed_by(self, rule: str) -> list[str]:
        """The lines ``rule`` removed."""
        return [line for name, line in self.removed if name == rule]


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_FILE) -> Rules:
    """Read and compile the cleaning rules from ``path``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    rules = [
        Rule(entry["name"], kind, re.compile(entry["pattern"], re.IGNORECASE))
        for kind in ("drop_line", "link_list", "comment_block")
        for entry in data.get(kind, [])
    ]
    return Rules(int(data["max_line_chars"]), tuple(rules), dict(data["reader_comment"]))


def _is_link_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > _LINK_MAX_CHARS:
        return False
    return bool(_BULLET.match(stripped)) or not _SENTENCE_END.search(stripped)


def reader_comment_score(paragraph: str, article: str, settings: dict[str, Any]) -> int:
    """Points for a paragraph reading like a reader's comment rather than reporting.

    Quoted speech is removed first; an all-caps word counts as shouting only if
    the rest of ``article`` never uses it in caps (so acronyms such as IDF do not).
    """
    own = _QUOTED.sub(" ", paragraph)
    caps = _CAPS_WORD.findall(own)
    elsewhere = set(_CAPS_WORD.findall(article.replace(paragraph, " "))) if caps else set()
    counts = {
        "exclamations": own.count("!"),
        "shouting": sum(1 for w in caps if w not in elsewhere),
        "first_person": len(_FIRST_PERSON.findall(own)),
        "questions": own.count("?"),
        "second_person": len(_SECOND_PERSON.findall(own)),
    }
    score = 0
    for feature, count in counts.items():
        rule = settings.get(feature)
        if rule and count >= rule["at_least"]:
            score += rule["points"]
    return score


def _drop_comment_block(lines: list[str], rules: Rules, removed: list[tuple[str, str]]) -> list[str]:
    body_chars = 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped and body_chars >= _BODY_BEFORE_COMMENTS and len(stripped) <= rules.max_line_chars:
            name = rules.first_match("comment_block", stripped)
            if name is not None:
                removed.extend((name, x.strip()) for x in lines[i:] if x.strip())
                return lines[:i]
        body_chars += len(stripped)
    return lines


def _drop_link_lists(lines: list[str], rules: Rules, removed: list[tuple[str, str]]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        short = stripped and len(stripped) <= rules.max_line_chars
        name = rules.first_match("link_list", stripped) if short else None
        if name is None:
            kept.append(lines[i])
            i += 1
            continue
        removed.append((name, stripped))
        i += 1
        while i < len(lines) and (not lines[i].strip() or _is_link_line(lines[i])):
            if lines[i].strip():
                removed.append((name, lines[i].strip()))
            i += 1
    return kept


def _drop_lines(lines: list[str], rules: Rules, removed: list[tuple[str, str]]) -> list[str]:
    kept = []
    for line in lines:
        stripped = line.strip()
        name = None
        if stripped and len(stripped) <= rules.max_line_chars:
            name = rules.first_match("drop_line", stripped)
        if name is None:
            kept.append(line)
        else:
            removed.append((name, stripped))
    return kept


def _drop_trailing_comments(lines: list[str], rules: Rules, removed: list[tuple[str, str]]) -> list[str]:
    settings = rules.reader_comment
    while True:
        content = [i for i, line in enumerate(lines) if line.strip()]
        if len(content) < 2:  # never empty a report down to nothing
            return lines
        last = content[-1]
        paragraph = lines[last].strip()
        article = "\n".join(lines)
        if reader_comment_score(paragraph, article, settings) < settings["threshold"]:
            return lines
        removed.append(("reader_comment", paragraph))
        lines = lines[:last]


def clean_text(text: str, rules: Rules | None = None) -> Cleaned:
    """Remove noise lines from scraped article ``text``.

    Order matters: the reader comments appended after the article go first,
    then link-list blocks, then single noise lines, then a trailing paragraph
    that reads like a reader's comment. Runs of blank lines collapse to one.
    """
    rules = rules or load_rules()
    removed: list[tuple[str, str]] = []
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = _drop_comment_block(lines, rules, removed)
    lines = _drop_link_lists(lines, rules, removed)
    lines = _drop_lines(lines, rules, removed)
    lines = _drop_trailing_comments(lines, rules, removed)
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return Cleaned(cleaned, removed)
