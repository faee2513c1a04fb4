"""The interactive HTML page: the citation network, a count table and the evidence behind each edge.

This is the only module that imports pyvis. pyvis models the network (nodes, edges, options); the
page itself comes from ``citetrack/templates/network.html`` because pyvis's own templates load
vis-network and Bootstrap from CDNs. The vis-network JS and CSS shipped inside the pyvis package are
inlined, so the page is one file that works from ``file://`` with no network.

Article text (titles, evidence sentences) is hostile input. All data goes into the page as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped, and
the page's script inserts it with ``textContent`` only; vis-network (≥ 9) shows string tooltips as
text.
"""
from __future__ import annotations

import html
import json
import math
import random
import re
from importlib import resources
from pathlib import Path
from string import Template

import networkx as nx
from pyvis.network import Network

from citetrack.atomic import write_text
from citetrack.errors import OutputError
from citetrack.models import KINDS, OUTLET_TYPES, OutletCount

#: Above this many nodes the layout is computed here and physics starts switched off.
LARGE_GRAPH = 1500
#: Okabe-Ito colours (colour-blind safe) by outlet type; yellow is left out (unreadable on white).
TYPE_COLOURS: dict[str, str] = {
    "agency": "#D55E00",  # vermillion
    "newspaper": "#0072B2",  # blue
    "broadcaster": "#E69F00",  # orange
    "magazine": "#CC79A7",  # reddish purple
    "site": "#009E73",  # bluish green
    "unknown": "#56B4E9",  # sky blue
}
OTHER_COLOUR = "#000000"  # a type the palette does not know
ARTICLE_COLOUR = "#B0B0B0"
ARTICLE_LABELS_UP_TO = 60  # article nodes show their label only in graphs with this few articles

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def outlet_size(citations: int) -> float:
    """Node size of an outlet: grows with the square root of its citations."""
    return round(12 + 6 * math.sqrt(max(citations, 0)), 2)


def edge_width(weight: int) -> float:
    return round(min(1 + 2 * math.log2(max(weight, 1)), 10), 2)


def type_colour(outlet_type: str) -> str:
    return TYPE_COLOURS.get(outlet_type, OTHER_COLOUR)


def json_for_script(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (and parses back unchanged).

    The escaped characters can only occur inside JSON strings, where ``\\u003c`` means ``<``.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # lone surrogates (undecodable file names) cannot be written as UTF-8: keep them as escapes
    return re.sub(
        "[<>&\u2028\u2029\ud800-\udfff]", lambda m: _JSON_ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04x}", text
    )


def _vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS shipped with pyvis, made safe to inline."""
    base = resources.files("pyvis")
    for parts in (_VIS_DIR, _VIS_DIR[1:]):  # pyvis 0.3.2 ships both templates/lib and lib
        folder = base.joinpath(*parts)
        js, css = folder.joinpath("vis-network.min.js"), folder.joinpath("vis-network.css")
        if js.is_file() and css.is_file():
            break
    else:  # pragma: no cover - a broken pyvis installation
        raise OutputError("vis-network is missing from the pyvis package; reinstall pyvis")
    script = js.read_text(encoding="utf-8")
    style = css.read_text(encoding="utf-8")
    # Nothing in 9.1.2 needs this, but a closing tag would end the inline block early.
    script = re.sub(r"</(script)", r"<\\/\1", script, flags=re.I).replace("<!--", "<\\!--")
    style = re.sub(r"</(style)", r"<\\/\1", style, flags=re.I)
    return script, style


class _IdList(list):
    """pyvis keeps node ids in a list and checks membership on every add: make that O(1)."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set = set()

    def append(self, item) -> None:  # type: ignore[override]
        super().append(item)
        self._set.add(item)

    def __contains__(self, item) -> bool:
        return item in self._set


def _cheap_layout(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """Positions for big graphs, in linear time (networkx's layouts need numpy and are slow here).

    Outlets sit on a sunflower spiral, most cited in the middle; each article sits in a small
    spiral around the weighted centre of the outlets it cites; uncited articles form a block
    to the right.
    """
    rng = random.Random(42)
    golden = math.pi * (3 - math.sqrt(5))
    outlets = sorted(
        (n for n, d in graph.nodes(data=True) if d.get("kind") == "outlet"),
        key=lambda n: (-graph.nodes[n].get("citations", 0), n),
    )
    articles = [n for n, d in graph.nodes(data=True) if d.get("kind") != "outlet"]
    pos: dict[str, tuple[float, float]] = {}
    area = 0.0  # each outlet gets a disc big enough for the spiral of its citing articles
    for i, n in enumerate(outlets):
        radius = 40 + 10 * math.sqrt(graph.in_degree(n))
        r = math.sqrt(area / math.pi) + radius if i else 0.0
        area += math.pi * radius**2
        pos[n] = (r * math.cos(i * golden), r * math.sin(i * golden))
    groups: dict[tuple[int, int], int] = {}
    uncited = []
    for n in articles:
        out = [(pos[t], d.get("weight", 1)) for _, t, d in graph.out_edges(n, data=True) if t in pos]
        if not out:
            uncited.append(n)
            continue
        total = sum(w for _, w in out)
        cx = sum(p[0] * w for p, w in out) / total
        cy = sum(p[1] * w for p, w in out) / total
        k = groups.get((round(cx), round(cy)), 0)
        groups[(round(cx), round(cy))] = k + 1
        r = 25 + 9 * math.sqrt(k)
        a = k * golden + rng.random() * 0.2
        pos[n] = (cx + r * math.cos(a), cy + r * math.sin(a))
    if uncited:
        right = max((x for x, _ in pos.values()), default=0) + 200
        top = min((y for _, y in pos.values()), default=0)
        cols = max(1, int(math.sqrt(len(uncited))))
        for i, n in enumerate(uncited):
            pos[n] = (right + 14 * (i % cols), top + 14 * (i // cols))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _outlet_tooltip(d: dict) -> str:
    where = ", ".join(x for x in (d.get("type", ""), d.get("country", "")) if x)
    head = f"{d.get('name', '')} ({where})" if where else str(d.get("name", ""))
    kinds = " · ".join(f"{k} {d.get(k, 0)}" for k in KINDS)
    n, m = d.get("citations", 0), d.get("articles", 0)
    return f"{head}\n{n} citation{'s' * (n != 1)} in {m} article{'s' * (m != 1)}\n{kinds}"


def _article_tooltip(d: dict) -> str:
    where = " · ".join(x for x in (d.get("date", ""), d.get("file", "")) if x)
    n = d.get("citations", 0)
    return f"{d.get('title') or d.get('label', '')}\n{where}\n{n} citation{'s' * (n != 1)}"


def _vis_options(large: bool, n_nodes: int) -> dict:
    return {
        "physics": {
            "enabled": not large,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 110, "avoidOverlap": 0.2},
            "stabilization": {"enabled": not large, "iterations": 600, "updateInterval": 25, "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 300},
        "edges": {
            "smooth": False if large else {"enabled": True, "type": "continuous"},
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555", "opacity": 0.7},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        },
        "nodes": {"borderWidth": 1, "font": {"size": 14, "color": "#222222"}},
        "interaction": {
            "hover": not large,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": large,
            "navigationButtons": True,
            "multiselect": False,
        },
    }


def build_network(graph: nx.DiGraph) -> Network:
    """The pyvis model of ``graph``: sizes, colours, shapes, tooltips, options."""
    large = graph.number_of_nodes() > LARGE_GRAPH
    positions = _cheap_layout(graph) if large else {}
    net = Network(directed=True, height="100%", width="100%")
    net.node_ids = _IdList()
    n_articles = sum(1 for _, d in graph.nodes(data=True) if d.get("kind") != "outlet")
    for n, d in graph.nodes(data=True):
        extra = {"x": positions[n][0], "y": positions[n][1]} if n in positions else {}
        if d.get("kind") == "outlet":
            colour = type_colour(str(d.get("type", "unknown")))
            net.add_node(
                n, label=str(d.get("label") or n), shape="dot", color=colour, size=outlet_size(int(d.get("citations", 0))),
                title=_outlet_tooltip(d), borderWidth=2 if d.get("known", True) else 1,
                font={"size": 16, "color": "#111111", "strokeWidth": 3, "strokeColor": "#ffffff"}, **extra,
            )
        else:
            if n_articles <= ARTICLE_LABELS_UP_TO:
                extra["font"] = {"size": 10, "color": "#666666"}
            net.add_node(
                n, label=str(d.get("label") or n), shape="square", color=ARTICLE_COLOUR, size=5,
                title=_article_tooltip(d), **extra,
            )
            if n_articles > ARTICLE_LABELS_UP_TO:
                net.get_node(n)["label"] = ""  # hundreds of titles would only hide the outlets
    for src, dst, d in graph.edges(data=True):
        w = int(d.get("weight", 1))
        net.add_edge(src, dst, width=edge_width(w), title=f"{w} citation{'s' * (w != 1)}: {d.get('kinds', '')}")
    net.set_options(json.dumps(_vis_options(large, graph.number_of_nodes())))
    return net


def _node_info(n: str, d: dict) -> dict:
    if d.get("kind") == "outlet":
        keys = ("kind", "name", "type", "country", "known", "citations", "articles", *KINDS, "self_citations", "published")
    else:
        keys = ("kind", "label", "title", "date", "file", "publisher", "url", "citations")
    return {k: d.get(k, "") for k in keys}


def page_data(graph: nx.DiGraph, counts: list[OutletCount], title: str) -> dict:
    """Everything the page's script needs, as plain JSON-ready data."""
    net = build_network(graph)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    large = graph.number_of_nodes() > LARGE_GRAPH
    n_articles = graph.graph.get("articles")
    if n_articles is None:
        n_articles = sum(1 for _, d in graph.nodes(data=True) if d.get("kind") != "outlet")
    n_citations = graph.graph.get("citations")
    if n_citations is None:
        n_citations = sum(int(d.get("weight", 0)) for _, _, d in graph.edges(data=True))
    present = {str(d.get("type", "unknown")) for _, d in graph.nodes(data=True) if d.get("kind") == "outlet"}
    present |= {c.type for c in counts}
    order = [t for t in OUTLET_TYPES if t in present] + sorted(present - set(OUTLET_TYPES))
    return {
        "title": title,
        "summary": {
            "articles": int(n_articles),
            "citations": int(n_citations),
            "outlets": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "outlet"),
        },
        "large": large,
        "kinds": list(KINDS),
        "types": [{"type": t, "colour": type_colour(t)} for t in order],
        "articleColour": ARTICLE_COLOUR,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "info": {n: _node_info(n, d) for n, d in graph.nodes(data=True)},
        "links": [
            [s, t, int(d.get("weight", 1)), str(d.get("kinds", "")), [x for x in str(d.get("evidence", "")).split("\n") if x]]
            for s, t, d in graph.edges(data=True)
        ],
        "counts": [
            {**c.to_dict(), "node": "outlet:" + c.outlet_id, "colour": type_colour(c.type)} for c in counts
        ],
    }


def render_page(graph: nx.DiGraph, counts: list[OutletCount], *, title: str = "citetrack") -> str:
    """The complete HTML page as a string."""
    template = Template(resources.files("citetrack").joinpath("templates", "network.html").read_text(encoding="utf-8"))
    script, style = _vis_assets()
    return template.substitute(
        title=html.escape(" ".join(title.split()), quote=True),
        vis_css=style,
        vis_js=script,
        data=json_for_script(page_data(graph, counts, title)),
    )


def render_html(graph: nx.DiGraph, counts: list[OutletCount], path: Path, *, title: str = "citetrack") -> Path:
    """Write the network page to ``path`` (one self-contained, offline HTML file) and return it.

    Raises :class:`citetrack.errors.OutputError` when the file cannot be written.
    """
    path = Path(path)
    page = render_page(graph, counts, title=title)
    return write_text(path, page)
