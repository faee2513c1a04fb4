"""Attribution rules: the records of ``data/rules.toml``, compiled once, and their interpreter.

A rule is a frame around one outlet mention: ``before`` must match the text just before the
mention (ending at it), ``after`` the text just after it (starting at it), ``later`` somewhere
after that in the sentence; ``not_before`` / ``not_after`` / ``not_later`` veto it. Templates
are regexes whose ``{MACROS}`` come from the cue lexicon (:mod:`citetrack.lexicon`) and in
which a plain space means "any white space". See the header of ``rules.toml`` for every field.

:meth:`Rule.match` is the only reader of these fields. Every compiled pattern is applied to a
bounded window of text around one mention, so the cost per mention is bounded and the whole
extraction stays linear in the article length.

Rules are layered like outlet files: ``load_rules(["my-rules.toml"])`` reads the packaged
lexicon and rules, then each file in turn; a file may add lexicon entries (``[verbs]``,
``[nouns]``, ``[roles]``, ``[descriptors]``, ``[lists]`` ...) and ``[[rule]]`` records. A rule
with an existing id replaces it in place; a new rule is tried before the packaged ones.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

from .errors import RuleError
from .memo import memo
from .lexicon import Lexicon, merge, parse_lexicon
from .models import KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

LEFT_WINDOW = 160  # characters before a mention a rule sees (the longest cue: "according to a report in the ...")
RIGHT_WINDOW = 260  # characters after it (an appositive may stand between outlet and verb)

_RULE_FIELDS = {"id", "kind", "before", "after", "later", "not_before", "not_after", "not_later", "bare", "shows",
                "where", "sentence_start", "mid_line", "example", "counter"}
_TEMPLATE_FIELDS = ("before", "after", "later", "not_before", "not_after", "not_later")


@dataclass(frozen=True, slots=True)
class Window:
    """What a rule sees of one mention: the sentence's text before it and after it (after any
    descriptor that follows the name: "ITV television station"), and where it stands."""

    left: str
    right: str
    at_sentence_start: bool  # ``left`` begins at the sentence's start
    in_title: bool  # the mention is in the article's headline
    weak: bool  # an ambiguous name with no determiner or descriptor: only "bare" rules bind it
    show: bool  # a back-reference to a programme ("the show")
    credit_only: bool = False  # a name valid only in a credit ("EPA"): only credit frames bind it
    ambiguous: bool = False  # a name that is also an ordinary word or another body's name ("AA", "Sun")
    text: str = ""  # the article's text and where the sentence starts in it (for ``mid_line``)
    sentence: int = 0

    @property
    def mid_line(self) -> bool:
        """Whether the sentence starts after other text on its line (a caption's last words)."""
        pos, text = self.sentence, self.text
        line = text.rfind("\n", max(0, pos - 400), pos)
        return bool(text[line + 1 if line >= 0 else max(0, pos - 400):pos].strip())


#: What rules a rule out before any of its patterns is tried, as :meth:`Rule.match` tests first:
#: (a property of the mention's window, or of how it is tried, and whether it rules out a rule).
#: The rule filter skips these rules without calling ``match`` (``prefilter.window_flags``); a
#: test holds this table to ``Rule.match``'s own first checks.
VETOES: tuple[tuple[str, "Callable[[Rule], bool]"], ...] = (
    ("weak", lambda r: not r.bare),  # an ambiguous name with no context: only bare frames
    ("show", lambda r: not r.shows),  # "the show": only frames that may bind a programme
    ("credit_only", lambda r: r.kind != "credit"),  # a name valid only in a credit ("EPA")
    ("not_in_title", lambda r: r.where == "title"),  # headline frames, elsewhere
    ("not_at_sentence_start", lambda r: r.sentence_start),  # the window does not reach the sentence's start
    ("cue_before", lambda r: r.before is None),  # tried again for a cue before the name (extract._first_match)
)


@dataclass(frozen=True, slots=True)
class RuleMatch:
    """A rule that matched: its cue words (as they stand, white space normalised) and the
    journalist the frame names, if any ("BBC correspondent Simon Hall said" -> "Simon Hall")."""

    rule: "Rule"
    cue: str
    person: str | None = None
    #: where the person stands: ("left", start, end) in ``Window.left`` or ("right", ...) in ``Window.right``
    person_at: tuple[str, int, int] | None = None
    #: where the ``before`` template's match starts in ``Window.left`` (the cue's first word), if any
    left_at: int | None = None


@dataclass(frozen=True)
class Rule:
    """One compiled attribution rule (see ``data/rules.toml`` for what each field means)."""

    id: str
    kind: str
    before: re.Pattern | None
    after: re.Pattern | None
    later: re.Pattern | None
    not_before: re.Pattern | None
    not_after: re.Pattern | None
    not_later: re.Pattern | None
    bare: bool
    where: str
    shows: bool  # may bind "the show" / "the programme" (a programme named before)
    sentence_start: bool  # ``before`` must reach back to the start of the sentence
    mid_line: bool  # the sentence must not begin its line
    example: str
    counter: tuple[str, ...]
    templates: tuple[tuple[str, str], ...] = ()  # (field, template as written), for the prefilter

    def template(self, key: str) -> str | None:
        return next((t for k, t in self.templates if k == key), None)

    def match(self, w: Window, starts: list[int] | None = None) -> RuleMatch | None:
        """Whether this frame binds the mention seen through ``w``, and with which cue. ``starts``:
        the only offsets in ``w.left`` where the ``before`` match can start (from the prefilter:
        the same result as a search, found faster); None searches the whole left window."""
        # the first checks: what VETOES says (the rule filter skips these rules without calling this)
        if w.weak and not self.bare:
            return None
        if w.show and not self.shows:
            return None
        if w.credit_only and self.kind != "credit":
            return None
        if self.where == "title" and not w.in_title:
            return None
        if self.sentence_start and not w.at_sentence_start:
            return None
        cue: list[str] = []
        person = None
        left_at = None
        if self.before is not None:
            if starts is None:
                b = self.before.search(w.left)
            else:
                b = None
                for s in starts:
                    b = self.before.match(w.left, s)
                    if b:
                        break
            if not b:
                return None
            if (w.weak or w.ambiguous) and _CONJOINED.search(b.group(0)):
                # "rated A-2 by Moody's and AA": an ambiguous name reached through a coordination
                # ({COORD}) with whatever stands before it; two outlets share a cue another way
                # (extract._coordinate: "according to Reuters and AFP")
                return None
            cue.append(b.group(0))
            person = _person(b, "left")
            left_at = b.start()
        pos = 0
        if self.after is not None:
            a = self.after.match(w.right)
            if not a:
                return None
            cue.append(a.group(0))
            pos = a.end()
            person = person or _person(a, "right")
        if self.not_after is not None and self.not_after.match(w.right):
            return None
        if self.later is not None:
            lm = self.later.search(w.right[pos:] if pos else w.right)  # "^" in `later`: right after `after`
            if not lm:
                return None
            cue.append(lm.group(0))
        # the searches for what must not be there come after every anchored match (most rules
        # tried fail there): every check must pass, so their order changes no answer
        if self.not_before is not None and self.not_before.search(w.left):
            return None
        if self.not_later is not None and self.not_later.search(w.right):
            return None
        if self.mid_line and not w.mid_line:  # last: the only check that looks outside the sentence
            return None
        cue_text = " … ".join(" ".join(c.split()) for c in cue if c.strip())
        if person is None:
            return RuleMatch(self, cue_text, left_at=left_at)
        return RuleMatch(self, cue_text, " ".join(person[0].split()), person[1], left_at)


#: The end of a ``before`` match that reached the mention through a coordination ("… and ").
_CONJOINED = re.compile(r"(?:\band|\bor|&)\s+[“\"‘\x27]{0,2}\Z", re.I)


def _person(m: re.Match, side: str) -> tuple[str, tuple[str, int, int]] | None:
    if "person" in m.re.groupindex and m.group("person"):
        return m.group("person"), (side, m.start("person"), m.end("person"))
    return None


def parse_rules(data: dict, lex: Lexicon, source: str = "rules.toml") -> tuple[Rule, ...]:
    rules, ids = [], set()
    for n, raw in enumerate(data.get("rule", []), 1):
        where = f"{source}: rule #{n} ({raw.get('id', '?')})"
        if not isinstance(raw, dict):
            raise RuleError(f"{where}: each [[rule]] must be a table")
        unknown = set(raw) - _RULE_FIELDS
        if unknown:
            raise RuleError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for key in ("id", "kind", "example"):
            if not isinstance(raw.get(key), str) or not raw[key]:
                raise RuleError(f"{where}: field {key!r} is required")
        if raw["id"] in ids:
            raise RuleError(f"{where}: duplicate id")
        ids.add(raw["id"])
        if raw["kind"] not in KINDS:
            raise RuleError(f"{where}: kind must be one of {', '.join(KINDS)}")
        if raw.get("where", "any") not in ("any", "title"):
            raise RuleError(f"{where}: 'where' must be \"any\" or \"title\"")
        if not any(raw.get(k) for k in ("before", "after")):
            raise RuleError(f"{where}: needs a 'before' or an 'after' template")
        start = bool(raw.get("sentence_start", False))
        compiled: dict[str, re.Pattern | None] = {}
        for key in _TEMPLATE_FIELDS:
            tpl = raw.get(key)
            if tpl is None:
                compiled[key] = None
                continue
            try:
                src = lex.pattern(tpl)
            except RuleError as exc:
                raise RuleError(f"{where}: {exc}") from None
            if key == "before" and start:
                src = f"^(?:{src})"
            if key in ("before", "not_before"):
                src = f"(?:{src})\\Z"
            try:
                compiled[key] = re.compile(src)
            except re.error as exc:
                raise RuleError(f"{where}: {key} is not a valid regex: {exc}") from None
        rules.append(Rule(
            id=raw["id"], kind=raw["kind"], bare=bool(raw.get("bare", False)), shows=bool(raw.get("shows", False)),
            where=raw.get("where", "any"), sentence_start=start, mid_line=bool(raw.get("mid_line", False)),
            example=raw["example"],
            counter=tuple(raw.get("counter", ())),
            templates=tuple((k, raw[k]) for k in _TEMPLATE_FIELDS if isinstance(raw.get(k), str)), **compiled,
        ))
    return tuple(rules)


@dataclass(frozen=True, eq=False)
class RuleSet:
    lexicon: Lexicon
    rules: tuple[Rule, ...]
    files: tuple[Path, ...] = ()  # user rule files layered over the packaged ones

    def first_match(self, w: Window, rules: Iterable[Rule] | None = None) -> RuleMatch | None:
        """The first rule (of ``rules``, in rule-set order) that binds the mention."""
        for rule in self.rules if rules is None else rules:
            m = rule.match(w)
            if m is not None:
                return m
        return None


def _read_toml(name: str) -> dict:
    text = (resources.files("citetrack") / "data" / name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"citetrack/data/{name}: not valid TOML: {exc}") from None


def read_rules_file(path: Path | str) -> dict:
    """A user rules file (lexicon tables and/or ``[[rule]]`` records, as in the packaged files)."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rules file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None


def load_rules(files: Iterable[Path | str] = ()) -> RuleSet:
    """The packaged lexicon and rules with ``files`` layered on top, compiled (cached)."""
    return _load(tuple(Path(f) for f in files))


def remember_rules(files: Iterable[Path | str], ruleset: RuleSet) -> None:
    """Make :func:`load_rules` of ``files`` return ``ruleset`` (one the start cache loaded)."""
    _load.seed(ruleset, tuple(Path(f) for f in files))


def rules_loaded(files: Iterable[Path | str] = ()) -> bool:
    """Whether this process holds the rules of ``files`` already."""
    return _load.cached(tuple(Path(f) for f in files))


@memo(maxsize=8)
def _load(files: tuple[Path, ...]) -> RuleSet:
    cues = _read_toml("cues.toml")
    rule_data = _read_toml("rules.toml")
    user = [(f, read_rules_file(f)) for f in files]
    for path, data in user:
        cues = merge(cues, data, str(path))
    lex = parse_lexicon(cues, "citetrack/data/cues.toml" + "".join(f" + {p}" for p, _ in user))
    rules = list(parse_rules(rule_data, lex, "citetrack/data/rules.toml"))
    for path, data in user:
        added = parse_rules({"rule": data.get("rule", [])}, lex, str(path))
        position = {r.id: i for i, r in enumerate(rules)}
        new = []
        for r in added:
            if r.id in position:
                rules[position[r.id]] = r
            else:
                new.append(r)
        rules = new + rules
    return RuleSet(lex, tuple(rules), files)


__all__ = ["Rule", "RuleMatch", "RuleSet", "Window", "load_rules", "parse_rules", "parse_lexicon", "read_rules_file"]
