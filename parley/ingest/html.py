"""Main text and metadata of an HTML page: trafilatura, with readability-lxml as the fallback.

The page is parsed once with lxml; trafilatura works on that tree (comments
off, fast mode), htmldate reads the date from it and the title and site name
come from its meta tags (trafilatura's own metadata pass costs more than the
extraction and finds nothing more on news pages). When trafilatura keeps too little of the page, readability
takes over, and for bare fragments (feed item bodies) the block text of the
tree is used.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Optional

import htmldate
import lxml.html
import trafilatura
from lxml import etree

# Below this many characters trafilatura probably missed the article.
MIN_CHARS = 250
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "br", "tr", "article", "section"}
_DROP = ("script", "style", "noscript", "nav", "footer", "header", "aside", "form", "iframe")
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

# trafilatura and readability log every page they find thin; the rejection reason says it once.
for _name in ("trafilatura", "readability", "htmldate"):
    logging.getLogger(_name).setLevel(logging.ERROR)


@dataclass
class Extracted:
    """The article text of a page and what its metadata says."""

    text: str
    title: Optional[str] = None
    outlet: Optional[str] = None
    date: Optional[str] = None  # ISO date from the page's metadata (htmldate)
    extractor: str = "trafilatura"


def parse(html: str) -> Optional[lxml.html.HtmlElement]:
    """The lxml tree of ``html``, or None when it holds no markup."""
    try:
        try:
            return lxml.html.document_fromstring(html)
        except ValueError:  # lxml refuses str input that starts with an XML encoding declaration
            return lxml.html.document_fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return None


def block_text(tree: lxml.html.HtmlElement) -> str:
    """The visible text of ``tree``, one line per block element, without scripts and navigation."""
    tree = lxml.html.fromstring(etree.tostring(tree))
    for bad in tree.iter(*_DROP):
        bad.drop_tree()
    lines: list[str] = []
    current: list[str] = []
    for node in tree.iter():
        if node.tag in _BLOCKS and current:
            lines.append(" ".join("".join(current).split()))
            current = []
        if isinstance(node.tag, str) and node.text:
            current.append(node.text)
        if node.tail:
            current.append(node.tail)
    lines.append(" ".join("".join(current).split()))
    return "\n".join(line for line in lines if line)


def _readability(html: str) -> str:
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises bare Exception subclasses of its own on odd markup
        return ""
    tree = parse(summary)
    return block_text(tree) if tree is not None else ""


def extract_html(html: str, *, url: Optional[str] = None) -> Extracted:
    """The main text, title, outlet and date of one HTML page.

    Returns an empty ``text`` when nothing readable is found; the caller
    rejects such a page.
    """
    tree = parse(html)
    if tree is None:
        return Extracted("", extractor="none")
    doc = trafilatura.bare_extraction(
        tree, url=url, fast=True, include_comments=False, include_tables=False, with_metadata=False
    )
    text = (doc.text or "") if doc is not None else ""
    extractor = "trafilatura"
    if len(text) < MIN_CHARS:
        fallback = _readability(html)
        if len(fallback) > len(text):
            text, extractor = fallback, "readability"
    if len(text) < MIN_CHARS:
        plain = block_text(tree)
        if len(plain) > len(text):
            text, extractor = plain, "lxml"
    outlet = _meta(tree, "og:site_name", "application-name")
    date = htmldate.find_date(tree, url=url, **_DATE_PARAMS)
    return Extracted(re.sub(r"\n{3,}", "\n\n", text).strip(), _title(tree, outlet), outlet, date, extractor)


def _meta(tree: lxml.html.HtmlElement, *names: str) -> Optional[str]:
    """The content of the first ``<meta property|name=...>`` among ``names`` that is set."""
    for name in names:
        for node in tree.xpath(f'//meta[@property="{name}" or @name="{name}"]'):
            content = (node.get("content") or "").strip()
            if content:
                return content
    return None


def _title(tree: lxml.html.HtmlElement, outlet: Optional[str]) -> Optional[str]:
    """og:title, else the first ``<h1>``, else ``<title>`` without a trailing " | Outlet"."""
    title = _meta(tree, "og:title", "twitter:title")
    if title:
        return title
    for xpath in ("//h1", "//title"):
        found = tree.xpath(xpath)
        text = " ".join(found[0].text_content().split()) if found else ""
        if text:
            if outlet and xpath == "//title":
                text = re.sub(rf"\s*[|\-–—:]\s*{re.escape(outlet)}$", "", text)
            return text
    return None
