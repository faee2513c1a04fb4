"""Wire copy: which news agency wrote an article, from its dateline, byline, credit line or sign-off.

A newspaper or site that runs an agency's story ("WASHINGTON (AP) —", "By JANE DOE, Associated
Press", "This story was provided by Reuters", "(Reporting by …; Editing by …)", "-- AFP") carries
the agency's text: the citations in it ("traders told Reuters") are the agency's, not the
carrier's. :func:`find_wire` names the agency; :func:`citetrack.analyse.analyse` sets the article's
``wire`` and marks its citations ``wire_copy`` when the wire is not its publisher.

The signals are package data (``citetrack/data/wire.toml``): regexes looked for only at the top
and the bottom of the text (``top_chars``, ``bottom_chars``), so the cost per article is bounded
and a mention in the body ("Reuters reported") never makes an article wire copy. An agency is an
outlet the gazetteer types ``agency``. A signal's regex is tried on a window only when the window
holds one of the literal strings every match of it needs (:func:`citetrack.literals.required`:
"contributed", "reuter", one of "--", "—", "–" ...), so most signals cost a substring test, not a
regex search; an exact shortcut, since a skipped search could not have matched.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from .errors import CitetrackError
from .literals import anchored_at_end, anchored_at_line_start, required
from .memo import derived
from .models import Outlet
from .outlets import Gazetteer

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

#: The gazetteer type of a wire (news agency).
AGENCY = "agency"
#: Where a signal is looked for.
WHERE = ("top", "bottom", "both")
#: Matches of one signal looked at per article (each a gazetteer lookup or a few).
MAX_MATCHES = 4
#: Words of a matched name tried, longest first ("AP Economics Writer" -> "AP Economics" -> "AP").
MAX_NAME_WORDS = 5
#: Characters before the last needed string where a sign-off's match is looked for first.
_NEAR = 64


@dataclass(frozen=True, slots=True)
class Signal:
    """One kind of wire signal from ``wire.toml``: a regex, where it is looked for, and the agency
    (``agency``, an outlet id) or the regex's ``name`` group naming it."""

    id: str
    where: str
    pattern: re.Pattern
    agency: str | None = None
    example: str = ""
    expect: str = ""
    counter: tuple[str, ...] = ()
    #: lower-case strings one of which every match contains (None: not known; the regex is always tried)
    needs: frozenset[str] | None = None
    #: every match ends at the end of the window (the regex ends in ``\Z``: a sign-off)
    at_end: bool = False
    #: every match starts at a line start (the regex starts with ``(?m)^``: a dateline, a byline)
    at_line_start: bool = False

    def may_match(self, lowered: str) -> bool:
        """False when ``lowered`` (a window, lower-cased) lacks every string the regex needs."""
        return self.needs is None or any(map(lowered.__contains__, self.needs))

    def any_match(self, window: str, lowered: str) -> re.Match | None:
        """A match in ``window``, found from the last needed string when the signal names a fixed
        agency and ends at the window's end (a sign-off): any match then tells the same, and one
        that starts near the end is found without trying the window's every position first. Only
        when none starts there is the whole window searched, so none is missed."""
        if self.agency and self.at_end and self.needs:
            last = max(map(lowered.rfind, self.needs))
            if last > _NEAR:
                m = self.pattern.search(window, last - _NEAR)
                if m is not None:
                    return m
        return next(self.finditer(window), None)

    def finditer(self, window: str) -> Iterator[re.Match]:
        """``pattern.finditer(window)``; for a regex whose matches start at line starts, tried at
        the line starts only (a dozen ``match`` calls, not a search through every position)."""
        if not self.at_line_start:
            yield from self.pattern.finditer(window)
            return
        match, pos, n = self.pattern.match, 0, len(window)
        while pos <= n:
            m = match(window, pos)
            if m is not None:
                yield m
                pos = m.end() if m.end() > pos else pos + 1
                if pos <= n and (pos == 0 or window[pos - 1] == "\n"):
                    continue  # the match ended at a line start: the next one may start there
            nl = window.find("\n", pos)
            if nl < 0:
                return
            pos = nl + 1


@dataclass(frozen=True, slots=True)
class Signals:
    """The packaged signals and the two windows they are looked for in."""

    top_chars: int
    bottom_chars: int
    signals: tuple[Signal, ...]
    #: the dateline signal's place in ``signals`` (the dateline names a publisher: publisher.py)
    dateline: int = 0

    def get(self, signal_id: str) -> Signal:
        return next(s for s in self.signals if s.id == signal_id)


@dataclass(frozen=True, slots=True)
class Wire:
    """The agency an article is wire copy of, the signal that told (its id) and the text it matched."""

    outlet: Outlet
    signal: str
    evidence: str


@derived("data")
def load_signals() -> Signals:
    """The signals of ``citetrack/data/wire.toml``, compiled (once per process)."""
    text = (resources.files("citetrack") / "data" / "wire.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        signals = tuple(_signal(s) for s in data.get("signal", ()))
    except (tomllib.TOMLDecodeError, KeyError, re.error) as exc:  # pragma: no cover - packaged data
        raise CitetrackError(f"citetrack/data/wire.toml: {exc}") from None
    bad = [s.id for s in signals if s.where not in WHERE or (s.agency is None and "name" not in s.pattern.groupindex)]
    if bad:  # pragma: no cover - packaged data
        raise CitetrackError(f"citetrack/data/wire.toml: signal {bad[0]!r} needs where in {WHERE} and a name group or an agency")
    dateline = next(i for i, s in enumerate(signals) if s.id == "dateline")  # packaged: always there
    return Signals(int(data["top_chars"]), int(data["bottom_chars"]), signals, dateline)


def _signal(entry: dict) -> Signal:
    """One ``[[signal]]`` of ``wire.toml``, with what its regex's parse tree tells of its matches."""
    pattern = re.compile(entry["pattern"])
    return Signal(id=entry["id"], where=entry.get("where", "both"), pattern=pattern, agency=entry.get("agency"),
                  example=entry.get("example", ""), expect=entry.get("expect", ""), counter=tuple(entry.get("counter", ())),
                  needs=required(pattern), at_end=anchored_at_end(pattern), at_line_start=anchored_at_line_start(pattern))


def named_outlet(name: str, gaz: Gazetteer) -> Outlet | None:
    """The outlet a matched name denotes: the name, else its first words, longest first
    ("AP Economics Writer" -> AP; "Guardian staff" -> Guardian)."""
    words = name.split()[:MAX_NAME_WORDS]
    for n in range(len(words), 0, -1):
        found = gaz.lookup(" ".join(words[:n]))
        if found is not None:
            return found
    return None


def _agency(signal: Signal, match: re.Match, gaz: Gazetteer) -> Outlet | None:
    return _agency_named(signal, None if signal.agency else match["name"], gaz)


def _agency_named(signal: Signal, name: str | None, gaz: Gazetteer) -> Outlet | None:
    outlet = gaz.get(signal.agency) if signal.agency else named_outlet(name, gaz)
    return outlet if outlet is not None and outlet.type == AGENCY else None


@functools.cache
def _core_wire():
    """The compiled core's matcher of the signals (see :mod:`citetrack.core`), or None: no core,
    or a signal the translator cannot make exact (then every text is looked at here)."""
    from .core import make
    args = core_args()
    return None if args is None else make("Wire", *args)


#: Characters beyond ASCII that news windows often hold (curly quotes, dashes, the no-break space,
#: currency signs): the compiled core matches the signals itself in windows of ASCII and these
#: (those of them regexport.plain_extras accepts), and leaves any other window to Python.
CORE_EXTRAS = "\u00a0\u2018\u2019\u201c\u201d\u2013\u2014\u2015\u2026\u00a3\u20ac\u00a9\u00b1\u2022"

_CORE_ARGS: list = []  # the memo of core_args (set from the start cache too: see remember_core_args)


def core_args() -> tuple | None:
    """What the core's ``Wire`` is made from, as plain data (the signals translated by
    :mod:`citetrack.regexport`, ~70 ms: kept in the start cache); None without a core, or when a
    signal cannot be translated exactly."""
    if _CORE_ARGS:
        return _CORE_ARGS[0]
    from .core import core
    mod = core()
    if mod is None:
        return None
    from .automaton import lower_cases
    from .regexport import TranslateError, can_match_empty, plain_extras, translate_for_ascii
    sig = load_signals()
    rows = []
    extras = plain_extras(CORE_EXTRAS)
    try:
        for s in sig.signals:
            if can_match_empty(s.pattern):
                raise TranslateError(f"signal {s.id} can match the empty string")
            name = s.pattern.groupindex.get("name") if not s.agency else None
            rows.append((translate_for_ascii(s.pattern, also=extras), WHERE.index(s.where),
                         sorted(s.needs) if s.needs is not None else None, s.at_end, bool(s.agency), name))
        args = (rows, sig.top_chars, sig.bottom_chars, _NEAR, lower_cases(mod.TABLE), extras)
    except TranslateError:
        args = None
    _CORE_ARGS[:] = [args]
    return args


def remember_core_args(args: tuple | None) -> None:
    """Take :func:`core_args` from the start cache."""
    _CORE_ARGS[:] = [args]
    _core_wire.cache_clear()


def find_wire(text: str, gaz: Gazetteer) -> Wire | None:
    """The agency whose story ``text`` is, by the first signal (in ``wire.toml``'s order) that names
    one at the top or the bottom of the text; ``None`` when there is none."""
    return wire_and_dateline(text, gaz)[0]


def wire_and_dateline(text: str, gaz: Gazetteer) -> tuple[Wire | None, str | None]:
    """:func:`find_wire` and :func:`dateline_name` at once: the compiled core's first matches of
    every signal tell both (the dateline's first match is among them)."""
    core = _core_wire()
    found = core.candidates(text) if core is not None else None
    if found is None:
        seen: dict[str, str | None] = {}  # the dateline's first match, as the loop meets it
        wire = _find_wire(text, gaz, seen=seen)
        return wire, seen["dateline"] if "dateline" in seen else dateline_name(text)
    dateline = load_signals().dateline
    name = next((text[na:nb] for (i, _, _, _, na, nb), _ in found if i == dateline), None)  # the top window
    return _find_wire(text, gaz, found), name


def _find_wire(text: str, gaz: Gazetteer, found: list | None = None, seen: dict | None = None) -> Wire | None:
    """find_wire; ``found``: the compiled core's first matches of the signals, if it gave them;
    ``seen``: gets the name in the dateline's first match (None: none) once the loop has looked."""
    sig = load_signals()
    if found is not None:  # the compiled core's first matches, in the order the loop below meets them
        bottom_at = max(0, len(text) - sig.bottom_chars)  # where the bottom window starts
        for (i, where, a, b, na, nb), more in found:
            signal, base = sig.signals[i], bottom_at if where else 0
            outlet = _agency_named(signal, None if na < 0 else text[base + na:base + nb], gaz)
            if outlet is not None:
                return Wire(outlet, signal.id, " ".join(text[base + a:base + b].split()))
            if more:
                break  # a later match of this signal could name one: the loop below looks
        else:
            return None
    top = text[:sig.top_chars]
    bottom = text[-sig.bottom_chars:] if len(text) > sig.bottom_chars else text
    short = len(top) == len(bottom) == len(text)  # a short text is both at once: looked at once
    low_top = top.lower()
    lowered = {"top": low_top, "bottom": low_top if short else bottom.lower()}
    for k, signal in enumerate(sig.signals):
        windows = (("top",) if signal.where == "top" else ("bottom",) if signal.where == "bottom"
                   else ("top",) if short else ("top", "bottom"))
        for where in windows:
            dateline = seen is not None and k == sig.dateline and where == "top"
            if dateline:
                seen["dateline"] = None
            if not signal.may_match(lowered[where]):
                continue
            window = top if where == "top" else bottom
            if signal.agency:  # a fixed agency: one match tells all there is to tell
                m = signal.any_match(window, lowered[where])
                outlet = _agency(signal, m, gaz) if m is not None else None
                if outlet is not None:
                    return Wire(outlet, signal.id, " ".join(m.group().split()))
                continue
            for i, m in enumerate(signal.finditer(window)):
                if i >= MAX_MATCHES:
                    break
                if dateline and i == 0:
                    seen["dateline"] = m["name"]
                outlet = _agency(signal, m, gaz)
                if outlet is not None:
                    return Wire(outlet, signal.id, " ".join(m.group().split()))
    return None


def dateline_name(text: str) -> str | None:
    """The name in the first dateline near the top of ``text`` (``LONDON (Reuters) -`` -> Reuters),
    an agency or not."""
    sig = load_signals()
    signal, top = sig.signals[sig.dateline], text[:sig.top_chars]
    m = next(signal.finditer(top), None) if signal.may_match(top.lower()) else None
    return m["name"] if m else None
