"""The report page: the citation network in three views, a per-outlet table and charts, with filters.

This is the only module that imports pyvis. pyvis supplies vis-network (its JS and CSS, inlined so
the page works from ``file://`` with no network) and the base network options; the page itself
comes from ``citetrack/templates/network.html`` because pyvis's own templates load vis-network and
Bootstrap from CDNs. The page's script builds each view (article→outlet, publisher→outlet "who
cites whom", outlet co-citation), the table and the charts from compact data, so the in-page
filters (outlet, kind, date range, minimum citations) change everything at once.

Article text (titles, evidence sentences) is hostile input. All data goes into the page as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029 escaped; the
page's script inserts it with ``textContent`` and DOM nodes only, and a Content-Security-Policy
forbids any request the page did not inline.
"""
from __future__ import annotations

import datetime
import html
import json
import re
from collections import defaultdict
from importlib import resources
from pathlib import Path
from string import Template

from pyvis.network import Network

from citetrack.atomic import write_text
from citetrack.errors import OutputError
from citetrack.graph import article_label, clean, trim_sentence
from citetrack.layout import article_layout, cocite_layout, cocite_pairs, outlet_layout
from citetrack.models import KIND_STRENGTH, KINDS, OUTLET_TYPES, ArticleInfo, Citation, Outlet, ReportOptions, ScanResult
from citetrack.outlets import norm_name

#: Okabe-Ito colours (safe for the common colour-vision deficiencies) by outlet type; yellow is left
#: out (unreadable on white).
TYPE_COLOURS: dict[str, str] = {
    "agency": "#D55E00",  # vermillion
    "newspaper": "#0072B2",  # blue
    "broadcaster": "#E69F00",  # orange
    "magazine": "#CC79A7",  # reddish purple
    "site": "#009E73",  # bluish green
    "unknown": "#56B4E9",  # sky blue
}
OTHER_COLOUR = "#000000"  # a type the palette does not know
ARTICLE_COLOUR = "#9E9E9E"
#: Evidence sentences are kept for every citation up to this many citations; above it, only the
#: strongest EVIDENCE_PER_OUTLET of each outlet (the page says so; citations.jsonl has them all).
EVIDENCE_ALL = 20_000
EVIDENCE_PER_OUTLET = 8
#: Articles above this many nodes get a precomputed layout instead of live physics.
PHYSICS_MAX = 400

_VIS_DIR = ("templates", "lib", "vis-9.1.2")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def type_colour(outlet_type: str) -> str:
    return TYPE_COLOURS.get(outlet_type, OTHER_COLOUR)


def json_for_script(data: object) -> str:
    """JSON that is safe inside ``<script type="application/json">`` (and parses back unchanged).

    The escaped characters can only occur inside JSON strings, where ``\\u003c`` means ``<``.
    """
    return escape_json(json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False))


def escape_json(text: str) -> str:
    """JSON text made safe inside ``<script>`` (see :func:`json_for_script`), character by
    character, so a page written in pieces gets the same bytes."""
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


def vis_options() -> dict:
    """Base vis-network options (the page switches physics per view), validated through pyvis."""
    net = Network(directed=True, height="100%", width="100%")
    net.set_options(json.dumps({
        "physics": {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -2500, "centralGravity": 0.6, "springLength": 70,
                          "springConstant": 0.05, "damping": 0.4, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 25, "fit": True},
            "minVelocity": 1.5,
        },
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "edges": {
            "smooth": False,
            "color": {"color": "#9a9a9a", "highlight": "#333333", "hover": "#555555", "opacity": 0.6},
        },
        "nodes": {"borderWidth": 1, "font": {"size": 14, "color": "#222222"}},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False,
                        "multiselect": False},
    }))
    return json.loads(net.get_network_data()[5])


def real_day(date: str | None) -> str | None:
    """``date`` when it is an ISO day that exists, else ``None``: the page's chart cannot take
    "2023-05-32" (readers drop such dates already; this guards results built by hand)."""
    try:
        return datetime.date.fromisoformat(date).isoformat() if date and len(date) == 10 else None
    except ValueError:
        return None


def _mention_span(sentence: str, mention: str) -> tuple[int, int]:
    """Where ``mention`` is in ``sentence`` (UTF-16 offsets, as JavaScript counts), or (-1, -1)."""
    mention = " ".join(mention.split())  # evidence sentences have their whitespace collapsed
    pos = sentence.find(mention) if mention else -1
    if pos < 0:
        return -1, -1
    start = len(sentence[:pos].encode("utf-16-le")) // 2
    return start, start + len(mention.encode("utf-16-le")) // 2


def _strength(c: Citation) -> tuple:
    """How strong a citation is as evidence: a quote, then the kind, then a concise sentence."""
    return (bool(c.quote), KIND_STRENGTH.get(c.kind, 0), -abs(len(c.sentence or "") - 160))


def _publisher(article: ArticleInfo, result: ScanResult, by_name: dict[str, Outlet]) -> Outlet | None:
    """The outlet the scan resolved as the article's publisher (user outlets included), by its id;
    for a result built by hand without ``publishers``, a cited outlet of that id or name
    (``by_name``: the cited outlets by normalised name)."""
    pid = article.publisher_id
    if pid and pid in result.publishers:
        return result.publishers[pid]
    if pid and pid in result.outlets:
        return result.outlets[pid]
    return by_name.get(norm_name(article.publisher or ""))


def page_data(result: ScanResult, options: ReportOptions | None = None) -> dict:
    """Everything the page's script needs, as compact JSON-ready data.

    - ``outlets``: one object per cited outlet (most cited first);
    - ``articles``: ``[label, title, date, publisher index or -1, file, url, wire]`` per article
      (``wire``: the agency whose story it is, ``""`` when none);
    - ``publishers``: ``{name, outlet: outlet index or -1, type}``;
    - ``cits``: five integers per citation, flat: article, outlet, kind, self (0/1), evidence index or -1;
    - ``wireCopy``: the citations (their positions in ``cits``) in wire copy, ascending;
    - ``evidence``: ``[sentence, mention start, mention end]`` (UTF-16 offsets, -1 when not found);
    - ``pos``: precomputed positions: ``outlets`` and ``articles`` for the article view (``null``
      when uncited), ``cocite`` for the co-citation view (``null`` for an outlet cited with no other);
    - ``uncited``: ``[day, articles]`` for articles a streamed scan counted but does not list.
    """
    opts = options or ReportOptions()
    oindex = {c.outlet_id: i for i, c in enumerate(result.counts)}
    outlets = _outlets(result)
    articles, publishers, aindex = _articles_and_publishers(result, oindex)
    cites = [c for c in result.citations if c.outlet_id in oindex]
    chosen = _chosen_evidence(cites)
    flat, evidence, outlet_cites, article_links = _citations(cites, chosen, aindex, oindex, len(articles))
    opos = outlet_layout(outlet_cites)
    apos = article_layout([list(d.items()) for d in article_links], opos)
    cpos = cocite_layout(cocite_pairs(article_links), len(outlets))
    present = {o["type"] for o in outlets} | {p["type"] for p in publishers}
    order = [t for t in OUTLET_TYPES if t in present] + sorted(present - set(OUTLET_TYPES))
    return {
        "title": opts.title,
        "maxNodes": int(opts.max_nodes),
        "physicsMax": PHYSICS_MAX,
        "evidenceLimited": len(cites) > EVIDENCE_ALL,
        "evidencePerOutlet": EVIDENCE_PER_OUTLET,
        "kinds": list(KINDS),
        "types": [{"type": t, "colour": type_colour(t)} for t in order],
        "articleColour": ARTICLE_COLOUR,
        "options": vis_options(),
        "outlets": outlets,
        "publishers": publishers,
        "articles": articles,
        "cits": flat,
        "wireCopy": [i for i, c in enumerate(cites) if c.wire_copy],
        "evidence": evidence,
        "pos": {"outlets": [[round(x, 1), round(y, 1)] for x, y in opos], "articles": apos,
                "cocite": [list(p) if p else None for p in cpos]},
        "uncited": _uncited_days(result.uncited),
        "narrowed": _narrowed(opts),
        "period": opts.period,  # the chart's period (week, month, year); None: chosen as timeline.csv's
    }


def _outlets(result: ScanResult) -> list[dict]:
    """One object per cited outlet, most cited first."""
    return [
        {"id": c.outlet_id, "name": clean(c.outlet), "type": clean(c.type or "unknown"), "country": clean(c.country),
         "known": bool(c.known), "colour": type_colour(c.type or "unknown")}
        for c in result.counts
    ]


def _articles_and_publishers(result: ScanResult, oindex: dict[str, int]) -> tuple[list, list, dict[str, int]]:
    """The page's articles (each with its publisher's index), its publishers, and article id -> index;
    citations whose article is not listed get a bare article of their own."""
    pindex: dict[str, int] = {}
    publishers: list[dict] = []
    articles: list[list] = []
    aindex: dict[str, int] = {}
    by_name: dict[str, Outlet] = {}
    for o in result.outlets.values():
        for n in o.names:
            by_name.setdefault(norm_name(n), o)  # the first outlet of a name, as a search would find
    for a in result.articles:
        if a.id in aindex:
            continue
        p = -1
        pub_outlet = _publisher(a, result, by_name)
        name = clean((a.publisher or "").strip())
        if name:
            key = pub_outlet.id if pub_outlet else "name:" + norm_name(name)
            if key not in pindex:
                pindex[key] = len(publishers)
                publishers.append({
                    "name": clean(pub_outlet.name) if pub_outlet else name,
                    "outlet": oindex.get(pub_outlet.id, -1) if pub_outlet else -1,
                    "type": (pub_outlet.type or "unknown") if pub_outlet else "unknown",
                })
            p = pindex[key]
        aindex[a.id] = len(articles)
        articles.append([clean(article_label(a)), clean(a.title), real_day(a.date), p, clean(a.file), clean(a.url),
                         clean(a.wire)])
    for c in result.citations:  # citations whose article is not listed
        if c.article_id not in aindex:
            aindex[c.article_id] = len(articles)
            articles.append([clean(c.file), "", "", -1, clean(c.file), "", ""])
    return articles, publishers, aindex


def _chosen_evidence(cites: list[Citation]) -> set[int]:
    """The citations whose sentence the page carries: all, or above :data:`EVIDENCE_ALL` the
    strongest :data:`EVIDENCE_PER_OUTLET` of each outlet."""
    if len(cites) <= EVIDENCE_ALL:
        return set(range(len(cites)))
    per_outlet: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(cites):
        per_outlet[c.outlet_id].append(i)
    chosen: set[int] = set()
    for ids in per_outlet.values():
        chosen.update(sorted(ids, key=lambda i: _strength(cites[i]), reverse=True)[:EVIDENCE_PER_OUTLET])
    return chosen


def _citations(cites: list[Citation], chosen: set[int], aindex: dict[str, int], oindex: dict[str, int],
               n_articles: int) -> tuple[list[int], list[list], list[int], list[dict[int, int]]]:
    """The flat citation array, the evidence sentences, citations per outlet and each article's
    links (outlet index -> citations)."""
    evidence: list[list] = []
    flat: list[int] = []
    kind_index = {k: i for i, k in enumerate(KINDS)}
    outlet_cites = [0] * len(oindex)
    article_links: list[dict[int, int]] = [dict() for _ in range(n_articles)]
    for i, c in enumerate(cites):
        a = aindex[c.article_id]
        o = oindex[c.outlet_id]
        e = -1
        if i in chosen:
            sentence = clean(trim_sentence(c.sentence or c.mention, c.mention))
            e = len(evidence)
            evidence.append([sentence, *_mention_span(sentence, c.mention), _strength(c)[1] + 2 * bool(c.quote)])
        flat += [a, o, kind_index.get(c.kind, 0), int(c.self), e]  # the scan marks self-citations
        outlet_cites[o] += 1
        article_links[a][o] = article_links[a].get(o, 0) + 1
    return flat, evidence, outlet_cites, article_links


def _narrowed(opts: ReportOptions) -> dict:
    """What the report options left out, for the page to say."""
    return {k: v for k, v in (("top", opts.top), ("minCitations", opts.min_citations),
                              ("since", opts.since), ("until", opts.until),
                              ("undated", opts.undated if opts.since or opts.until else None)) if v}


def _uncited_days(uncited: dict[tuple[str, str, str], int]) -> list[list]:
    """``[day, articles]`` for the articles a streamed scan only counted (see ScanResult.uncited)."""
    days: dict[str, int] = defaultdict(int)
    for (day, _, _), n in uncited.items():
        days[real_day(day) or ""] += n
    return [[d, n] for d, n in sorted(days.items())]


def render_page(result: ScanResult, options: ReportOptions | None = None) -> str:
    """The complete HTML page as a string."""
    opts = options or ReportOptions()
    template = Template(resources.files("citetrack").joinpath("templates", "network.html").read_text(encoding="utf-8"))
    script, style = _vis_assets()
    return template.substitute(
        title=html.escape(" ".join(opts.title.split()), quote=True),
        vis_css=style,
        vis_js=script,
        data=json_for_script(page_data(result, opts)),
    )


def render_html(result: ScanResult, path: Path, options: ReportOptions | None = None) -> Path:
    """Write the report page to ``path`` (one self-contained, offline HTML file) and return it.

    Raises :class:`citetrack.errors.OutputError` when the file cannot be written.
    """
    return write_text(Path(path), render_page(result, options))
