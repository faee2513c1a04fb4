"""Outlet-level networks for reuse elsewhere (Gephi, R, pandas): who cites whom, which outlets are
cited together, and which publishers cite each other.

All are computed from a :class:`~citetrack.models.ScanResult`: its citations and the publishers of
its citing articles (``ArticleInfo.publisher_id``; a streamed scan lists only the citing articles,
which is all these need). A narrowed result (``--top``, ``--since`` ...) gives narrowed networks.
Articles are told apart by file and id (records of two files may share an id).

- :func:`publisher_edges`: publisher → cited outlet, one row per pair (self-citations kept, marked
  ``self``); only articles whose publisher is known count.
- :func:`cocitations`: unordered outlet pairs cited in the same articles, with their Jaccard index.
  An article citing ``k`` outlets adds ``k(k-1)/2`` pairs, so only articles citing at most
  :data:`MAX_COCITED` distinct outlets add pairs (a list of thousands of names in one hostile
  article would add millions); every article still counts in ``articles_a``/``articles_b``.
- :func:`reciprocity`: publisher pairs that cite each other, both ways.
- :func:`outlet_graph`: both edge types in one networkx MultiDiGraph of outlets (for GraphML).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields
from collections.abc import Iterable, Iterator
from itertools import combinations

import networkx as nx

from .citestore import unkey
from .graph import clean
from .models import Citation, Outlet, ScanResult

#: Articles citing more distinct outlets than this add no co-citation pairs (their count is quadratic).
MAX_COCITED = 50


@dataclass(frozen=True, slots=True)
class PublisherEdge:
    """Articles published by ``source`` cite ``target``: ``citations`` times, in ``articles`` articles;
    ``self`` when source and target are the same outlet (a self-citation)."""

    source: str
    source_id: str
    target: str
    target_id: str
    citations: int
    articles: int
    self: bool


@dataclass(frozen=True, slots=True)
class CoCitation:
    """Outlets ``a`` and ``b`` (``a``'s id sorts first) cited together in ``articles`` articles;
    ``articles_a``/``articles_b`` are the articles citing each, ``jaccard`` is
    ``articles / (articles_a + articles_b - articles)``, rounded to 4 decimals."""

    outlet_a: str
    outlet_a_id: str
    outlet_b: str
    outlet_b_id: str
    articles: int
    articles_a: int
    articles_b: int
    jaccard: float


@dataclass(frozen=True, slots=True)
class Reciprocal:
    """Publishers ``a`` and ``b`` (``a``'s id sorts first) that cite each other: ``a_cites_b``
    citations in ``a_cites_b_articles`` of ``a``'s articles, and the other way round."""

    outlet_a: str
    outlet_a_id: str
    outlet_b: str
    outlet_b_id: str
    a_cites_b: int
    b_cites_a: int
    a_cites_b_articles: int
    b_cites_a_articles: int


def columns(row_type: type) -> tuple[str, ...]:
    """The CSV columns of a row type (its fields, in order)."""
    return tuple(f.name for f in fields(row_type))


PUBLISHER_EDGE_COLUMNS = columns(PublisherEdge)
COCITATION_COLUMNS = columns(CoCitation)
RECIPROCITY_COLUMNS = columns(Reciprocal)


class _Names:
    """An outlet's name by id: as cited (``result.outlets``), else as publisher, else as given."""

    def __init__(self, result: ScanResult) -> None:
        self.outlets = result.outlets
        self.publishers = result.publishers

    def outlet(self, outlet_id: str) -> Outlet | None:
        return self.outlets.get(outlet_id) or self.publishers.get(outlet_id)

    def __call__(self, outlet_id: str, given: str | None = None) -> str:
        o = self.outlet(outlet_id)
        return o.name if o is not None else (given or outlet_id)


def _article_key(c: Citation) -> tuple[str, str]:
    return c.file, c.article_id


def publisher_edges(result: ScanResult) -> list[PublisherEdge]:
    """Who cites whom, most citations first, then by names (see :class:`PublisherEdge`)."""
    if result.store is not None:
        return _stored_publisher_edges(result)
    publisher = {(a.file, a.id): (a.publisher_id, a.publisher) for a in result.articles if a.publisher_id}
    cites: dict[tuple[str, str], int] = defaultdict(int)
    articles: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    given: dict[str, str] = {}
    for c in result.citations:
        key = _article_key(c)
        pub = publisher.get(key)
        if pub is None:
            continue
        pub_id, pub_name = pub
        given.setdefault(pub_id, pub_name or pub_id)
        given.setdefault(c.outlet_id, c.outlet)
        cites[pub_id, c.outlet_id] += 1
        articles[pub_id, c.outlet_id].add(key)
    return _edge_rows(result, {pair: (n, len(articles[pair])) for pair, n in cites.items()}, given)


def _stored_publisher_edges(result: ScanResult) -> list[PublisherEdge]:
    """:func:`publisher_edges` of a stored scan: an article's publisher is that of the last listed
    article of its file and id, as the in-memory dictionary has it; pairs counted by the store."""
    store = result.store
    db = store.db
    db.execute("DROP TABLE IF EXISTS temp.pubkey")
    db.execute("CREATE TEMP TABLE pubkey(file BLOB, id BLOB, pid BLOB, pname TEXT, PRIMARY KEY (file, id))")
    db.execute("INSERT INTO pubkey SELECT g.file, g.id, l.pid, json_extract(l.info, '$[5]') FROM "
               "(SELECT file, id, MAX(seq) m FROM articles WHERE pid <> x'' GROUP BY file, id) g "
               "JOIN articles l ON l.seq = g.m")
    given: dict[str, str] = {}
    for pid, pname, oid, outlet in store.rows(
            "SELECT p.pid, p.pname, c.oid, json_extract(c.data, '$[2]') FROM cites c JOIN pubkey p "
            "ON p.file = c.file AND p.id = c.aid WHERE c.seq IN (SELECT MIN(c2.seq) FROM cites c2 JOIN pubkey p2 "
            "ON p2.file = c2.file AND p2.id = c2.aid GROUP BY p2.pid) OR c.seq IN (SELECT MIN(c3.seq) FROM cites c3 "
            "JOIN pubkey p3 ON p3.file = c3.file AND p3.id = c3.aid GROUP BY c3.oid) ORDER BY c.seq"):
        given.setdefault(unkey(pid), pname or unkey(pid))
        given.setdefault(unkey(oid), outlet)
    pairs = {(unkey(pid), unkey(oid)): (n, arts) for pid, oid, n, arts in store.rows(
        "SELECT pid, oid, SUM(n), COUNT(*) FROM (SELECT p.pid, c.oid, COUNT(*) n FROM cites c JOIN pubkey p "
        "ON p.file = c.file AND p.id = c.aid GROUP BY p.pid, c.oid, c.file, c.aid) GROUP BY pid, oid")}
    db.execute("DROP TABLE temp.pubkey")
    return _edge_rows(result, pairs, given)


def _edge_rows(result: ScanResult, pairs: dict[tuple[str, str], tuple[int, int]],
               given: dict[str, str]) -> list[PublisherEdge]:
    names = _Names(result)
    rows = [PublisherEdge(names(s, given[s]), s, names(t, given[t]), t, n, arts, s == t)
            for (s, t), (n, arts) in pairs.items()]
    rows.sort(key=lambda r: (-r.citations, r.source.casefold(), r.target.casefold(), r.source_id, r.target_id))
    return rows


def cocitations(result: ScanResult, max_outlets: int = MAX_COCITED) -> list[CoCitation]:
    """Outlet pairs cited in the same articles, most shared articles first (see :class:`CoCitation`).

    Articles citing more than ``max_outlets`` distinct outlets add no pairs."""
    cited: Iterable[set[str]]
    given: dict[str, str] = {}
    if result.store is not None:  # each article's outlets in one pass over the store, in key order
        cited = _stored_outlet_sets(result.store)
        for oid, outlet in result.store.rows("SELECT oid, json_extract(data, '$[2]') FROM cites WHERE seq IN "
                                             "(SELECT MIN(seq) FROM cites GROUP BY oid) ORDER BY seq"):
            given[unkey(oid)] = outlet
    else:
        by_article: dict[tuple[str, str], set[str]] = defaultdict(set)
        for c in result.citations:
            by_article[_article_key(c)].add(c.outlet_id)
            given.setdefault(c.outlet_id, c.outlet)
        cited = by_article.values()
    per_outlet: dict[str, int] = defaultdict(int)
    pairs: dict[tuple[str, str], int] = defaultdict(int)
    for ids in cited:
        for oid in ids:
            per_outlet[oid] += 1
        if len(ids) <= max_outlets:
            for pair in combinations(sorted(ids), 2):
                pairs[pair] += 1
    names = _Names(result)
    rows = []
    for (a, b), n in pairs.items():
        na, nb = per_outlet[a], per_outlet[b]
        rows.append(CoCitation(names(a, given[a]), a, names(b, given[b]), b, n, na, nb, round(n / (na + nb - n), 4)))
    rows.sort(key=lambda r: (-r.articles, -r.jaccard, r.outlet_a.casefold(), r.outlet_b.casefold(),
                             r.outlet_a_id, r.outlet_b_id))
    return rows


def _stored_outlet_sets(store) -> Iterator[set[str]]:
    """The distinct outlets of each article (by file and id) of a store, one article at a time."""
    last, ids = None, set()
    for file, aid, oid in store.rows("SELECT DISTINCT file, aid, oid FROM cites ORDER BY file, aid"):
        if (file, aid) != last:
            if last is not None:
                yield ids
            last, ids = (file, aid), set()
        ids.add(unkey(oid))
    if last is not None:
        yield ids


def reciprocity(edges: list[PublisherEdge]) -> list[Reciprocal]:
    """Publisher pairs citing each other both ways (from :func:`publisher_edges`), most citations
    (both ways together) first."""
    by_pair = {(e.source_id, e.target_id): e for e in edges if not e.self}
    rows = []
    for (s, t), ab in by_pair.items():
        ba = by_pair.get((t, s))
        if ba is None or s > t:
            continue
        rows.append(Reciprocal(ab.source, s, ab.target, t, ab.citations, ba.citations, ab.articles, ba.articles))
    rows.sort(key=lambda r: (-(r.a_cites_b + r.b_cites_a), r.outlet_a.casefold(), r.outlet_b.casefold(),
                             r.outlet_a_id, r.outlet_b_id))
    return rows


def outlet_graph(result: ScanResult, edges: list[PublisherEdge] | None = None,
                 pairs: list[CoCitation] | None = None) -> nx.MultiDiGraph:
    """Outlets joined by both edge types (each edge's ``type``):

    - ``cites``: publisher → cited outlet, ``citations``, ``articles`` and ``weight`` (= citations);
      self-citations make no loop (they are the node's ``self_citations``);
    - ``cocited``: outlet a → outlet b (a's id first; the relation has no direction), ``articles``,
      ``jaccard`` and ``weight`` (= articles).

    Node ids are outlet ids; attributes ``label`` and ``name`` (the outlet's name), ``type``,
    ``country``, ``known``, ``citations``, ``articles``, ``self_citations`` (as in ``outlets.csv``) and
    ``published`` (articles it published, 0 when none). Every edge has a unique key (``cites-N``,
    ``cocited-N``), the edge id in GraphML.
    """
    edges = publisher_edges(result) if edges is None else edges
    pairs = cocitations(result) if pairs is None else pairs
    names = _Names(result)
    g = nx.MultiDiGraph()

    published: dict[str, int] = defaultdict(int)
    for a in result.articles:
        if a.publisher_id:
            published[a.publisher_id] += 1
    for (_, pid, _), n in result.uncited.items():
        if pid:
            published[pid] += n

    def add_node(oid: str, name: str, citations: int = 0, articles: int = 0, own: int = 0) -> None:
        o = names.outlet(oid)
        g.add_node(clean(oid), label=clean(name), name=clean(name), type=clean(o.type if o else "unknown") or "unknown",
                   country=clean(o.country if o else ""), known=bool(o.known) if o else False, citations=citations,
                   articles=articles, self_citations=own, published=published.get(oid, 0))

    for c in result.counts:
        add_node(c.outlet_id, c.outlet, c.citations, c.articles, c.self_citations)
    for e in edges:  # publishers (and, defensively, any outlet without a count)
        for oid, name in ((e.source_id, e.source), (e.target_id, e.target)):
            if not g.has_node(clean(oid)):
                add_node(oid, name)
    for i, e in enumerate(x for x in edges if not x.self):
        g.add_edge(clean(e.source_id), clean(e.target_id), key=f"cites-{i}", type="cites", weight=e.citations,
                   citations=e.citations, articles=e.articles)
    for i, p in enumerate(pairs):
        g.add_edge(clean(p.outlet_a_id), clean(p.outlet_b_id), key=f"cocited-{i}", type="cocited", weight=p.articles,
                   articles=p.articles, jaccard=float(p.jaccard))
    g.graph["articles"] = result.article_count
    g.graph["citations"] = len(result.citations)
    return g
