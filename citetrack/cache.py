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
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

from . import __version__
from .errors import OutputError
from .models import ArticleInfo, Citation, ScanOptions, Skipped

CACHE_NAME = ".citetrack-cache.sqlite"


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
                         options.self_citations, options.max_file_size]).encode())
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


class Cache:
    """The cache database of one output folder."""

    def __init__(self, path: Path | str, options: ScanOptions):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            settings = settings_key(options)
            row = self.db.execute("SELECT value FROM meta WHERE key = 'settings'").fetchone()
            if row is None or row[0] != settings:
                self.db.execute("DROP TABLE IF EXISTS files")
                self.db.execute("INSERT OR REPLACE INTO meta VALUES ('settings', ?)", (settings,))
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS files (path TEXT, shown TEXT, size INTEGER, mtime_ns INTEGER,"
                " sha256 TEXT, result TEXT, PRIMARY KEY (path, shown))")
            self.db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(f"cannot use cache {self.path}: {exc}") from None
        self.hits = self.misses = 0

    def lookup(self, file: Path, shown: str) -> tuple[FileResult | None, FileState | None, str | None]:
        """The stored result if the file is unchanged, else (None, its state, its hash if computed)."""
        if hasattr(file, "url"):  # a URL (fsspec): no dependable mtime, so never cached
            return None, None, None
        try:
            state = file_state(file)
        except OSError:
            return None, None, None
        row = self.db.execute("SELECT size, mtime_ns, sha256, result FROM files WHERE path = ? AND shown = ?",
                              (os.path.realpath(file), shown)).fetchone()
        if row is None:
            return None, state, None
        if (row[0], row[1]) == (state.size, state.mtime_ns):
            return decode(row[3]), state, row[2]
        if row[0] != state.size:
            return None, state, None
        try:
            digest = content_hash(file)
        except OSError:
            return None, state, None
        if digest != row[2]:
            return None, state, digest
        self.db.execute("UPDATE files SET mtime_ns = ? WHERE path = ? AND shown = ?",
                        (state.mtime_ns, os.path.realpath(file), shown))
        return decode(row[3]), state, digest

    def store(self, file: Path, shown: str, state: FileState, digest: str | None, result: FileResult) -> None:
        if digest is None:
            try:
                digest = content_hash(file)
            except OSError:
                return
        self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                        (os.path.realpath(file), shown, state.size, state.mtime_ns, digest, encode(result)))

    def close(self) -> None:
        try:
            self.db.commit()
        finally:
            self.db.close()
