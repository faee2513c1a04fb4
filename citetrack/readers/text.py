"""Plain-text and Markdown articles: one article a file, title and date guessed from the top.

The text is the file decoded as :func:`~citetrack.readers.source.decode` does it (encoding detected,
byte-order mark dropped, universal newlines, undecodable bytes replaced), because citation offsets
index that string; nothing else is stripped.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path

from .formats import Format
from ..models import Article, Skipped
from .dates import has_year, parse_date, parse_date_prefix
from .source import SNIFF_BYTES, BinaryFile, check_text, open_binary, sniff_encoding, text_or_skip

#: Non-empty lines at the top of a file searched for a date (and for the title).
HEAD_LINES = 5
#: Only this much of the start of a text is examined for metadata.
HEAD_CHARS = 20_000
MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
#: A headline in sentence case (not Title Case) has at most this many words.
MAX_SENTENCE_CASE_WORDS = 20
#: A line ending with a period is a headline only up to this many words (or in Title Case).
SHORT_TITLE_WORDS = 12

_DATE_LABEL = re.compile(
    r"(?:(?:first\s+|last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date(?:d|line)?)"
    r"\s*[:\-–—]?\s*(?P<rest>.+)",
    re.I,
)
_META_LINE = re.compile(r"(?:source|author|byline|url|link|tags?|category|section|filed)\s*:", re.I)
_BYLINE = re.compile(r"(?i:by)\s+[A-Z]")
_MID_SENTENCE_BREAK = re.compile(r"\b[a-z]{3,}\.\s+[\"'“‘(]?[A-Z]")
_ABBREVIATION_END = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St|Mr|Mrs|Dr)\.)$")
_MD_HEADING = re.compile(r"#{1,6}\s+(?P<title>.+?)\s*#*\s*")
_SAID = re.compile(r"\b(?:said|told)\b")
_DATELINE = re.compile(r"\([A-Z][A-Za-z.&' ]{0,30}\)\s*[-–—]\s")  # "WASHINGTON (Reuters) - "
_SMALL_WORDS = frozenset(
    "a an and as at but by for from in into of off on or per the to up via vs v with".split()
)


def is_binary(path: Path) -> str | None:
    """Why the file is not text (a PDF, an image, NUL bytes ...), or ``None`` when it is."""
    with open_binary(path) as f:
        head = f.read(SNIFF_BYTES)
    try:
        check_text(head, sniff_encoding(head))
    except BinaryFile as exc:
        return str(exc)
    return None


def read_text(path: Path, display: str, fields: object = None, max_bytes: int = 0) -> Iterator[Article | Skipped]:
    """Read a ``.txt`` or ``.md`` file (maybe gzipped) as one article (id = the file as shown)."""
    read = text_or_skip(path, display, max_bytes)
    if isinstance(read, Skipped):
        yield read
        return
    text, nuls = read
    name = path.name.lower().removesuffix(".gz")
    title, date, bad_date = _metadata(text, markdown=name.endswith(".md"))
    yield Article(file=display, id=display, text=text, title=title, date=date, bad_date=bad_date, nuls=nuls)


def text_metadata(text: str, markdown: bool = False) -> tuple[str | None, str | None]:
    """``(title, date)`` guessed from the top of an article; either may be ``None``."""
    return _metadata(text, markdown)[:2]


def _metadata(text: str, markdown: bool) -> tuple[str | None, str | None, bool]:
    """``(title, date, bad date)``: the last is true when front matter gives a date that is no real day."""
    lines = text[:HEAD_CHARS].lstrip("\ufeff").splitlines()
    title = date = None
    bad_date = False
    if markdown:
        front, lines = split_front_matter(lines)
        title = front.get("title") or None
        raw_date = front.get("date") or front.get("published")
        date = parse_date(raw_date) if raw_date else None  # unparseable: no date (issue 12 #11)
        bad_date = bool(raw_date) and date is None
    head = list(islice(((i, s) for i, line in enumerate(lines) if (s := line.strip())), HEAD_LINES))
    dated = _head_dates(head)
    if date is None:
        date = next((d for _, line in head if (d := dated(line))), None)
    if title is None:
        title = _title_from_head(lines, head, markdown, dated)
    return title, date, bad_date and date is None


def _head_dates(head: list[tuple[int, str]]) -> Callable[[str], str | None]:
    """:func:`date_of_line` for the lines of a file's head: most heads hold no four digits in a row
    (no date can be there), which one search over all their lines tells."""
    if has_year("\n".join(line for _, line in head)):
        return date_of_line
    undated = {line for _, line in head}
    return lambda line: None if line in undated else date_of_line(line)


def split_front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a leading YAML front matter block (``---`` … ``---``) into simple ``key: value`` pairs.

    Only flat string values are understood (no YAML library); returns ``({}, lines)`` when there
    is no closed block at the top.
    """
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 200)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, lines
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        if sep and key.strip() and not line[:1].isspace():
            meta[key.strip().lower()] = value.strip().strip("\"'").strip()
    return meta, lines[end + 1 :]


def date_of_line(line: str) -> str | None:
    """The ISO date a metadata line gives: ``Date: 2023-05-12``, ``Published May 12, 2023``, a bare date."""
    line = line.strip()
    if not has_year(line):  # the usual case (a headline, a paragraph): no date parsing at all
        return None
    m = _DATE_LABEL.fullmatch(line)
    if m:
        return parse_date(m["rest"]) or parse_date_prefix(m["rest"])
    return parse_date(line)


def _title_from_head(lines: list[str], head: list[tuple[int, str]], markdown: bool,
                     dated: Callable[[str], str | None] = date_of_line) -> str | None:
    """The first content line of the head, when it looks like a headline (``dated``: the date a
    line gives, :func:`date_of_line`)."""
    for i, line in head:
        if dated(line) or _META_LINE.match(line):
            continue  # metadata above the headline
        if markdown:
            m = _MD_HEADING.fullmatch(line)
            if m:
                return m["title"] if len(m["title"]) <= MAX_TITLE_CHARS else None
        rest = lines[i + 1 :]
        if not any(r.strip() for r in rest):
            return None  # the only paragraph is the body
        if _wrapped(line, rest[0].strip(), dated):
            return None  # the first line of a hard-wrapped paragraph, not a headline
        return line if _looks_like_title(line, dated) else None
    return None


def _wrapped(line: str, nxt: str, dated: Callable[[str], str | None] = date_of_line) -> bool:
    """Does ``line`` continue on the next line ``nxt`` (hard-wrapped text)?

    A headline is followed by a blank line, a metadata line, or an unwrapped body paragraph
    (much longer than itself); anything else directly below it means the paragraph is wrapped.
    """
    if not nxt or dated(nxt) or _META_LINE.match(nxt) or _BYLINE.match(nxt):
        return False
    if nxt[0].islower() or line.endswith("-"):
        return True
    starts_sentence = nxt.lstrip("\"'“‘(")[:1].isupper()
    if line[-1] in ".;!?" and starts_sentence and not _ABBREVIATION_END.search(line):
        return False  # a headline ending a clause, then a subtitle or the body
    return len(nxt) < max(80, 1.5 * len(line))


def looks_like_title(line: str) -> bool:
    """Heuristic: could this single line be a headline?

    Yes when it is at most 200 characters and 30 words, has letters, is not a date, byline, URL,
    list item or dateline lead ("WASHINGTON (Reuters) - ..."), does not end like a lead-in (``:``
    ``,``), has no sentence break inside, and is either one capitalised word, or in Title Case
    (most content words capitalised), or in sentence case with at most
    :data:`MAX_SENTENCE_CASE_WORDS` words. A sentence-case line ending with a period (a sentence,
    or a headline as some datasets write them) passes only up to :data:`SHORT_TITLE_WORDS` words
    and without a reporting verb ("said", "told").
    """
    return _looks_like_title(line, date_of_line)


def _looks_like_title(line: str, dated: Callable[[str], str | None]) -> bool:
    s = line.strip()
    words = s.split()
    if not s or len(s) > MAX_TITLE_CHARS or len(words) > MAX_TITLE_WORDS:
        return False
    if not any(ch.isalpha() for ch in s) or parse_date(s) or dated(s):
        return False
    if s.lower().startswith(("http://", "https://", "www.")) or s[0] in "-*•>|":
        return False
    if _BYLINE.match(s) and len(words) <= 5:
        return False
    if s[-1] in ":," or _MID_SENTENCE_BREAK.search(s) or _DATELINE.search(s):
        return False
    if len(words) == 1:
        return s[0].isupper() and len(s) >= 3
    if _title_case(words):
        return True
    if s.endswith(".") and not s.endswith("...") and not _ABBREVIATION_END.search(s):
        return len(words) <= SHORT_TITLE_WORDS and not _SAID.search(s)
    return len(words) <= MAX_SENTENCE_CASE_WORDS


def _title_case(words: list[str]) -> bool:
    """Most content words start with a capital letter or a digit."""
    content = [w.strip("\"'“”‘’()[]#") for w in words]
    content = [w for w in content if w and w.lower() not in _SMALL_WORDS]
    caps = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return len(content) >= 2 and caps / len(content) >= 0.75


FORMATS = (Format("plain text and Markdown", (".txt", ".md"), read_text, limit="file"),)
