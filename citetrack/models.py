"""The records that flow through the pipeline: articles in, citations out.

All are frozen dataclasses so they can be shared between processes and hashed. ``to_dict`` gives
the JSON-ready form used by the exports.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, make_dataclass, replace
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path

#: The kinds of citation, as defined in the evaluation guidelines, each with how strong it is as
#: evidence (the page shows the strongest citations of an outlet first). Everything that lists kinds
#: (OutletCount's fields, outlets.csv's columns, the graph's attributes, the page, ``--kind``) is
#: made from this table: a new kind is one line here (plus the rules that give it).
#: ``no-comment`` is a non-response ("declined to comment to Reuters"): the outlet asked and nothing
#: was said, the weakest evidence (its frames come before the interview frames in rules.toml, so a
#: non-response is never an interview).
KIND_STRENGTH: dict[str, int] = {"report": 3, "interview": 3, "staff": 2, "credit": 1, "no-comment": 0}
KINDS: tuple[str, ...] = tuple(KIND_STRENGTH)


def kind_field(kind: str) -> str:
    """The field (and column) name of a kind's count: ``no-comment`` -> ``no_comment``."""
    return kind.replace("-", "_")

#: Files read whole above this many bytes are skipped unread (``ScanOptions.max_file_size``): 50 MB.
DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024

#: Outlet types the gazetteer may use; ``unknown`` is for outlets found by rule only.
OUTLET_TYPES: tuple[str, ...] = ("agency", "newspaper", "broadcaster", "magazine", "site", "unknown")


def _pickled_as_fields(cls):
    """Pickle a frozen slotted dataclass as its class and its fields' values, the arguments that
    make it again: what the workers send back per article (:class:`ArticleInfo`, :class:`Citation`,
    :class:`Skipped`; :class:`Article` when the parent reads). A dataclass's own ``__getstate__`` / ``__setstate__`` loop over its fields in
    Python: they were ~60% of the cost of moving results between processes (--jobs 2)."""
    values = attrgetter(*cls.__slots__)

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls


_GIVEN = object()  # Article.info's publisher when none is given: the article's own


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One article as read from disk.

    ``text`` is exactly the text citation offsets index; readers never strip or rewrite it.
    ``file`` is the path of the file it came from (as the user would type it); ``id`` identifies
    the article within the whole scan (the file path for one-article files, ``path#n`` or the
    record's own id for JSON records).
    """

    file: str
    id: str
    text: str
    title: str | None = None
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    url: str | None = None
    publisher: str | None = None  # as the source gives it (record field, page's site name), not resolved
    author: str | None = None
    #: the source gave a date that is not a real day ("2023-05-32"): dropped, so the article is undated
    bad_date: bool = False
    #: the source held NUL bytes, each read as a space (offsets unchanged)
    nuls: bool = False

    def info(self, publisher: str | None | object = _GIVEN, publisher_id: str | None = None, unexamined: int = 0,
             wire: str | None = None) -> "ArticleInfo":
        """Its metadata, with what a scan found out: the resolved ``publisher`` (the article's own
        field when not given), ``publisher_id``, ``unexamined``, ``wire`` (made at once, in field
        order: this runs once per article)."""
        return ArticleInfo(self.file, self.id, self.title, self.date, self.url,
                           self.publisher if publisher is _GIVEN else publisher, len(self.text), self.author,
                           publisher_id, unexamined, self.bad_date, self.nuls, wire)


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's metadata without its text: what a scan keeps once the text is processed."""

    file: str
    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None  # canonical outlet name once a scan resolved it
    chars: int = 0
    author: str | None = None
    publisher_id: str | None = None  # outlet id of the publisher (gazetteer id, or a slug when unknown)
    #: candidates (names, cue words) not looked at: the text is denser with them than any prose, so
    #: its citations may be incomplete (0 for real articles; see citetrack.automaton.Budget)
    unexamined: int = 0
    #: the source's date was dropped as not a real day (see :attr:`Article.bad_date`)
    bad_date: bool = False
    #: NUL bytes in the source were read as spaces (see :attr:`Article.nuls`)
    nuls: bool = False
    #: the news agency whose story the article is (canonical name; citetrack.wire): its dateline,
    #: byline, credit line or sign-off names it. Wire copy when it is not the publisher
    wire: str | None = None

    def to_dict(self) -> dict:
        """Its fields as a dict (all scalars: what ``asdict`` gives, without its deep copy)."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet from the gazetteer (or discovered by rule, with ``known=False``).

    - ``aliases``: other names matched as this outlet (abbreviations, old names, programmes and
      sub-brands that count as the outlet, e.g. "Face the Nation" for CBS).
    - ``ambiguous``: those names (canonical or alias) that are also ordinary words or other
      organisations ("AP", "Sun", "Time"); they are matched only with their exact case and only
      when a cue binds them tightly.
    - ``short``: short forms ("Journal", "Post") that refer to the outlet only after a full mention
      earlier in the same article.
    - ``programmes``: those names (canonical or alias) that are programmes or shows of the outlet
      ("Meet the Press"); "the show" / "the programme" refer back to the last one mentioned.
    - ``credit_names``: names that denote the outlet only in a photo credit ("EPA", a picture
      agency; elsewhere the US Environmental Protection Agency).
    """

    id: str
    name: str
    type: str = "unknown"
    country: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    programmes: tuple[str, ...] = ()
    credit_names: tuple[str, ...] = ()
    known: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Citation:
    """One attribution to a news outlet, with the evidence for it.

    ``start``/``end`` are offsets of ``mention`` in the article text: ``text[start:end] == mention``.
    ``rule`` is the id of the rule that fired; ``cue`` the cue words it matched.
    """

    file: str
    article_id: str
    outlet: str
    outlet_id: str
    known: bool
    mention: str
    start: int
    end: int
    kind: str
    cue: str
    rule: str
    sentence: str
    quote: str | None = None
    speaker: str | None = None
    self: bool = False  # the article's own publisher is cited (a self-citation)
    #: the outlet's type and country: the gazetteer's, or for an outlet found by rule what the text
    #: says of it ("the Moldovan daily ..." -> newspaper, MD; "unknown" and "" when it says nothing)
    outlet_type: str = "unknown"
    outlet_country: str = ""
    #: the article is another outlet's wire story (its ``wire`` is not its publisher): the agency
    #: wrote this citation, not the publisher (a citation of the wire itself is the wire citing itself)
    wire_copy: bool = False

    def to_dict(self) -> dict:
        """Its fields as a dict (all scalars: what ``asdict`` gives, without its deep copy)."""
        return {name: getattr(self, name) for name in self.__slots__}


#: The longest reason a skipped item keeps (a library's message can hold kilobytes of binary).
REASON_MAX = 200


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record that was not read, and why (at most :data:`REASON_MAX` printable
    characters: anything else in the reason is shown escaped, and a longer one is cut with "…")."""

    path: str
    reason: str

    def __post_init__(self) -> None:
        reason = self.reason
        if len(reason) > REASON_MAX or not reason.isprintable():
            shown = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in reason)
            object.__setattr__(self, "reason", shown if len(shown) <= REASON_MAX else shown[:REASON_MAX - 1] + "…")

    def to_dict(self) -> dict:
        return asdict(self)


def _outlet_count_to_dict(self) -> dict:
    return asdict(self)


#: Per-outlet totals of a scan: ``outlet``, ``outlet_id``, ``type``, ``country``, ``known``,
#: ``citations``, ``articles``, one count per kind (:data:`KINDS`, as :func:`kind_field` names them:
#: ``report``, ``interview`` ...) and ``self_citations`` (of ``citations``, those by articles the
#: outlet itself published), ``wire_copy`` (of ``citations``, those in wire copy: see
#: :attr:`Citation.wire_copy`) and ``domains`` (the gazetteer's web domains of the outlet; none for an
#: outlet found by rule only). A frozen dataclass; its kind fields are made from :data:`KINDS`.
OutletCount = make_dataclass(
    "OutletCount",
    [("outlet", str), ("outlet_id", str), ("type", str), ("country", str), ("known", bool), ("citations", int),
     ("articles", int), *((kind_field(k), int, field(default=0)) for k in KINDS),
     ("self_citations", int, field(default=0)), ("wire_copy", int, field(default=0)),
     ("domains", tuple, field(default=()))],
    frozen=True, slots=True, namespace={"to_dict": _outlet_count_to_dict, "__doc__": "Per-outlet totals of a scan."},
)
OutletCount.__module__ = __name__  # (make_dataclass takes module= only from Python 3.12)


@dataclass(frozen=True)
class FieldMap:
    """Names of the record fields (JSON) or columns (CSV) that hold each part of an article.

    Each part lists candidate names, tried in order (case ignored); the first present is used.
    A name given by the user (``--text-field``) replaces the candidates, so a file without it is
    skipped with that reason instead of silently using another column.
    """

    text: tuple[str, ...] = ("text", "body", "content", "article")
    title: tuple[str, ...] = ("title", "headline")
    date: tuple[str, ...] = ("date", "published", "publish_date", "pubdate")
    url: tuple[str, ...] = ("url", "link")
    publisher: tuple[str, ...] = ("outlet", "publisher", "site_name", "source")
    id: tuple[str, ...] = ("id",)

    def override(self, **names: str | None) -> "FieldMap":
        """A copy with the parts given (not ``None``) set to that one name."""
        return replace(self, **{part: (name,) for part, name in names.items() if name})


@dataclass(frozen=True)
class ScanOptions:
    """Everything that changes what a scan does. The CLI builds one; library users may too.

    - ``outlets_files``: extra gazetteer files layered over the packaged one (later files win).
    - ``rules_files``: extra rule files (frames and lexicon entries) layered over the packaged ones.
    - ``unknown_outlets``: report outlets found by rule that are not in the gazetteer.
    - ``kinds``: keep only these citation kinds (all when empty).
    - ``jobs``: worker processes (0 = one per core, 1 = serial); results are the same either way.
    - ``cache``: an SQLite file of per-file results (incremental re-scan; None = no cache).
    - ``fields``: which record fields / CSV columns hold the text, title, date, url, publisher, id.
    - ``publisher``: the publisher of every article scanned (overrides what the articles say).
    - ``publisher_from``: ``"folder"`` or ``"filename"``: each article's publisher is the outlet
      its folder's name or its file name's first part names (``nyt_…`` -> New York Times).
    - ``self_citations``: keep citations of an article's own publisher (marked ``self``).
    - ``wire_copy``: keep citations in wire copy (an agency's story another outlet carried; marked
      ``wire_copy``).
    - ``dump_text``: a folder to write each article's extracted text into (offsets index it).
    - ``max_file_size``: bytes; larger text and JSON files (and longer JSON Lines records) are
      skipped unread, with the reason (0 = no limit). Default 50 MB.
    - ``engine``: ``"local"`` (this machine's cores) or ``"dask"`` (a Dask cluster, same results).
    - ``scheduler``: the Dask scheduler's address (``tcp://HOST:8786``); None = a local cluster.
      Neither changes results (the cache does not key on them).
    """

    outlets_files: tuple[Path, ...] = ()
    rules_files: tuple[Path, ...] = ()
    unknown_outlets: bool = True
    kinds: frozenset[str] = field(default_factory=frozenset)
    jobs: int = 0
    cache: Path | None = None
    fields: FieldMap = field(default_factory=lambda: FieldMap())
    publisher: str | None = None
    publisher_from: str | None = None
    self_citations: bool = True
    wire_copy: bool = True
    dump_text: Path | None = None
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    engine: str = "local"
    scheduler: str | None = None


@dataclass(frozen=True)
class ReportOptions:
    """What the report (page, exports, terminal table) keeps of a scan; applied before rendering.

    - ``top``: only the N most cited outlets (0 = all);
    - ``min_citations``: only outlets cited at least K times;
    - ``since`` / ``until``: only articles dated in this range (ISO ``YYYY-MM-DD``, inclusive);
    - ``undated``: what a range does with undated articles: ``"keep"`` them (the default; they
      count as undated) or ``"drop"`` them;
    - ``max_nodes``: above this many network nodes the page starts in an aggregated (outlet-only)
      view and draws at most this many nodes in the article view;
    - ``title``: the page's title;
    - ``period``: the periods of ``timeline.csv`` and of the page's chart over time: ``"week"``,
      ``"month"`` or ``"year"`` (:data:`PERIODS`); None = chosen by the dates
      (:func:`citetrack.timeline.choose_period`);
    - ``formats``: extra formats asked for (:data:`citetrack.outputs.EXTRA_FORMATS`): ``("parquet",)``
      also writes ``citations.parquet``.
    """

    top: int = 0
    min_citations: int = 0
    since: str | None = None
    until: str | None = None
    undated: str = "keep"
    max_nodes: int = 2000
    title: str = "citetrack"
    period: str | None = None
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class SampleOptions:
    """How ``citetrack sample`` draws a precision audit sample from a scan's ``citations.jsonl``.

    - ``per_rule`` / ``per_outlet``: at most this many citations per rule / per outlet (the
      strata); both given: per (rule, outlet) pair, at most the smaller of the two;
    - ``kinds``: only citations of these kinds (empty = all);
    - ``seed``: the random seed (the same seed and file give the same sample).
    """

    per_rule: int | None = 20
    per_outlet: int | None = None
    kinds: frozenset[str] = frozenset()
    seed: int = 0


#: The periods of ``timeline.csv`` and of the page's chart (``ReportOptions.period``).
PERIODS: tuple[str, ...] = ("week", "month", "year")


class Deferred:
    """A value given as the zero-argument function that makes it (see :class:`BuiltOnRead`)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], object]):
        self.make = make


class BuiltOnRead:
    """A dataclass field whose value may be given as a :class:`Deferred`: made the first time the
    field is read, then kept. ``ScanResult.graph`` is one, so that a command that never reads the
    graph (``citetrack counts``) neither builds it nor imports networkx."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj: object, owner: type | None = None) -> object:
        if obj is None:  # asked on the class: no default, so the field stays a required argument
            raise AttributeError(self.slot)
        value = obj.__dict__[self.slot]
        if isinstance(value, Deferred):
            value = obj.__dict__[self.slot] = value.make()
        return value

    def __set__(self, obj: object, value: object) -> None:
        obj.__dict__[self.slot] = value


@dataclass
class ScanResult:
    """What :func:`citetrack.scan` returns.

    - ``articles``: metadata of every article read, in reading order;
    - ``citations``: every citation found, in article order then text order;
    - ``counts``: per-outlet totals, most cited first;
    - ``outlets``: every outlet cited (gazetteer entries and ones found by rule), by id;
    - ``graph``: the networkx DiGraph (see :mod:`citetrack.graph` for its schema), built when
      first read (a :class:`Deferred` may be given for it);
    - ``skipped``: files and records that were not read, with the reason;
    - ``publishers``: every article's publisher as an Outlet, by id.

    A streamed scan (:func:`citetrack.stream.scan_to_folder`, what the CLI runs) keeps in memory only
    what grows with the outlets and the citing articles: ``articles`` then lists the articles that
    cite something, and those that cite nothing are only counted, in ``uncited``:
    ``(day or "", publisher id or "", publisher name or "") -> articles``. ``every_article``, when
    set, reads all of them again in order (from a spool file) for ``articles.csv``. With a ``store``
    (what ``citetrack scan`` and ``counts`` run), ``articles`` and ``citations`` are sequences read
    back from an on-disk store, not held, and the graph is written from it without being built.
    """

    articles: list[ArticleInfo]
    citations: list[Citation]
    counts: list[OutletCount]
    outlets: dict[str, Outlet]
    graph: object = BuiltOnRead()  # networkx.DiGraph; typed loosely so models stay import-light
    skipped: list[Skipped]
    uncited: dict[tuple[str, str, str], int] = field(default_factory=dict)
    every_article: Callable[[], Iterable[ArticleInfo]] | None = None
    #: ids of the articles not examined in full (``ArticleInfo.unexamined``): hostile or machine-made text
    partial: list[str] = field(default_factory=list)
    #: things the user should know that are not skips, one line each (a cache rebuilt, dates
    #: dropped, output folders not read as input); the CLI prints them with the summary
    notes: list[str] = field(default_factory=list)
    #: the Outlet record of every article's publisher, by id, as the scan resolved it (user
    #: ``--outlets`` entries included): the graph and the page take the publishers from here
    publishers: dict[str, Outlet] = field(default_factory=dict)
    #: a :class:`citetrack.citestore.CitationStore` when ``articles`` and ``citations`` are read
    #: from disk (a streamed scan): the outputs are then written from it, and ``graph`` is None
    store: object | None = None

    @property
    def article_count(self) -> int:
        """Articles read (and kept by a date range), citing or not."""
        return len(self.articles) + sum(self.uncited.values())


@dataclass(frozen=True)
class CompareOptions:
    """How ``citetrack compare`` splits and tests (:func:`citetrack.compare.compare`).

    - ``split_at``: compare one scan's articles dated before this day (side A) with those dated on
      or after it (side B); undated articles are left out;
    - ``publishers``: two publisher names: compare one scan's articles by the first (A) with those
      by the second (B);
    - ``alpha``: an outlet differs significantly when its Benjamini–Hochberg q-value is below this;
    - ``wire_copy``: count citations inside wire copy (False: leave them out, ``--no-wire-copy``);
    - ``kinds``: count only citations of these kinds (empty: every kind; ``--kind``);
    - ``self_citations``: count an article citing its own publisher (False: ``--no-self``).
    """

    split_at: str | None = None
    publishers: tuple[str, ...] = ()
    alpha: float = 0.05
    wire_copy: bool = True
    kinds: frozenset[str] = frozenset()
    self_citations: bool = True


@dataclass(frozen=True, slots=True)
class OutletDifference:
    """One outlet on the two sides of a comparison (a row of ``compare.csv``).

    ``share_*``: articles citing the outlet / articles on that side (citing anything or not);
    ``difference``: ``share_a - share_b``; ``p_value``: the two-proportion z-test of the shares;
    ``q_value``: Benjamini–Hochberg across the outlets; ``significant``: ``q_value < alpha``;
    ``expected_min``: the smallest count of the 2x2 table expected under no difference (below 5
    the z-test's p-value is only a rough guide, see :mod:`citetrack.stats`).
    """

    outlet: str
    outlet_id: str
    citations_a: int
    articles_a: int
    share_a: float
    citations_b: int
    articles_b: int
    share_b: float
    difference: float
    p_value: float
    q_value: float
    significant: bool
    expected_min: float = 0.0
    known: bool = True


@dataclass(frozen=True)
class Comparison:
    """What ``citetrack compare`` found: the sides' labels and article counts, the outlets (lowest
    p-value first) and notes (articles a split left out, citations without their article)."""

    label_a: str
    label_b: str
    articles_a: int
    articles_b: int
    alpha: float
    rows: tuple[OutletDifference, ...]
    notes: tuple[str, ...] = ()
