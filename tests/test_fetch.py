"""Feeds and ``--fetch`` against a loopback HTTP server started by the test."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from fixtures_http import QuietHandler, serve
from fixtures_ingest import article, html_page
from parley.errors import IngestError
from parley.ingest import get_report, ingest, list_reports
from parley.ingest.fetch import client, fetch

RNG = random.Random(9)
PAGE = html_page(article(RNG), title="Talks resume in Doha", outlet="Loopback News")
SECOND = html_page(article(RNG), title="Envoys leave Cairo", outlet="Loopback News")
TEXT = "\n\n".join(article(RNG))
FEED_BODY = "\n\n".join(article(RNG))
LIMIT = 50_000


def _rss(base: str) -> str:
    items = [
        # full content in the feed: no download needed
        f"""<item><title>Mediators table a text</title><link>{base}/news/2024/05/02/mediators-table-a-text.html</link>
        <guid>tag:loopback,2024:1</guid><pubDate>Thu, 02 May 2024 09:00:00 GMT</pubDate>
        <content:encoded>{escape("<p>" + FEED_BODY.replace(chr(10) * 2, "</p><p>") + "</p>")}</content:encoded></item>""",
        # a teaser only: the page behind the link is fetched
        f"""<item><title>Envoys leave Cairo</title><link>{base}/second.html</link>
        <guid>tag:loopback,2024:2</guid><pubDate>Fri, 03 May 2024 09:00:00 GMT</pubDate>
        <description>Envoys left Cairo.</description></item>""",
        # a teaser whose page is gone and no usable text
        f"""<item><title>Gone</title><link>{base}/missing</link><guid>tag:loopback,2024:3</guid>
        <description></description></item>""",
    ]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Loopback Wire</title><link>{base}/</link><description>test feed</description>
{''.join(items)}</channel></rss>"""


class Handler(QuietHandler):
    def do_GET(self) -> None:
        base = f"http://127.0.0.1:{self.server.server_port}"
        routes = {
            "/news/2024/06/03/talks-resume-in-doha.html": (200, PAGE.encode(), "text/html; charset=utf-8"),
            "/second.html": (200, SECOND.encode(), "text/html"),
            "/plain/report-two.txt": (200, TEXT.encode(), "text/plain"),
            "/feed.xml": (200, _rss(base).encode(), "application/rss+xml"),
            "/image.png": (200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"),
            "/big": (200, b"x" * (LIMIT * 2), "text/html"),
        }
        if self.path in routes:
            self.send(*routes[self.path])
        elif self.path == "/big-stream":  # no Content-Length: the cap must hold while reading
            self.close_connection = True
            self.send(200, b"<p>" + b"y" * (LIMIT * 2), "text/html", length=False)
        elif self.path == "/loop":
            self.send(302, b"", "text/html", Location="/loop")
        elif self.path == "/to-ftp":
            self.send(302, b"", "text/html", Location="ftp://127.0.0.1/file")
        else:
            self.send(404, b"not found", "text/plain")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(Handler) as base:
        yield base


def test_fetch_pages_and_text(store, server):
    urls = [f"{server}/news/2024/06/03/talks-resume-in-doha.html", f"{server}/plain/report-two.txt"]
    result = ingest(store, urls, fetch=True)
    assert result.to_dict() == {"stored": 2, "duplicates": 0, "near_duplicates": 0, "rejected": []}
    page = get_report(store, "talks-resume-in-doha")
    assert (page["title"], page["outlet"]) == ("Talks resume in Doha", "Loopback News")
    assert (str(page["published"]), page["date_source"]) == ("2024-06-03", "url")
    assert page["source_kind"] == "url" and page["url"] == urls[0]
    assert "Advertisement" not in page["text"]
    assert get_report(store, "report-two")["text"] == TEXT


@pytest.mark.parametrize(
    "path, err_msg",
    [
        ("/missing", "[E109]"),
        ("/loop", "[E112]"),
        ("/big", "[E103]"),
        ("/big-stream", "[E103]"),
        ("/image.png", "[E111]"),
        ("/to-ftp", "[E110]"),
    ],
)
def test_fetch_failures_are_rejections(store, server, path, err_msg):
    good = f"{server}/news/2024/06/03/talks-resume-in-doha.html"
    result = ingest(store, [f"{server}{path}", good], fetch=True, max_bytes=LIMIT)
    assert result.stored == 1
    assert [r.input for r in result.rejected] == [f"{server}{path}"]
    assert result.rejected[0].reason.startswith(err_msg)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/file.txt", "file:///etc/hostname"])
def test_non_http_schemes_are_refused(store, url):
    result = ingest(store, [url], fetch=True)
    assert [r.reason[:6] for r in result.rejected] == ["[E108]"]
    with client() as http, pytest.raises(IngestError, match=r"\[E108\].*only http and https"):
        fetch(url, http=http, max_bytes=LIMIT)


def test_feed_url_items_and_teasers(store, server):
    result = ingest(store, [f"{server}/feed.xml"], fetch=True)
    assert result.stored == 2
    assert [r.input for r in result.rejected] == [f"{server}/missing"]
    assert result.rejected[0].reason.startswith("[E109]")
    rows = {row["id"]: row for row in list_reports(store)}
    assert set(rows) == {"mediators-table-a-text", "second"}
    first = get_report(store, "mediators-table-a-text")
    assert first["source_kind"] == "feed" and first["outlet"] == "Loopback Wire"
    assert first["title"] == "Mediators table a text"
    assert (str(first["published"]), first["date_source"]) == ("2024-05-02", "url")
    assert all(p in first["text"] for p in FEED_BODY.split("\n\n"))
    second = get_report(store, "second")  # fetched from its link
    assert (str(second["published"]), second["date_source"]) == ("2024-05-03", "metadata")
    assert len(second["text"]) > 500


def test_feed_file_without_fetch_uses_item_content(store, tmp_path: Path):
    feed = tmp_path / "wire.atom"
    body = "\n\n".join(article(RNG))
    feed.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:wire</id><updated>2024-07-01T00:00:00Z</updated>
<entry><title>Negotiators regroup</title><id>urn:uuid:1234 Negotiators Regroup</id><updated>2024-07-01T08:00:00Z</updated>
<content type="text">{escape(body)}</content></entry></feed>""")
    result = ingest(store, [str(feed)])
    assert result.stored == 1, result.rejected
    report = get_report(store, "urn-uuid-1234-negotiators-regroup")
    assert (str(report["published"]), report["date_source"]) == ("2024-07-01", "metadata")
    assert report["outlet"] == "Atom Wire" and report["text"] == body
