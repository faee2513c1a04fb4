"""The records that flow through the pipeline: articles in, citations out.

All are frozen dataclasses so they can be shared between processes and hashed. ``to_dict`` gives
the JSON-ready form used by the exports.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

#: The kinds of citation, as defined in the evaluation guidelines.
KINDS: tuple[str, ...] = ("report", "interview", "staff", "credit")

#: Outlet types the gazetteer may use; ``unknown`` is for outlets found by rule only.
OUTLET_TYPES: tuple[str, ...] = ("agency", "newspaper", "broadcaster", "magazine", "site", "unknown")


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
    publisher: str | None = None  # as given by the record (outlet/publisher field), not resolved

    def info(self) -> "ArticleInfo":
        return ArticleInfo(self.file, self.id, self.title, self.date, self.url, self.publisher, len(self.text))


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article's metadata without its text: what a scan keeps once the text is processed."""

    file: str
    id: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    publisher: str | None = None
    chars: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


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
    """

    id: str
    name: str
    type: str = "unknown"
    country: str = ""
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    known: bool = True

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


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

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file or record that was not read, and why."""

    path: str
    reason: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class OutletCount:
    """Per-outlet totals of a scan."""

    outlet: str
    outlet_id: str
    type: str
    country: str
    known: bool
    citations: int
    articles: int
    report: int = 0
    interview: int = 0
    staff: int = 0
    credit: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ScanOptions:
    """Everything that changes what a scan does. The CLI builds one; library users may too.

    - ``outlets_files``: extra gazetteer files layered over the packaged one (later files win).
    - ``unknown_outlets``: report outlets found by rule that are not in the gazetteer.
    - ``kinds``: keep only these citation kinds (all when empty).
    - ``jobs``: worker processes (0 = one per core, 1 = serial); results are the same either way.
    - ``cache``: an SQLite file of per-file results (incremental re-scan; None = no cache).
    """

    outlets_files: tuple[Path, ...] = ()
    unknown_outlets: bool = True
    kinds: frozenset[str] = field(default_factory=frozenset)
    jobs: int = 0
    cache: Path | None = None


@dataclass
class ScanResult:
    """What :func:`citetrack.scan` returns.

    - ``articles``: metadata of every article read, in reading order;
    - ``citations``: every citation found, in article order then text order;
    - ``counts``: per-outlet totals, most cited first;
    - ``outlets``: every outlet cited (gazetteer entries and ones found by rule), by id;
    - ``graph``: the networkx DiGraph (see :mod:`citetrack.graph` for its schema);
    - ``skipped``: files and records that were not read, with the reason.
    """

    articles: list[ArticleInfo]
    citations: list[Citation]
    counts: list[OutletCount]
    outlets: dict[str, Outlet]
    graph: object  # networkx.DiGraph; typed loosely so models stay import-light
    skipped: list[Skipped]
