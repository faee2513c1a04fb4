"""The outlet gazetteer: load, validate and layer outlet files; resolve a name to an :class:`Outlet`.

The packaged outlets live in ``citetrack/data/outlets/*.toml`` (one file per region). A user file
given with ``--outlets`` has the same format and is layered on top: an entry with an existing
``id`` replaces that outlet, a new ``id`` adds one. Format::

    [[outlet]]
    id = "financial-times"          # stable slug: lowercase letters, digits, dashes
    name = "Financial Times"        # canonical name (as in the evaluation guidelines)
    type = "newspaper"              # agency | newspaper | broadcaster | magazine | site
    country = "GB"                  # ISO 3166 alpha-2, or "INT"
    aliases = ["FT", "ft.com"]      # other names matched as this outlet
    domains = ["ft.com"]            # web domains, for publisher detection
    ambiguous = []                  # names that are also ordinary words: exact case + tight cue only
    short = []                      # short forms valid only after a full mention ("Journal")
    programmes = []                 # names that are programmes: "told the show" refers back to them
    credit_names = []               # names valid only in a photo credit ("EPA": elsewhere the US agency)

A file may also hold a top-level ``not_outlets = [...]`` list: names that look like outlets but
are not news organisations (academic journals such as The Lancet, commercial sites such as
Rightmove). A name found by rule (not in the gazetteer) that is on it is never taken as an outlet.
"""
from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from .memo import memo
from .errors import GazetteerError
from .models import OUTLET_TYPES, Outlet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_FIELDS = {"id", "name", "type", "country", "aliases", "domains", "ambiguous", "short", "programmes", "credit_names"}
_LIST_FIELDS = ("aliases", "domains", "ambiguous", "short", "programmes", "credit_names")


def norm_name(name: str) -> str:
    """Normalise an outlet name for lookup: case, accents, punctuation and a leading "The" ignored."""
    return _norm_short(name) if len(name) <= 120 else _norm(name)  # names repeat (a publisher per article)


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = s.replace("&", " and ")
    words = "".join(ch if ch.isalnum() else " " for ch in s).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


_norm_short = lru_cache(maxsize=1 << 14)(_norm)


def spellings(name: str) -> tuple[str, ...]:
    """The ways a name is written in text: as listed, without its accents ("Clarín", "Clarin"), and
    with "&" and "and" swapped ("U.S. News & World Report", "U.S. News and World Report")."""
    out = [name]
    if " & " in name:
        out.append(name.replace(" & ", " and "))
    elif " and " in name:
        out.append(name.replace(" and ", " & "))
    out += [without_accents(n) for n in out]
    return tuple(dict.fromkeys(out))


def without_accents(name: str) -> str:
    """A name with its accents dropped ("Estadão" -> "Estadao", "Clarín" -> "Clarin")."""
    if name.isascii():
        return name
    decomposed = unicodedata.normalize("NFKD", name)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def slug(name: str) -> str:
    """A stable id for a name (used for outlets discovered by rule)."""
    return "-".join(norm_name(name).split()) or "outlet"


@dataclass(frozen=True, slots=True)
class Surface:
    """One matchable name of an outlet."""

    text: str
    outlet: Outlet
    ambiguous: bool
    short: bool
    programme: bool = False
    credit_only: bool = False  # a name valid only in a credit frame ("EPA")


class Gazetteer:
    """A validated set of outlets with lookups by name, alias and domain, and the names that are
    not outlets (``not_outlets``, normalised)."""

    def __init__(self, outlets: Iterable[Outlet], not_outlets: Iterable[str] = ()):
        self.not_outlets: frozenset[str] = frozenset(norm_name(n) for n in not_outlets)
        self.outlets: dict[str, Outlet] = {}
        for o in outlets:
            self.outlets[o.id] = o
        self._by_norm: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        self.surfaces: list[Surface] = []
        # later outlets win on a name clash, so a user file can take over a name
        for o in self.outlets.values():
            for n in o.names:
                self._by_norm[norm_name(n)] = o
            for d in o.domains:
                self._by_domain[d.lower().removeprefix("www.")] = o
        seen: set[tuple[str, str]] = set()
        for o in self.outlets.values():
            amb, progs = set(o.ambiguous), set(o.programmes)
            for n in o.names:
                if n == o.name and n in o.short and n not in amb:
                    continue  # a canonical name listed as a short form is one ("Five": after "Channel Five")
                for spelling in spellings(n):
                    key = (spelling, o.id)
                    if key not in seen:
                        seen.add(key)
                        self.surfaces.append(Surface(spelling, o, n in amb, False, n in progs))
            for s in o.short:
                if (s, o.id) not in seen:
                    seen.add((s, o.id))
                    self.surfaces.append(Surface(s, o, True, True))
            for s in o.credit_names:
                if (s, o.id) not in seen:
                    seen.add((s, o.id))
                    self.surfaces.append(Surface(s, o, True, False, credit_only=True))

    def __len__(self) -> int:
        return len(self.outlets)

    def __iter__(self):
        return iter(self.outlets.values())

    def get(self, outlet_id: str) -> Outlet | None:
        return self.outlets.get(outlet_id)

    def is_not_outlet(self, name: str) -> bool:
        """Whether a name is listed as no outlet (an academic journal, a commercial site)."""
        return norm_name(name) in self.not_outlets

    def lookup(self, name: str) -> Outlet | None:
        """The outlet a name or alias denotes (case, accents and a leading "The" ignored)."""
        return self._by_norm.get(norm_name(name))

    def by_domain(self, url_or_domain: str) -> Outlet | None:
        """The outlet owning a web domain or URL (sub-domains match their parent)."""
        host = re.sub(r"^[a-z]+://", "", url_or_domain.strip().lower()).split("/")[0].split(":")[0]
        host = host.removeprefix("www.")
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None

    def search(self, query: str = "") -> list[Outlet]:
        """Outlets whose id, name, alias, country or type contains ``query`` (all when empty)."""
        q = query.strip().lower()
        hits = [
            o for o in self.outlets.values()
            if not q or q in o.id or q == o.country.lower() or q == o.type
            or any(q in n.lower() for n in (*o.names, *o.domains))
        ]
        return sorted(hits, key=lambda o: o.name.lower())


def _parse_outlet(raw: object, where: str, lines: dict[str, int] | None = None) -> Outlet:
    """One validated outlet; errors name the outlet, the field and (when known) its line."""
    lines = lines or {}

    def at(key: str = "") -> str:
        line = lines.get(key) or lines.get("")
        label = f"{where} (id {raw.get('id')!r})" if isinstance(raw, dict) and "id" in raw else where
        return f"{label}, line {line}" if line else label

    if not isinstance(raw, dict):
        raise GazetteerError(f"{where}: each [[outlet]] must be a table")
    unknown = set(raw) - _FIELDS
    if unknown:
        first = min(unknown, key=lambda k: lines.get(k, 0))
        raise GazetteerError(f"{at(first)}: unknown field(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(_FIELDS))}")
    for key in ("id", "name"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise GazetteerError(f"{at(key)}: field {key!r} is required and must be a non-empty string")
    if not _ID.match(raw["id"]):
        raise GazetteerError(f"{at('id')}: field 'id' must be lowercase letters, digits and dashes")
    otype = raw.get("type", "unknown")
    if otype not in OUTLET_TYPES:
        raise GazetteerError(f"{at('type')}: field 'type' is {otype!r}; use one of {', '.join(OUTLET_TYPES)}")
    country = raw.get("country", "")
    if not isinstance(country, str):
        raise GazetteerError(f"{at('country')}: field 'country' must be a string")
    lists: dict[str, tuple[str, ...]] = {}
    for key in _LIST_FIELDS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise GazetteerError(f"{at(key)}: field {key!r} must be a list of non-empty strings")
        lists[key] = tuple(dict.fromkeys(v.strip() for v in value))
    names = {raw["name"], *lists["aliases"]}
    for key in ("ambiguous", "programmes"):
        stray = [a for a in lists[key] if a not in names]
        if stray:
            raise GazetteerError(f"{at(key)}: {key!r} lists {stray!r}, which are not the name or an alias")
    return Outlet(
        id=raw["id"], name=raw["name"].strip(), type=otype, country=country.strip(),
        aliases=tuple(a for a in lists["aliases"] if a != raw["name"]), domains=lists["domains"],
        ambiguous=lists["ambiguous"], short=lists["short"], programmes=lists["programmes"],
        credit_names=lists["credit_names"], known=True,
    )


def parse_outlets(text: str, source: str) -> list[Outlet]:
    """Parse and validate one outlet file's text. Raises :class:`GazetteerError` naming the problem."""
    return parse_outlet_file(text, source)[0]


def parse_outlet_file(text: str, source: str) -> tuple[list[Outlet], list[str]]:
    """The outlets and the ``not_outlets`` names of one outlet file's text."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"{source}: not valid TOML: {exc}") from None
    unknown = set(data) - {"outlet", "not_outlets"}
    if unknown:
        raise GazetteerError(f"{source}: unknown top-level key(s) {', '.join(sorted(unknown))}; expected [[outlet]] tables"
                             " and an optional not_outlets list")
    not_outlets = data.get("not_outlets", [])
    if not isinstance(not_outlets, list) or not all(isinstance(n, str) and n.strip() for n in not_outlets):
        raise GazetteerError(f"{source}: not_outlets must be a list of non-empty strings")
    raws = data.get("outlet", [])
    if not isinstance(raws, list):
        raise GazetteerError(f"{source}: 'outlet' must be an array of tables ([[outlet]])")
    outlets, ids = [], set()
    blocks = _outlet_lines(text)
    for n, raw in enumerate(raws, 1):
        lines = blocks[n - 1] if n <= len(blocks) else {}
        o = _parse_outlet(raw, f"{source}: outlet #{n}", lines)
        if o.id in ids:
            where = f", line {lines.get('id') or lines.get('')}" if lines else ""
            raise GazetteerError(f"{source}: outlet #{n}{where}: duplicate id {o.id!r}")
        ids.add(o.id)
        outlets.append(o)
    return outlets, list(not_outlets)


_TABLE = re.compile(r"^\s*\[\[\s*outlet\s*\]\]")
_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=")


def _outlet_lines(text: str) -> list[dict[str, int]]:
    """For each ``[[outlet]]`` table of a (valid) TOML text: key -> line number, ``""`` -> its header."""
    blocks: list[dict[str, int]] = []
    for i, line in enumerate(text.splitlines(), 1):
        if _TABLE.match(line):
            blocks.append({"": i})
        elif blocks and (m := _KEY.match(line)):
            blocks[-1].setdefault(m[1], i)
    return blocks


def load_outlet_file(path: Path) -> list[Outlet]:
    return _read_outlet_file(path)[0]


def _read_outlet_file(path: Path) -> tuple[list[Outlet], list[str]]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GazetteerError(f"{path}: cannot read outlet file: {exc}") from None
    return parse_outlet_file(text, str(path))


@lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[Outlet, ...], tuple[str, ...]]:
    folder = resources.files("citetrack") / "data" / "outlets"
    outlets: dict[str, Outlet] = {}
    not_outlets: list[str] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        found, nots = parse_outlet_file(entry.read_text(encoding="utf-8"), f"citetrack/data/outlets/{entry.name}")
        for o in found:
            if o.id in outlets:
                raise GazetteerError(f"citetrack/data/outlets/{entry.name}: id {o.id!r} is already used by another file")
            outlets[o.id] = o
        not_outlets += nots
    return tuple(outlets.values()), tuple(not_outlets)


def packaged_outlets() -> tuple[Outlet, ...]:
    """The outlets shipped with citetrack (all ``data/outlets/*.toml``), checked for clashing ids."""
    return _packaged()[0]


def load_gazetteer(extra_files: Iterable[Path | str] = ()) -> Gazetteer:
    """The packaged gazetteer with ``extra_files`` layered on top (later files win)."""
    extra = tuple(Path(p) for p in extra_files)
    return _load(extra)


def remember_gazetteer(extra_files: Iterable[Path | str], gazetteer: Gazetteer) -> None:
    """Make :func:`load_gazetteer` of ``extra_files`` return ``gazetteer`` (one the start cache loaded)."""
    _load.seed(gazetteer, tuple(Path(p) for p in extra_files))


def gazetteer_loaded(extra_files: Iterable[Path | str] = ()) -> bool:
    """Whether this process holds the gazetteer of ``extra_files`` already."""
    return _load.cached(tuple(Path(p) for p in extra_files))


@memo(maxsize=8)
def _load(extra: tuple[Path, ...]) -> Gazetteer:
    outlets, nots = _packaged()
    merged: dict[str, Outlet] = {o.id: o for o in outlets}
    not_outlets = list(nots)
    for path in extra:
        found, more = _read_outlet_file(path)
        for o in found:
            merged.pop(o.id, None)  # re-insert so the user's entry comes last and wins name clashes
            merged[o.id] = o
        not_outlets += more
    return Gazetteer(merged.values(), not_outlets)


def unknown_outlet(name: str, otype: str = "unknown", outlet_id: str | None = None, country: str = "") -> Outlet:
    """An outlet discovered by rule (not in the gazetteer); ``outlet_id`` unites variants of one
    name ("WKOW" and "WKOW-TV" are both ``wkow``); ``otype`` and ``country`` as the text describes it
    ("the Moldovan daily ...": newspaper, MD)."""
    return Outlet(id=outlet_id or slug(name), name=name, type=otype if otype in OUTLET_TYPES else "unknown",
                  country=country, known=False)


__all__ = [
    "Gazetteer", "Surface", "load_gazetteer", "load_outlet_file", "parse_outlets", "parse_outlet_file", "packaged_outlets",
    "norm_name", "slug", "unknown_outlet",
]
