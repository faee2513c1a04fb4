"""The lines of a file, read in blocks: a line longer than the limit is dropped, never held whole.

:class:`Lines` splits a byte stream (UTF-8, each line decoded with undecodable bytes as U+FFFD) or
a text stream (any other encoding) where ``open(path, newline="")`` would: at ``\\n``, ``\\r\\n``
and a lone ``\\r``, line ends kept (what the csv module expects). It counts in :attr:`Lines.pos`
what it has given out (bytes of a byte stream, characters of a text stream). A line longer than
``max_bytes`` (0 = no limit) comes out as ``None``: the reader skips it block by block, so a
200 MB line costs a block of memory, not 200 MB.
"""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .source import open_sniffed

#: Bytes (or characters) read at a time.
BLOCK = 1 << 20
_BOM = b"\xef\xbb\xbf"
_TEXT_LINES = re.compile(r"(?<=\n)|(?<=\r)(?!\n)")  # after \n, or after a \r that no \n follows


class Lines:
    """The lines of ``f`` (see the module docstring), from its current position ``pos``; ``bom``:
    drop a UTF-8 byte-order mark in front of the first line (still counted in ``pos``)."""

    def __init__(self, f: IO[bytes] | IO[str], max_bytes: int = 0, pos: int = 0, bom: bool = False):
        self.f, self.max_bytes, self.pos, self.bom = f, max_bytes, pos, bom
        self.text = isinstance(f, io.TextIOBase)

    def __enter__(self) -> Lines:
        return self

    def __exit__(self, *exc) -> None:
        self.f.close()

    def __iter__(self) -> Iterator[str | None]:
        read, limit, text = self.f.read, self.max_bytes, self.text
        split = _TEXT_LINES.split if text else (lambda block: block.splitlines(True))
        ends, cr = ("\n", "\r"), "\r"
        if not text:
            ends, cr = (b"\n", b"\r"), b"\r"
        head: list = []  # the start of a line a block ended in
        held = 0
        skipping = False  # in a line over the limit: drop it up to its end
        while block := read(BLOCK):
            if self.bom:
                self.bom = False
                if block.startswith(_BOM):
                    block, self.pos = block[len(_BOM):], self.pos + len(_BOM)
            while block[-1:] == cr and (more := read(1)):
                block += more  # a \r\n is not cut in two
            for piece in split(block):
                if not piece:
                    continue
                ended = piece.endswith(ends)
                if skipping:
                    self.pos += len(piece)
                    if ended:
                        skipping = False
                        yield None
                    continue
                if head or not ended:
                    head.append(piece)
                    held += len(piece)
                    if limit and held > limit:
                        self.pos += held
                        head, held = [], 0
                        if ended:
                            yield None
                        else:
                            skipping = True
                        continue
                    if not ended:
                        continue
                    piece = piece[:0].join(head)
                    head, held = [], 0
                elif limit and len(piece) > limit:
                    self.pos += len(piece)
                    yield None
                    continue
                self.pos += len(piece)
                yield piece if text else piece.decode("utf-8", errors="replace")
        if skipping:
            yield None
        elif head:
            piece = head[0][:0].join(head)
            self.pos += len(piece)
            yield piece if text else piece.decode("utf-8", errors="replace")


def open_lines(path: Path, max_bytes: int = 0) -> Lines:
    """The lines of a (possibly gzipped) file in its sniffed encoding; a UTF-8 file as bytes decoded
    line by line, the way a part of it is read. Raises :class:`~.source.BinaryFile`."""
    raw, encoding = open_sniffed(path)
    if encoding in ("utf-8", "utf-8-sig"):
        return Lines(raw, max_bytes, bom=True)
    return Lines(io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=""), max_bytes)
