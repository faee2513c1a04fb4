"""Files given as fsspec URLs (``s3://bucket/articles/``, ``gs://…``, ``file:///data/…``, ``memory://…``).

:class:`UrlPath` stands in for a :class:`~pathlib.Path` where the readers need one: it has the
``name``, ``suffix``, ``stat()``, ``is_dir()`` / ``is_file()`` a reader or the walk asks for, and
:meth:`UrlPath.open_raw` gives the file's bytes (:func:`~citetrack.readers.source.open_raw` calls
it). It pickles as its URL alone, so it travels to worker processes and Dask workers, which open
the file themselves. fsspec is imported only when a URL is given (it comes with
``pip install 'citetrack[dask]'``); cloud schemes need their own package (s3fs, gcsfs …).
"""
from __future__ import annotations

import posixpath
import re
from types import SimpleNamespace
from typing import IO, Iterator

from ..errors import InputError
from ..models import Skipped

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(path: object) -> bool:
    """Whether ``path`` is a URL (``scheme://…``) rather than a local path."""
    return isinstance(path, str) and bool(_SCHEME.match(path))


def url_to_fs(url: str):
    """``(filesystem, path)`` for ``url``; a clear error when fsspec or the scheme's package is missing."""
    try:
        from fsspec.core import url_to_fs as _url_to_fs
    except ImportError:
        raise InputError(f"reading URLs ({url}) needs fsspec: pip install 'citetrack[dask]'") from None
    try:
        return _url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise InputError(f"cannot read {url}: {exc}") from None


class UrlPath:
    """A file or folder at a URL, with the part of the :class:`~pathlib.Path` interface readers use."""

    __slots__ = ("url", "size", "_fs", "_path")

    def __init__(self, url: str, size: int | None = None):
        self.url, self.size, self._fs, self._path = url, size, None, None

    def _open_fs(self):
        if self._fs is None:
            self._fs, self._path = url_to_fs(self.url)
        return self._fs, self._path

    def __getstate__(self):
        return {"url": self.url, "size": self.size}

    def __setstate__(self, state):
        self.url, self.size, self._fs, self._path = state["url"], state["size"], None, None

    def __repr__(self) -> str:
        return f"UrlPath({self.url!r})"

    def __str__(self) -> str:
        return self.url

    @property
    def name(self) -> str:
        return posixpath.basename(self.url.rstrip("/"))

    @property
    def suffix(self) -> str:
        return posixpath.splitext(self.name)[1]

    def stat(self) -> SimpleNamespace:
        fs, path = self._open_fs()
        info = fs.info(path)
        mtime = info.get("mtime")
        return SimpleNamespace(st_size=int(info.get("size") or 0),
                               st_mtime_ns=int(float(mtime) * 1e9) if isinstance(mtime, (int, float)) else 0)

    def exists(self) -> bool:
        fs, path = self._open_fs()
        return fs.exists(path)

    def is_dir(self) -> bool:
        fs, path = self._open_fs()
        return fs.isdir(path)

    def is_file(self) -> bool:
        fs, path = self._open_fs()
        return fs.isfile(path)

    def open_raw(self) -> IO[bytes]:
        """The file's bytes (seekable), as fsspec opens them."""
        fs, path = self._open_fs()
        return fs.open(path, "rb")


def walk_url(folder: UrlPath, shown: str, hidden: bool, doc_file) -> Iterator[tuple[UrlPath, str] | Skipped]:
    """Files below ``folder`` in the order the local walk gives (depth first, names sorted), hidden
    ones left out unless ``hidden``; documentation files (``doc_file(name)``) as skips."""
    fs, root = folder._open_fs()
    root = root.rstrip("/")
    try:
        found = fs.find(root, withdirs=False, detail=True)
    except OSError as exc:
        yield Skipped(shown, f"cannot list: {exc}")
        return
    entries = []
    for full, info in found.items():
        parts = tuple(full[len(root):].strip("/").split("/"))
        if not hidden and any(p.startswith(".") for p in parts):
            continue
        entries.append((parts, full, info))
    entries.sort(key=lambda e: e[0])  # component by component: "a/x" before "a-b", as a folder walk
    for parts, full, info in entries:
        display = shown.rstrip("/") + "/" + "/".join(parts)
        if doc_file(parts[-1]):
            yield Skipped(display, "documentation file, not an article (name it on the command line to read it)")
        else:
            yield UrlPath(fs.unstrip_protocol(full), info.get("size")), display
