"""``citetrack compare``: which outlets two scans (or two parts of one scan) cite in a different
share of their articles.

A side is a set of articles: every article of an output folder (``articles.csv`` lists every one
read, citing or not), or the part of one folder's articles a split keeps (dated before / on or
after a day; published by one of two publishers). Per outlet, its share on a side is the articles
citing it (``citations.jsonl``) over the side's articles; the shares are compared with the
two-proportion z-test and the p-values adjusted with Benjamini–Hochberg (:mod:`citetrack.stats`).

Output folders are read back strictly: a folder without citetrack's marker, a missing file or a
damaged line is a :class:`~citetrack.errors.CitetrackError` naming it. Memory grows with the
citations, not the articles (``articles.csv`` is streamed).
"""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from .atomic import write_text
from .errors import CitetrackError
from .export import FORMULA_STARTS, csv_cell
from .markers import OUTPUT_MARKER
from .models import CompareOptions, Comparison, OutletDifference
from .narrow import iso_day
from .stats import benjamini_hochberg, smallest_expected, two_proportion_z

#: The columns of ``compare.csv``, in order (the fields of OutletDifference, but ``known``).
COMPARE_COLUMNS = ("outlet", "outlet_id", "citations_a", "articles_a", "share_a", "citations_b", "articles_b",
                   "share_b", "difference", "p_value", "q_value", "significant", "expected_min")
#: The file names an output folder must hold.
NEEDED = ("outlets.csv", "articles.csv", "citations.jsonl")

Key = tuple[str, str]  # (file, article_id): one article


def compare(a: Path | str, b: Path | str | None = None, options: CompareOptions = CompareOptions()) -> Comparison:
    """Compare the output folder ``a`` with the output folder ``b``, or, without ``b``, the two
    parts of ``a`` that ``options.split_at`` or ``options.publishers`` make."""
    a = Path(a)
    _check_options(b, options)
    if b is not None:
        b = Path(b)
        side_a, side_b = _side(a, lambda row: "a", options), _side(b, lambda row: "b", options)
        return _result(str(a), str(b), [side_a, side_b], options.alpha)
    if options.split_at is not None:
        day = iso_day(options.split_at, "--split-at date")
        side = _side(a, lambda row: ("a" if row["date"][:10] < day else "b") if row["date"][:10] else None, options)
        left = side.left_out
        notes = [f"{left:,} undated article{'s' * (left != 1)} left out (a split by date needs a date)"] if left else []
        return _result(f"before {day}", f"from {day}", [side], options.alpha, notes)
    first, second = (p.strip() for p in options.publishers)
    names = {first.casefold(): "a", second.casefold(): "b"}
    side = _side(a, lambda row: names.get(row["publisher"].strip().casefold()), options, publishers=True)
    left = side.left_out
    notes = [f"{left:,} article{'s' * (left != 1)} by other publishers or none left out"] if left else []
    for label, s in ((first, "a"), (second, "b")):
        if not side.articles[s]:
            seen = ", ".join(f"{name} ({n:,})" for name, n in side.publishers.most_common(5)) or "none"
            raise CitetrackError(f"no article in {a} has the publisher {label!r}; most frequent: {seen}")
    return _result(first, second, [side], options.alpha, notes)


def _check_options(b: Path | str | None, options: CompareOptions) -> None:
    ways = (b is not None) + (options.split_at is not None) + bool(options.publishers)
    if ways == 0:
        raise CitetrackError("compare needs a second folder B, --split-at DAY or --publisher NAME twice")
    if ways > 1:
        raise CitetrackError("give one of: a second folder B, --split-at DAY, --publisher NAME twice")
    if options.publishers and (len(options.publishers) != 2
                               or options.publishers[0].strip().casefold() == options.publishers[1].strip().casefold()):
        raise CitetrackError("--publisher must be given twice, with two different names (side A, then side B)")
    if not 0.0 < options.alpha < 1.0:
        raise CitetrackError(f"--alpha must lie between 0 and 1, not {options.alpha}")


class _Tally:
    """One folder's articles split into sides: articles per side, and per outlet the citations and
    citing articles per side."""

    def __init__(self) -> None:
        self.articles: Counter[str] = Counter()
        self.citations: dict[str, Counter[str]] = {"a": Counter(), "b": Counter()}
        self.citing: dict[str, Counter[str]] = {"a": Counter(), "b": Counter()}
        self.names: dict[str, tuple[str, bool]] = {}
        self.left_out = 0
        self.orphans = 0  # citations whose article articles.csv does not list
        self.wire_copy = 0  # citations in wire copy left out (--no-wire-copy)
        self.publishers: Counter[str] = Counter()
        self.folder = ""


def _side(folder: Path, side_of: Callable[[dict], str | None], options: CompareOptions,
          publishers: bool = False) -> _Tally:
    """Read an output folder, each article going to side ``side_of(row)`` (``"a"``, ``"b"`` or None:
    left out) by its ``articles.csv`` row; citations in wire copy left out unless ``options.wire_copy``."""
    _check_folder(folder)
    tally = _Tally()
    tally.folder = str(folder)
    names = dict(_outlet_names(folder / "outlets.csv"))
    cited: dict[Key, list[str]] = {}
    for outlet_id, outlet, known, key, wire_copy, kind in _citations(folder / "citations.jsonl"):
        if options.kinds and kind not in options.kinds:
            continue
        if wire_copy and not options.wire_copy:
            tally.wire_copy += 1
            continue
        cited.setdefault(key, []).append(outlet_id)
        names.setdefault(outlet_id, (outlet, known))
    tally.names = names
    for row in _rows(folder / "articles.csv", ("article_id", "file", "date", "publisher")):
        if publishers and row["publisher"].strip():
            tally.publishers[row["publisher"].strip()] += 1
        side = side_of(row)
        outlets = cited.pop((row["file"], row["article_id"]), None)  # an article listed twice cites once
        if side is None:
            tally.left_out += 1
            continue
        tally.articles[side] += 1
        if outlets is not None:
            tally.citations[side].update(outlets)
            tally.citing[side].update(set(outlets))
    tally.orphans = sum(len(v) for v in cited.values())
    return tally


def _check_folder(folder: Path) -> None:
    if not folder.exists():
        raise CitetrackError(f"no such folder: {folder}")
    if not folder.is_dir():
        raise CitetrackError(f"{folder} is not a folder (compare reads the output folders of citetrack scan)")
    if not (folder / OUTPUT_MARKER).is_file():
        raise CitetrackError(f"{folder} is not an output folder of citetrack scan (it has no {OUTPUT_MARKER})")
    for name in NEEDED:
        if not (folder / name).is_file():
            raise CitetrackError(f"{folder / name} is missing (compare needs {', '.join(NEEDED)} from citetrack scan)")


def _uncell(text: str) -> str:
    """A text cell as it was before :func:`citetrack.export.csv_cell` neutralised a formula."""
    return text[1:] if text[:1] == "'" and text[1:2] and text[1:2] in FORMULA_STARTS else text


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[dict]:
    """The rows of a CSV file citetrack wrote, as dicts of ``columns`` (cells un-neutralised)."""
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader, None)
            missing = [c for c in columns if c not in (header or [])]
            if missing:
                raise CitetrackError(f"{path} has no column {missing[0]!r}: not written by citetrack scan")
            where = [header.index(c) for c in columns]
            for row in reader:
                if len(row) < len(header):
                    raise CitetrackError(f"{path}:{reader.line_num}: {len(row)} cells, the header has {len(header)}")
                yield {c: _uncell(row[i]) for c, i in zip(columns, where)}
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CitetrackError(f"cannot read {path}: {exc}") from None


def _outlet_names(path: Path) -> Iterator[tuple[str, tuple[str, bool]]]:
    for row in _rows(path, ("outlet", "outlet_id", "known")):
        yield row["outlet_id"], (row["outlet"], row["known"] != "false")


def _citations(path: Path) -> Iterator[tuple[str, str, bool, Key, bool, str]]:
    """``(outlet_id, outlet, known, (file, article_id), wire_copy, kind)`` of each line of a ``citations.jsonl``."""
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    d = json.loads(line)
                    fields = d["outlet_id"], d["outlet"], d["file"], d["article_id"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise CitetrackError(f"{path}:{n}: not a citation of citetrack scan ({type(exc).__name__}: {exc})") from None
                if not all(isinstance(x, str) for x in fields):
                    raise CitetrackError(f"{path}:{n}: not a citation of citetrack scan (a field is not text)")
                yield fields[0], fields[1], d.get("known") is not False, (fields[2], fields[3]), d.get("wire_copy") is True, d.get("kind")
    except (OSError, UnicodeDecodeError) as exc:
        raise CitetrackError(f"cannot read {path}: {exc}") from None


def _result(label_a: str, label_b: str, tallies: list[_Tally], alpha: float, notes: list[str] = ()) -> Comparison:
    """Test every outlet cited on either side; ``tallies`` hold side a then b (one tally or two)."""
    first, last = tallies[0], tallies[-1]
    n_a, n_b = first.articles["a"], last.articles["b"]
    for label, n in ((label_a, n_a), (label_b, n_b)):
        if n == 0:
            raise CitetrackError(f"side {label!r} has no articles: nothing to compare")
    names: dict[str, tuple[str, bool]] = {}
    for t in tallies:
        for k, v in t.names.items():
            names.setdefault(k, v)
    notes = list(notes)
    for t in tallies:
        if t.wire_copy:
            notes.append(f"{t.wire_copy:,} citation{'s' * (t.wire_copy != 1)} in wire copy in {t.folder} left out")
        if t.orphans:
            notes.append(f"{t.orphans:,} citation{'s' * (t.orphans != 1)} in {t.folder}/citations.jsonl "
                         f"belong{'s' * (t.orphans == 1)} to no article of its articles.csv and were left out")
    ids = sorted(set(first.citing["a"]) | set(last.citing["b"]))
    tests = []
    for oid in ids:
        x_a, x_b = first.citing["a"][oid], last.citing["b"][oid]
        tests.append((oid, x_a, x_b, two_proportion_z(x_a, n_a, x_b, n_b)[1]))
    q_values = benjamini_hochberg([t[3] for t in tests])
    rows = []
    for (oid, x_a, x_b, p), q in zip(tests, q_values):
        outlet, known = names.get(oid, (oid, True))
        share_a, share_b = x_a / n_a, x_b / n_b
        rows.append(OutletDifference(
            outlet=outlet, outlet_id=oid, citations_a=first.citations["a"][oid], articles_a=x_a,
            share_a=share_a, citations_b=last.citations["b"][oid], articles_b=x_b, share_b=share_b,
            difference=share_a - share_b, p_value=p, q_value=q, significant=q < alpha,
            expected_min=smallest_expected(x_a, n_a, x_b, n_b), known=known))
    rows.sort(key=lambda r: (r.p_value, -abs(r.difference), r.outlet.casefold(), r.outlet_id))
    return Comparison(label_a, label_b, n_a, n_b, alpha, tuple(rows), tuple(notes))


def compare_csv(comparison: Comparison) -> str:
    """``compare.csv``'s text: :data:`COMPARE_COLUMNS`, one row per outlet, lowest p-value first
    (shares, difference and expected_min to 6 decimals, p and q to 6 significant digits)."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(COMPARE_COLUMNS)
    for r in comparison.rows:
        values = {c: getattr(r, c) for c in COMPARE_COLUMNS}
        for c in ("share_a", "share_b", "difference", "expected_min"):
            values[c] = round(values[c], 6)
        for c in ("p_value", "q_value"):
            values[c] = float(f"{values[c]:.6g}")
        writer.writerow([csv_cell(values[c]) for c in COMPARE_COLUMNS])
    return buf.getvalue()


def write_compare_csv(comparison: Comparison, path: Path | str) -> Path:
    """Write ``compare.csv`` (:func:`compare_csv`) to ``path`` atomically."""
    return write_text(path, compare_csv(comparison))
