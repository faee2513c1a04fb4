"""Incremental re-scan: per-file results kept in an embedded SQLite database.

Each row holds one file's articles, citations and skipped records, keyed by the file's real path
and the path shown for it, and checked against its size, modification time and SHA-256 content
hash. A file whose size and mtime are unchanged is not read again; one that was only touched (new
mtime, same hash) is not extracted again. Rows are valid only for the same extraction settings:
the options that change results, the citetrack version and the content of the packaged and user
rule and outlet files are hashed into ``settings``; anything else starts a fresh table.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from ._version import __version__
from .errors import OutputError
from .markers import CACHE_NAME  # noqa: F401 - its name is also known here (tests, library users)
from .models import ArticleInfo, Citation, ScanOptions, Skipped



@dataclass(frozen=True)
class FileState:
    size: int
    mtime_ns: int


def file_state(path: Path) -> FileState:
    st = path.stat()
    return FileState(st.st_size, st.st_mtime_ns)


def content_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def settings_key(options: ScanOptions) -> str:
    """A hash of everything besides the file that decides its results."""
    h = hashlib.sha256(__version__.encode())
    h.update(json.dumps([options.unknown_outlets, sorted(options.kinds), asdict(options.fields), options.publisher,
                         options.self_citations, options.max_file_size, options.publisher_from,
                         options.wire_copy]).encode())
    data = resources.files("citetrack") / "data"
    files = sorted(p for p in _walk(data) if p.name.endswith(".toml"))
    for p in files:
        h.update(p.name.encode() + b"\0" + p.read_bytes())
    for p in (*options.outlets_files, *options.rules_files):
        h.update(str(p).encode() + b"\0" + Path(p).read_bytes())
    return h.hexdigest()


def _walk(folder):
    for p in folder.iterdir():
        if p.is_dir():
            yield from _walk(p)
        else:
            yield p


FileResult = tuple[list[tuple[ArticleInfo, list[Citation]]], list[Skipped]]


def encode(result: FileResult) -> str:
    pairs, skipped = result
    return json.dumps({
        "articles": [[info.to_dict(), [c.to_dict() for c in cits]] for info, cits in pairs],
        "skipped": [s.to_dict() for s in skipped],
    }, ensure_ascii=False)


def decode(blob: str) -> FileResult:
    d = json.loads(blob)
    pairs = [(ArticleInfo(**info), [Citation(**c) for c in cits]) for info, cits in d["articles"]]
    return pairs, [Skipped(**s) for s in d["skipped"]]


#: The layout of the tables and of a stored result; a cache of another schema is dropped and rebuilt.
SCHEMA = "3"


class Cache:
    """The cache database of one output folder.

    A cache that cannot be used (not a database, damaged, of another schema) never stops a scan:
    a damaged file is moved aside (``.citetrack-cache.sqlite.corrupt-<time>``) and a fresh one is
    built, with a one-line note; a row that cannot be decoded is a cache miss.
    """

    def __init__(self, path: Path | str, options: ScanOptions, on_note: Callable[[str], object] | None = None):
        self.path = Path(path)
        self.on_note = on_note or (lambda note: None)
        self.settings = settings_key(options)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"cannot use cache {self.path}: {exc.strerror or exc}") from None
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise OutputError(f"cannot use cache {self.path}: {exc}") from None
            self.db = self._rebuild(exc)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot use cache {self.path}: {exc}") from None
        self.hits = self.misses = 0

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        try:
            _prepare(db, self.settings)
        except BaseException:
            db.close()
            raise
        return db

    def _rebuild(self, exc: sqlite3.Error) -> sqlite3.Connection:
        """Move the damaged database aside and start a fresh one (say so in one line)."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}")
        n = 1
        while aside.exists():
            n += 1
            aside = aside.with_name(f"{self.path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{n}")
        try:
            os.replace(self.path, aside)
            for extra in ("-journal", "-wal", "-shm"):  # a damaged database's journal must not replay
                side = self.path.with_name(self.path.name + extra)
                if side.exists():
                    os.replace(side, aside.with_name(aside.name + extra))
            db = self._open()
        except (OSError, sqlite3.Error) as again:
            raise OutputError(f"cannot use cache {self.path}: {exc}; and cannot rebuild it: {again}") from None
        self.on_note(f"cache {self.path} could not be used ({exc}): moved aside as {aside.name}, rebuilt from this scan")
        return db

    def _recover(self, exc: sqlite3.Error) -> None:
        """The database failed while in use: continue with a fresh one (lookups then miss)."""
        try:
            self.db.close()
        except sqlite3.Error:
            pass
        self.db = self._rebuild(exc)

    def lookup(self, file: Path, shown: str) -> tuple[FileResult | None, FileState | None, str | None]:
        """The stored result if the file is unchanged, else (None, its state, its hash if computed)."""
        if hasattr(file, "url"):  # a URL (fsspec): no dependable mtime, so never cached
            return None, None, None
        try:
            state = file_state(file)
        except OSError:
            return None, None, None
        try:
            row = self.db.execute("SELECT size, mtime_ns, sha256, result FROM files WHERE path = ? AND shown = ?",
                                  (os.path.realpath(file), shown)).fetchone()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            self._recover(exc)
            return None, state, None
        if row is None:
            return None, state, None
        if (row[0], row[1]) == (state.size, state.mtime_ns):
            return _decoded(row[3]), state, row[2]
        if row[0] != state.size:
            return None, state, None
        try:
            digest = content_hash(file)
        except OSError:
            return None, state, None
        if digest != row[2]:
            return None, state, digest
        found = _decoded(row[3])
        if found is not None:
            self._write("UPDATE files SET mtime_ns = ? WHERE path = ? AND shown = ?",
                        (state.mtime_ns, os.path.realpath(file), shown))
        return found, state, digest

    def store(self, file: Path, shown: str, state: FileState, digest: str | None, result: FileResult) -> None:
        if digest is None:
            try:
                digest = content_hash(file)
            except OSError:
                return
        self._write("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                    (os.path.realpath(file), shown, state.size, state.mtime_ns, digest, encode(result)))

    def _write(self, sql: str, args: tuple) -> None:
        self._guarded(lambda: self.db.execute(sql, args))

    def commit(self) -> None:
        self._guarded(self.db.commit)

    def _guarded(self, write: Callable[[], object]) -> None:
        """A write to the database; a damaged one is moved aside and rebuilt, any other failure
        is a one-line :class:`OutputError`."""
        try:
            write()
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise OutputError(f"cannot write cache {self.path}: {exc}") from None
            self._recover(exc)

    def close(self) -> None:
        try:
            self.commit()
        finally:
            self.db.close()


def _prepare(db: sqlite3.Connection, settings: str) -> None:
    """Make ``db`` a cache of this schema and these settings: tables of another schema, or rows
    made with other settings, are dropped."""
    try:
        rows = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('schema', 'settings')").fetchall())
    except sqlite3.OperationalError:  # no meta table, or one of another layout
        rows = {}
    if rows.get("schema") != SCHEMA:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            db.execute(f'DROP TABLE IF EXISTS "{table.replace(chr(34), chr(34) * 2)}"')
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
    elif rows.get("settings") != settings:
        db.execute("DROP TABLE IF EXISTS files")
    db.execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (settings,))
    db.execute("CREATE TABLE IF NOT EXISTS files (path TEXT, shown TEXT, size INTEGER, mtime_ns INTEGER,"
               " sha256 TEXT, result TEXT, PRIMARY KEY (path, shown))")
    db.execute("SELECT count(*) FROM files").fetchone()  # reads the table's root page: damage shows here
    db.commit()


def _damaged(exc: sqlite3.Error) -> bool:
    """Whether the error says the file is not a usable database (rather than, say, locked)."""
    name = getattr(exc, "sqlite_errorname", "")
    return name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or type(exc) is sqlite3.DatabaseError


def _decoded(blob: object) -> FileResult | None:
    """A stored result, or ``None`` (a miss) when the row cannot be decoded."""
    try:
        return decode(blob)  # type: ignore[arg-type]
    except (ValueError, TypeError, KeyError, AttributeError):  # bad JSON, fields of another shape
        return None
