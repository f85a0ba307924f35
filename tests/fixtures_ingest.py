"""Generated news reports for ingest tests and the ingest benchmark.

Reports are made of template sentences with random actors, places, numbers
and words, so that two reports share few word shingles (as real reports do),
wrapped in the noise of real pages: navigation, ads, share buttons, link
lists and reader comments.
"""

from __future__ import annotations

import datetime as dt
import html
import random
from pathlib import Path

ACTORS = [
    "the mediators", "Egyptian officials", "the Qatari prime minister", "a senior Hamas official",
    "the Israeli negotiating team", "the US envoy", "the security cabinet", "the families' forum",
    "a UN spokesperson", "the Jordanian foreign minister", "two diplomats briefed on the talks",
    "the White House", "the Turkish foreign ministry", "a Palestinian Authority official",
]
VERBS = [
    "said", "warned", "insisted", "told reporters", "argued", "suggested", "confirmed", "denied",
    "signalled", "acknowledged", "stressed", "repeated",
]
TOPICS = [
    "a phased truce", "the release of detainees", "the withdrawal of forces", "aid deliveries",
    "the border crossing", "the corridor along the border", "the return of displaced families",
    "guarantees from the mediators", "reconstruction funding", "the sequencing of the exchange",
    "a monitoring mechanism", "the governance of the territory after the war",
]
PLACES = ["Doha", "Cairo", "Paris", "Washington", "Amman", "Riyadh", "Ankara", "Geneva", "Rome", "Abu Dhabi"]
FILLER = (
    "draft framework clause annex timetable deadline round meeting delegation proposal counterproposal "
    "paper response amendment wording obstacle gap compromise breakthrough setback pressure leverage "
    "assurance commitment phase stage weeks days hours ministers envoys negotiators officials sources "
    "analysts observers residents families hostages prisoners soldiers crossings trucks convoys supplies"
).split()


def sentence(rng: random.Random) -> str:
    """One sentence of reporting with random actors, topics, places and numbers."""
    words = " ".join(rng.sample(FILLER, 3))
    templates = [
        "{a} {v} that {t} remained the main obstacle after {n} hours of talks in {p} about the {w}.",
        "In {p}, {a} {v} that progress on {t} depended on the {w} and on {n} outstanding points.",
        "According to {a}, {t} was discussed for the {o} time in {p}, with the {w} still open.",
        "{a} {v} on day {n} that any deal on {t} would need the {w} agreed in {p} first.",
        "The {w} on {t} was handed to {a} in {p}, who {v} it covered {n} of the disputed items.",
    ]
    text = rng.choice(templates).format(
        a=rng.choice(ACTORS), v=rng.choice(VERBS), t=rng.choice(TOPICS), p=rng.choice(PLACES),
        n=rng.randint(2, 999), o=rng.choice(["second", "third", "fourth", "fifth"]), w=words,
    )
    return text[0].upper() + text[1:]


def article(rng: random.Random, paragraphs: int = 5, sentences: int = 3) -> list[str]:
    """Paragraphs of generated reporting."""
    return [" ".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs)]


def headline(rng: random.Random) -> str:
    """A headline without final punctuation."""
    return f"Talks on {rng.choice(TOPICS)} resume in {rng.choice(PLACES)} as {rng.choice(ACTORS)} weigh a new text"


def noisy_text(paragraphs: list[str], rng: random.Random, *, title: str | None = None) -> str:
    """Scraped text of a report: ads between paragraphs, a link list and a reader comment at the end."""
    lines = [title] if title else []
    for i, paragraph in enumerate(paragraphs):
        lines.append(paragraph)
        if i == 1:
            lines.append("Advertisement")
        if i == 2:
            lines.append(f"Also read: {headline(rng)}")
    lines += ["Related stories", headline(rng), headline(rng)]
    lines.append("THIS is a DISGRACE and everyone KNOWS it! I said so a year ago! Why is nobody listening? Who pays?")
    return "\n\n".join(lines) + "\n"


def html_page(paragraphs: list[str], *, title: str, date: dt.date | None = None, outlet: str = "Example Wire") -> str:
    """An HTML article page with navigation, an ad slot, share buttons, related links and comments."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    meta_date = f'<meta property="article:published_time" content="{date.isoformat()}">' if date else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">{meta_date}</head>
<body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/middle-east">Middle East</a></nav></header>
<div class="ad-slot">Advertisement</div>
<main><article><h1>{html.escape(title)}</h1>
<div class="share"><a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
{body}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Envoy meets families</a></li>
<li><a href="/b">Aid convoys wait at the crossing</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><div class="comment"><p>This is a DISGRACE!!! Nobody listens to us!</p></div></section>
</main>
<footer><p>© 2024 {outlet}. All rights reserved.</p></footer>
</body></html>
"""


def write_corpus(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    """Write ``count`` generated reports into ``folder``, half HTML pages and half scraped text."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        paragraphs = article(rng)
        date = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 365))
        name = f"{i:06d}_{rng.getrandbits(64):016x}"
        if i % 2:
            path = folder / f"{name}.html"
            path.write_text(html_page(paragraphs, title=headline(rng), date=date), encoding="utf-8")
        else:
            path = folder / f"{name}.txt"
            text = f"Published: {date:%d %B %Y}\n\n" + noisy_text(paragraphs, rng, title=headline(rng))
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
