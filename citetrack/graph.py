"""The citation network: articles pointing at the outlets they cite.

Schema of the :class:`networkx.DiGraph` built by :func:`build_graph`. Every attribute is a scalar
(``str``/``int``/``bool``, never ``None`` or a list) so the graph can be written as GraphML or GEXF
as it is.

- graph attributes: ``articles`` (int, articles scanned, cited or not), ``citations`` (int).
- article nodes, id ``"article:" + article.id``: ``kind="article"``, ``label`` (the title, else the
  file's base name), ``title`` (``""`` when none), ``date``, ``file``, ``publisher``, ``wire`` (the
  agency whose story it is, ``""`` when none: see citetrack.wire), ``url`` (``""`` when unknown),
  ``citations`` (int).

Characters XML cannot hold (control characters, lone surrogates) become U+FFFD in ids and strings.
- outlet nodes, id ``"outlet:" + outlet_id``: ``kind="outlet"``, ``label`` and ``name`` (the outlet's
  name), ``type``, ``country``, ``known`` (bool), ``citations``, ``articles`` and one int per kind in
  :data:`citetrack.models.KINDS` (``report``, ``interview``, ``staff``, ``credit``, ``no-comment``) and
  ``self_citations`` (int, citations by articles the outlet published itself) and ``wire_copy``
  (int, citations in wire copy: an agency's story that another outlet carried).
- outlet nodes that published scanned articles also have ``published`` (int, articles).
- edges article → outlet (``relation="article"``): ``weight`` (int, citations), ``kinds`` (str, sorted kinds joined by
  ``"; "``), one int per kind, ``evidence`` (str: up to :data:`MAX_EVIDENCE` distinct sentences,
  whitespace collapsed, each trimmed to about :data:`EVIDENCE_CHARS` characters, joined by ``"\\n"``).
- edges publisher outlet → cited outlet (``relation="publisher"``), when articles' publishers are
  known: who cites whom, ``weight`` (int, citations), ``kinds``, one int per kind, ``evidence=""``.
  Self-citations make no loop; they are counted in the outlet's ``self_citations``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import PurePath, PurePosixPath, PureWindowsPath

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by build_graph: counting citations needs no networkx
    import networkx as nx

from citetrack.models import KINDS, ArticleInfo, Citation, Outlet, OutletCount, kind_field

ARTICLE_PREFIX = "article:"
OUTLET_PREFIX = "outlet:"
#: At most this many evidence sentences are kept on an edge.
MAX_EVIDENCE = 3
#: Evidence sentences longer than this are trimmed (around the mention when it is far in).
EVIDENCE_CHARS = 300


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str | None) -> str:
    """``text`` as a GraphML-safe string: ``""`` for None, U+FFFD for characters XML cannot hold
    (control characters, lone surrogates from undecodable file names)."""
    return _NOT_XML.sub("\ufffd", text) if text else ""


def article_node(article_id: str) -> str:
    """The node id of an article."""
    return ARTICLE_PREFIX + clean(article_id)


def outlet_node(outlet_id: str) -> str:
    """The node id of an outlet."""
    return OUTLET_PREFIX + clean(outlet_id)


def _base_name(file: str) -> str:
    path: PurePath = PureWindowsPath(file) if "\\" in file else PurePosixPath(file)
    return path.name or file


def article_label(article: ArticleInfo) -> str:
    """What a node shows for an article: its title, else the file's base name.

    Records of a multi-article file that have no title keep what tells them apart (``#3``).
    """
    if article.title and article.title.strip():
        return " ".join(article.title.split())
    name = _base_name(article.file)
    if article.id == article.file or not article.id:
        return name
    if article.id.startswith(article.file):
        return name + article.id[len(article.file):]
    return f"{name} [{article.id}]"


def trim_sentence(sentence: str, mention: str = "", limit: int = EVIDENCE_CHARS) -> str:
    """Collapse whitespace and cut ``sentence`` to about ``limit`` characters.

    When the mention lies beyond the cut, the window is moved so that it stays visible.
    """
    text = " ".join(sentence.split())
    if len(text) <= limit:
        return text
    pos = text.find(mention) if mention else -1
    if pos + len(mention) <= limit - 1:
        return text[: limit - 1].rstrip() + "…"
    start = max(0, min(pos - limit // 3, len(text) - (limit - 2)))
    window = text[start : start + limit - 2].strip()
    return "…" + window + ("…" if start + limit - 2 < len(text) else "")


def _outlet_for(outlet_id: str, outlets: dict[str, Outlet], citation: Citation) -> Outlet:
    outlet = outlets.get(outlet_id)
    if outlet is None:  # not supplied: describe it from the citation itself
        outlet = Outlet(id=outlet_id, name=citation.outlet or outlet_id, known=citation.known)
    return outlet


def outlet_counts(citations: list[Citation], outlets: dict[str, Outlet]) -> list[OutletCount]:
    """Per-outlet totals, most cited first, then by name."""
    total: dict[str, int] = defaultdict(int)
    by_kind: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    articles: dict[str, set[str]] = defaultdict(set)
    first: dict[str, Citation] = {}
    own: dict[str, int] = defaultdict(int)
    wired: dict[str, int] = defaultdict(int)
    for c in citations:
        first.setdefault(c.outlet_id, c)
        total[c.outlet_id] += 1
        own[c.outlet_id] += bool(c.self)
        wired[c.outlet_id] += bool(c.wire_copy)
        by_kind[c.outlet_id][c.kind] += 1
        articles[c.outlet_id].add(c.article_id)
    counts = []
    for oid, n in total.items():
        o = _outlet_for(oid, outlets, first[oid])
        kinds = by_kind[oid]
        counts.append(
            OutletCount(
                outlet=o.name,
                outlet_id=oid,
                type=o.type or "unknown",
                country=o.country or "",
                known=bool(o.known),
                citations=n,
                articles=len(articles[oid]),
                **{kind_field(k): kinds.get(k, 0) for k in KINDS},
                self_citations=own.get(oid, 0),
                wire_copy=wired.get(oid, 0),
                domains=tuple(o.domains),
            )
        )
    counts.sort(key=lambda c: (-c.citations, c.outlet.casefold(), c.outlet_id))
    return counts


def build_graph(
    articles: list[ArticleInfo],
    citations: list[Citation],
    outlets: dict[str, Outlet],
    *,
    include_uncited: bool = True,
    publishers: dict[str, Outlet] | None = None,
    uncited: dict[tuple[str, str, str], int] | None = None,
) -> nx.DiGraph:
    """Build the article → outlet citation graph (schema in the module docstring).

    Articles whose ``publisher_id`` is set also give publisher → cited outlet edges (who cites
    whom); ``publishers`` describes those outlets (else they are named from the articles).

    Articles that cite nothing are nodes too unless ``include_uncited`` is false. A citation whose
    article is not in ``articles`` still gets an article node (described from the citation), and
    an outlet missing from ``outlets`` gets one named as the citation names it.

    ``uncited`` counts articles that cite nothing and are not in ``articles`` (a streamed scan's
    :attr:`~citetrack.models.ScanResult.uncited`): they count in ``articles`` and ``published``.
    """
    import networkx as nx

    g = nx.DiGraph()
    per_article: dict[str, int] = defaultdict(int)
    for c in citations:
        per_article[c.article_id] += 1

    def add_article(info: ArticleInfo) -> None:
        g.add_node(
            article_node(info.id),
            kind="article",
            label=clean(article_label(info)),
            title=clean(info.title),
            date=clean(info.date),
            file=clean(info.file),
            publisher=clean(info.publisher),
            wire=clean(info.wire),
            url=clean(info.url),
            citations=per_article.get(info.id, 0),
        )

    for info in articles:
        if include_uncited or per_article.get(info.id):
            add_article(info)
    for c in citations:  # articles known only from their citations
        if not g.has_node(article_node(c.article_id)):
            add_article(ArticleInfo(file=c.file, id=c.article_id))

    for count in outlet_counts(citations, outlets):
        g.add_node(
            outlet_node(count.outlet_id),
            kind="outlet",
            label=clean(count.outlet),
            name=clean(count.outlet),
            type=clean(count.type),
            country=clean(count.country),
            known=count.known,
            citations=count.citations,
            articles=count.articles,
            **{k: getattr(count, kind_field(k)) for k in KINDS},
            self_citations=count.self_citations,
            wire_copy=count.wire_copy,
        )
    _add_publisher_edges(g, articles, citations, publishers or {}, uncited or {})

    edges: dict[tuple[str, str], dict] = {}
    for c in citations:
        key = (article_node(c.article_id), outlet_node(c.outlet_id))
        e = edges.get(key)
        if e is None:
            e = edges[key] = {"weight": 0, "kinds": defaultdict(int), "evidence": []}
        e["weight"] += 1
        e["kinds"][c.kind] += 1
        sentence = clean(trim_sentence(c.sentence or c.mention, c.mention))
        if sentence and len(e["evidence"]) < MAX_EVIDENCE and sentence not in e["evidence"]:
            e["evidence"].append(sentence)
    for (src, dst), e in edges.items():
        g.add_edge(
            src,
            dst,
            weight=e["weight"],
            kinds=clean("; ".join(sorted(e["kinds"]))),
            evidence="\n".join(e["evidence"]),
            **{k: e["kinds"].get(k, 0) for k in KINDS},
            relation="article",
        )

    g.graph["articles"] = len({a.id for a in articles} | set(per_article)) + sum((uncited or {}).values())
    g.graph["citations"] = len(citations)
    return g


def _add_publisher_edges(
    g: nx.DiGraph, articles: list[ArticleInfo], citations: list[Citation], publishers: dict[str, Outlet],
    uncited: dict[tuple[str, str, str], int],
) -> None:
    """Publisher → cited outlet edges, weighted by citations; self-citations stay on the node."""
    publisher_of = {a.id: (a.publisher_id, a.publisher) for a in articles if a.publisher_id}
    edges: dict[tuple[str, str], dict[str, int]] = {}
    names: dict[str, str] = {}
    for c in citations:
        pub_id, pub_name = publisher_of.get(c.article_id, (None, None))
        if pub_id is None or pub_id == c.outlet_id:
            continue
        names[pub_id] = pub_name or pub_id
        kinds = edges.setdefault((pub_id, c.outlet_id), defaultdict(int))
        kinds[c.kind] += 1
    published: dict[str, int] = defaultdict(int)
    for pub_id, _ in publisher_of.values():
        published[pub_id] += 1
    for (_, pub_id, pub_name), n in uncited.items():
        if pub_id:
            published[pub_id] += n
            names.setdefault(pub_id, pub_name or pub_id)
    for pub_id, n in published.items():
        node = outlet_node(pub_id)
        if not g.has_node(node):
            o = publishers.get(pub_id) or Outlet(id=pub_id, name=names.get(pub_id, pub_id), known=False)
            g.add_node(node, kind="outlet", label=clean(o.name), name=clean(o.name), type=clean(o.type or "unknown"),
                       country=clean(o.country), known=bool(o.known), citations=0, articles=0,
                       **{k: 0 for k in KINDS}, self_citations=0, wire_copy=0)
        g.nodes[node]["published"] = n
    for (pub_id, outlet_id), kinds in edges.items():
        g.add_edge(outlet_node(pub_id), outlet_node(outlet_id), weight=sum(kinds.values()),
                   kinds=clean("; ".join(sorted(kinds))), evidence="",
                   **{k: kinds.get(k, 0) for k in KINDS}, relation="publisher")
