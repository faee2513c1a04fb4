"""The article-outlet graph of a stored scan (:mod:`citetrack.citestore`) written as GraphML and
GEXF without being built: its nodes and edges are streamed from the store, in the order and with
the attributes :func:`citetrack.graph.build_graph` gives them (schema there), and only per-outlet
and per-publisher-pair aggregates are held.

Why not networkx: a graph with one node per citing article and the evidence on every edge is
what made a scan's memory grow with its input. networkx reads both files back to the graph
``build_graph`` makes (``tests/test_citestore.py`` checks nodes, edges, attributes and types);
the GEXF is byte for byte the same, the GraphML differs in layout only.
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from .atomic import atomic_open
from .citestore import citation, unkey
from .export import MAX_SIZE, MIN_SIZE, write_gexf_items
from .graph import EVIDENCE_CHARS, MAX_EVIDENCE, article_label, clean, outlet_node, trim_sentence
from .models import KINDS, ArticleInfo, Outlet, ScanResult, kind_field

__all__ = ["stored_nodes", "stored_edges", "write_stored_graphml", "write_stored_gexf"]

Node = tuple[str, dict]
Edge = tuple[str, str, dict]


def _publisher_of(result: ScanResult) -> None:
    """The temporary table ``pubof``: article id -> its publisher, as build_graph's ``publisher_of``
    (the last listed article of that id with a publisher; ordered by the first)."""
    db = result.store.db
    if db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'pubof'").fetchone():
        return  # made already (the store's rows do not change while the outputs are written)
    db.execute("CREATE TEMP TABLE pubof(id BLOB PRIMARY KEY, pid BLOB, pname TEXT, f INTEGER)")
    db.execute("INSERT INTO pubof SELECT g.id, l.pid, json_extract(l.info, '$[5]'), g.f FROM "
               "(SELECT id, MIN(seq) f, MAX(seq) m FROM articles WHERE pid <> x'' GROUP BY id) g "
               "JOIN articles l ON l.seq = g.m")


def _published(result: ScanResult) -> tuple[dict[str, int], dict[str, str]]:
    """Articles per publisher id (listed and only counted), in build_graph's order, and their names."""
    _publisher_of(result)
    published: dict[str, int] = {}
    names: dict[str, str] = {}
    for pid, pname in result.store.rows("SELECT pid, pname FROM pubof ORDER BY f"):
        pid = unkey(pid)
        published[pid] = published.get(pid, 0) + 1
        names[pid] = pname or pid
    for (_, pid, pname), n in result.uncited.items():
        if pid:
            published[pid] = published.get(pid, 0) + n
            names.setdefault(pid, pname or pid)
    return published, names


def stored_nodes(result: ScanResult, sizes: bool = False) -> Iterator[Node]:
    """The graph's nodes with their attributes, in build_graph's order: articles, cited outlets,
    then publishers cited by no one. ``sizes``: outlets carry GEXF's ``viz`` size too."""
    store = result.store
    for node, info, n in store.rows(
            "SELECT g.node, a.info, (SELECT COUNT(*) FROM cites c WHERE c.aid = a.id) FROM "
            "(SELECT node, MIN(seq) f, MAX(seq) l FROM articles GROUP BY node) g JOIN articles a ON a.seq = g.l "
            "ORDER BY g.f"):
        a = ArticleInfo(*json.loads(info))
        yield unkey(node), {"kind": "article", "label": clean(article_label(a)), "title": clean(a.title),
                            "date": clean(a.date), "file": clean(a.file), "publisher": clean(a.publisher),
                            "wire": clean(a.wire), "url": clean(a.url), "citations": n}
    published, names = _published(result)
    top = float(max((c.citations for c in result.counts), default=0))

    def size(data: dict) -> dict:
        if sizes:
            share = math.sqrt(data["citations"] / top) if top > 0 else 0.0
            data["viz"] = {"size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share, 2)}
        return data

    seen = set()
    for count in result.counts:
        node = outlet_node(count.outlet_id)
        seen.add(node)
        data = {"kind": "outlet", "label": clean(count.outlet), "name": clean(count.outlet), "type": clean(count.type),
                "country": clean(count.country), "known": count.known, "citations": count.citations,
                "articles": count.articles, **{k: getattr(count, kind_field(k)) for k in KINDS},
                "self_citations": count.self_citations, "wire_copy": count.wire_copy}
        if count.outlet_id in published:
            data["published"] = published[count.outlet_id]
        yield node, size(data)
    for pid, n in published.items():
        node = outlet_node(pid)
        if node in seen:
            continue
        seen.add(node)
        o = result.publishers.get(pid) or Outlet(id=pid, name=names.get(pid, pid), known=False)
        yield node, size({"kind": "outlet", "label": clean(o.name), "name": clean(o.name),
                          "type": clean(o.type or "unknown"), "country": clean(o.country), "known": bool(o.known),
                          "citations": 0, "articles": 0, **{k: 0 for k in KINDS}, "self_citations": 0,
                          "wire_copy": 0, "published": n})


def _article_edges(result: ScanResult) -> None:
    """The temporary table ``edges``: one row per article -> outlet edge, its attributes as JSON."""
    db = result.store.db
    if db.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'edges'").fetchone():
        return
    db.execute("CREATE TEMP TABLE edges(anode BLOB, onode BLOB, first INTEGER, data TEXT)")
    db.execute("CREATE TEMP TABLE nodeorder(node BLOB PRIMARY KEY, f INTEGER)")
    db.execute("INSERT INTO nodeorder SELECT node, MIN(seq) FROM articles GROUP BY node")
    db.execute("BEGIN")
    last = None
    e: dict = {}

    def flush() -> None:
        kinds = e["kinds"]
        data = {"weight": e["weight"], "kinds": clean("; ".join(sorted(kinds))), "evidence": "\n".join(e["evidence"]),
                **{k: kinds.get(k, 0) for k in KINDS}, "relation": "article"}
        db.execute("INSERT INTO edges VALUES (?,?,?,?)", (*last, e["first"], json.dumps(data)))

    for anode, onode, seq, data in result.store.rows("SELECT anode, onode, seq, data FROM cites "
                                                     "ORDER BY anode, onode, seq"):
        if (anode, onode) != last:
            if last is not None:
                flush()
            last, e = (anode, onode), {"weight": 0, "kinds": {}, "evidence": [], "first": seq}
        c = citation(data)
        e["weight"] += 1
        e["kinds"][c.kind] = e["kinds"].get(c.kind, 0) + 1
        sentence = clean(trim_sentence(c.sentence or c.mention, c.mention, EVIDENCE_CHARS))
        if sentence and len(e["evidence"]) < MAX_EVIDENCE and sentence not in e["evidence"]:
            e["evidence"].append(sentence)
    if last is not None:
        flush()
    db.execute("COMMIT")


def _publisher_edges(result: ScanResult) -> dict[str, list[Edge]]:
    """Publisher -> cited outlet edges (self-citations left out), by source node, each in order of
    its first citation."""
    edges: dict[tuple[str, str], tuple[int, dict[str, int]]] = {}
    for pid, oid, kind, n, first in result.store.rows(
            "SELECT p.pid, c.oid, c.kind, COUNT(*), MIN(c.seq) FROM cites c JOIN pubof p ON p.id = c.aid "
            "WHERE p.pid <> c.oid GROUP BY p.pid, c.oid, c.kind"):
        pair = (unkey(pid), unkey(oid))
        seen, kinds = edges.get(pair, (first, {}))
        kinds[kind] = n
        edges[pair] = (min(seen, first), kinds)
    out: dict[str, list[Edge]] = {}
    for (pid, oid), (_, kinds) in sorted(edges.items(), key=lambda item: item[1][0]):
        out.setdefault(outlet_node(pid), []).append((outlet_node(pid), outlet_node(oid), {
            "weight": sum(kinds.values()), "kinds": clean("; ".join(sorted(kinds))), "evidence": "",
            **{k: kinds.get(k, 0) for k in KINDS}, "relation": "publisher"}))
    return out


def stored_edges(result: ScanResult, outlet_nodes: Iterable[str]) -> Iterator[Edge]:
    """The graph's edges in networkx's order (by source node, then as added): each article's
    edges to the outlets it cites, then each publisher's edges (``outlet_nodes``: the outlet
    nodes in order)."""
    _publisher_of(result)
    _article_edges(result)
    for anode, onode, data in result.store.rows(
            "SELECT e.anode, e.onode, e.data FROM edges e JOIN nodeorder n ON n.node = e.anode ORDER BY n.f, e.first"):
        yield unkey(anode), unkey(onode), json.loads(data)
    by_source = _publisher_edges(result)
    for node in outlet_nodes:
        yield from by_source.get(node, ())


def graph_attributes(result: ScanResult) -> dict:
    """The graph's own attributes: articles (cited or not) and citations."""
    (listed,) = result.store.db.execute("SELECT COUNT(*) FROM (SELECT id FROM articles UNION SELECT aid FROM cites)"
                                        ).fetchone()
    return {"articles": listed + sum(result.uncited.values()), "citations": len(result.citations)}


def _outlet_nodes(result: ScanResult) -> list[str]:
    """The outlet nodes in graph order: cited outlets, then publishers cited by no one."""
    nodes = [outlet_node(c.outlet_id) for c in result.counts]
    seen = set(nodes)
    for pid in _published(result)[0]:
        node = outlet_node(pid)
        if node not in seen:
            seen.add(node)
            nodes.append(node)
    return nodes


# -- writers ------------------------------------------------------------------------------------

_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_GRAPHML_HEAD = ('<?xml version=\'1.0\' encoding=\'utf-8\'?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
                 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.'
                 'org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">')


def _declare(items: Iterable[dict], prefix: str, keys: dict[tuple[str, str], tuple[str, str]]) -> None:
    for data in items:
        for k, v in data.items():
            if (prefix, k) not in keys and k != "viz":
                keys[(prefix, k)] = (f"d{len(keys)}", _GRAPHML_TYPES.get(type(v), "string"))


def _attr(text: str) -> str:
    """An attribute value escaped as ElementTree (networkx's writer) escapes it."""
    return '"' + escape(text, {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}) + '"'


def _data(data: dict, prefix: str, keys: dict[tuple[str, str], tuple[str, str]], indent: str) -> str:
    return "".join(f'{indent}<data key="{keys[(prefix, k)][0]}">'
                   f'{escape(str(v))}</data>\n'
                   for k, v in data.items() if k != "viz")


def write_graphml_items(attrs: dict, nodes: Callable[[], Iterable[Node]], edges: Callable[[], Iterable[Edge]],
                        path: str | os.PathLike) -> None:
    """A directed GraphML file from streams of nodes and edges (each called twice: once to declare
    the attributes and their types, once to write), laid out as networkx writes it."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}
    _declare([attrs], "graph", keys)
    _declare((d for _, d in nodes()), "node", keys)
    _declare((d for *_, d in edges()), "edge", keys)
    with atomic_open(path, newline="\n") as f:
        f.write(_GRAPHML_HEAD)
        for (cls, name), (kid, typ) in reversed(keys.items()):
            f.write(f'<key id="{kid}" for="{cls}" attr.name={_attr(name)} attr.type="{typ}"/>\n')
        f.write('<graph edgedefault="directed">' + _data(attrs, "graph", keys, ""))
        for node, data in nodes():
            f.write(f"<node id={_attr(node)}>\n{_data(data, 'node', keys, '  ')}</node>\n")
        for u, v, data in edges():
            f.write(f"<edge source={_attr(u)} target={_attr(v)}>\n{_data(data, 'edge', keys, '  ')}</edge>\n")
        f.write("</graph></graphml>")


def write_stored_graphml(result: ScanResult, path: str | os.PathLike) -> None:
    """``graph.graphml`` of a stored scan, streamed from its store."""
    outlets = _outlet_nodes(result)
    write_graphml_items(graph_attributes(result), lambda: stored_nodes(result),
                        lambda: stored_edges(result, outlets), path)


def write_stored_gexf(result: ScanResult, path: str | os.PathLike) -> None:
    """``graph.gexf`` of a stored scan, streamed from its store (outlets sized as write_gexf sizes them)."""
    outlets = _outlet_nodes(result)
    write_gexf_items(lambda: stored_nodes(result, sizes=True), lambda: stored_edges(result, outlets), True, path)

