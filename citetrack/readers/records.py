"""Records (JSON objects, CSV rows) to articles, with the field names a :class:`FieldMap` gives.

Shared by the JSON, JSON Lines and CSV readers, so the same names work everywhere: the text from
``text``/``body``/``content``/``article`` (or ``--text-field``), and optionally ``title``,
``date`` (normalised to ISO when parseable), ``url``, ``outlet``/``publisher``, ``id``.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from ..models import Article, FieldMap, Skipped
from .dates import parse_date

DEFAULT_FIELDS = FieldMap()


def find_key(keys: Iterable[str], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` among ``keys`` (exact, else ignoring case and surrounding spaces)."""
    return _Keys(keys).find(names)


@lru_cache(maxsize=1024)
def _fold(name: str) -> str:
    return name.strip().casefold()


@lru_cache(maxsize=256)
def _index(keys: tuple) -> tuple[frozenset, dict[str, str]]:
    """A record's keys as a set and by their folded form (the first key of each form). Records of
    one file mostly share their keys, so this is worked out once per set of keys, not per record."""
    folded: dict[str, str] = {}
    for k in keys:
        if isinstance(k, str):
            folded.setdefault(_fold(k), k)
    return frozenset(keys), folded


class _Keys:
    """A record's keys, looked up by name as :func:`find_key` does: a name as written, else its
    folded form (case and surrounding spaces ignored)."""

    __slots__ = ("exact", "folded")

    def __init__(self, keys: Iterable[str]):
        self.exact, self.folded = _index(tuple(keys))

    def one(self, name: str) -> str | None:
        return name if name in self.exact else self.folded.get(_fold(name))

    def find(self, names: tuple[str, ...]) -> str | None:
        for name in names:
            key = self.one(name)
            if key is not None:
                return key
        return None


def missing_text(fields: FieldMap, keys: Iterable[str], what: str = "field") -> str:
    """The reason a record has no text field (names what was looked for and what there is)."""
    if what == "field" and fields.text == DEFAULT_FIELDS.text:
        return "no 'text' field"
    wanted = " / ".join(repr(n) for n in fields.text)
    present = ", ".join(str(k) for k in list(keys)[:12]) or "none"
    option = "--text-field" if what == "field" else "--text-column"
    return f"no text {what} {wanted} (has: {present}; name it with {option})"


def record_article(
    rec: object, file: str, n: int, where: str, fields: FieldMap = DEFAULT_FIELDS, what: str = "field"
) -> Article | Skipped:
    """The :class:`Article` a record describes, or why it cannot be read (as ``where``).

    ``n`` numbers the record in its file (from 1): without an id field the article's id is
    ``"<file>#<n>"``.
    """
    if not isinstance(rec, Mapping):
        return Skipped(where, f"record is not a JSON object ({type(rec).__name__})")
    plan = _plan(tuple(rec) if None not in rec.values() else tuple(k for k in rec if rec[k] is not None), fields)
    key = plan[0]
    if key is None:
        return Skipped(where, missing_text(fields, rec.keys(), what))
    text = rec[key]
    if not isinstance(text, str):
        return Skipped(where, f"'{key}' is not a string ({type(text).__name__})")
    text = no_lone_surrogates(text)
    if not text or text.isspace():  # what strip() would leave empty, without the copy
        return Skipped(where, f"empty '{key}'")

    def get(keys: tuple[str, ...]) -> str | None:
        for k in keys:  # the first name with a usable value: an empty "outlet" gives way to "publisher"
            value = scalar(rec[k])
            if value is not None:
                return no_lone_surrogates(value)
        return None

    _, ids, dates, titles, urls, publishers, authors = plan
    raw_id, raw_date = get(ids) if ids else None, get(dates) if dates else None
    date = parse_date(raw_date) if raw_date else None  # an unparseable date is no date (issue 12 #5, #11)
    return Article(
        file=file,
        id=raw_id if raw_id is not None else f"{file}#{n}",
        text=text,
        title=get(titles) if titles else None,
        date=date,
        url=get(urls) if urls else None,
        publisher=get(publishers) if publishers else None,
        author=get(authors) if authors else None,
        bad_date=bool(raw_date) and date is None,
    )


_AUTHOR = ("author", "authors", "byline")


@lru_cache(maxsize=256)
def _plan(keys: tuple, fields: FieldMap) -> tuple:
    """For a record with these keys (those with a value): the text's key (None: none), then for the
    id, date, title, url, publisher and author the keys their names find, in the names' order.
    Worked out once per set of keys and field names, not per record."""
    present = _Keys(keys)
    def found(names: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(k for k in map(present.one, names) if k is not None)
    return (present.find(fields.text), found(fields.id), found(fields.date), found(fields.title), found(fields.url),
            found(fields.publisher), found(_AUTHOR))


_SURROGATE = re.compile("[\ud800-\udfff]")


def no_lone_surrogates(s: str) -> str:
    """A JSON string may hold a lone surrogate ("\\ud800": valid JSON, not encodable as UTF-8);
    each becomes U+FFFD, one character for one, so offsets are unchanged."""
    return s if s.isascii() else _SURROGATE.sub("\ufffd", s)


def scalar(value: object) -> str | None:
    """A string or number field as a string; ``None`` for missing, empty, boolean or nested values."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
