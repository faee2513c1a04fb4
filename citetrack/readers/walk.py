"""Turning the paths a user gives into files to read, in a deterministic order.

Folders are walked recursively, entries sorted by name, hidden names (starting with ".") skipped
unless asked for; a file named explicitly is always read. Each file is shown as the user would
type it: the argument joined with the path below it, with forward slashes.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..markers import OUTPUT_MARKER, left_out, marked_files, marker_of
from ..models import Article, FieldMap, Skipped
from .html import Page
from .records import DEFAULT_FIELDS
from .limits import DEFAULT_MAX_FILE_SIZE
from .registry import read_items, reader_for
from .urls import UrlPath, is_url, walk_url

PathLike = str | os.PathLike


def display_path(path: PathLike) -> str:
    """A path as the user typed it, with forward slashes and no trailing slash.

    Bytes of a file name that are not valid UTF-8 are shown as ``\\xNN`` so that every output
    (JSON, CSV, XML, the terminal) can hold the name.
    """
    shown = os.fspath(path)
    if os.sep != "/":  # Windows: show forward slashes; elsewhere a backslash is part of a name
        shown = shown.replace(os.sep, "/")
    shown = printable(shown)
    stripped = shown.rstrip("/")
    return stripped if stripped else shown[:1]


def printable(name: str) -> str:
    """``name`` with undecodable bytes (surrogate escapes from the file system) written as ``\\xNN``."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


def join_display(base: str, name: str) -> str:
    """``base/name``, without a leading ``./`` when ``base`` is the current folder."""
    name = printable(name)
    if base in ("", "."):
        return name
    return base + name if base.endswith("/") else f"{base}/{name}"


def iter_articles(
    paths: Iterable[PathLike] | PathLike,
    on_skip: Callable[[Skipped], object] | None = None,
    *,
    hidden: bool = False,
    fields: FieldMap = DEFAULT_FIELDS,
    defer_pages: bool = False,
    max_bytes: int = DEFAULT_MAX_FILE_SIZE,
    on_note: Callable[[str], object] | None = None,
) -> Iterator[Article]:
    """Articles of every file under ``paths``; unreadable files go to ``on_skip`` and never raise.

    Every path is checked before anything is read: a missing one raises
    :class:`~citetrack.errors.InputError` (a broken link is there, so it is skipped instead).
    ``hidden=True`` also walks hidden files and folders.
    ``fields`` names the record fields / CSV columns to read (see :class:`~citetrack.models.FieldMap`).
    ``defer_pages=True`` yields web pages as :class:`~citetrack.readers.html.Page` (call
    ``.extract()``, e.g. in a worker process) instead of extracting their text here.
    A file reached twice (named twice, or through a link) is read once. ``max_bytes`` limits what is
    read into memory (0 = no limit): larger text and JSON files, and longer JSON Lines records, are
    skipped with the reason. ``on_note`` hears of what was left out of citetrack's own folders
    (outputs, ``--dump-text`` folders: :mod:`citetrack.markers`).
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    targets = _targets(paths)
    return _articles(targets, on_skip or (lambda skipped: None), hidden, fields, defer_pages, max_bytes,
                     on_note or (lambda note: None))


def _articles(
    targets: list[tuple[Path, str]], on_skip: Callable[[Skipped], object], hidden: bool, fields: FieldMap,
    defer_pages: bool, max_bytes: int, on_note: Callable[[str], object],
) -> Iterator[Article]:
    for file, display in _files(targets, on_skip, hidden, on_note):
        for item in read_items(file, display, fields, max_bytes):
            if isinstance(item, Page) and not defer_pages:
                item = item.extract()
            if isinstance(item, Skipped):
                on_skip(item)
            else:
                yield item


def iter_files(
    paths: Iterable[PathLike], on_skip: Callable[[Skipped], object] | None = None, *, hidden: bool = False,
    on_note: Callable[[str], object] | None = None,
) -> Iterator[tuple[Path, str]]:
    """The files :func:`iter_articles` reads, in the same order, as (path, display path).
    ``on_note`` hears of what citetrack's own folders had left out (:mod:`citetrack.markers`)."""
    return _files(_targets(paths), on_skip or (lambda skipped: None), hidden, on_note or (lambda note: None))


def _targets(paths: Iterable[PathLike]) -> list[tuple[Path | UrlPath, str]]:
    """Each path (a URL as a :class:`UrlPath`) with its display form; raises if one is missing."""
    targets = [(UrlPath(p) if is_url(p) else Path(p), display_path(p)) for p in paths]
    for path, shown in targets:
        if not (path.exists() if isinstance(path, UrlPath) else os.path.lexists(path)):
            raise InputError(f"path not found: {shown}")
    return targets


def _files(
    targets: list[tuple[Path, str]], on_skip: Callable[[Skipped], object], hidden: bool,
    on_note: Callable[[str], object],
) -> Iterator[tuple[Path, str]]:
    # A file is read once, however often it is reached. Within one folder only a link can reach a
    # file twice: a link to somewhere inside the folder is left out (the file is read under its
    # own name), and the files reached through other links are remembered. Only when several
    # paths are given (they may overlap) is every file remembered: memory stays flat otherwise.
    seen: set = set()
    every = len(targets) > 1
    for path, shown in targets:
        if isinstance(path, UrlPath) and path.is_dir():  # no links to tell from a URL: remember each file
            found = walk_url(path, shown, hidden, _DOC_FILE.match)
            entries = (e if isinstance(e, Skipped) else (*e, True) for e in found)
        elif path.is_dir():
            entries = _walk(path, shown, hidden, on_note)
        elif path.is_file():
            entries = iter([(path, shown, True)])
        else:  # a named pipe would block the scan forever; a broken link cannot be read
            entries = iter([Skipped(shown, not_regular(path))])
        for entry in entries:
            if isinstance(entry, Skipped):
                on_skip(entry)
                continue
            file, display, linked = entry
            if seen or every or linked:
                key = file.url if isinstance(file, UrlPath) else _identity(file)
                if key in seen:
                    continue
                if every or linked:
                    seen.add(key)
            yield file, display


def _identity(file: Path) -> tuple[int, int] | str:
    """What makes two paths the same file: its (device, inode), one system call (a link, a second
    route to a folder, a hard link); its resolved path when it cannot be looked at."""
    try:
        st = os.stat(file)
    except OSError:
        return os.path.realpath(file)
    return st.st_dev, st.st_ino


# A folder's own documentation is not news: README.md, LICENSE, CHANGELOG.txt ... are left out when
# walking a folder (a file named explicitly is still read).
_DOC_FILE = re.compile(r"(?i)^(?:readme|license|licence|changelog|changes|contributing|copying|notice)(?:\.[a-z]+)?$")


def _walk(folder: Path, shown: str, hidden: bool,
          on_note: Callable[[str], object]) -> Iterator[tuple[Path, str, bool] | Skipped]:
    """Files below ``folder`` in name order, depth first, as (path, display, reached through a link).

    What citetrack wrote (a folder with a marker, :mod:`citetrack.markers`) is left out, with a note.

    Links are followed, loops are not, and a link to somewhere inside ``folder`` itself is left
    out (what it points to is walked under its own name). Iterative (a stack of open folders), so
    no nesting depth can exhaust Python's recursion limit; a folder whose (device, inode) is
    already on the stack is a link back to an ancestor: skipped.
    """
    stack: list[tuple[Iterator[os.DirEntry], str, tuple[int, int], bool]] = []
    on_stack: set[tuple[int, int]] = set()
    root = os.path.realpath(folder)

    def walked_anyway(link: str) -> bool:
        """Whether a link points inside the folder, at something the walk reaches by its own name."""
        try:
            rel = os.path.relpath(os.path.realpath(link), root)
        except ValueError:  # Windows: on another drive
            return False
        parts = rel.split(os.sep)
        return rel != "." and parts[0] != ".." and (hidden or not any(p.startswith(".") for p in parts))

    def enter(path: Path, display: str, st: os.stat_result, linked: bool) -> Skipped | None:
        ident = (st.st_dev, st.st_ino)
        if ident in on_stack:
            return None
        try:
            with os.scandir(path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            denied = isinstance(exc, PermissionError)
            return Skipped(display, "permission denied" if denied else f"cannot list: {exc.strerror}")
        marker = marker_of({e.name for e in entries})
        if marker == OUTPUT_MARKER:
            written = marked_files(path, marker)
            outputs = [e.name for e in entries if e.name in written]
            if outputs:
                on_note(left_out(display, marker, outputs))
                entries = [e for e in entries if e.name not in written]
        elif marker is not None:
            on_note(left_out(display, marker))
            return None
        stack.append((iter(entries), display, ident, linked))
        on_stack.add(ident)
        return None

    try:
        skipped = enter(folder, shown, os.stat(folder), False)
    except OSError as exc:
        skipped = Skipped(shown, f"cannot list: {exc.strerror}")
    if skipped:
        yield skipped
    while stack:
        entries, base, ident, under_link = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            on_stack.discard(ident)
            continue
        if entry.name.startswith(".") and not hidden:
            continue
        path, display = Path(entry.path), join_display(base, entry.name)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
            st = entry.stat() if is_dir else None
            linked = entry.is_symlink()
        except OSError:
            is_dir = is_file = linked = False
        if linked and (is_dir or is_file) and walked_anyway(entry.path):
            continue  # read under its own name
        if is_dir and st is not None:
            skipped = enter(path, display, st, under_link or linked)
            if skipped:
                yield skipped
        elif is_file and _DOC_FILE.match(entry.name):
            yield Skipped(display, "documentation file, not an article (name it on the command line to read it)")
        elif is_file:
            yield path, display, under_link or linked
        else:
            yield Skipped(display, not_regular(path))


def not_regular(path: Path) -> str:
    """Why ``path``, which is neither a folder nor a regular file, is skipped."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "broken link (its target does not exist)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "link loop (the link leads back to itself)"
        return "permission denied" if isinstance(exc, PermissionError) else f"cannot read: {exc.strerror or exc}"
    if stat.S_ISFIFO(mode):
        return "named pipe, not a regular file"
    if stat.S_ISSOCK(mode):
        return "socket, not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device, not a regular file"
    return "not a regular file"


def read_file(
    path: PathLike, on_skip: Callable[[Skipped], object] | None = None, *, fields: FieldMap = DEFAULT_FIELDS,
    max_bytes: int = DEFAULT_MAX_FILE_SIZE
) -> Iterator[Article]:
    """Articles of one file.

    Raises :class:`~citetrack.errors.InputError` at once when the file is missing, a folder or of
    an unsupported type. Files and records that cannot be read go to ``on_skip``; without one,
    they raise :class:`~citetrack.errors.InputError` when reached.
    """
    p, shown = Path(path), display_path(path)
    if not p.exists():
        raise InputError(f"path not found: {shown}")
    if p.is_dir():
        raise InputError(f"not a file: {shown} (use iter_articles for folders)")
    if reader_for(p.name) is None:
        raise InputError(f"unsupported file type {p.suffix.lower() or '(no extension)'}: {shown}")
    return _file_articles(p, shown, on_skip, fields, max_bytes)


def _file_articles(
    path: Path, shown: str, on_skip: Callable[[Skipped], object] | None, fields: FieldMap, max_bytes: int
) -> Iterator[Article]:
    for item in read_items(path, shown, fields, max_bytes):
        if isinstance(item, Page):
            item = item.extract()
        if not isinstance(item, Skipped):
            yield item
        elif on_skip is not None:
            on_skip(item)
        else:
            raise InputError(f"cannot read {item.path}: {item.reason}")
