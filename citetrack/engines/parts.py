"""Cutting a big JSON Lines or CSV file into byte ranges, so that several workers read it at once.

Both engines hand workers *where to read*, never text: a worker opens the file, seeks, reads,
decodes and extracts its range itself, so the process that plans the work stays light.

- :func:`cuttable`: whether a file may be read in parts at all (a JSON Lines or CSV/TSV file,
  UTF-8, not compressed, not binary); other files are read whole by one worker.
- :func:`byte_ranges`: plain ``(start, stop)`` cuts, for a planner that cannot read the file
  (the Dask client: the data may sit in object storage); a reader moves each start to the next
  line start, and the line and record numbers before each part are counted by the workers.
- :func:`line_parts`: :class:`~citetrack.readers.jsonfile.LineRange` parts cut exactly at line
  starts, each knowing how many lines and records come before it, counted here at the speed of
  ``bytes.count`` (a record is a line that is not blank: only lines that do not start with ``{``
  are looked at one by one). Every part numbers ``file:LINE`` and ``file#N`` exactly as a
  whole-file read does, with no second pass.

A CSV file is not cut here: a quoted cell may hold line breaks, so only a parse tells a row start
from a line start; :func:`~citetrack.readers.csvfile.row_ranges` does that parse in a worker.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..core import core
from ..readers.jsonfile import LineRange, is_record
from ..readers.registry import format_for
from ..readers.source import SNIFF_BYTES, BinaryFile, check_text, open_raw, sniff_encoding

#: The local engine cuts a file into parts of about ``size / (jobs * PARTS_PER_JOB)`` bytes, kept
#: between RANGE_MIN and RANGE_MAX: many parts per worker, so that none waits long at the end of
#: a file for the other's last part, and big enough that a part's task costs nothing to send.
RANGE_MIN, RANGE_MAX, PARTS_PER_JOB = 256 << 10, 8 << 20, 32
#: Bytes read at a time while passing over a line longer than the record limit.
_SKIP_BLOCK = 1 << 20


def range_bytes(size: int, jobs: int) -> int:
    """The part size for a file of ``size`` bytes read by ``jobs`` workers."""
    return max(RANGE_MIN, min(RANGE_MAX, size // max(1, jobs * PARTS_PER_JOB)))


def cuttable(file, nbytes: int, chunk_bytes: int) -> str | None:
    """``"lines"`` or ``"rows"`` (how the format is cut) when ``file`` is worth reading in parts of
    ``chunk_bytes``; ``None`` for other formats and for small, compressed, binary or not UTF-8
    files (read whole, so a reason to skip one is given once)."""
    fmt = format_for(file.name)
    if nbytes <= chunk_bytes or fmt is None or fmt.parts is None:
        return None
    try:
        with open_raw(file) as f:
            head = f.read(SNIFF_BYTES)
    except OSError:
        return None  # the worker reading it whole gives the reason
    if head.startswith(b"\x1f\x8b") or (encoding := sniff_encoding(head)) not in ("utf-8", "utf-8-sig"):
        return None
    try:
        check_text(head, encoding)
    except BinaryFile:
        return None
    return fmt.parts


def byte_ranges(nbytes: int, chunk_bytes: int) -> list[tuple[int, int]]:
    """``(start, stop)`` byte ranges of ``chunk_bytes`` covering ``nbytes``."""
    return [(a, min(a + chunk_bytes, nbytes)) for a in range(0, nbytes, chunk_bytes)]


def line_parts(path: Path, chunk_bytes: int, max_bytes: int = 0) -> Iterator[LineRange]:
    """The parts of a UTF-8 JSON Lines file, of about ``chunk_bytes`` each, cut at line starts and
    numbered as :func:`~citetrack.readers.jsonfile.read_jsonl` numbers the whole file (with the
    record limit ``max_bytes``). Lazy: the first parts come before the file is read to its end;
    this process holds one part's bytes at a time (a line over the limit is passed over)."""
    lines = records = start = 0
    with open(path, "rb") as f:
        blocks = _blocks(f, chunk_bytes, max_bytes)
        block = next(blocks, None)
        while block is not None:
            following = next(blocks, None)
            size, n_lines, n_records = block
            yield LineRange(start, start + size, lines, records, last=following is None)
            start, lines, records = start + size, lines + n_lines, records + n_records
            block = following


def _blocks(f: IO[bytes], chunk_bytes: int, max_bytes: int) -> Iterator[tuple[int, int, int]]:
    """``(bytes, lines, records)`` of consecutive runs of whole lines of ``f``, each about
    ``chunk_bytes`` long (the last one to the end of the file)."""
    carry = b""  # the start of a line a read ended in
    first = True
    while True:
        data = f.read(chunk_bytes)
        if not data:
            if carry:
                yield len(carry), *_count(carry, max_bytes, first)
            return
        buf = carry + data if carry else data
        cut = buf.rfind(b"\n") + 1
        if cut == 0:  # no line ends here yet
            if 0 < max_bytes < len(buf):  # a line over the record limit: passed over, one record
                yield len(buf) + _pass_line(f), 1, 1
                carry, first = b"", False
            else:
                carry = buf
            continue
        yield cut, *_count(buf[:cut] if cut < len(buf) else buf, max_bytes, first)
        carry, first = buf[cut:], False


def _pass_line(f: IO[bytes]) -> int:
    """Read ``f`` to just after the end of the current line; the bytes read."""
    passed = 0
    while block := f.read(_SKIP_BLOCK):
        end = block.find(b"\n")
        if end >= 0:
            f.seek(end + 1 - len(block), 1)
            return passed + end + 1
        passed += len(block)
    return passed


def _line_ends(block: bytes) -> tuple[int, int]:
    """``(block.count(b"\\n"), block.count(b"\\n{"))``, in one pass by the compiled core where
    there is one (~10x faster: this is the work of the parent that grows with a file)."""
    mod = core()
    if mod is not None:
        return mod.count_lines(block)
    return block.count(b"\n"), block.count(b"\n{")


def _count(block: bytes, max_bytes: int, first: bool) -> tuple[int, int]:
    """``(lines, records)`` in ``block``: whole lines (the last may lack its line end at the end of
    the file); ``first``: it starts the file (so a byte-order mark is dropped, as the reader does)."""
    ends, objects = _line_ends(block)
    lines = ends + (not block.endswith(b"\n"))
    if block.startswith(b"{") + objects == lines:
        return lines, lines  # every line starts a JSON object: every line is a record
    pieces = block.split(b"\n")
    if block.endswith(b"\n"):
        pieces.pop()
    records = 0
    for k, line in enumerate(pieces):
        if line.startswith(b"{") or 0 < max_bytes < len(line):  # over the limit: skipped, but counted
            records += 1
            continue
        if k == 0 and first:
            line = line.removeprefix(b"\xef\xbb\xbf")
        records += is_record(line)
    return lines, records
