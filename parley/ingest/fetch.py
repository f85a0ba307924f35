"""Downloading one http(s) URL safely: timeouts, a size cap, a redirect cap, a content-type check."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from parley import __version__
from parley.errors import Errors, IngestError

TIMEOUT = httpx.Timeout(20.0, connect=10.0)
MAX_REDIRECTS = 5
SCHEMES = ("http", "https")
# Pages, plain text, feeds and JSON; anything else (images, PDFs, archives) is refused.
CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "text/markdown",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/json",
)


@dataclass
class Fetched:
    """The body of a fetched URL and what the server said it is."""

    url: str  # the final URL after redirects
    content_type: str
    body: bytes


def check_scheme(url: str) -> None:
    """Raise :class:`IngestError` unless ``url`` is an http or https URL."""
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise IngestError(Errors.E108.format(input=url, scheme=scheme))


def client() -> httpx.Client:
    """An HTTP client with Parley's timeouts and redirect cap; close it after use."""
    return httpx.Client(
        timeout=TIMEOUT,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": f"parley/{__version__} (+news report ingestion)"},
    )


def fetch(url: str, *, http: httpx.Client, max_bytes: int) -> Fetched:
    """Download ``url`` with ``http``, reading at most ``max_bytes`` of body.

    Raises
    ------
    IngestError
        For a non-http(s) scheme, an HTTP error status, too many redirects,
        a refused content type, an oversize body or a network failure.
    """
    check_scheme(url)
    try:
        with http.stream("GET", url) as response:
            if response.status_code >= 400:
                raise IngestError(Errors.E109.format(input=url, status=response.status_code))
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            if content_type not in CONTENT_TYPES:
                allowed = ", ".join(CONTENT_TYPES)
                raise IngestError(Errors.E111.format(input=url, got=content_type or "none", allowed=allowed))
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(Errors.E103.format(input=url, size=int(declared), limit=max_bytes))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:  # the server may lie about or omit Content-Length
                    raise IngestError(Errors.E103.format(input=url, size=f"more than {max_bytes}", limit=max_bytes))
                chunks.append(chunk)
            return Fetched(str(response.url), content_type, b"".join(chunks))
    except httpx.TooManyRedirects as exc:
        raise IngestError(Errors.E112.format(input=url, limit=MAX_REDIRECTS)) from exc
    except httpx.UnsupportedProtocol as exc:  # a redirect to ftp:, file: and the like
        reason = f"a redirect led to a URL that is not http(s) ({exc})"
        raise IngestError(Errors.E110.format(input=url, reason=reason)) from exc
    except httpx.HTTPError as exc:
        raise IngestError(Errors.E110.format(input=url, reason=f"{type(exc).__name__}: {exc}")) from exc
