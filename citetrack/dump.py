"""``--dump-text DIR``: the text of every article as citetrack extracted it, one UTF-8 file each.

Citation offsets index exactly this text: ``text[c.start:c.end] == c.mention`` for every citation
of the article. A file is named after the article id (unsafe characters replaced, long ids cut;
a record's id prefixed with its file's name) plus 8 hex digits of a hash of the file and the id, so
distinct articles never share a file, even records of two files with the same id:
``news_a.txt-1f3a9c02.txt``, ``a.jsonl_1-5b0e77d1.txt``. :func:`dump_name` gives the name for a
citation's ``article_id`` and ``file``.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .atomic import atomic_open
from .errors import OutputError
from .markers import TEXT_MARKER, write_marker
from .models import Article

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_STEM = 100


def dump_name(article_id: str, file: str = "") -> str:
    """The file name the text of article ``article_id`` of ``file`` is written to (``file`` may be
    left out for an article that is a whole file: its id is its path)."""
    key = article_id if not file or file == article_id else f"{Path(file).name}#{article_id}"
    stem = _UNSAFE.sub("_", key)[-MAX_STEM:].strip("._") or "article"
    whole = article_id if not file or file == article_id else f"{file}\0{article_id}"
    digest = hashlib.sha1(whole.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}.txt"


def prepare_dump(folder: Path) -> None:
    """Create the dump folder (or raise :class:`OutputError` with a one-line reason)."""
    if Path(folder).exists() and not Path(folder).is_dir():
        raise OutputError(f"text folder {folder} exists and is not a folder")
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create text folder {folder}: {exc.strerror or exc}") from None
    write_marker(Path(folder), TEXT_MARKER)  # a later scan of a folder holding this one leaves it out


def dump_text(article: Article, folder: Path) -> Path:
    """Write ``article.text`` (newlines untranslated) into ``folder``; returns the file."""
    path = Path(folder) / dump_name(article.id, article.file)
    with atomic_open(path, newline="") as f:
        f.write(article.text)
    return path
