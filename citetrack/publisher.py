"""Who published an article, so that citations of its own outlet can be told apart (self-citations).

:func:`resolve_publisher` tries, in order:

1. the publisher given for the whole run (``--publisher NAME``), or the one its path names
   (``--publisher-from folder`` or ``filename``: :func:`path_publisher`);
2. the publisher the source names (a record's ``outlet``/``publisher`` field, a page's site name),
   when the gazetteer knows it by name, alias or domain;
3. the domain of the article's URL, matched against the gazetteer's ``domains``;
4. a dateline at the top of the text naming a known outlet: ``LONDON (Reuters) -``;
5. the name the source gives, even if unknown (it becomes an unknown outlet with a slug id).

Known outlets are returned as their gazetteer entry, so the publisher is the canonical name.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .models import Article, Outlet
from .outlets import Gazetteer, unknown_outlet

#: ``WASHINGTON (Reuters) -`` / ``PARIS, May 3 (AFP) —`` / ``(AP) --`` starting a line near the top.
DATELINE = re.compile(r"(?m)^[^\S\n]*[^\n()]{0,60}?\((?P<name>[A-Z][A-Za-z&.' -]{0,38}[A-Za-z.])\)[^\S\n]*(?:-{1,2}|–|—)\s")
#: The dateline is looked for in this many characters at the top (below a headline and byline).
DATELINE_CHARS = 600
DOMAIN_LIKE = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/.*)?$", re.I)


def known_outlet(name: str, gaz: Gazetteer) -> Outlet | None:
    """The gazetteer outlet a publisher name denotes (by name or alias, or as a domain)."""
    name = " ".join(name.split())
    if not name:
        return None
    outlet = gaz.lookup(name)
    if outlet is None and DOMAIN_LIKE.match(name):
        outlet = gaz.by_domain(name)
    return outlet


def dateline_outlet(text: str, gaz: Gazetteer) -> Outlet | None:
    """The known outlet of the first dateline near the top of ``text``, if any."""
    m = DATELINE.search(text[:DATELINE_CHARS])
    return gaz.lookup(m["name"]) if m else None


#: Where ``--publisher-from`` reads the publisher.
PUBLISHER_FROM = ("folder", "filename")
_TRAILING_NUMBER = re.compile(r"[-_ .]*\d+$")


def path_token(file: str, source: str) -> str:
    """The part of an article's file path that names its publisher: the folder it is in
    (``bbc/x.txt`` -> ``bbc``) or the start of its file name, up to the first ``_`` or ``.``
    (``nyt_2016-05-01_story.txt`` -> ``nyt``). A trailing number is dropped (``reuters-2017``)."""
    path = PurePosixPath(file.replace("\\", "/"))
    token = path.parent.name if source == "folder" else re.split(r"[_.]", path.name, maxsplit=1)[0]
    return _TRAILING_NUMBER.sub("", token) or token


def path_publisher(file: str, source: str, gaz: Gazetteer) -> Outlet | None:
    """The outlet a path names (see :func:`path_token`), by the gazetteer's names, aliases and ids,
    the token's hyphens read as spaces or left out (``wash-post`` -> Washington Post, ``huff-post``
    -> HuffPost); a token no outlet has is kept as an unknown publisher of that name."""
    token = path_token(file, source)
    if not token:
        return None
    for form in (token, token.replace("-", " ").replace("_", " "), token.replace("-", "").replace("_", "")):
        found = gaz.lookup(form) or gaz.get(form.lower())
        if found is not None:
            return found
    return unknown_outlet(token)


def resolve_publisher(article: Article, gaz: Gazetteer, override: str | None = None,
                      publisher_from: str | None = None) -> Outlet | None:
    """The publisher of ``article`` (see the module docstring), or ``None`` when nothing tells."""
    if override and override.strip():
        return known_outlet(override, gaz) or unknown_outlet(" ".join(override.split()))
    if publisher_from:
        found = path_publisher(article.file, publisher_from, gaz)
        if found is not None:
            return found
    given = article.publisher
    found = (
        (known_outlet(given, gaz) if given else None)
        or (gaz.by_domain(article.url) if article.url else None)
        or dateline_outlet(article.text, gaz)
    )
    if found is None and given and given.strip():
        found = unknown_outlet(" ".join(given.split()))
    return found
