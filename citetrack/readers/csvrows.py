"""CSV rows that cannot hurt: the csv module parses them, from lines given to it one at a time.

:meth:`Rows.rows` gives ``(first, last, cells)`` for each row (``first``/``last``: its first and
last line numbers), or ``(first, first, reason)`` for a row that is skipped:

- a line longer than the record limit (``max_bytes``, 0 = none): ``record too large (over 50 MB;
  see --max-file-size)``, read block by block and never held (:class:`~.lines.Lines`); the rows
  after it are read from the next line;
- a quoted cell that is never closed (it opens a quote, then swallows the rows below it):
  ``unclosed quote``, and the lines after the row's first one are read again, as rows, so the
  good rows below it are kept. A cell is taken for unclosed when it reaches the end of the file
  having swallowed lines, when its row runs past the record limit or over
  :data:`MAX_QUOTED_LINES` line breaks, or when a quote closing it on a later line is followed
  by text (``2,"The minister ...``: a later row's opening quote; see :func:`_after`).

The csv module only asks for a row's next line when the row's last line ended inside a quoted
cell. Then the lines that follow are held here, not given to it, while :func:`_after` follows
the quotes as the csv module will, until the cell closes; they are then given to it as one
string. So the module never builds a cell larger than the limit, and a row found unclosed is
abandoned before it is built. The lines of an abandoned row are read again once: a line inside
an open quoted cell has its quotes in pairs (``""``), and such a line read on its own is a row
ending on that line, so reading again never swallows those lines a second time (linear time).
"""
from __future__ import annotations

import csv
import sys
from collections import deque
from collections.abc import Iterator

from .limits import too_large
from .lines import Lines
from .source import replace_nuls

# Article bodies are long: lift the csv module's 128 KiB field limit (rows are bounded here).
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: A quoted cell spanning more line breaks than this is taken for a quote that is never closed
#: (an article body in a cell has hundreds of lines, not ten thousand).
MAX_QUOTED_LINES = 10_000
UNCLOSED = "unclosed quote"
_END = object()


#: What :func:`_after` finds at the end of a line read inside a quoted cell.
OPEN, CLOSED, STRAY = "open", "closed", "stray"


def _after(line: str, delimiter: str) -> str:
    """Whether the csv module (default dialect), starting ``line`` inside a quoted cell (a row's
    line after the first), is still inside one at its end (:data:`OPEN`) or not (:data:`CLOSED`);
    :data:`STRAY` when a closing quote on it is followed by anything but a delimiter or the line
    end, which a well-formed file never has (the csv module keeps it as text): the sign of a cell
    that opened a quote and never closed it, whose quote is now met by the opening quote of a
    later row's cell (``2,"The minister ...``).

    A ``""`` pair never changes that state (inside a cell it is a quote; outside one, an empty
    quoted cell or two literal quotes), so pairs are dropped; then a cell's first quote closes
    it, and the next quote that opens a cell is one right after a delimiter (a quote anywhere
    else in an unquoted field is text). Two searches per quoted cell, whatever the line holds.
    """
    if line.count('"') == 2 * line.count('""'):
        return OPEN  # every quote in a pair: all quotes of the cell's text
    s = line.rstrip("\r\n").replace('""', "")
    opening, n = delimiter + '"', len(s)
    p = 0
    while True:
        closing = s.find('"', p) + 1
        if not closing:
            return OPEN
        if closing < n and s[closing] != delimiter:
            return STRAY
        p = s.find(opening, closing)
        if p < 0:
            return CLOSED
        p += 2


class Rows:
    """The rows of CSV ``lines`` (see the module docstring), numbered after ``lines_before``
    lines. After each row, :attr:`pos` is where it ends in ``lines`` and :attr:`nul` says
    whether NUL characters in it were replaced (by :func:`~.source.replace_nuls`)."""

    def __init__(self, lines: Lines, delimiter: str, max_bytes: int = 0, lines_before: int = 0):
        self.lines, self.delimiter, self.max_bytes = lines, delimiter, max_bytes
        self.source = iter(lines)
        self.pending: deque[tuple[str | None, int]] = deque()  # (line, pos after it) to read again
        self.lineno = self.first = lines_before  # the last line given out; the row's first line
        self.pos = self.first_pos = lines.pos
        self.size = 0
        self.in_row = self.nul = False
        self.bad: str | None = None

    def rows(self) -> Iterator[tuple[int, int, list[str] | str]]:
        """The rows; raises :class:`csv.Error` where the csv module gives up."""
        for cells in csv.reader(self._feed(), delimiter=self.delimiter):
            if self.bad:
                yield self.first, self.first, self.bad
                self.bad = None
            else:
                yield self.first, self.lineno, cells
            self.in_row = self.nul = False

    def _feed(self) -> Iterator[str]:
        """The lines for the csv module: a row's first line, then (when it ends in a quoted cell)
        the rest of the row as one string, once :meth:`_look_ahead` has found where it closes."""
        while True:
            if self.in_row:  # the row's last line ended in a quoted cell
                rest = self._look_ahead()
                if rest is None:
                    yield '"\n'  # closes the cell and the row, which rows() then skips
                    continue
                texts, ends = rest
                if not texts:
                    return  # the file ends on the row's only line: read as the csv module reads it
                self.lineno += len(texts)
                self.pos = ends[-1]
                text = "".join(texts)
                rest = texts = ends = None  # not held while the csv module reads the row
                if "\0" in text:
                    text, self.nul = replace_nuls(text), True
                yield text
                continue
            line, pos = self._next_line()
            if line is _END:
                return
            self.lineno += 1
            self.in_row, self.first, self.pos, self.first_pos = True, self.lineno, pos, pos
            if line is None:
                self.bad = too_large(self.max_bytes)
                yield "\n"
                continue
            self.size = len(line)
            if "\0" in line:
                line, self.nul = replace_nuls(line), True
            yield line

    def _next_line(self) -> tuple:
        """The next line and the position after it: one put back first, else the file's next
        (``_END`` at the end of the file)."""
        if self.pending:
            return self.pending.popleft()
        line = next(self.source, _END)
        return line, (self.lines.pos if line is not _END else None)

    def _look_ahead(self) -> tuple[list[str], list[int]] | None:
        """The lines up to where the open quoted cell closes, and the position after each (none
        when the file ends right after the row's only line); ``None`` when it never closes (then
        the row is abandoned: it is an unclosed quote, and its lines after the first are put back)."""
        pending, delimiter = self.pending, self.delimiter
        cap, max_breaks = self.max_bytes or sys.maxsize, MAX_QUOTED_LINES
        texts: list = []
        ends: list[int] = []
        size, breaks = self.size, 0
        while True:
            line, pos = self._next_line()
            if line is _END:
                break
            texts.append(line)
            ends.append(pos)
            breaks += 1
            if line is None or breaks > max_breaks:
                break
            size += len(line)
            if size > cap:
                break
            if '"' in line:
                state = _after(line, delimiter)
                if state == CLOSED:
                    self.size = size
                    return texts, ends
                if state == STRAY:
                    break
        if not texts:
            return texts, ends
        pending.extendleft(reversed(list(zip(texts, ends))))
        self.lineno, self.pos, self.bad = self.first, self.first_pos, UNCLOSED
        return None
