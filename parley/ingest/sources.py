"""Reading inputs into raw documents: files, folders, JSON/JSONL, RSS/Atom feeds and URLs.

Everything here is a generator, so a folder of any size streams one report at
a time. Each input yields :class:`RawDoc` objects or, for an input that cannot
be read, a :class:`Rejection`; nothing raises past this module.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

import feedparser
import httpx

from parley.errors import Errors, IngestError
from parley.ingest.fetch import fetch as fetch_url
from parley.ingest.types import RawDoc, Rejection

# File suffix -> how the file is read.
KINDS = {
    ".txt": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
# A feed item whose own content is shorter than this is fetched from its link when --fetch is on.
FEED_ITEM_MIN_CHARS = 500
_FEED_SNIFF = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")
_TAG = re.compile(r"<[a-zA-Z][^>]*>")

Item = RawDoc | Rejection


def is_url(value: str) -> bool:
    """Whether an input names a URL (any scheme) rather than a path."""
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", value) is not None


def slugify(value: str, max_chars: int = 120) -> str:
    """A lower-case id made of letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    return slug[:max_chars].rstrip("-") or "report"


def url_id(url: str) -> str:
    """The id of a report read from ``url``: the last path segment without extension.

    >>> url_id("https://example.org/news/2024/06/talks-resume-in-doha.html")
    'talks-resume-in-doha'
    """
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments:
        stem = segments[-1].rsplit(".", 1)[0] if "." in segments[-1] else segments[-1]
        if stem:
            return slugify(stem) if not re.fullmatch(r"[A-Za-z0-9_.-]+", stem) else stem[:120]
    return slugify(parts.netloc or url)


def iter_inputs(
    inputs: list[str] | tuple[str, ...],
    *,
    max_bytes: int,
    http: Optional[httpx.Client] = None,
) -> Iterator[Item]:
    """Yield a raw document or a rejection for every report the ``inputs`` hold.

    URLs are fetched with ``http`` (required for URL inputs); folders are
    walked recursively in name order, skipping hidden entries and files whose
    suffix is not one of :data:`KINDS`.
    """
    for item in inputs:
        if is_url(item):
            yield from _from_url(item, http=http, max_bytes=max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if not name.startswith(".") and Path(name).suffix.lower() in KINDS:
                        yield from _from_file(Path(root) / name, max_bytes=max_bytes, http=http)
        elif path.exists() or path.is_symlink():
            yield from _from_file(path, max_bytes=max_bytes, http=http)
        else:
            yield Rejection(item, Errors.E005.format(path=item))


def _read(path: Path, max_bytes: int) -> tuple[bytes, float]:
    try:
        stat = path.stat()
        if stat.st_size > max_bytes:
            raise IngestError(Errors.E103.format(input=str(path), size=stat.st_size, limit=max_bytes))
        return path.read_bytes(), stat.st_mtime
    except OSError as exc:
        raise IngestError(Errors.E100.format(input=str(path), reason=exc.strerror or str(exc))) from exc


def _from_file(path: Path, *, max_bytes: int, http: Optional[httpx.Client]) -> Iterator[Item]:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        allowed = ", ".join(sorted(KINDS))
        yield Rejection(str(path), Errors.E114.format(input=str(path), suffix=path.suffix, allowed=allowed))
        return
    try:
        if kind == "jsonl":
            yield from _from_jsonl(path, max_bytes=max_bytes)
            return
        data, mtime = _read(path, max_bytes)
    except IngestError as exc:
        yield Rejection(str(path), str(exc))
        return
    if kind == "json":
        yield from _from_json(path, data)
    elif kind == "feed":
        yield from _from_feed(str(path), data, stem=path.stem, http=http, max_bytes=max_bytes)
    else:
        yield RawDoc(str(path), str(path), "file", path.stem, data=data, is_html=kind == "html", mtime=mtime)


def _record(obj: Any, *, input: str, source: str, id_hint: str) -> Item:
    """A raw document from one JSON object with ``text`` or ``html`` and optional metadata."""
    if not isinstance(obj, dict):
        return Rejection(input, Errors.E105.format(input=input, reason=f"got a JSON {type(obj).__name__}"))
    text, html = obj.get("text"), obj.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        return Rejection(input, Errors.E106.format(input=input))

    def field(name: str) -> Optional[str]:
        value = obj.get(name)
        return str(value) if value not in (None, "") else None

    return RawDoc(
        input,
        source,
        "jsonl",
        field("id") or id_hint,
        text=text if isinstance(text, str) and text.strip() else None,
        html=html if isinstance(html, str) and html.strip() else None,
        is_html=not (isinstance(text, str) and text.strip()),
        url=field("url"),
        title=field("title"),
        outlet=field("outlet"),
        date=field("date"),
    )


def _from_jsonl(path: Path, *, max_bytes: int) -> Iterator[Item]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise IngestError(Errors.E100.format(input=str(path), reason=exc.strerror or str(exc))) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if not line.strip():
                continue
            if len(line) > max_bytes:
                yield Rejection(where, Errors.E103.format(input=where, size=len(line), limit=max_bytes))
                continue
            try:
                obj = json.loads(line.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield Rejection(where, Errors.E102.format(input=where, detail=str(exc)))
                continue
            except json.JSONDecodeError as exc:
                yield Rejection(where, Errors.E105.format(input=where, reason=str(exc)))
                continue
            yield _record(obj, input=where, source=str(path), id_hint=f"{path.stem}-{number}")


def _from_json(path: Path, data: bytes) -> Iterator[Item]:
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        yield Rejection(str(path), Errors.E105.format(input=str(path), reason=str(exc)))
        return
    if isinstance(obj, list):
        for number, entry in enumerate(obj, start=1):
            where = f"{path}:{number}"
            yield _record(entry, input=where, source=str(path), id_hint=f"{path.stem}-{number}")
    else:
        yield _record(obj, input=str(path), source=str(path), id_hint=path.stem)


def _from_feed(
    source: str, data: bytes, *, stem: str, http: Optional[httpx.Client], max_bytes: int
) -> Iterator[Item]:
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = str(parsed.get("bozo_exception") or "it has no items")
        yield Rejection(source, Errors.E113.format(input=source, reason=reason))
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        link = entry.get("link") if re.match(r"^https?://", entry.get("link") or "", re.IGNORECASE) else None
        guid = entry.get("id")
        id_hint = url_id(link) if link else slugify(guid) if guid else f"{stem}-{number}"
        content = entry["content"][0].get("value", "") if entry.get("content") else entry.get("summary", "")
        where = link or f"{source}#{number}"
        date = entry.get("published") or entry.get("updated")
        meta = {"url": link, "title": entry.get("title"), "outlet": outlet, "date": date}
        if http is not None and link and len(_TAG.sub("", content)) < FEED_ITEM_MIN_CHARS:
            try:
                page = fetch_url(link, http=http, max_bytes=max_bytes)
            except IngestError as exc:
                if not content.strip():
                    yield Rejection(where, str(exc))
                    continue
            else:
                yield RawDoc(where, source, "feed", id_hint, data=page.body, is_html=True, **meta)
                continue
        if not content.strip():
            yield Rejection(where, Errors.E104.format(input=where, chars=0))
            continue
        is_html = _TAG.search(content) is not None
        yield RawDoc(
            where, source, "feed", id_hint, html=content if is_html else None,
            text=None if is_html else content, is_html=is_html, **meta,
        )


def _from_url(url: str, *, http: Optional[httpx.Client], max_bytes: int) -> Iterator[Item]:
    if http is None:
        yield Rejection(url, Errors.E107.format(input=url))
        return
    try:
        page = fetch_url(url, http=http, max_bytes=max_bytes)
    except IngestError as exc:
        yield Rejection(url, str(exc))
        return
    if page.content_type in FEED_TYPES or _FEED_SNIFF.search(page.body[:2000]):
        yield from _from_feed(url, page.body, stem=url_id(url), http=http, max_bytes=max_bytes)
        return
    is_html = page.content_type in ("text/html", "application/xhtml+xml")
    yield RawDoc(url, url, "url", url_id(page.url), data=page.body, is_html=is_html, url=page.url)
