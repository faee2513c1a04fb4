"""Machine-readable outputs: citations (JSON Lines), outlet and article tables (CSV), graphs.

- Every file is written atomically: to a temporary file in the same folder, then moved over the
  target with :func:`os.replace`, so a reader never sees half a file and a failed write leaves the
  old one. Any :class:`OSError` becomes :class:`~citetrack.errors.OutputError`.
- CSV injection: spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or
  carriage return as a formula. Such *text* cells are written with a leading single quote (``'``)
  so they show as text; numbers (``-3``) are written as numbers. Booleans are ``true``/``false``,
  missing values empty. CSV files are UTF-8 without BOM, with ``\\r\\n`` line ends (RFC 4180).
- GraphML and GEXF only take scalar attributes: :func:`scalar_graph` turns ``None`` into ``""``
  (or drops it where the attribute is otherwise numeric), lists into ``"; "``-joined text and
  numpy numbers into ``int``/``float``, and makes each attribute one type.
"""
from __future__ import annotations

import csv
import io
import json
import math
import os
import time
from dataclasses import fields
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by write_graphml: the counts and csv texts need no networkx
    import networkx as nx

from .atomic import atomic_open, atomic_path
from .models import KINDS, ArticleInfo, Citation, OutletCount, kind_field

OUTLET_COLUMNS = (
    "outlet", "citations", "articles", *map(kind_field, KINDS), "self_citations", "wire_copy", "type", "country", "known",
    "outlet_id", "domains",
)
#: Columns of ``citetrack outlets --format csv`` (every field of a gazetteer entry; lists joined by "; ").
GAZETTEER_COLUMNS = ("id", "name", "type", "country", "aliases", "domains", "ambiguous", "short", "programmes",
                     "credit_names")
#: What joins the items of a list field in one CSV cell.
LIST_SEPARATOR = "; "
ARTICLE_COLUMNS = (
    "article_id", "file", "title", "date", "publisher", "wire", "url", "chars", "citations", "outlets", "author",
    "unexamined",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: GEXF node sizes (``viz:size``) of outlets range over these bounds, by square root of citations.
MIN_SIZE, MAX_SIZE = 5.0, 50.0


# -- CSV --------------------------------------------------------------------------------------

def csv_cell(value: object) -> object:
    """A value as written to CSV: formulas neutralised, booleans lowercase, ``None`` empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _write_rows(f: IO[str], columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(f)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def _cell(value: object) -> object:
    return LIST_SEPARATOR.join(value) if isinstance(value, tuple) else value


def _outlet_rows(counts: Iterable[OutletCount]) -> Iterator[tuple]:
    for c in counts:
        yield tuple(_cell(getattr(c, col)) for col in OUTLET_COLUMNS)


def gazetteer_text(outlets: Iterable, fmt: str) -> str:
    """Gazetteer entries (:class:`~citetrack.models.Outlet`) as CSV (:data:`GAZETTEER_COLUMNS`, list
    fields joined by :data:`LIST_SEPARATOR`) or JSON (a list of objects, list fields as arrays)."""
    if fmt == "csv":
        buf = io.StringIO(newline="")
        _write_rows(buf, GAZETTEER_COLUMNS, ([_cell(getattr(o, c)) for c in GAZETTEER_COLUMNS] for o in outlets))
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([{c: (list(v) if isinstance(v := getattr(o, c), tuple) else v) for c in GAZETTEER_COLUMNS}
                           for o in outlets], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r} (expected 'csv' or 'json')")


def write_outlets_csv(counts: Iterable[OutletCount], path: str | os.PathLike) -> None:
    """One row per outlet: :data:`OUTLET_COLUMNS`."""
    with atomic_open(path, newline="") as f:
        _write_rows(f, OUTLET_COLUMNS, _outlet_rows(counts))


def write_articles_csv(
    articles: Iterable[ArticleInfo], citations: Iterable[Citation], path: str | os.PathLike
) -> None:
    """One row per article: :data:`ARTICLE_COLUMNS`.

    ``citations`` counts the article's citations; ``outlets`` lists the distinct outlets it cites,
    in order of first citation, joined by ``"; "``.
    """
    cited: dict[tuple[str, str], dict[str, None]] = {}
    count: dict[tuple[str, str], int] = {}
    for c in citations:
        key = (c.file, c.article_id)
        cited.setdefault(key, {})[c.outlet] = None
        count[key] = count.get(key, 0) + 1
    write_article_rows(articles, lambda file, aid: (count.get((file, aid), 0), "; ".join(cited.get((file, aid), ()))),
                       path)


def write_article_rows(
    articles: Iterable[ArticleInfo], totals: Callable[[str, str], tuple[int, str]], path: str | os.PathLike
) -> None:
    """``articles.csv`` with each article's citations and outlets from ``totals(file, id)`` (a
    stored scan looks them up in its store, see :meth:`CitationStore.article_totals`)."""
    rows = (
        (a.id, a.file, a.title, a.date, a.publisher, a.wire, a.url, a.chars, *totals(a.file, a.id), a.author,
         a.unexamined)
        for a in articles
    )
    with atomic_open(path, newline="") as f:
        _write_rows(f, ARTICLE_COLUMNS, rows)


def counts_text(counts: Iterable[OutletCount], fmt: str) -> str:
    """Outlet counts as CSV (the same as ``outlets.csv``) or JSON (a list of objects)."""
    if fmt == "csv":
        buf = io.StringIO(newline="")
        _write_rows(buf, OUTLET_COLUMNS, _outlet_rows(counts))
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([c.to_dict() for c in counts], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r} (expected 'csv' or 'json')")


AUDIT_COLUMNS = ("probe", "filler", "count", "articles", "example_article", "example")


def audit_text(findings, fmt: str) -> str:
    """``citetrack audit`` findings as CSV (one row per probe and filler, with one example) or
    JSON (a list of objects with every example kept)."""
    from .audit import rows
    if fmt == "csv":
        buf = io.StringIO(newline="")
        _write_rows(buf, AUDIT_COLUMNS, ([r[c] for c in AUDIT_COLUMNS] for r in rows(findings)))
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r} (expected 'csv' or 'json')")


# -- JSON Lines -------------------------------------------------------------------------------

#: The fields of a ``citations.jsonl`` line: the Citation's, with its article's ``date`` after ``article_id``.
CITATION_COLUMNS = tuple(
    name for f in fields(Citation) for name in ((f.name, "date") if f.name == "article_id" else (f.name,))
)


def citation_record(c: Citation, date: str | None = None) -> dict:
    """A ``citations.jsonl`` line as a dict: :meth:`Citation.to_dict` plus the article's ``date``."""
    d = c.to_dict()
    return {k: date if k == "date" else d[k] for k in CITATION_COLUMNS}


def write_citations_jsonl(
    citations: Iterable[Citation], path: str | os.PathLike, days: Mapping[tuple[str, str], str] | None = None
) -> None:
    """One JSON object per line: :func:`citation_record`, the date looked up in ``days``
    (``(file, article_id) -> YYYY-MM-DD``, :func:`citetrack.timeline.article_days`; null when absent)."""
    days = days or {}
    write_citation_lines(((c, days.get((c.file, c.article_id))) for c in citations), path)


def write_citation_lines(dated: Iterable[tuple[Citation, str | None]], path: str | os.PathLike) -> None:
    """``citations.jsonl`` from (citation, its article's day) pairs (a stored scan's
    :meth:`~citetrack.citestore.CitationStore.with_days`)."""
    with atomic_open(path, newline="\n") as f:
        for c, day in dated:
            f.write(json.dumps(citation_record(c, day), ensure_ascii=False) + "\n")


# -- graphs -----------------------------------------------------------------------------------

def scalar(value: object) -> object:
    """A GraphML-safe value: str, int, float or bool (``None`` → ``""``, lists → ``"a; b"``)."""
    if value is None:
        return ""
    if isinstance(value, (bool, str, int, float)):
        return value
    if hasattr(value, "tolist"):  # numpy scalars and arrays
        return scalar(value.tolist())
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=str)
    if isinstance(value, (list, tuple)):
        return "; ".join(str(scalar(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    try:  # other numbers (Decimal, Fraction, numpy-like without tolist)
        number = float(value)  # type: ignore[arg-type]
        return int(number) if number.is_integer() and not isinstance(value, float) else number
    except (TypeError, ValueError):
        return str(value)


def _unify(items: list[dict], skip: frozenset[str] = frozenset()) -> None:
    """Make each attribute one type across ``items`` (dicts edited in place), as GraphML needs.

    ``None`` is dropped where the attribute is otherwise numeric or boolean, else becomes ``""``;
    int mixed with float becomes float; any other mix becomes text.
    """
    types: dict[str, set[type]] = {}
    for data in items:
        for key, value in data.items():
            if key not in skip and value is not None:
                data[key] = value = scalar(value)
                types.setdefault(key, set()).add(type(value))
    for data in items:
        for key in [k for k in data if k not in skip]:
            kinds, value = types.get(key, {str}), data[key]
            if value is None:
                if kinds <= {str}:
                    data[key] = ""
                else:
                    del data[key]
            elif kinds == {int, float}:
                data[key] = float(value)
            elif len(kinds) > 1:
                data[key] = str(value).lower() if isinstance(value, bool) else str(value)


def scalar_graph(graph: nx.Graph, keep: frozenset[str] = frozenset()) -> nx.Graph:
    """A copy of ``graph`` whose graph, node and edge attributes are all single-typed scalars.

    Attributes named in ``keep`` are left as they are (GEXF's ``viz``).
    """
    g = graph.copy()
    _unify([g.graph], keep)
    _unify([data for _, data in g.nodes(data=True)], keep)
    _unify([data for *_, data in g.edges(data=True)], keep)
    return g


def write_graphml(graph: nx.Graph, path: str | os.PathLike) -> None:
    """The graph as GraphML, attributes made scalar first."""
    import networkx as nx

    g = scalar_graph(graph)
    with atomic_path(path) as tmp:
        nx.write_graphml(g, tmp)


def quoteattr(value: str) -> str:
    """:func:`xml.sax.saxutils.quoteattr`, imported on first use (it pulls in urllib and http)."""
    from xml.sax.saxutils import quoteattr as quote

    return quote(value)


def write_gexf(graph: nx.Graph, path: str | os.PathLike) -> None:
    """The graph as GEXF 1.2 (Gephi's format), outlet nodes sized by their citations (``viz:size``).

    Written element by element, as networkx's reader expects it: networkx's own writer builds
    the whole document in memory first (several times the graph's size)."""
    g = scalar_graph(graph, keep=frozenset({"viz"}))
    _size_outlets(g)
    write_gexf_items(lambda: g.nodes(data=True), lambda: g.edges(data=True), g.is_directed(), path)


def write_gexf_items(nodes: Callable[[], Iterable[tuple[str, dict]]], edges: Callable[[], Iterable[tuple[str, str, dict]]],
                     directed: bool, path: str | os.PathLike) -> None:
    """GEXF from streams of nodes and edges with single-typed scalar attributes (each called twice:
    to declare the attributes, then to write), so a stored scan's graph need not be built."""
    node_attrs = _gexf_declare((data for _, data in nodes()), skip=("label", "viz", "id"))
    edge_attrs = _gexf_declare((data for *_, data in edges()), skip=("weight", "label", "id"))
    with atomic_open(path, newline="\n") as f:
        f.write(f'<?xml version="1.0" encoding="utf-8"?>\n<gexf xmlns="{_GEXF}" xmlns:viz="{_GEXF}/viz" '
                f'version="1.2">\n<meta lastmodifieddate="{time.strftime("%Y-%m-%d")}"><creator>citetrack</creator>'
                f'</meta>\n<graph defaultedgetype="{"directed" if directed else "undirected"}" mode="static">\n')
        for cls, attrs in (("node", node_attrs), ("edge", edge_attrs)):
            f.write(f'<attributes class="{cls}" mode="static">'
                    + "".join(f'<attribute id="{i}" title={quoteattr(k)} type="{t}"/>' for k, (i, t) in attrs.items())
                    + "</attributes>\n")
        f.write("<nodes>\n")
        for node, data in nodes():
            size = (data.get("viz") or {}).get("size")
            f.write(f"<node id={quoteattr(str(node))} label={quoteattr(str(data.get('label', node)))}>"
                    + (f'<viz:size value="{size}"/>' if size is not None else "")
                    + _gexf_values(data, node_attrs) + "</node>\n")
        f.write("</nodes>\n<edges>\n")
        for i, (u, v, data) in enumerate(edges()):
            weight = f' weight="{data["weight"]}"' if "weight" in data else ""
            f.write(f'<edge id="{i}" source={quoteattr(str(u))} target={quoteattr(str(v))}{weight}>'
                    + _gexf_values(data, edge_attrs) + "</edge>\n")
        f.write("</edges>\n</graph>\n</gexf>\n")


_GEXF = "http://www.gexf.net/1.2draft"
_GEXF_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def _gexf_declare(items: Iterable[dict], skip: tuple[str, ...]) -> dict[str, tuple[int, str]]:
    """Each attribute (in order of first use) -> (its id, its GEXF type); values are single-typed scalars."""
    out: dict[str, tuple[int, str]] = {}
    for data in items:
        for key, value in data.items():
            if key not in out and key not in skip:
                out[key] = (len(out), _GEXF_TYPES.get(type(value), "string"))
    return out


def _gexf_values(data: dict, attrs: dict[str, tuple[int, str]]) -> str:
    values = []
    for key, value in data.items():
        if key in attrs:
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if isinstance(value, float) and not math.isfinite(value):
                text = {"inf": "INF", "-inf": "-INF"}.get(text, "NaN")
            values.append(f'<attvalue for="{attrs[key][0]}" value={quoteattr(text)}/>')
    return f"<attvalues>{''.join(values)}</attvalues>" if values else ""


def _size_outlets(g: nx.Graph) -> None:
    """Set ``viz.size`` on outlet nodes (``kind == "outlet"``) by their ``citations`` count."""
    counts = {}
    for node, data in g.nodes(data=True):
        if data.get("kind") == "outlet":
            n = data.get("citations")
            if not isinstance(n, (int, float)) or isinstance(n, bool):
                n = g.in_degree(node, weight="weight") if g.is_directed() else g.degree(node, weight="weight")
            counts[node] = max(float(n), 0.0)
    top = max(counts.values(), default=0.0)
    for node, n in counts.items():
        share = math.sqrt(n / top) if top > 0 else 0.0
        viz = dict(g.nodes[node].get("viz") or {})
        viz["size"] = round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * share, 2)
        g.nodes[node]["viz"] = viz
