"""Saved web pages (``.html``, ``.htm``): the article's main text, extracted with trafilatura.

trafilatura is made for news pages: it keeps the article body and drops navigation, related-links
boxes, cookie banners, comments and footers, so outlet names in those never become citations.
It also reads the page's metadata: title, author, date, site name and canonical URL.

The article text is trafilatura's plain-text output with each paragraph separated by a blank line
(so that headings and paragraphs are separate sentences); citation offsets index that text, which
``--dump-text`` writes out. A page with no extractable main text is skipped with that reason.

lxml's parser (libxml2) stops without a word on some hostile pages, losing what follows: such a
page is first brought within what it reads to the end (:mod:`~citetrack.readers.htmlbounds`),
and a page over its 10 MB limit is parsed here with the limit lifted; if the parser still stops,
the page is skipped with the parser's reason rather than read in part.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: a command that reads no web page never loads them
    import lxml.html

from .formats import Format
from ..models import Article, Skipped
from .dates import parse_date
from .htmlbounds import bound_markup, is_large
from .source import BinaryFile, TooLarge, decode, open_binary, read_bounded

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


def html_text(data: bytes, declared: str | None = None) -> str:
    """The page's markup as text: the declared charset (HTTP header or ``<meta charset>``), else detected."""
    m = None if declared else _META_CHARSET.search(data[:4096])
    encoding = declared or (m.group(1).decode("ascii") if m else None)
    if encoding:
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:  # an unknown charset name: detect instead
            pass
    return decode(data)


#: Elements that hold a picture's caption or credit: <figcaption>, and anything whose class names one.
_CAPTION_CLASS = re.compile(r"(?i)(?:^|[\s_-])(?:caption|credit|credits|copyright|photographer|byline-photo|"
                            r"image-source|photo-source|media-source|wp-caption-text)(?:$|[\s_-])")
MAX_CAPTIONS = 200  # per page: a caption wall is hostile input, and its words are looked at only this far
MAX_CAPTION = 1000  # characters of one caption


def captions(markup: str | lxml.html.HtmlElement) -> list[str]:
    """The figure captions and photo credits of a page (markup or its parsed tree), in document order, once each.

    trafilatura keeps an article's text but drops its captions, and captions are where credits
    live ("Photo: Jane Doe/AFP", "<span class=credit>Reuters</span>"). A credit inside a caption
    is part of that caption's text; an element inside another one found is not taken twice.
    """
    import lxml.html

    if isinstance(markup, str):
        try:
            root = lxml.html.document_fromstring(markup)
        except (ValueError, TypeError, LookupError) as exc:  # empty or unparsable markup
            del exc
            return []
        except Exception:  # noqa: BLE001 - lxml's parser errors: no captions, the text is still read
            return []
    else:
        root = markup.getroottree().getroot()
    out: list[str] = []
    taken: set = set()
    for el in root.iter():
        if len(out) >= MAX_CAPTIONS:
            break
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "noscript"):
            continue
        if not (tag == "figcaption" or _CAPTION_CLASS.search(el.get("class", "") or "")):
            continue
        if any(a in taken for a in el.iterancestors()):
            continue
        taken.add(el)
        text = " ".join(" ".join(el.itertext()).split())[:MAX_CAPTION]
        if text and text not in out:
            out.append(text)
    return out


#: What trafilatura removes from markup before lxml parses it (trafilatura.utils.INVALID_XML_CHARS).
_REMOVED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def readable_markup(markup: str) -> str:
    """The page as libxml2 reads to its end (:mod:`~citetrack.readers.htmlbounds`): ``markup``
    itself, unless it nests too deeply, has huge or countless attributes, or content after ``</html>``."""
    seen = _REMOVED.sub("", markup) if _REMOVED.search(markup) else markup
    page = bound_markup(seen)
    return markup if page is seen else page


def parse_unlimited(markup: str) -> tuple[lxml.html.HtmlElement | None, str | None]:
    """The page's tree as trafilatura would parse it (``trafilatura.utils.load_html``) but with
    libxml2's limits lifted (``huge_tree``), and why the parser stopped early if it did."""
    import lxml.html
    from trafilatura.utils import repair_faulty_html

    parser = lxml.html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                                  remove_comments=True, remove_pis=True, huge_tree=True)
    beginning = markup[:50].lower()
    markup = repair_faulty_html(markup, beginning)
    tree = None
    try:
        tree = lxml.html.fromstring(markup, parser=parser)
    except Exception:  # noqa: BLE001 - a string that declares an encoding, or any parser error: as bytes then
        pass
    if tree is None or len(tree) < 1:
        try:
            tree = lxml.html.fromstring(markup.encode("utf-8", "surrogatepass"), parser=parser)
        except Exception:  # noqa: BLE001 - lxml's parser errors: no tree, as in trafilatura
            return None, None
    fatal = parser.error_log.filter_from_fatals()
    if fatal:
        return None, fatal[0].message.strip()
    if "html" not in beginning and len(tree) < 2:  # trafilatura's check that it is HTML at all
        return None, None
    return tree, None


def html_article(markup: str, file: str, article_id: str, url: str | None = None) -> Article | Skipped:
    """The :class:`Article` of one page, or why there is none (skipped as ``article_id``).

    The text is trafilatura's main text, one paragraph per block, then the page's captions and
    photo credits that the main text does not hold already, one paragraph each. A hostile or
    very large page is first brought within what the parser reads to its end, and parsed here.
    """
    page = readable_markup(markup)
    source: str | lxml.html.HtmlElement | None = page
    if page is not markup or is_large(page):
        source, problem = parse_unlimited(page)
        if problem:
            return Skipped(article_id, f"the HTML parser stopped before the end of the page ({problem})")
        if source is None:
            return Skipped(article_id, "no article text found in the page")
    import trafilatura

    doc = trafilatura.bare_extraction(
        source, url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True,
    )
    body = getattr(doc, "text", None) or ""
    paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
    if not paragraphs:
        return Skipped(article_id, "no article text found in the page")
    joined = "\n".join(paragraphs)
    paragraphs += [c for c in captions(source) if c not in joined]
    raw_date = doc.date or None
    date = parse_date(raw_date) if raw_date else None  # an unparseable date is no date (issue 12 #5, #11)
    return Article(
        file=file,
        id=article_id,
        text="\n\n".join(paragraphs),
        title=doc.title or None,
        date=date,
        url=doc.url or url,
        publisher=doc.sitename or None,
        author=doc.author or None,
        bad_date=bool(raw_date) and date is None,
    )


@dataclass(frozen=True, slots=True)
class Page:
    """A web page read but not yet extracted: extraction (the slow part) can run in a worker.

    Readers yield pages; :func:`citetrack.readers.iter_articles` extracts them in place unless
    asked to hand them on (``defer_pages=True``, as the parallel scan does).
    """

    file: str
    id: str
    markup: str
    url: str | None = None

    def extract(self) -> Article | Skipped:
        return html_article(self.markup, self.file, self.id, self.url)


def read_html(path: Path, display: str, fields: object = None, max_bytes: int = 0) -> Iterator[Page | Skipped]:
    """Read one saved page (maybe gzipped) as one article (id = the file as shown)."""
    try:
        with open_binary(path) as f:
            data = read_bounded(f, max_bytes)
    except TooLarge as exc:
        yield Skipped(display, str(exc))
        return
    if not data.strip():
        yield Skipped(display, "empty file")
        return
    try:
        markup = html_text(data)
    except BinaryFile as exc:
        yield Skipped(display, str(exc))
        return
    yield Page(display, display, markup)


FORMATS = (Format("saved web pages", (".html", ".htm"), read_html, limit="file", pages=True),)
