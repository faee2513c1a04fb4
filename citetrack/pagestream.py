"""The report page of a stored scan (:mod:`citetrack.citestore`), written as it is computed.

:func:`citetrack.render.page_data` holds every citing article, every citation and the page's JSON
at once (several times the page's size). Here the same JSON is written piece by piece into the
page, in the same order and with the same bytes, from passes over the store: the articles, the
flat citation array, the wire-copy positions, the evidence and the article positions are each a
pass; only per-outlet data (and the at most :data:`~citetrack.render.EVIDENCE_PER_OUTLET` strongest
citations of each outlet, above :data:`~citetrack.render.EVIDENCE_ALL`) is held.
"""
from __future__ import annotations

import heapq
import json
import os
from collections.abc import Iterator
from importlib import resources
from string import Template

from .atomic import atomic_open
from .citestore import citation
from .graph import article_label, clean, trim_sentence
from .layout import cocite_layout, cocite_pairs, iter_article_layout, outlet_layout
from .models import KINDS, OUTLET_TYPES, ArticleInfo, Outlet, ReportOptions, ScanResult
from .outlets import norm_name
from . import render
from .render import (ARTICLE_COLOUR, EVIDENCE_PER_OUTLET, PHYSICS_MAX, _mention_span, _narrowed, _outlets,
                     _publisher, _strength, _uncited_days, _vis_assets, escape_json, real_day, type_colour, vis_options)

_HOLE = "\x00citetrack-data\x00"


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_stored_page(result: ScanResult, path: str | os.PathLike, options: ReportOptions | None = None) -> None:
    """Write ``graph.html`` of a stored scan; the same bytes as :func:`citetrack.render.render_html`."""
    import html
    opts = options or ReportOptions()
    template = Template(resources.files("citetrack").joinpath("templates", "network.html").read_text(encoding="utf-8"))
    script, style = _vis_assets()
    head, tail = template.substitute(title=html.escape(" ".join(opts.title.split()), quote=True), vis_css=style,
                                     vis_js=script, data=_HOLE).split(_HOLE)
    with atomic_open(path, newline="\n") as f:
        f.write(head)
        for chunk in _page_json(result, opts):
            f.write(escape_json(chunk))
        f.write(tail)


class _Page:
    """The passes over the store, with what they share (bounded by the outlets)."""

    def __init__(self, result: ScanResult) -> None:
        self.result = result
        self.store = result.store
        self.oindex = {c.outlet_id: i for i, c in enumerate(result.counts)}
        db = self.store.db
        db.execute("DROP TABLE IF EXISTS temp.pageart")
        db.execute("CREATE TEMP TABLE pageart(id BLOB PRIMARY KEY, idx INTEGER)")
        db.execute("BEGIN")
        db.executemany("INSERT INTO pageart VALUES (?, ?)", ((row[0], i) for i, row in enumerate(self.store.rows(
            "SELECT id FROM articles WHERE seq IN (SELECT MIN(seq) FROM articles GROUP BY id) ORDER BY seq"))))
        db.execute("COMMIT")
        self.publishers = self._publishers()

    def articles(self) -> Iterator[ArticleInfo]:
        """The page's articles: the first listed article of each id, in order."""
        return self.store.iter_articles("WHERE seq IN (SELECT MIN(seq) FROM articles GROUP BY id)")

    def _publishers(self) -> list[dict]:
        by_name: dict[str, Outlet] = {}
        for o in self.result.outlets.values():
            for n in o.names:
                by_name.setdefault(norm_name(n), o)
        pindex: dict[str, int] = {}
        publishers: list[dict] = []
        self.by_name = by_name
        for a in self.articles():
            name = clean((a.publisher or "").strip())
            if not name:
                continue
            pub_outlet = _publisher(a, self.result, by_name)
            k = pub_outlet.id if pub_outlet else "name:" + norm_name(name)
            if k not in pindex:
                pindex[k] = len(publishers)
                publishers.append({
                    "name": clean(pub_outlet.name) if pub_outlet else name,
                    "outlet": self.oindex.get(pub_outlet.id, -1) if pub_outlet else -1,
                    "type": (pub_outlet.type or "unknown") if pub_outlet else "unknown",
                })
        self._pkey = pindex
        return publishers

    def article_rows(self) -> Iterator[list]:
        for a in self.articles():
            p = -1
            name = clean((a.publisher or "").strip())
            if name:
                pub_outlet = _publisher(a, self.result, self.by_name)
                p = self._pkey[pub_outlet.id if pub_outlet else "name:" + norm_name(name)]
            yield [clean(article_label(a)), clean(a.title), real_day(a.date), p, clean(a.file), clean(a.url),
                   clean(a.wire)]

    def cites(self) -> Iterator[tuple[int, object]]:
        """(page article index, citation) of each citation of a shown outlet, in order."""
        for data, idx in self.store.rows("SELECT c.data, p.idx FROM cites c JOIN pageart p ON p.id = c.aid "
                                         "ORDER BY c.seq"):
            c = citation(data)
            if c.outlet_id in self.oindex:
                yield idx, c

    def choose(self) -> None:
        """Count the citations per outlet and choose those whose evidence the page carries."""
        self.outlet_cites = [0] * len(self.oindex)
        strongest: dict[str, list] = {}
        n = 0
        for i, (_, c) in enumerate(self.cites()):
            n += 1
            self.outlet_cites[self.oindex[c.outlet_id]] += 1
            heap = strongest.setdefault(c.outlet_id, [])
            item = (_strength(c), -i)  # the strongest first; on ties the earlier, as a stable sort keeps them
            if len(heap) < EVIDENCE_PER_OUTLET:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        self.n = n
        self.chosen = None if n <= render.EVIDENCE_ALL else {-i for heap in strongest.values() for _, i in heap}

    def links(self) -> Iterator[list[tuple[int, int]]]:
        """Each page article's (outlet index, citations), in order of first citation."""
        last, links, expected = -1, [], 0
        for idx, oid, n in self.store.rows(
                "SELECT p.idx, c.oid, COUNT(*) FROM cites c JOIN pageart p ON p.id = c.aid "
                "GROUP BY p.idx, c.oid ORDER BY p.idx, MIN(c.seq)"):
            o = self.oindex.get(oid.decode("utf-8", "surrogatepass"))
            if o is None:
                continue
            if idx != last:
                if last >= 0:
                    yield links
                    expected += 1
                while expected < idx:
                    yield []
                    expected += 1
                last, links = idx, []
            links.append((o, n))
        if last >= 0:
            yield links
            expected += 1
        total = self.store.db.execute("SELECT COUNT(*) FROM pageart").fetchone()[0]
        while expected < total:
            yield []
            expected += 1


def _array(items) -> Iterator[str]:
    """A JSON array, one item (or run of items) at a time."""
    yield "["
    first = True
    buf: list[str] = []
    for item in items:
        buf.append(_dumps(item))
        if len(buf) >= 1000:
            yield ("" if first else ",") + ",".join(buf)
            first, buf = False, []
    if buf:
        yield ("" if first else ",") + ",".join(buf)
    yield "]"


def _page_json(result: ScanResult, opts: ReportOptions) -> Iterator[str]:
    page = _Page(result)
    page.choose()
    outlets = _outlets(result)
    present = {o["type"] for o in outlets} | {p["type"] for p in page.publishers}
    order = [t for t in OUTLET_TYPES if t in present] + sorted(present - set(OUTLET_TYPES))
    kind_index = {k: i for i, k in enumerate(KINDS)}

    def flat() -> Iterator[int]:
        e = 0
        for i, (a, c) in enumerate(page.cites()):
            yield from (a, page.oindex[c.outlet_id], kind_index.get(c.kind, 0), int(c.self))
            if page.chosen is None or i in page.chosen:
                yield e
                e += 1
            else:
                yield -1

    def evidence() -> Iterator[list]:
        for i, (_, c) in enumerate(page.cites()):
            if page.chosen is None or i in page.chosen:
                sentence = clean(trim_sentence(c.sentence or c.mention, c.mention))
                yield [sentence, *_mention_span(sentence, c.mention), _strength(c)[1] + 2 * bool(c.quote)]

    opos = outlet_layout(page.outlet_cites)

    def head(name: str, value: object, first: bool = False) -> str:
        return ("{" if first else ",") + _dumps(name) + ":" + _dumps(value)

    yield head("title", opts.title, first=True)
    yield head("maxNodes", int(opts.max_nodes))
    yield head("physicsMax", PHYSICS_MAX)
    yield head("evidenceLimited", page.n > render.EVIDENCE_ALL)
    yield head("evidencePerOutlet", EVIDENCE_PER_OUTLET)
    yield head("kinds", list(KINDS))
    yield head("types", [{"type": t, "colour": type_colour(t)} for t in order])
    yield head("articleColour", ARTICLE_COLOUR)
    yield head("options", vis_options())
    yield head("outlets", outlets)
    yield head("publishers", page.publishers)
    yield ',"articles":'
    yield from _array(page.article_rows())
    yield ',"cits":'
    yield from _array(flat())
    yield ',"wireCopy":'
    yield from _array(i for i, (_, c) in enumerate(page.cites()) if c.wire_copy)
    yield ',"evidence":'
    yield from _array(evidence())
    yield ',"pos":{"outlets":' + _dumps([[round(x, 1), round(y, 1)] for x, y in opos]) + ',"articles":'
    yield from _array(iter_article_layout(page.links(), opos))
    cpos = cocite_layout(cocite_pairs(([o for o, _ in links] for links in page.links())), len(outlets))
    yield ',"cocite":' + _dumps([list(p) if p else None for p in cpos]) + "}"
    yield head("uncited", _uncited_days(result.uncited))
    yield head("narrowed", _narrowed(opts))
    yield head("period", opts.period) + "}"

