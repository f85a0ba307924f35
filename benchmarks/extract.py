"""Benchmark of ``parley extract``: reports per second end to end, against bare ``nlp.pipe``.

Synthetic reports of about 2,000 characters are assembled from sentence
templates over the gaza-2024 pack's actors and issues (fixed seed). For each
corpus size and each process count the script times, in the same run and one
right after the other:

* bare ``nlp.pipe`` (``n_process`` = the process count) of the base model with
  the components Parley runs (the sm model without its lemmatizer, as shipped:
  spaCy's own attribute ruler), measured afresh for every row;
* ``extract()`` end to end with ``workers`` = the process count: loading
  reports from a SQLite store, the full pipeline with the Parley components,
  and writing every claim. Loading the pipeline is a one-off cost left out of
  both.

Wall times depend on what else runs on the machine, so each row also gives
the CPU seconds of this process and its workers, and the load average.
``--repeat N`` keeps the best wall time of N runs of each side.

Run: ``.venv/bin/python benchmarks/extract.py [--sizes 50 200 800] [--workers 1 2] [--model NAME]``.
Prints a markdown table on stdout.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import spacy

from parley.extract.nlp import BLANK, DEFAULT_MODEL, load_nlp
from parley.extract.runner import BATCH, extract
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


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and its finished children (the workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of ``run()``."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    run()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def base_model(model: str) -> spacy.language.Language:
    """The base pipeline as Parley loads it, before its own components and speed-ups."""
    if model == BLANK:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        return nlp
    return spacy.load(model, exclude=["lemmatizer"])


def bare_pipe(nlp: spacy.language.Language, texts: list[str], workers: int) -> tuple[float, float]:
    """Wall and CPU seconds of ``nlp.pipe`` over ``texts`` with ``n_process=workers``."""

    def run() -> None:
        for _ in nlp.pipe(texts, batch_size=BATCH, n_process=workers):
            pass

    return timed(run)


def make_store(texts: list[str], path: Path) -> Store:
    """A fresh SQLite store holding ``texts`` as reports."""
    path.unlink(missing_ok=True)
    store = Store(f"sqlite:///{path}")
    with store.session() as session:
        for i, text in enumerate(texts):
            digest = hashlib.sha256(f"{i}{text}".encode()).hexdigest()
            session.add(Report(id=f"r{i:05d}", source="bench", source_kind="file", text=text, chars=len(text),
                               published=None, raw_sha256=digest, text_sha256=digest, language="en"))
    return store


def end_to_end(model: str, texts: list[str], folder: Path, workers: int) -> tuple[float, float, int]:
    """Wall and CPU seconds of ``extract()`` over a store holding ``texts``, and the claims written."""
    store = make_store(texts, folder / f"bench-{len(texts)}-{workers}.db")
    outcome = {}

    def run() -> None:
        outcome["result"] = extract(store, pack=PACK, model=model, workers=workers)

    wall, cpu = timed(run)
    store.dispose()
    return wall, cpu, outcome["result"].claims


def best(runs: list[tuple]) -> tuple:
    """The run with the shortest wall time."""
    return min(runs, key=lambda run: run[0])


def main(argv: list[str] | None = None) -> None:
    """Time the sizes and process counts given and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"base spaCy model, or {BLANK!r}")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="process counts to try (both sides)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each side; the best wall time is kept")
    args = parser.parse_args(argv)
    print(f"Model: {args.model}; pack: {PACK}; ~{TARGET_CHARS} chars per report; {os.cpu_count()} CPUs; "
          f"load average at start {os.getloadavg()[0]:.1f}\n")
    print("| reports | workers | bare `nlp.pipe` s (CPU s) | `extract` s (CPU s) | bare reports/s | extract reports/s "
          "| ratio extract/bare | claims | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    nlp = base_model(args.model)
    list(nlp.pipe(corpus(4, seed=1)))  # warm up
    load_nlp(PACK, args.model)  # loading the pipeline is a one-off cost, not per report
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            texts = corpus(size)
            for workers in args.workers:
                bare_runs, full_runs = [], []
                for _ in range(args.repeat):
                    bare_runs.append(bare_pipe(nlp, texts, workers))
                    full_runs.append(end_to_end(args.model, texts, Path(tmp), workers))
                (pipe, pipe_cpu), (full, full_cpu, claims) = best(bare_runs), best(full_runs)
                print(f"| {size} | {workers} | {pipe:.1f} ({pipe_cpu:.1f}) | {full:.1f} ({full_cpu:.1f}) | {size / pipe:.1f} "
                      f"| {size / full:.1f} | {full / pipe:.2f} | {claims} | {os.getloadavg()[0]:.1f} |")
                sys.stdout.flush()


if __name__ == "__main__":
    main()
