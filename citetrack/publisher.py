"""Who published an article, so that citations of its own outlet can be told apart (self-citations).

:func:`resolve_publisher` tries, in order:

1. the publisher given for the whole run (``--publisher NAME``), or the one its path names
   (``--publisher-from folder`` or ``filename``: :func:`path_publisher`);
2. the publisher the source names (a record's ``outlet``/``publisher`` field, a page's site name),
   when the gazetteer knows it by name, alias or domain;
3. the domain of the article's URL, matched against the gazetteer's ``domains``;
4. the name the source gives, even if unknown (it becomes an unknown outlet with a slug id): a
   Springfield News-Leader record with an AP dateline stays the News-Leader's;
5. a dateline at the top of the text naming a known outlet: ``LONDON (Reuters) -``;
6. the agency whose wire copy the text is (:func:`citetrack.wire.find_wire`: a byline, credit
   line or sign-off), an agency's own story.

Known outlets are returned as their gazetteer entry, so the publisher is the canonical name.
:func:`resolve_source` also gives the article's wire (the agency whose story it carries, whatever
the publisher): an article is *wire copy* when it has a wire other than its publisher.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .models import Article, Outlet
from .outlets import Gazetteer, unknown_outlet
from .wire import Wire, wire_and_dateline

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
    return resolve_source(article, gaz, override, publisher_from)[0]


def resolve_source(article: Article, gaz: Gazetteer, override: str | None = None,
                   publisher_from: str | None = None) -> tuple[Outlet | None, Wire | None]:
    """The publisher of ``article`` (see the module docstring) and the wire agency whose story it
    is (``None`` for either when nothing tells). When nothing but the wire names a publisher, the
    wire is the publisher too (an agency's own story)."""
    wire, dateline = wire_and_dateline(article.text, gaz)
    if override and override.strip():
        return known_outlet(override, gaz) or unknown_outlet(" ".join(override.split())), wire
    if publisher_from:
        found = path_publisher(article.file, publisher_from, gaz)
        if found is not None:
            return found, wire
    given = article.publisher
    found = (known_outlet(given, gaz) if given else None) or (gaz.by_domain(article.url) if article.url else None)
    if found is None and given and given.strip():
        found = unknown_outlet(" ".join(given.split()))
    if found is None:
        found = (gaz.lookup(dateline) if dateline else None) or (wire.outlet if wire else None)
    return found, wire
