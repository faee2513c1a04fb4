"""How libxml2 reads the tags of an HTML page, and which elements it has open after each one.

libxml2 (2.14, the parser inside lxml 6 and so under trafilatura) tokenizes HTML like a browser
but builds its tree with the older rules of its ``HTMLparser.c``: a start tag first closes the open
elements it ends (``<p>`` ends an open ``<p>``, ``<li>`` an ``<li>``), ``html``, ``head`` and
``body`` are implied and opened once, an end tag closes up to its element unless one of higher
priority is open above it (``</span>`` does not close an open ``<div>``; then it is ignored), and
``/>`` closes any element. :class:`OpenElements` follows that stack tag by tag, and the functions
below find where a tag, a comment or a script ends as libxml2 does, so that a page can be read
the way the parser will read it (see :mod:`citetrack.readers.htmlbounds`).

The tables are libxml2's (HTMLparser.c, MIT licence).
"""
from __future__ import annotations

import re
from itertools import repeat

#: Elements that are always empty: they are closed as soon as they are opened.
VOID = frozenset("area base basefont br col frame hr img input isindex link meta param".split())
SCRIPT, RAWTEXT, PLAINTEXT = 1, 2, 3
#: Elements whose content is text up to their end tag (to the page's end for ``plaintext``).
RAW = {"script": SCRIPT, "plaintext": PLAINTEXT,
       **dict.fromkeys(("style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"), RAWTEXT)}
#: An open element (key) that a start tag of one of the names (value) closes first.
CLOSED_BY = {old: frozenset(new.split()) for old, new in {
    "a": "a fieldset table td th",
    "address": "dd dl dt form li ul",
    "b": "center p td th",
    "big": "p",
    "caption": "col colgroup tbody tfoot thead tr",
    "col": "col colgroup tbody tfoot thead tr",
    "colgroup": "colgroup tbody tfoot thead tr",
    "dd": "dt",
    "dir": "dd dl dt form ul",
    "dl": "form li",
    "dt": "dd dl",
    "font": "center td th",
    "form": "form",
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "fieldset form li p table"),
    "head": "a abbr acronym address b bdo big blockquote body br center cite code dd dfn dir div dl dt em fieldset "
            "font form frameset h1 h2 h3 h4 h5 h6 hr i iframe img kbd li listing map menu ol p pre q s samp small "
            "span strike strong sub sup table tt u ul var xmp",
    "hr": "form",
    "i": "center p td th",
    "legend": "fieldset",
    "li": "li",
    "link": "body frameset",
    "listing": "dd dl dt fieldset form li table ul",
    "menu": "dd dl dt form ul",
    "ol": "form",
    "option": "optgroup option",
    "p": "address blockquote body caption center col colgroup dd dir div dl dt fieldset form frameset h1 h2 h3 h4 "
         "h5 h6 head hr li listing menu ol p pre table tbody td tfoot th title tr ul xmp",
    "pre": "dd dl dt fieldset form li table ul",
    "s": "p",
    "script": "noscript",
    "small": "p",
    "span": "td th",
    "strike": "p",
    "style": "body frameset",
    "tbody": "tbody tfoot",
    "td": "tbody td tfoot th tr",
    "tfoot": "tbody",
    "th": "tbody td tfoot th tr",
    "thead": "tbody tfoot",
    "title": "body frameset",
    "tr": "tbody tfoot tr",
    "tt": "p",
    "u": "p td th",
    "ul": "address form menu pre",
    "xmp": "dd dl dt fieldset form li table ul",
}.items()}
#: End-tag priorities (100 for the others): an end tag closes only elements of lower or equal priority.
PRIORITY = {"div": 150, "td": 160, "th": 160, "tr": 170, "thead": 180, "tbody": 180, "tfoot": 180, "table": 190,
            "head": 200, "body": 200, "html": 220}
ROOTS = frozenset(("html", "head", "body"))
_HEAD_CONTENT = frozenset("script style meta link title base".split())
_NOT_IN_BODY = frozenset(("noframes", "frame", "frameset"))
IN_HEAD, IN_BODY = 3, 10  # libxml2's insertion modes, once a head / a body has been opened


class OpenElements:
    """libxml2's stack of open elements (names), changed by each tag and each run of text.

    Only names are kept; ``len(stack)`` is the parser's depth (the document counts from ``html``).
    """

    __slots__ = ("stack", "counts", "mode", "ignored_roots")

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.counts: dict[str, int] = {}  # name -> how many are open
        self.mode = 0                     # IN_HEAD, IN_BODY once a head, a body was opened
        self.ignored_roots = 0            # misplaced html/head/body start tags, whose end tags are ignored

    def closes(self, name: str) -> int:
        """How many open elements a start tag ``name`` closes first (from the top)."""
        stack = self.stack
        k = 0
        while k < len(stack) and name in CLOSED_BY.get(stack[-1 - k], ()):
            k += 1
        return k

    def start(self, name: str, self_closing: bool) -> None:
        """A start tag (htmlParseStartTag, htmlParseElementInternal)."""
        self.pop(self.closes(name))
        self._imply(name)
        stack = self.stack
        if (name == "html" and stack) or (name == "head" and len(stack) != 1) or \
                (name == "body" and self.counts.get("body")):
            self.ignored_roots += 1  # misplaced: not opened (but "/>" still closes the open element)
        else:
            self.push(name)
        if stack and (self_closing or stack[-1] in VOID):
            self.pop(1)

    def end(self, name: str) -> None:
        """An end tag (htmlParseEndTag, htmlAutoCloseOnClose)."""
        if self.ignored_roots and name in ROOTS:
            self.ignored_roots -= 1
            return
        if not self.counts.get(name):
            return
        stack = self.stack
        i = len(stack) - 1 - stack[::-1].index(name)
        if max(map(PRIORITY.get, stack[i + 1:], repeat(100)), default=0) > PRIORITY.get(name, 100):
            return
        self.pop(len(stack) - i)

    def text(self) -> None:
        """Text that is not blank, read while no element, ``html`` or ``head`` is open (htmlStartCharData)."""
        if self.stack and self.stack[-1] == "head":
            self.pop(self.closes("p"))
        self._imply("p")

    def push(self, name: str) -> None:
        if name == "head" and self.mode < IN_HEAD:
            self.mode = IN_HEAD
        elif name == "body" and self.mode < IN_BODY:
            self.mode = IN_BODY
        self.stack.append(name)
        self.counts[name] = self.counts.get(name, 0) + 1

    def pop(self, k: int) -> None:
        stack, counts = self.stack, self.counts
        for _ in range(k):
            counts[stack.pop()] -= 1

    def _imply(self, name: str) -> None:
        """The ``html``, ``head`` or ``body`` a start tag or text implies (htmlCheckImplied)."""
        if name == "html":
            return
        if not self.stack:
            self.push("html")
        if name in ("body", "head"):
            return
        if len(self.stack) <= 1 and name in _HEAD_CONTENT:
            if self.mode < IN_HEAD:
                self.push("head")
        elif name not in _NOT_IN_BODY and self.mode < IN_BODY and \
                not self.counts.get("body") and not self.counts.get("head"):
            self.push("body")


# -- where things end ------------------------------------------------------------------------

# One step through a tag's attributes: its end (1: "/" of "/>"), a lone "/", or an attribute, whose
# value is in group 2, 3 or 4 (double-quoted, single-quoted, plain). The first character of a name
# may be anything, even "=" or a quote (as in libxml2).
_ATTRIBUTE = re.compile(r"""[\t\n\f\r ]*(?:(/?)>|/|[^\t\n\f\r />][^\t\n\f\r />=]*"""
                        r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|(?!["'])([^\t\n\f\r >]*)))?)""")
_EQUALS = re.compile(r"[\t\n\f\r ]*=")
# Up to 64 attributes in their common form, each ending where libxml2 ends it: skipped at once.
_PLAIN = re.compile(r"""(?:[\t\n\f\r ]+[A-Za-z_:][-A-Za-z0-9_:.]*"""
                    r"""(?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:"[^"]*"|'[^']*'|[^\t\n\f\r "'=<>`]+))?(?=[\t\n\f\r />])){1,64}""")
_BLANKS = re.compile(r"[\t\n\f\r ]*")
_COMMENT_END = re.compile(r"--!?>")
_SCRIPT_TURN = re.compile(r"<!--|-->|<(/?)script(?=[\t\n\f\r />])", re.I | re.A)  # ASCII case only, as libxml2
_RAW_END: dict[str, re.Pattern] = {}

#: One attribute: (start, end, value start, value end, quote); value start -1 when it has none.
Attribute = tuple[int, int, int, int, str]


def scan_tag(s: str, pos: int, keep: int = 0) -> tuple[int, bool, list[Attribute]] | None:
    """Read a tag's attributes from ``pos`` (just after its name) as libxml2 does.

    Returns where the tag ends, whether it ends in ``/>``, and its first ``keep`` attributes; None
    when the page ends inside the tag (libxml2 then drops the tag, and nothing follows it).
    """
    attrs: list[Attribute] = []
    match = _ATTRIBUTE.match
    n = len(s)
    while True:
        if len(attrs) >= keep and (plain := _PLAIN.match(s, pos)):
            pos = plain.end()
        m = match(s, pos)
        end = m.end()
        if m.group(1) is not None:
            return end, bool(m.group(1)), attrs
        if end >= n:
            return None
        i = m.lastindex  # the value's group, None for an attribute without value or a lone "/"
        if i is None:
            if s[end - 1] == "/":
                pos = end
                continue
            if _EQUALS.match(s, end):  # a value whose quote is never closed: the rest of the page
                return None
        if len(attrs) < keep:
            v0, v1 = (m.start(i), m.end(i)) if i else (-1, -1)
            attrs.append((_BLANKS.match(s, pos).end(), end, v0, v1, s[v0 - 1] if i in (2, 3) else ""))
        pos = end


def raw_text_end(s: str, pos: int, name: str) -> int:
    """Where the text of a raw-text element ``name`` (:data:`RAW`) that starts at ``pos`` ends: the
    ``<`` of its end tag, or ``len(s)``. In a script, ``<!--<script>`` hides the next ``</script>``."""
    mode = RAW[name]
    if mode == PLAINTEXT:
        return len(s)
    if mode == RAWTEXT:
        pattern = _RAW_END.get(name)
        if pattern is None:
            pattern = _RAW_END[name] = re.compile(f"</{name}(?=[\t\n\f\r />])", re.I | re.A)
        m = pattern.search(s, pos)
        return m.start() if m else len(s)
    return _script(s, pos, len(s))[0]


def script_state(s: str, start: int, end: int) -> int:
    """The state libxml2 is in after reading ``s[start:end]`` of a script: 0 unless in ``<!--`` (1) or
    in ``<!--<script>`` (2), where the next ``</script>`` does not end the script."""
    return _script(s, start, end)[1]


def _script(s: str, pos: int, stop: int) -> tuple[int, int]:
    """Where the script from ``pos`` ends (its ``</script`` or ``stop``), and the state there."""
    state = 0  # 0: script data, 1: escaped (after <!--), 2: double escaped (after <!--<script>)
    while True:
        m = _SCRIPT_TURN.search(s, pos, stop)
        if m is None:
            return stop, state
        token = m.group()
        if token == "<!--":
            state = state or 1
            pos = m.start() + 2  # so that "<!-->" is seen to close it again
        elif token == "-->":
            state, pos = 0, m.end()
        elif m.group(1):  # </script
            if state != 2:
                return m.start(), state
            state, pos = 1, m.end()
        else:  # <script
            state = 2 if state == 1 else state
            pos = m.end()


def declaration_end(s: str, start: int) -> int:
    """Where the comment, doctype, ``<?…>`` or ``</`` + not a letter at ``s[start]`` ends."""
    if s.startswith("<!--", start):
        if s.startswith(">", start + 4):
            return start + 5
        if s.startswith("->", start + 4):
            return start + 6
        m = _COMMENT_END.search(s, start + 4)
        return m.end() if m else len(s)
    if s.startswith("</", start):
        if start + 2 >= len(s):
            return len(s)
        if s[start + 2] == ">":
            return start + 3
    end = s.find(">", start)
    return end + 1 if end >= 0 else len(s)
