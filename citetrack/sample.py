"""A precision audit sample: citations drawn at random from a scan's ``citations.jsonl``, stratified
by rule and/or outlet, written as ``audit.csv`` for a reviewer to judge (and ``audit.html``, see
:mod:`citetrack.samplepage`); and the judged CSV read back for :func:`citetrack.precision.score`.

The file is read once, line by line, with one reservoir per stratum (Algorithm R, one seeded
generator): memory grows with the strata times the cap, not with the lines, so a file of millions
of citations samples in one pass. The same file and seed give the same sample. A line that is not
a citation (not JSON, not an object, a field missing) is skipped with a one-line reason.
"""
from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .atomic import atomic_open
from .errors import CitetrackError
from .export import FORMULA_STARTS, csv_cell
from .markers import OUTPUT_MARKER
from .models import SampleOptions, Skipped
from .precision import VERDICTS, Judged, Score

#: audit.csv's columns, in order (``verdict`` and ``note`` are the reviewer's).
COLUMNS = ("sample_id", "rule", "kind", "outlet", "mention", "file", "article_id", "start", "end", "cue",
           "sentence_marked", "sentence", "verdict", "note", "weight", "stratum", "stratum_size", "sampled")
#: The columns ``score`` needs in a judged file.
NEEDED = ("stratum", "stratum_size", "rule", "kind", "verdict")
#: How the mention is marked in ``sentence_marked``.
OPEN, CLOSE = "\u27e6", "\u27e7"
_TEXT_FIELDS = ("rule", "kind", "outlet", "mention", "sentence")


@dataclass(frozen=True)
class Sample:
    """A drawn sample: its rows (audit.csv's columns, in stratum then file order), the size of
    every stratum in the file, the citations read and the lines skipped."""

    rows: tuple[dict, ...]
    strata: dict[str, int]
    citations: int
    skipped: tuple[Skipped, ...]
    source: str


def citations_file(source: Path | str) -> Path:
    """``citations.jsonl`` of a scan's output folder (marked ``.citetrack-output``), or the file given."""
    source = Path(source)
    if source.is_dir():
        if not (source / OUTPUT_MARKER).is_file():
            raise CitetrackError(f"{source} is not an output folder of citetrack scan (no {OUTPUT_MARKER})")
        source = source / "citations.jsonl"
    if not source.is_file():
        raise CitetrackError(f"{source} does not exist (run citetrack scan -o FOLDER first)")
    return source


def stratum_of(record: dict, options: SampleOptions) -> str:
    """The stratum a citation belongs to: ``rule=…``, ``outlet=…`` or both."""
    parts = []
    if options.per_rule is not None:
        parts.append(f"rule={record['rule']}")
    if options.per_outlet is not None:
        parts.append(f"outlet={record['outlet']}")
    return "; ".join(parts)


def _cap(options: SampleOptions) -> int:
    caps = [c for c in (options.per_rule, options.per_outlet) if c is not None]
    if not caps:
        raise CitetrackError("give --per-rule N and/or --per-outlet N")
    if min(caps) < 1:
        raise CitetrackError("--per-rule and --per-outlet must be at least 1")
    return min(caps)


def _records(path: Path, skipped: list[Skipped]) -> Iterator[tuple[int, dict]]:
    try:
        f = open(path, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CitetrackError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                skipped.append(Skipped(where, f"not valid JSON: {exc}"))
                continue
            reason = _bad(record)
            if reason:
                skipped.append(Skipped(where, reason))
                continue
            yield n, record


def _bad(record: object) -> str:
    if not isinstance(record, dict):
        return "not a citation (not a JSON object)"
    missing = [k for k in _TEXT_FIELDS if not isinstance(record.get(k), str)]
    if missing:
        return f"not a citation (no text field {missing[0]!r})"
    if not all(isinstance(record.get(k), int) and not isinstance(record.get(k), bool) for k in ("start", "end")):
        return "not a citation (start and end are not integers)"
    return ""


def mark(sentence: str, mention: str) -> tuple[str, str, str]:
    """The sentence split around the mention (before, mention, after); the mention is looked for
    with its whitespace collapsed, as evidence sentences have it. Not found: ("", "", sentence)."""
    flat = " ".join(mention.split())
    i = sentence.find(flat) if flat else -1
    if i < 0:
        return "", "", sentence
    return sentence[:i], flat, sentence[i + len(flat):]


def draw(source: Path | str, options: SampleOptions) -> Sample:
    """Sample the citations of ``source`` (an output folder or a citations.jsonl file)."""
    cap = _cap(options)
    path = citations_file(source)
    rng = random.Random(options.seed)
    seen: dict[str, int] = {}
    kept: dict[str, list[tuple[int, dict]]] = {}
    skipped: list[Skipped] = []
    read = 0
    for n, record in _records(path, skipped):
        if options.kinds and record["kind"] not in options.kinds:
            continue
        read += 1
        key = stratum_of(record, options)
        count = seen.get(key, 0) + 1
        seen[key] = count
        reservoir = kept.setdefault(key, [])
        if len(reservoir) < cap:
            reservoir.append((n, _slim(record)))
        else:
            j = rng.randrange(count)
            if j < cap:
                reservoir[j] = (n, _slim(record))
    rows = []
    for key in sorted(kept):
        taken = sorted(kept[key], key=lambda item: item[0])
        for _, record in taken:
            rows.append(_row(len(rows) + 1, record, key, seen[key], len(taken)))
    return Sample(tuple(rows), dict(sorted(seen.items())), read, tuple(skipped), str(path))


def _slim(record: dict) -> dict:
    return {k: record.get(k) for k in ("rule", "kind", "outlet", "mention", "file", "article_id", "start", "end",
                                       "cue", "sentence")}


def _row(sample_id: int, record: dict, stratum: str, size: int, sampled: int) -> dict:
    before, mention, after = mark(record["sentence"], record["mention"])
    marked = f"{before}{OPEN}{mention}{CLOSE}{after}" if mention else f"{OPEN}{record['mention']}{CLOSE}? {after}"
    return {**record, "sample_id": sample_id, "sentence_marked": marked, "verdict": "", "note": "",
            "weight": round(size / sampled, 4), "stratum": stratum, "stratum_size": size, "sampled": sampled}


def sample_csv(rows: tuple[dict, ...] | list[dict]) -> str:
    """audit.csv's text (formulas neutralised, as every CSV citetrack writes)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in COLUMNS])
    return buf.getvalue()


def write_sample_csv(rows: tuple[dict, ...] | list[dict], path: Path) -> Path:
    """Write audit.csv atomically (its folder created when missing)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CitetrackError(f"cannot write {path}: {exc.strerror or exc}") from exc
    with atomic_open(path, newline="") as f:
        f.write(sample_csv(rows))
    return path


def _plain(value: str) -> str:
    """A cell as citetrack wrote it, the formula guard (a leading ``'``) taken off."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def read_judged(path: Path | str) -> list[Judged]:
    """The rows of a judged audit.csv (or the page's download); CitetrackError for a file that is
    not one or a verdict that is not right, wrong, unsure or empty."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in NEEDED if c not in (reader.fieldnames or ())]
            if missing:
                raise CitetrackError(f"{path} is not an audit sample: no column {missing[0]!r} "
                                     "(write one with citetrack sample)")
            rows = []
            for line, row in enumerate(reader, 2):
                verdict = (row.get("verdict") or "").strip().lower()
                if verdict not in VERDICTS + ("",):
                    raise CitetrackError(f"{path}:{line}: verdict {verdict[:40]!r} is not one of "
                                         f"{', '.join(VERDICTS)} (or empty: not judged)")
                try:
                    size = int(row.get("stratum_size") or "")
                except ValueError:
                    raise CitetrackError(f"{path}:{line}: stratum_size is not a number") from None
                rows.append(Judged(_plain(row.get("stratum") or ""), size, _plain(row.get("rule") or ""),
                                   _plain(row.get("kind") or ""), verdict))
    except OSError as exc:
        raise CitetrackError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise CitetrackError(f"{path} is not a readable CSV file: {exc}") from exc
    return rows


#: The columns of ``sample --score FILE --format csv`` (one row per group).
SCORE_COLUMNS = ("level", "name", "right", "wrong", "unsure", "unjudged", "precision", "low", "high")


def score_records(score: Score) -> list[dict]:
    """One record per rule, per kind, the whole sample and the scan-wide (weighted) estimate."""
    def group(level, g):
        e = g.estimate
        return {"level": level, "name": g.name, "right": g.tally.right, "wrong": g.tally.wrong,
                "unsure": g.tally.unsure, "unjudged": g.tally.unjudged, "precision": _r(e.precision),
                "low": _r(e.low), "high": _r(e.high)}
    rows = [group("rule", g) for g in score.by_rule] + [group("kind", g) for g in score.by_kind]
    rows.append(group("sample", score.sample))
    s = score.sample.tally
    rows.append({"level": "scan", "name": f"weighted by stratum size ({score.covered} of {score.citations} citations)",
                 "right": s.right, "wrong": s.wrong, "unsure": s.unsure, "unjudged": s.unjudged,
                 "precision": _r(score.scan.precision), "low": _r(score.scan.low), "high": _r(score.scan.high)})
    return rows


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def score_text(score: Score, fmt: str) -> str:
    """The score as CSV (one row per group) or JSON."""
    records = score_records(score)
    if fmt == "json":
        return json.dumps({"groups": records, "strata": score.strata, "covered": score.covered,
                           "citations": score.citations, "notes": list(score.notes)}, indent=2,
                          ensure_ascii=False) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SCORE_COLUMNS)
    for r in records:
        writer.writerow([csv_cell(r[c]) for c in SCORE_COLUMNS])
    return buf.getvalue()
