"""End-to-end ingestion through the library: formats, ids, dates, duplicates, bad inputs."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from fixtures_ingest import article, headline, html_page, noisy_text
from parley.errors import NotFoundError, UsageError
from parley.ingest import Doc, RawDoc, Rejection, dedupe, get_report, ingest, list_reports, prepare, store_batch
from parley.ingest.language import guess_language
from parley.ingest.persist import MAX_BUCKET
from parley.store.models import LshBand, Report


@pytest.fixture
def rng() -> random.Random:
    return random.Random(7)


def _text(rng: random.Random, **kwargs) -> str:
    return "\n\n".join(article(rng, **kwargs))


def _rejected(result) -> dict[str, str]:
    return {r.input: r.reason for r in result.rejected}


def test_formats_are_read_with_their_ids_and_metadata(store, tmp_path, rng):
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "000_bab6041d936568cf.txt").write_text(_text(rng))
    (folder / "notes.md").write_text("# A headline\n\n" + _text(rng))
    (folder / "sub" / "page.html").write_text(
        html_page(article(rng), title="Envoys return to Cairo", date=dt.date(2024, 5, 6), outlet="Example Wire")
    )
    lines = [
        {"id": "wire-1", "text": _text(rng), "date": "2024-02-03", "outlet": "Wire", "title": "Truce text"},
        {"html": f"<p>{_text(rng)}</p>", "url": "https://example.org/news/2024/06/03/talks.html"},
    ]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    (folder / "single.json").write_text(json.dumps({"text": _text(rng), "date": "2024-08"}))
    (folder / "ignored.csv").write_text("not,a,report\n")
    (folder / ".hidden.txt").write_text(_text(rng))

    result = ingest(store, [str(folder)])

    assert result.to_dict() == {"stored": 6, "duplicates": 0, "near_duplicates": 0, "rejected": []}
    rows = {row["id"]: row for row in list_reports(store)}
    assert set(rows) == {"000_bab6041d936568cf", "notes", "page", "wire-1", "batch-2", "single"}
    assert rows["page"]["title"] == "Envoys return to Cairo"
    assert rows["page"]["outlet"] == "Example Wire"
    assert (rows["page"]["published"], rows["page"]["date_source"]) == (dt.date(2024, 5, 6), "metadata")
    assert (rows["wire-1"]["published"], rows["wire-1"]["date_source"]) == (dt.date(2024, 2, 3), "metadata")
    assert (rows["wire-1"]["title"], rows["wire-1"]["outlet"]) == ("Truce text", "Wire")
    assert (rows["batch-2"]["published"], rows["batch-2"]["date_source"]) == (dt.date(2024, 6, 3), "url")
    assert (rows["single"]["published"], rows["single"]["date_precision"]) == (dt.date(2024, 8, 1), "month")
    assert rows["000_bab6041d936568cf"]["date_source"] == "file"
    assert rows["notes"]["title"] == "A headline"
    assert all(row["language"] == "en" for row in rows.values())


def test_html_page_loses_its_navigation_ads_and_comments(store, tmp_path, rng):
    paragraphs = article(rng)
    page = tmp_path / "page.html"
    page.write_text(html_page(paragraphs, title="Talks resume"))
    ingest(store, [str(page)])
    text = get_report(store, "page")["text"]
    assert all(p in text for p in paragraphs)
    for noise in ("Advertisement", "Facebook", "DISGRACE", "All rights reserved", "Envoy meets families"):
        assert noise not in text


def test_scraped_text_loses_its_noise(store, tmp_path, rng):
    paragraphs = article(rng)
    path = tmp_path / "scraped.txt"
    path.write_text("Published: 4 March 2024\n\n" + noisy_text(paragraphs, rng, title=headline(rng)))
    ingest(store, [str(path)])
    report = get_report(store, "scraped")
    assert all(p in report["text"] for p in paragraphs)
    for noise in ("Advertisement", "Also read", "Related stories", "DISGRACE"):
        assert noise not in report["text"]
    assert (report["published"], report["date_source"]) == (dt.date(2024, 3, 4), "text")
    assert report["title"].startswith("Talks on")


def test_id_collisions_get_a_suffix(store, tmp_path, rng):
    for folder in ("a", "b", "c"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(_text(rng))
    result = ingest(store, [str(tmp_path)])
    assert result.stored == 3
    assert [row["id"] for row in list_reports(store)] == ["report", "report-2", "report-3"]


def test_exact_copy_is_not_stored_again(store, tmp_path, rng):
    text = _text(rng)
    (tmp_path / "one.txt").write_text(text)
    # same normalised text: other spacing, case and a trailing ad line
    (tmp_path / "two.txt").write_text(text.upper().replace(" ", "  ") + "\n\nAdvertisement\n")
    result = ingest(store, [str(tmp_path)])
    assert (result.stored, result.duplicates) == (1, 1)


def test_near_duplicate_is_stored_and_linked(store, tmp_path, rng):
    paragraphs = article(rng, paragraphs=6)
    edited = list(paragraphs)
    # a wire re-edit: one sentence added, one paragraph reworded at its start
    edited[0] = "Updated: " + edited[0]
    edited[-1] += " The mediators said another round would follow next week, according to the wire."
    (tmp_path / "a_original.txt").write_text("\n\n".join(paragraphs))
    (tmp_path / "b_reedit.txt").write_text("\n\n".join(edited))
    (tmp_path / "c_other.txt").write_text(_text(rng))
    result = ingest(store, [str(tmp_path)])
    assert result.to_dict() == {"stored": 3, "duplicates": 0, "near_duplicates": 1, "rejected": []}
    reedit = get_report(store, "b_reedit")
    assert reedit["duplicate_of"] == "a_original"
    assert 0.8 <= reedit["similarity"] < 1.0
    assert get_report(store, "c_other")["duplicate_of"] is None
    with store.session() as session:  # only originals are indexed in the LSH table
        indexed = set(session.scalars(select(LshBand.report_id).distinct()))
    assert indexed == {"a_original", "c_other"}


@pytest.mark.parametrize("threshold, linked", [(0.8, False), (0.6, True)])
def test_near_threshold_is_configurable(store, tmp_path, rng, threshold, linked):
    paragraphs = article(rng, paragraphs=6)
    (tmp_path / "a.txt").write_text("\n\n".join(paragraphs))
    # five of six paragraphs shared: Jaccard about 0.7
    (tmp_path / "b.txt").write_text("\n\n".join(paragraphs[:5] + article(rng, paragraphs=1)))
    result = ingest(store, [str(tmp_path)], near_threshold=threshold)
    assert result.near_duplicates == int(linked)
    assert (get_report(store, "b")["duplicate_of"] == "a") is linked


def test_second_run_stores_nothing_new(store, tmp_path, rng):
    for i in range(5):
        (tmp_path / f"r{i}.txt").write_text(_text(rng))
    first = ingest(store, [str(tmp_path)])
    second = ingest(store, [str(tmp_path)])
    assert (first.stored, first.duplicates) == (5, 0)
    assert (second.stored, second.duplicates) == (0, 5)
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(Report)) == 5


def test_workers_give_the_same_result(tmp_path, rng):
    from parley.store.db import Store

    for i in range(40):
        (tmp_path / "in" / f"r{i:02d}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "in" / f"r{i:02d}.txt").write_text(_text(rng, paragraphs=2))
    results = []
    for workers in (1, 2):
        store = Store(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        ingest(store, [str(tmp_path / "in")], workers=workers)
        results.append([(r["id"], r["chars"], r["duplicate_of"]) for r in list_reports(store)])
    assert results[0] == results[1] and len(results[0]) == 40


def _bad_inputs(tmp_path: Path, rng: random.Random) -> tuple[list[str], dict[str, str]]:
    """Good reports mixed with every kind of bad input; returns the inputs and the expected reasons."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.txt").write_text(_text(rng))
    expected = {}
    binary = folder / "binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    expected[str(binary)] = "E101"
    latin = folder / "latin1.txt"
    latin.write_bytes(_text(rng).encode() + " Caf\xe9 talks.".encode("latin-1"))
    expected[str(latin)] = "E102"
    empty = folder / "empty.txt"
    empty.write_text("Advertisement\n\nShare on Facebook\n\nRead more: Truce talks resume\n")
    expected[str(empty)] = "E104"
    big = folder / "big.txt"
    big.write_text(_text(rng) * 40)
    expected[str(big)] = "E103"
    jsonl = folder / "lines.jsonl"
    jsonl.write_text(
        json.dumps({"id": "line-ok", "text": _text(rng)}) + "\n{not json\n" + json.dumps({"title": "no text"}) + "\n"
        + json.dumps(["a", "list"]) + "\n"
    )
    expected[f"{jsonl}:2"] = "E105"
    expected[f"{jsonl}:3"] = "E106"
    expected[f"{jsonl}:4"] = "E105"
    unreadable = folder / "unreadable.txt"
    if os.geteuid() == 0:  # root reads any file: a dangling link cannot be read by anyone
        unreadable.symlink_to(folder / "gone.txt")
    else:
        unreadable.write_text(_text(rng))
        unreadable.chmod(0)
    expected[str(unreadable)] = "E100"
    missing = str(tmp_path / "missing.txt")
    expected[missing] = "E005"
    wrong_suffix = tmp_path / "data.csv"
    wrong_suffix.write_text("a,b\n")
    expected[str(wrong_suffix)] = "E114"
    bad_feed = tmp_path / "feed.xml"
    bad_feed.write_text("<html><body>not a feed</body></html>")
    expected[str(bad_feed)] = "E113"
    return [str(folder), missing, str(wrong_suffix), str(bad_feed)], expected


def test_bad_inputs_are_listed_and_good_ones_kept(store, tmp_path, rng):
    inputs, expected = _bad_inputs(tmp_path, rng)
    result = ingest(store, inputs, max_bytes=20_000)
    rejected = _rejected(result)
    assert {key: reason[1:5] for key, reason in rejected.items()} == expected
    assert result.stored == 4  # good0..2 and the good JSONL line
    assert {row["id"] for row in list_reports(store)} == {"good0", "good1", "good2", "line-ok"}


@pytest.mark.parametrize(
    "kwargs, err_msg",
    [
        ({"near_threshold": 0.0}, r"\[E004\].*--near-threshold"),
        ({"near_threshold": 1.5}, r"\[E004\].*--near-threshold"),
        ({"max_bytes": 0}, r"\[E004\].*--max-bytes"),
        ({"workers": 0}, r"\[E004\].*--workers"),
    ],
)
def test_bad_options_are_usage_errors(store, tmp_path, kwargs, err_msg):
    with pytest.raises(UsageError, match=err_msg):
        ingest(store, [str(tmp_path)], **kwargs)


def test_url_without_fetch_is_a_usage_error(store):
    with pytest.raises(UsageError, match=r"\[E107\].*--fetch"):
        ingest(store, ["https://example.org/a.html"])


def test_get_report_of_unknown_id(store):
    with pytest.raises(NotFoundError, match=r"\[E003\] No report with id 'nope'"):
        get_report(store, "nope")


def test_xhtml_page_with_an_xml_declaration(store, tmp_path, rng):
    paragraphs = article(rng)
    page = html_page(paragraphs, title="Envoys meet").replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="utf-8"?>')
    (tmp_path / "x.xhtml.html").write_text(page)
    assert ingest(store, [str(tmp_path)]).stored == 1
    assert all(p in get_report(store, "x.xhtml")["text"] for p in paragraphs)


def test_a_parser_failure_is_a_rejection_not_a_crash():
    raw = RawDoc("odd", "odd", "jsonl", "odd", text=["not", "a", "string"])  # a caller passing the wrong type
    rejection = prepare(raw)
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("[E115] 'odd' could not be processed (TypeError")


def _doc(name: str, signature) -> Doc:
    return Doc(input=name, source=name, source_kind="file", id_hint=name, text=f"text of {name}",
               raw_sha256=name, text_sha256=name, minhash=signature)


def test_crowded_lsh_buckets_are_ignored_but_copies_still_found(store):
    sig_rng = np.random.default_rng(1)
    shared = sig_rng.integers(0, 2**32, size=dedupe.ROWS, dtype=np.uint64).astype(np.uint32)
    crowd = []
    for i in range(MAX_BUCKET + 1):  # every one of them has the same first band: boilerplate
        signature = sig_rng.integers(0, 2**32, size=dedupe.NUM_PERM, dtype=np.uint64).astype(np.uint32)
        signature[: dedupe.ROWS] = shared
        crowd.append(_doc(f"crowd{i:02d}", signature))
    copy = crowd[7].minhash.copy()
    copy[-dedupe.ROWS:] += 1  # a near copy of crowd07: all bands but the last agree
    stranger = sig_rng.integers(0, 2**32, size=dedupe.NUM_PERM, dtype=np.uint64).astype(np.uint32)
    stranger[: dedupe.ROWS] = shared  # shares only the crowded band
    with store.engine.begin() as conn:
        assert set(store_batch(conn, crowd, near_threshold=0.8)) == {"stored"}
    with store.engine.begin() as conn:
        outcomes = store_batch(conn, [_doc("copy", copy), _doc("stranger", stranger)], near_threshold=0.01)
    assert outcomes == ["near_duplicate", "stored"]
    assert get_report(store, "copy")["duplicate_of"] == "crowd07"


def _crowd_batches() -> list[list[Doc]]:
    """Batches whose reports share their first LSH band; the last batch holds a near copy and a stranger."""
    sig_rng = np.random.default_rng(2)
    shared = sig_rng.integers(0, 2**32, size=dedupe.ROWS, dtype=np.uint64).astype(np.uint32)
    signatures = []
    for _ in range(MAX_BUCKET + 3):
        signature = sig_rng.integers(0, 2**32, size=dedupe.NUM_PERM, dtype=np.uint64).astype(np.uint32)
        signature[: dedupe.ROWS] = shared
        signatures.append(signature)
    copy = signatures[3].copy()
    copy[-dedupe.ROWS:] += 1
    docs = [_doc(f"crowd{i:02d}", s) for i, s in enumerate(signatures)]
    return [docs[:30], docs[30:], [_doc("copy", copy), _doc("stranger", signatures[-1][::-1].copy())]]


@pytest.mark.parametrize("share_crowded", [False, True])
def test_crowded_buckets_remembered_across_batches_give_the_same_outcomes(store, share_crowded):
    crowded: set[tuple[int, str]] | None = set() if share_crowded else None
    outcomes = []
    for batch in _crowd_batches():
        with store.engine.begin() as conn:
            outcomes.append(store_batch(conn, batch, near_threshold=0.8, crowded=crowded))
    assert outcomes == [["stored"] * 30, ["stored"] * (MAX_BUCKET - 27), ["near_duplicate", "stored"]]
    assert get_report(store, "copy")["duplicate_of"] == "crowd03"
    if share_crowded:
        assert crowded == {(0, dedupe.bands(_crowd_batches()[0][0].minhash)[0])}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The mediators said that the talks in Doha were going well and that a deal was near.", "en"),
        ("Les mediateurs ont dit que la proposition est sur la table et que le texte est pret pour les parties.", "fr"),
        ("Die Vermittler sagten, dass die Gespraeche in der Stadt und mit den Parteien nicht einfach sind.", "de"),
        ("the_talks 123 456 789 the_end 42", "und"),
        ("Les médiateurs ont dit que la proposition est sur la table et que le texte est prêt pour les parties.", "fr"),
    ],
)
def test_language_guess_on_ascii_and_accented_text(text, expected):
    assert guess_language(text) == expected
