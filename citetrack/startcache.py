"""The start cache: the compiled gazetteer, rules, matcher and rule filter, pickled once and loaded
by every later run, so a command reaches its first article in a fraction of a second.

Building them reads the TOML data files, expands the cue lexicon into tries, compiles some 500
regular expressions and the Aho-Corasick automata: 1.3-1.8 CPU-seconds, every run, in every fresh
process. Loading the pickle (about 10 MB) takes about 0.06 s (``benchmarks/startup.py``).

Where it lives: ``$CITETRACK_CACHE_DIR`` if set (``off`` turns the cache off: nothing is read or
written), else ``$XDG_CACHE_HOME/citetrack``, else ``~/.cache/citetrack``. One file per key,
``start-<key>.pickle``; the key is a hash of the package version, the Python version
(``sys.hexversion``, the regex engine's ``_sre.MAGIC`` and code size), the bytes of every packaged
data file and of the package's own source (the code that builds the objects: an edited module must
not load objects the old code built), and the paths and bytes of the user's ``--outlets`` and
``--rules`` files. The newest few files are kept, older ones removed.

Never an error: a missing, unreadable, corrupt or foreign cache file (one another user owns) is
ignored and the objects are built (then written again); a cache folder that cannot be written (read-only)
only means each run builds them. A user file that cannot be read gives no key: the build then
reports the error as it always did. The file is written to a temporary name and renamed over the
target, so a reader never sees half of one.

Regular expressions. ``pickle`` stores an ``re.Pattern`` as its source and compiles it again on
load, and compiling is most of the build (about 1.0 of the 1.3 s: the rules' templates expand into
long alternations). Three ways out were weighed:

- compiling lazily (on a rule's first use) only moves the cost: a real scan tries nearly every rule
  in its first articles, and each worker process would pay it again;
- fewer or smaller regexes means rewriting the rules and the lexicon's tries, with every output at
  risk, for a start-up gain that still would not reach 0.3 s;
- keeping the compiled form: while building, :class:`_Capture` stands in for ``_sre`` inside
  ``re._compiler`` and records the arguments of each ``_sre.compile(pattern, flags, code, groups,
  groupindex, indexgroup)`` call; the pickle stores those (the code as bytes), and loading calls
  ``_sre.compile`` with them, which skips parsing and code generation.

The third is what this module does. It leans on a private interface, so it is guarded three ways:
the key holds the exact Python version and ``_sre.MAGIC`` (a code format of another interpreter is
never loaded); before writing, each stored pattern is rebuilt from its record and compared with the
real one (``Pattern.__eq__`` compares source, flags and code), and any that differs, or that was not
seen being compiled, is stored as its source instead (so recompiled on load, as pickle does by
default); and if ``re._compiler`` or ``_sre.compile`` is not what is expected (Python 3.10, another
implementation), every pattern is stored as its source. A failure while loading is a cache miss.

Character sets: the file also holds the sets of :mod:`citetrack.unitables` computed while
building (Python's own ``\\w``/``\\s``/``\\d`` and IGNORECASE tables for the compiled core's
regexes, ~45 ms to compute), restored on load; and, where the compiled core is installed, what
its scanner and its wire matcher are made from (the automaton's keys with their spellings and
Python's character tables, kept with the matcher; the wire signals translated, ~70 ms), so that a
process builds both in a few milliseconds. And the values of the memos of :func:`citetrack.memo.derived`
(what the extractor builds from the rules besides them: its own patterns, the lexicon's
vocabulary, the reach of the cues, the wire signals; ~60 ms on a process's first article, in
every worker), seeded on load as the matcher is.

A pickle runs code when loaded: the cache folder is the user's own (a file owned by another user is
never loaded), as for any cache of compiled code.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import re
import sys
from array import array
from pathlib import Path
from typing import Any, Iterable

from . import extract, unitables, wire  # noqa: F401 - extract: its derived memos (see citetrack.memo.derived)
from ._version import __version__
from .memo import DERIVED
from .mentions.matcher import matcher_for
from .outlets import _load as gazetteer_memo, gazetteer_loaded, load_gazetteer, remember_gazetteer
from .prefilter import rule_filter
from .rules import _load as rules_memo, load_rules, remember_rules, rules_loaded

try:
    import _sre
    from re import _compiler as _re_compiler  # type: ignore[attr-defined]  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10 or another implementation: patterns stored as source
    _sre = _re_compiler = None

#: Environment variable naming the cache folder (``off``: no cache).
ENV = "CITETRACK_CACHE_DIR"
#: Cache files kept (one per set of user files and per version of the data): the newest ones.
KEEP = 8
_PACKAGE = Path(__file__).resolve().parent
#: The items of a cache file: its tag, the gazetteer, rules, matcher, rule filter, character sets,
#: the core's wire matcher's inputs and the derived memos' values.
_ITEMS = 8
_CODE_WORD = "I" if array("I").itemsize == getattr(_sre, "CODESIZE", 4) else "L"


def cache_dir() -> Path | None:
    """The folder of the start cache, or ``None`` when it is turned off (``CITETRACK_CACHE_DIR=off``)."""
    set_to = os.environ.get(ENV)
    if set_to:
        return None if set_to.strip().lower() == "off" else Path(set_to).expanduser()
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "citetrack"


def warm(outlets_files: Iterable[Path | str] = (), rules_files: Iterable[Path | str] = ()) -> str:
    """Give this process the gazetteer, rules, matcher and rule filter of these user files: from the
    cache when it has them, else built (and cached). A no-op when the process holds them already
    (a worker forked from a warmed-up parent). Returns which: ``"held"``, ``"loaded"`` or ``"built"``."""
    extra, rfiles = tuple(Path(p) for p in outlets_files), tuple(Path(p) for p in rules_files)
    if gazetteer_loaded(extra) and rules_loaded(rfiles):
        gaz, rules = load_gazetteer(extra), load_rules(rfiles)
        matcher_for(gaz, rules.lexicon)
        rule_filter(rules)
        return "held"
    folder = cache_dir()
    key = cache_key(extra, rfiles) if folder is not None else None
    target = folder / f"start-{key}.pickle" if folder is not None and key is not None else None
    loaded = _read(target) if target is not None else None
    if loaded is not None:
        gaz, rules, matcher, rfilter, sets, wire_args, derived = loaded
        unitables.restore(sets)
        _seed_derived(derived, rules)
        if wire_args is not None:
            wire.remember_core_args(wire_args)
        remember_gazetteer(extra, gaz)
        remember_rules(rfiles, rules)
        matcher_for.seed(matcher, gaz, rules.lexicon)
        rule_filter.seed(rfilter, rules)
        return "loaded"
    if target is not None:
        re.purge()  # every pattern through the compiler, where it is recorded (not from re's own cache)
    with _Capture() as compiled:
        gaz, rules = load_gazetteer(extra), load_rules(rfiles)
        built = (gaz, rules, matcher_for(gaz, rules.lexicon), rule_filter(rules))
        derived = _derived_values(rules) if target is not None else None
    if target is not None:
        built[2].automaton.core_args()  # the compiled core's inputs, kept with the matcher (when there is a core)
        _write(target, (*built, unitables.snapshot(), wire.core_args(), derived), compiled)
    return "built"


def _derived_args(of: str, rules) -> tuple:
    """The argument a derived memo of that kind (citetrack.memo.DERIVED_FROM) takes, from the rules."""
    return {"rules": (rules,), "lexicon": (rules.lexicon,), "descriptors": (rules.lexicon.descriptors,),
            "data": ()}[of]


def _derived_values(rules) -> list[tuple[str, Any]]:
    """Each :func:`~citetrack.memo.derived` memo's value for these rules, by its name."""
    return [(name, fn(*_derived_args(of, rules))) for name, (of, fn) in sorted(DERIVED.items())]


def _seed_derived(values: list[tuple[str, Any]], rules) -> None:
    """Give the derived memos the values the cache holds (a name no longer registered is left out)."""
    for name, value in values:
        if name in DERIVED:
            of, fn = DERIVED[name]
            fn.seed(value, *_derived_args(of, rules))


def forget() -> None:
    """Drop the gazetteers, rules, matchers and rule filters this process holds (tests and benchmarks
    use it to build or load them again)."""
    for memo in (gazetteer_memo, rules_memo, matcher_for, rule_filter, *(fn for _, fn in DERIVED.values())):
        memo.cache_clear()


def cache_key(outlets_files: tuple[Path, ...], rules_files: tuple[Path, ...]) -> str | None:
    """The hash naming the cache file (see the module docstring); ``None`` when a file cannot be read."""
    h = hashlib.sha256()
    h.update(repr((__version__, sys.hexversion, sys.implementation.cache_tag, getattr(_sre, "MAGIC", None),
                   getattr(_sre, "CODESIZE", None))).encode())
    try:
        for path in sorted(p for p in _PACKAGE.rglob("*") if p.suffix in (".py", ".toml")):
            _add(h, path.relative_to(_PACKAGE).as_posix(), path)
        for label, files in (("outlets", outlets_files), ("rules", rules_files)):
            for path in files:
                _add(h, f"{label}:{os.path.abspath(path)}", path)
    except (OSError, ValueError):
        return None
    return h.hexdigest()[:32]


def _add(h: Any, name: str, path: Path) -> None:
    data = path.read_bytes()
    h.update(f"{name}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
    h.update(data)


def _read(target: Path) -> tuple | None:
    """The objects in ``target``, or ``None`` (missing, another user's, unreadable, corrupt)."""
    try:
        with open(target, "rb") as f:
            if hasattr(os, "getuid") and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            loaded = pickle.load(f)
    except Exception:  # noqa: BLE001 - a bad cache file is a miss, whatever is wrong with it
        return None
    if not (isinstance(loaded, tuple) and len(loaded) == _ITEMS and loaded[0] == "citetrack-start"):
        return None
    return loaded[1:]


def _write(target: Path, built: tuple, compiled: dict[int, tuple]) -> None:
    """Pickle ``built`` to ``target`` atomically; any failure (a read-only folder) is ignored."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        buf = io.BytesIO()
        _Pickler(buf, compiled).dump(("citetrack-start", *built))
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            f.write(buf.getbuffer())
        os.replace(tmp, target)
        _prune(target.parent)
    except Exception:  # noqa: BLE001 - the cache is an optimisation: never a reason to fail
        try:
            tmp.unlink()
        except OSError:
            pass


def _prune(folder: Path) -> None:
    """Keep the :data:`KEEP` newest cache files."""
    files = []
    for p in folder.glob("start-*.pickle"):
        try:
            files.append((p.stat().st_mtime, p))
        except OSError:
            pass
    for _, p in sorted(files, reverse=True)[KEEP:]:
        try:
            p.unlink()
        except OSError:
            pass


class _Capture:
    """While active, records the ``_sre.compile`` arguments of every regex compiled (by ``id`` of
    the pattern made), by standing in for ``_sre`` in ``re._compiler``; a no-op without it."""

    def __init__(self) -> None:
        self.compiled: dict[int, tuple] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)

    def compile(self, *args: Any) -> re.Pattern:
        pattern = _sre.compile(*args)
        self.compiled[id(pattern)] = args
        return pattern

    def __enter__(self) -> dict[int, tuple]:
        if _re_compiler is not None and getattr(_re_compiler, "_sre", None) is _sre:
            _re_compiler._sre = self
        return self.compiled

    def __exit__(self, *exc: object) -> None:
        if _re_compiler is not None and _re_compiler._sre is self:
            _re_compiler._sre = _sre


class _Pickler(pickle.Pickler):
    """Pickles a pattern whose compilation was recorded as that record (checked first), so loading
    it skips the compiler; any other pattern as pickle does (its source, compiled on load)."""

    def __init__(self, f: io.BytesIO, compiled: dict[int, tuple]):
        super().__init__(f, protocol=pickle.HIGHEST_PROTOCOL)
        self.compiled = compiled

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls in _FROZEN or (cls not in _OTHER and _frozen_slots(cls)):
            return _frozen, (cls, tuple(getattr(obj, name) for name in _FROZEN[cls]))
        if cls is not re.Pattern:
            return NotImplemented
        args = self.compiled.get(id(obj))
        if args is None:
            return NotImplemented
        pattern, flags, code, groups, groupindex, indexgroup = args
        stored = (pattern, flags, array(_CODE_WORD, code).tobytes(), groups, dict(groupindex), tuple(indexgroup))
        try:
            same = _restore(*stored) == obj
        except Exception:  # noqa: BLE001 - any doubt: store the source
            same = False
        return (_restore, stored) if same else NotImplemented


#: frozen dataclasses with slots and their slot names; other classes seen (see :func:`_frozen_slots`)
_FROZEN: dict[type, tuple[str, ...]] = {}
_OTHER: set[type] = set()


def _frozen_slots(cls: type) -> bool:
    """Whether ``cls`` is a frozen dataclass with ``__slots__`` (thousands of ``Outlet`` and
    ``Surface`` records): pickle restores those through the dataclass's ``__setstate__``, which
    looks up the fields for every object, a third of the load; :func:`_frozen` sets the slots directly."""
    params = getattr(cls, "__dataclass_params__", None)
    slots = cls.__dict__.get("__slots__")
    if params is None or not params.frozen or slots is None or "__dict__" in slots or cls.__bases__ != (object,):
        _OTHER.add(cls)
        return False
    _FROZEN[cls] = tuple(slots)
    return True


def _frozen(cls: type, values: tuple) -> Any:
    """A frozen slots dataclass object from its slots' values, in ``__slots__`` order."""
    obj = object.__new__(cls)
    for name, value in zip(cls.__slots__, values):
        object.__setattr__(obj, name, value)
    return obj


def _restore(pattern: str | bytes, flags: int, code: bytes, groups: int, groupindex: dict, indexgroup: tuple) -> re.Pattern:
    """A compiled pattern from its recorded compilation (see the module docstring)."""
    words = array(_CODE_WORD)
    words.frombytes(code)
    return _sre.compile(pattern, flags, words.tolist(), groups, groupindex, indexgroup)
