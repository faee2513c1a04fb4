"""Hostile markup brought within what libxml2 (lxml's parser, under trafilatura) reads to the end.

libxml2 does not fail on a hostile page, it stops where the trouble is: what follows is missing
from the tree and nobody is told, so the page is skipped as "no article text" or its text is cut.
It stops

* at the 256th level of nesting (200,000 nested ``<div>`` around the article, or 300 unclosed
  ``<font>``, or ``</span>`` end tags it ignores because a ``<div>`` is open above them);
* at "Buffer size limit exceeded" once it has read 10,000,000 bytes, if tokens megabytes long
  came before (a 40 MB attribute, a 12 MB ``<script>``, a run of long comments);
* at an ``</html>`` that is not the end (an advert's ``</body></html>``), or at a misplaced
  ``<html/>`` (which closes the element on top, there the root);

and it adds a tag's attributes in quadratic time (a million on one tag: hours).

:func:`bound_markup` rewrites a page in one linear pass that reads it as libxml2 will (see
:mod:`~citetrack.readers.htmltree`): attribute values are cut to :data:`MAX_ATTR_VALUE`
characters, inline scripts and styles to :data:`MAX_RAW_TEXT`, attributes past
:data:`MAX_ATTRS` on a tag are dropped, a start tag that would open an element deeper than
:data:`MAX_DEPTH` is dropped with its end tag, its content kept (from :data:`HARD_DEPTH` on also
the elements that shape text: paragraphs, lists, tables, headings), an ``</html>`` with more after
it is dropped and ``<html/>`` read as ``<html>``. A page within the bounds is returned unchanged
(the same string), so an ordinary page is read exactly as before. A page over 10 MB needs the
parser's limit lifted as well (:func:`is_large`).
"""
from __future__ import annotations

import re

from .htmltree import (CLOSED_BY, IN_BODY, RAW, ROOTS, VOID, OpenElements, declaration_end, raw_text_end,
                       scan_tag, script_state)

MAX_ATTR_VALUE = 100_000  # characters kept of one attribute value (a data: URI, a JSON blob)
MAX_ATTRS = 256           # attributes kept on one tag
MAX_RAW_TEXT = 1_000_000  # characters kept of an inline <script> or <style> (never article text)
MAX_DEPTH = 200           # open elements (html and body count) from which wrappers are not opened
HARD_DEPTH = 240          # ... and from which no element is (libxml2 stops at 256)
LARGE = 10_000_000        # bytes (UTF-8) from which libxml2 may stop with "Buffer size limit exceeded"

#: Elements that give text its shape: still opened from MAX_DEPTH to HARD_DEPTH.
_STRUCTURE = frozenset("article blockquote caption dd dl dt figcaption figure h1 h2 h3 h4 h5 h6 li ol p pre "
                       "table tbody td tfoot th thead tr ul".split())
#: Phrasing elements: a dropped one leaves nothing; any other leaves a space, so words stay apart.
_INLINE = frozenset("a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q s samp "
                    "small span strike strong sub sup time tt u var".split())
_SPECIAL = VOID | RAW.keys() | ROOTS
_CUT_RAW = frozenset(("script", "style"))


# A tag's start; for a start or end tag its name (2) and, in group 3, the rest of it in its common
# form (up to 64 attributes, names of letters and digits, values quoted or plain; 4 is the "/" of
# "/>"). A tag in any other form (a quote in a name, an unclosed quote) is read by scan_tag. (The
# regex engine keeps a frame per repetition of a group: hence the 64.)
_TOKEN = re.compile(r"""<(?:(/?)([A-Za-z][^\t\n\f\r />]*)"""
                    r"""((?:[\t\n\f\r ]+[A-Za-z_:][-A-Za-z0-9_:.]*"""
                    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+))?){0,64}"""
                    r"""[\t\n\f\r ]*(/?)>)?|!--|[!?/])""")
_NOT_BLANK = re.compile(r"[^\t\n\f\r ]")
_LONG_TAG = min(MAX_ATTR_VALUE, 2 * MAX_ATTRS)  # a tag this short cannot break either bound
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def bound_markup(markup: str) -> str:
    """``markup`` with its attributes and nesting within the bounds (see the module's doc).

    Returns ``markup`` itself when nothing is beyond them; the text between tags is kept as it is.
    """
    s = markup
    edits = _Rewrite(s)
    tree = OpenElements()
    stack, counts = tree.stack, tree.counts
    dropped: dict[str, int] = {}  # name -> start tags dropped whose end tag has not come yet
    names: dict[str, str] = {}    # a tag's name as written -> as libxml2 reads it
    search, closed_by, special, roots, long_tag, max_depth = (  # locals: this loop runs once per tag
        _TOKEN.search, CLOSED_BY.get, _SPECIAL, ROOTS, _LONG_TAG, MAX_DEPTH)
    html_end = None  # the span of an </html> not yet followed by anything
    pos = last = 0  # where to look for the next tag; where the text before it starts
    while m := search(s, pos):
        start = m.start()
        slash, written, rest, self_closing = m.group(1, 2, 3, 4)
        if html_end and (written or _NOT_BLANK.search(s, last, start)):  # libxml2 drops all after </html>
            edits.replace(*html_end, "")
            html_end = None
        if tree.mode != IN_BODY or not stack or stack[-1] == "head":  # text here may open html, head, body
            _text(tree, s, last, start)
        if written is None:  # a comment, doctype, <? or </ not followed by a letter
            pos = last = declaration_end(s, start)
            continue
        name = names.get(written)
        if name is None:  # libxml2 keeps 100 bytes of a name, ASCII letters in lower case
            name = names[written] = written[:100].translate(_ASCII_LOWER)
        end = m.end()
        if rest is None:
            scanned = scan_tag(s, end)
            if scanned is None:  # the page ends inside this tag
                break
            end, self_closing = scanned[0], scanned[1]
        replacement = _bounded_tag(s, start, m.end(2), end, bool(slash)) if end - start > long_tag else None
        if slash:
            if name == "html":  # kept only if nothing follows it (else it is dropped above)
                html_end, replacement = (start, end), None
            elif dropped and name in dropped:  # the end tag of a dropped element (and of the next ones)
                closed = 1 + _repeats(s, end, s[start:end], dropped[name] - 1)
                end += (end - start) * (closed - 1)
                dropped[name] -= closed
                if not dropped[name]:
                    del dropped[name]
                replacement = "" if name in _INLINE else " "
            elif stack and stack[-1] == name and name not in roots:
                counts[stack.pop()] -= 1
            else:
                depth = len(stack)
                tree.end(name)
                if len(stack) == depth and replacement is None and name not in roots:  # ignored, and so the
                    # same ones after it
                    end += (end - start) * _repeats(s, end, s[start:end])
        elif name in special:  # html, head, body, empty and raw-text elements: never deeper than one more
            if self_closing and name == "html" and len(stack) - tree.closes(name) <= 1:
                # "/>" closes the element on top, here the root: libxml2 would drop all after it
                replacement, self_closing = (replacement or s[start:end])[:-2] + ">", ""
            tree.start(name, bool(self_closing))
            if name in RAW and not self_closing:
                raw_end = raw_text_end(s, end, name)
                if replacement is not None:
                    edits.replace(start, end, replacement)
                    replacement = None
                if raw_end - end > MAX_RAW_TEXT and name in _CUT_RAW:
                    replacement, start = _cut_raw_text(s, end, name), end
                end = raw_end
        elif tree.mode == IN_BODY and stack and name not in closed_by(stack[-1], ()):  # the common case
            if self_closing:
                pass  # opened and closed at once
            elif len(stack) >= max_depth and _too_deep(len(stack), name):
                replacement, end = _drop(dropped, name, s, start, end)
            else:
                stack.append(name)
                counts[name] = counts.get(name, 0) + 1
        elif not self_closing and _too_deep(len(stack) - tree.closes(name), name):
            replacement, end = _drop(dropped, name, s, start, end)
        else:
            tree.start(name, bool(self_closing))
        if replacement is not None:
            edits.replace(start, end, replacement)
        pos = last = end
    if html_end and _NOT_BLANK.search(s, last):
        edits.replace(*html_end, "")
    return edits.result()


class _Rewrite:
    """The page with spans of it replaced, built as it is read, so that memory stays in
    proportion to the page however many tags are dropped."""

    __slots__ = ("s", "done", "pieces", "chunks", "changed")

    def __init__(self, s: str) -> None:
        self.s, self.done, self.pieces, self.chunks, self.changed = s, 0, [], [], False

    def replace(self, start: int, end: int, text: str) -> None:
        """Replace ``s[start:end]`` (after the spans replaced so far) with ``text``."""
        pieces = self.pieces
        self.changed = True
        if start > self.done:
            pieces.append(self.s[self.done:start])
        elif not text or (text == " " and pieces and pieces[-1] == " "):  # next to the last one: one space is enough
            self.done = end
            return
        if text:
            pieces.append(text)
        self.done = end
        if len(pieces) > 4096:
            self.chunks.append("".join(pieces))
            pieces.clear()

    def result(self) -> str:
        if not self.changed:
            return self.s
        return "".join(self.chunks + self.pieces + [self.s[self.done:]])


def _repeats(s: str, pos: int, tag: str, most: int = -1) -> int:
    """How many times ``tag`` repeats from ``pos`` (at most ``most`` if not -1), in C-speed steps."""
    count, chunk, k = 0, tag, 1
    width = len(tag)
    while (most < 0 or count + k <= most) and s.startswith(chunk, pos):  # 1, 2, 4 … at a time
        count, pos, chunk, k = count + k, pos + width * k, chunk + chunk, k * 2
    while k > 1:  # then 4, 2, 1
        k //= 2
        chunk = chunk[:width * k]
        if (most < 0 or count + k <= most) and s.startswith(chunk, pos):
            count, pos = count + k, pos + width * k
    return count


def _cut_raw_text(s: str, start: int, name: str) -> str:
    """The first MAX_RAW_TEXT characters of a script or style from ``start``, closed so that its
    end tag still ends it (a script cut inside ``<!--`` gets the ``-->``)."""
    kept = s[start:start + MAX_RAW_TEXT]
    return kept + "-->" if name == "script" and script_state(s, start, start + MAX_RAW_TEXT) else kept


def _too_deep(depth: int, name: str) -> bool:
    return depth >= (HARD_DEPTH if name in _STRUCTURE else MAX_DEPTH)


def _drop(dropped: dict[str, int], name: str, s: str, start: int, end: int) -> tuple[str, int]:
    """Drop the start tag ``s[start:end]`` and the same ones right after it (they would be dropped
    too): what replaces them (nothing or a space), and where they end."""
    n = 1 + _repeats(s, end, s[start:end])
    dropped[name] = dropped.get(name, 0) + n
    return "" if name in _INLINE else " ", end + (end - start) * (n - 1)


def _text(tree: OpenElements, s: str, start: int, end: int) -> None:
    """The text ``s[start:end]`` before a tag: not blank (or holding a lone "<"), it may open html, body."""
    if "<" in s[start:end] or _NOT_BLANK.search(s, start, end):
        tree.text()


def _bounded_tag(s: str, start: int, name_end: int, end: int, closing: bool) -> str | None:
    """The tag ``s[start:end]`` with its attributes within the bounds; None when it is within them."""
    scanned = scan_tag(s, name_end, keep=MAX_ATTRS + 1)
    if scanned is None:  # cannot be: the tag was read to its end
        return None
    _, self_closing, attrs = scanned
    if closing:  # libxml2 reads an end tag's attributes and ignores them
        return s[start:name_end] + ">" if attrs else None
    if len(attrs) <= MAX_ATTRS and all(v1 - v0 <= MAX_ATTR_VALUE for _, _, v0, v1, _ in attrs):
        return None
    parts = [s[start:name_end]]
    for a0, a1, v0, v1, quote in attrs[:MAX_ATTRS]:
        parts.append(s[a0:v0 + MAX_ATTR_VALUE] + quote if v1 - v0 > MAX_ATTR_VALUE else s[a0:a1])
    return " ".join(parts) + ("/>" if self_closing else ">")


def is_large(markup: str) -> bool:
    """Whether the page may reach libxml2's 10 MB buffer limit (it counts UTF-8 bytes)."""
    return len(markup) * 4 > LARGE and len(markup.encode("utf-8", "surrogatepass")) > LARGE
