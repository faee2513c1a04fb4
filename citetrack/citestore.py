"""An on-disk store of a scan's citing articles and citations, so that ``citetrack scan`` and
``citetrack counts`` hold in memory only what grows with the outlets, not with the input.

A :class:`CitationStore` is an SQLite database beside the outputs (the output folder; the same
engine as ``--cache``). It is unlinked as soon as it is open where the system allows it, so a
killed scan leaves nothing behind; elsewhere it is removed when closed. Rows keep the reading
order (``seq``): every output reads them back in that order and gets the same bytes as the
in-memory path, whose per-article dictionaries become SQL ``GROUP BY`` queries here.

Strings that key rows (file, article id, outlet id, node ids) are stored as UTF-8 bytes with
surrogates passed through (undecodable file names hold lone surrogates, which SQLite text cannot);
whole records are stored as ASCII JSON.
"""
from __future__ import annotations

import datetime
import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from .graph import _outlet_for, article_node, outlet_node
from .models import KINDS, ArticleInfo, Citation, Outlet, OutletCount, kind_field

__all__ = ["CitationStore", "StoredRows", "key", "unkey", "day_of"]

_CITATION_FIELDS = len(fields(Citation))
#: A record's field values, in field order (what ``astuple`` gives for these records of scalars,
#: without its deep copy: ~20 µs a row).
_INFO_VALUES = attrgetter(*(f.name for f in fields(ArticleInfo)))
_CITATION_VALUES = attrgetter(*(f.name for f in fields(Citation)))


def key(text: str | None) -> bytes:
    """A row key: ``text`` as UTF-8 bytes, lone surrogates kept (``b""`` for None)."""
    return (text or "").encode("utf-8", "surrogatepass")


def unkey(data: bytes) -> str:
    return data.decode("utf-8", "surrogatepass")


def day_of(date: str | None) -> str | None:
    """The ISO day of ``date`` (readers give ``YYYY-MM-DD``; a time after it is cut), or None: the
    day ``citations.jsonl`` and ``timeline.csv`` give a citation."""
    if not date or len(date) < 10:
        return None
    try:
        return datetime.date.fromisoformat(date[:10]).isoformat()
    except ValueError:
        return None


class CitationStore:
    """Citing articles and their citations, in reading order, in an SQLite file in ``folder``.

    :meth:`add` takes one article and its citations as they are read; :meth:`finish` builds the
    indexes the outputs' queries need. Iterating :attr:`articles` or :attr:`citations` decodes one
    row at a time.
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        fd, name = tempfile.mkstemp(prefix=".citetrack-store-", suffix=".sqlite", dir=folder)
        os.close(fd)
        self._path: str | None = name
        self.db = sqlite3.connect(name, isolation_level=None, check_same_thread=False)
        try:
            os.unlink(name)  # POSIX: the open database lives on, nothing is left if the scan is killed
            self._path = None
        except OSError:  # pragma: no cover - Windows: removed by close()
            pass
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-8000")  # 8 MB of pages: memory does not follow the rows
        self.db.execute("PRAGMA temp_store=FILE")
        self.db.executescript("""
            CREATE TABLE articles(seq INTEGER PRIMARY KEY, id BLOB, file BLOB, node BLOB, day TEXT, pid BLOB,
                                  info TEXT);
            CREATE TABLE cites(seq INTEGER PRIMARY KEY, art INTEGER, file BLOB, aid BLOB, oid BLOB, anode BLOB,
                               onode BLOB, kind TEXT, data TEXT);
        """)
        self.db.execute("BEGIN")
        self._n_articles = self._n_cites = 0
        self.articles = StoredRows(self, "articles")
        self.citations = StoredRows(self, "citations")

    # -- writing ------------------------------------------------------------------------------

    def add(self, info: ArticleInfo, cits: list[Citation]) -> None:
        """One citing article and its citations (in text order)."""
        art = self._n_articles
        self.db.execute("INSERT INTO articles VALUES (?,?,?,?,?,?,?)", (
            art, key(info.id), key(info.file), key(article_node(info.id)), day_of(info.date), key(info.publisher_id),
            json.dumps(_INFO_VALUES(info))))
        self._n_articles += 1
        self.db.executemany("INSERT INTO cites VALUES (?,?,?,?,?,?,?,?,?)", [
            (self._n_cites + i, art, key(c.file), key(c.article_id), key(c.outlet_id), key(article_node(c.article_id)),
             key(outlet_node(c.outlet_id)), c.kind, json.dumps(_CITATION_VALUES(c)))
            for i, c in enumerate(cits)])
        self._n_cites += len(cits)

    def finish(self) -> None:
        """Commit and index the rows for the outputs' queries."""
        self.db.execute("COMMIT")
        self.db.executescript("""
            CREATE INDEX art_key ON articles(file, id, seq);
            CREATE INDEX art_id ON articles(id, seq);
            CREATE INDEX cite_aid ON cites(aid);
            CREATE INDEX cite_key ON cites(file, aid, seq);
            CREATE INDEX cite_edge ON cites(anode, onode, seq);
            CREATE INDEX cite_oid ON cites(oid, seq);
        """)

    def close(self) -> None:
        self.db.close()
        if self._path:  # pragma: no cover - Windows
            try:
                os.unlink(self._path)
            except OSError:
                pass

    def __del__(self) -> None:  # the result that holds the store is gone
        try:
            self.close()
        except Exception:  # noqa: BLE001 - interpreter shutdown
            pass

    # -- reading ------------------------------------------------------------------------------

    def rows(self, sql: str, params: Iterable = ()) -> Iterator[tuple]:
        """The rows of a query, fetched in batches (a cursor of its own: queries may nest)."""
        cur = self.db.cursor()
        cur.execute(sql, tuple(params))
        while batch := cur.fetchmany(1000):
            yield from batch

    def count(self, what: str) -> int:
        return self._n_articles if what == "articles" else self._n_cites

    def iter_articles(self, where: str = "") -> Iterator[ArticleInfo]:
        for (info,) in self.rows(f"SELECT info FROM articles {where} ORDER BY seq"):
            yield ArticleInfo(*json.loads(info))

    def iter_citations(self, where: str = "") -> Iterator[Citation]:
        for (data,) in self.rows(f"SELECT data FROM cites {where} ORDER BY seq"):
            yield citation(data)

    def with_days(self) -> Iterator[tuple[Citation, str | None]]:
        """Each citation with its article's day, as :func:`citetrack.timeline.article_days` maps it:
        the last listed article of that file and id that has a real date."""
        for data, day in self.rows(
                "SELECT c.data, (SELECT a.day FROM articles a WHERE a.file = c.file AND a.id = c.aid "
                "AND a.day IS NOT NULL ORDER BY a.seq DESC LIMIT 1) FROM cites c ORDER BY c.seq"):
            yield citation(data), day

    def article_totals(self) -> Callable[[str, str], tuple[int, str]]:
        """``(file, id) -> (citations, outlets)`` as ``articles.csv`` counts them: the citations of
        that file and id, and the distinct outlet names in order of first citation, joined by "; "."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS totals(file BLOB, aid BLOB, n INTEGER, outlets TEXT, "
                        "PRIMARY KEY (file, aid))")
        self.db.execute("DELETE FROM totals")
        self.db.execute("BEGIN")
        last, n, names = None, 0, {}
        insert = "INSERT INTO totals VALUES (?,?,?,?)"
        for file, aid, outlet in self.rows("SELECT file, aid, json_extract(data, '$[2]') FROM cites "
                                           "ORDER BY file, aid, seq"):
            if (file, aid) != last:
                if last is not None:
                    self.db.execute(insert, (*last, n, json.dumps(list(names))))
                last, n, names = (file, aid), 0, {}
            n += 1
            names[outlet] = None
        if last is not None:
            self.db.execute(insert, (*last, n, json.dumps(list(names))))
        self.db.execute("COMMIT")

        def lookup(file: str, aid: str) -> tuple[int, str]:
            row = self.db.execute("SELECT n, outlets FROM totals WHERE file = ? AND aid = ?",
                                  (key(file), key(aid))).fetchone()
            return (row[0], "; ".join(json.loads(row[1]))) if row else (0, "")
        return lookup

    # -- aggregates ---------------------------------------------------------------------------

    def outlets(self, gazetteer) -> dict[str, Outlet]:
        """:func:`citetrack.pipeline.cited_outlets` of the stored citations."""
        from .outlets import unknown_outlet
        out: dict[str, Outlet] = {}
        for (data,) in self.rows("SELECT data FROM cites WHERE seq IN (SELECT MIN(seq) FROM cites GROUP BY oid) "
                                 "ORDER BY seq"):
            c = citation(data)
            known = gazetteer.get(c.outlet_id) if c.known else None
            out[c.outlet_id] = known or unknown_outlet(c.outlet, c.outlet_type, c.outlet_id, c.outlet_country)
        return out

    def outlet_counts(self, outlets: dict[str, Outlet]) -> list[OutletCount]:
        """:func:`citetrack.graph.outlet_counts` of the stored citations, from one grouped query."""
        firsts = {unkey(oid): citation(data) for oid, data in self.rows(
            "SELECT oid, data FROM cites WHERE seq IN (SELECT MIN(seq) FROM cites GROUP BY oid)")}
        kinds: dict[str, dict[str, int]] = defaultdict(dict)
        for oid, kind, n in self.rows("SELECT oid, kind, COUNT(*) FROM cites GROUP BY oid, kind"):
            kinds[unkey(oid)][kind] = n
        counts = []
        for oid, n, articles, own, wired in self.rows(
                "SELECT oid, COUNT(*), COUNT(DISTINCT aid), SUM(json_extract(data, '$[14]')), "
                "SUM(json_extract(data, '$[17]')) FROM cites GROUP BY oid"):
            oid = unkey(oid)
            o = _outlet_for(oid, outlets, firsts[oid])
            counts.append(OutletCount(
                outlet=o.name, outlet_id=oid, type=o.type or "unknown", country=o.country or "", known=bool(o.known),
                citations=n, articles=articles, **{kind_field(k): kinds[oid].get(k, 0) for k in KINDS},
                self_citations=own or 0, wire_copy=wired or 0, domains=tuple(o.domains)))
        counts.sort(key=lambda c: (-c.citations, c.outlet.casefold(), c.outlet_id))
        return counts

    def keep_outlets(self, keep: set[str], gone: Callable[[ArticleInfo], object]) -> None:
        """Drop the citations of outlets not in ``keep``, and the articles whose id no citation
        left has (each passed to ``gone`` first, in reading order)."""
        for table in ("pubof", "edges", "nodeorder", "totals"):  # the writers' tables of the rows before
            self.db.execute(f"DROP TABLE IF EXISTS temp.{table}")
        self.db.execute("CREATE TEMP TABLE keep(oid BLOB PRIMARY KEY)")
        self.db.executemany("INSERT INTO keep VALUES (?)", [(key(o),) for o in keep])
        self.db.execute("DELETE FROM cites WHERE oid NOT IN (SELECT oid FROM keep)")
        left = "WHERE id NOT IN (SELECT DISTINCT aid FROM cites)"  # by id, as narrow() keeps them
        for info in self.iter_articles(left):
            gone(info)
        self.db.execute(f"DELETE FROM articles {left}")
        self.db.execute("DROP TABLE keep")
        self._n_cites = self.db.execute("SELECT COUNT(*) FROM cites").fetchone()[0]
        self._n_articles = self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def citation(data: str) -> Citation:
    values = json.loads(data)
    return Citation(*values[:_CITATION_FIELDS])


# column positions in a citation's JSON row (json_extract in the queries above)
assert [f.name for f in fields(Citation)].index("self") == 14
assert [f.name for f in fields(Citation)].index("wire_copy") == 17


class StoredRows:
    """A stored scan's ``articles`` or ``citations`` as a sequence that is read, not held: it can be
    iterated any number of times (in reading order) and has a length."""

    def __init__(self, store: CitationStore, what: str) -> None:
        self.store = store
        self.what = what

    def __iter__(self):
        return self.store.iter_articles() if self.what == "articles" else self.store.iter_citations()

    def __len__(self) -> int:
        return self.store.count(self.what)

    def __bool__(self) -> bool:
        return len(self) > 0

    def __repr__(self) -> str:
        return f"<{len(self)} stored {self.what}>"
