"""Benchmark of ``parley extract``: reports per second end to end, against bare ``nlp.pipe``.

Synthetic reports of about 2,000 characters are assembled from sentence
templates over the gaza-2024 pack's actors and issues (fixed seed). For each
corpus size the script times, in the same run:

* ``nlp.pipe`` of the base model alone (tokenizer, tagger, parser, NER, ...);
* ``extract()`` end to end: loading reports from a SQLite store, the full
  pipeline with the Parley components, and writing every claim.

Run: ``.venv/bin/python benchmarks/extract.py [--sizes 50 200 800] [--model NAME]``.
Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import os
import hashlib
import random
import sys
import tempfile
import time
from pathlib import Path

import spacy

from parley.extract.nlp import DEFAULT_MODEL, load_nlp
from parley.extract.runner import extract
from parley.packs import load_pack
from parley.store.db import Store
from parley.store.models import Report

PACK = "gaza-2024"
TARGET_CHARS = 2000
TEMPLATES = [
    "{a} rejected the latest proposal on {day}, officials said.",
    "{a} demanded the {issue} before any further talks, according to {b}.",
    "A senior official close to {a} said the group was studying the plan.",
    "{a} and {b} held talks in {city} on {day} to discuss the {issue}.",
    "Negotiations have stalled over the {issue}, two diplomats told reporters.",
    "{a} said in a statement that it was willing to discuss the {issue}.",
    "Mediators proposed a phased framework that includes the {issue}.",
    "{a} accused {b} of blocking progress on the {issue} last week.",
    "The talks made some progress in mid-October, a source familiar with the talks said.",
    "He insisted that there would be no deal without the {issue}.",
    "{a} welcomed the agreement and urged {b} to implement it quickly.",
    "Reuters reported that {a} had threatened to walk out of the talks.",
]
ISSUES = ["release of hostages", "withdrawal of forces", "permanent ceasefire", "return of displaced people",
          "humanitarian aid", "prisoner exchange", "Philadelphi corridor", "Rafah crossing"]
CITIES = ["Cairo", "Doha", "Paris", "Rome"]
DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday"]


def corpus(size: int, seed: int = 7) -> list[str]:
    """``size`` synthetic reports of about 2,000 characters each."""
    rng = random.Random(seed)
    names = [actor.name for actor in load_pack(PACK).actors if actor.type in ("state", "armed_group", "person")]
    texts = []
    for _ in range(size):
        sentences: list[str] = []
        while sum(len(s) + 1 for s in sentences) < TARGET_CHARS:
            a, b = rng.sample(names, 2)
            sentences.append(rng.choice(TEMPLATES).format(a=a, b=b, issue=rng.choice(ISSUES), city=rng.choice(CITIES), day=rng.choice(DAYS)))
            if rng.random() < 0.2:
                sentences[-1] += "\n"
        texts.append(" ".join(sentences))
    return texts


def bare_pipe(model: str, texts: list[str], workers: int = 1) -> float:
    """Seconds for the base model's ``nlp.pipe`` over ``texts`` (``n_process=workers``)."""
    nlp = spacy.load(model)
    list(nlp.pipe(texts[:4]))  # warm up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16, n_process=workers):
        pass
    return time.perf_counter() - start


def end_to_end(model: str, texts: list[str], folder: Path, workers: int = 1) -> tuple[float, int]:
    """Seconds for ``extract()`` over a store holding ``texts``, and the claims written."""
    store = Store(f"sqlite:///{folder / f'bench-{len(texts)}-{workers}.db'}")
    with store.session() as session:
        for i, text in enumerate(texts):
            digest = hashlib.sha256(f"{i}{text}".encode()).hexdigest()
            session.add(Report(id=f"r{i:05d}", source="bench", source_kind="file", text=text, chars=len(text),
                               published=None, raw_sha256=digest, text_sha256=digest, language="en"))
    load_nlp(PACK, model)  # loading the pipeline is a one-off cost, not per report
    start = time.perf_counter()
    result = extract(store, pack=PACK, model=model, workers=workers)
    elapsed = time.perf_counter() - start
    store.dispose()
    return elapsed, result.claims


def main(argv: list[str] | None = None) -> None:
    """Time the sizes given and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="process counts to try (both sides)")
    args = parser.parse_args(argv)
    print(f"Model: {args.model}; pack: {PACK}; ~{TARGET_CHARS} chars per report; load average {os.getloadavg()[0]:.1f}\n")
    print("| reports | workers | chars/report | nlp.pipe s | extract s | extract reports/s | ratio extract/pipe | claims |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            texts = corpus(size)
            chars = sum(map(len, texts)) // len(texts)
            for workers in args.workers:
                pipe = bare_pipe(args.model, texts, workers)
                full, claims = end_to_end(args.model, texts, Path(tmp), workers)
                print(f"| {size} | {workers} | {chars} | {pipe:.1f} | {full:.1f} | {size / full:.1f} | {full / pipe:.2f} | {claims} |")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
