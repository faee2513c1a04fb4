"""The cue lexicon and the attribution rules, loaded from package data and compiled once.

``data/cues.toml`` holds word lists and regex fragments (the {MACROS}); ``data/rules.toml`` holds
the rule records. A rule template is a regex in which ``{NAME}`` expands to a macro and a plain
space means "any white space". See the header of ``rules.toml`` for the record fields.

Every compiled pattern is applied to a bounded window of text around one outlet mention, so the
cost per mention is bounded and the whole extraction stays linear in the article length.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from .errors import RuleError
from .models import KINDS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_MACRO = re.compile(r"\{([A-Z_]+)\}")
_RULE_FIELDS = {"id", "kind", "before", "after", "later", "not_before", "not_after", "bare", "shows", "where",
                "example", "counter"}
_TEMPLATE_FIELDS = ("before", "after", "later", "not_before", "not_after")


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
    bare: bool
    where: str
    shows: bool  # may bind "the show" / "the programme" (a programme named before)
    example: str
    counter: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The expanded macros (regex source by name) and the word lists they came from."""

    macros: dict[str, str]
    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def pattern(self, template: str, *, spaces: bool = True) -> str:
        return expand(template, self.macros, spaces=spaces)

    def compile(self, template: str, **kw) -> re.Pattern:
        return re.compile(self.pattern(template, **kw))


def word_alternation(words: Iterable[str], *, exact: bool = False) -> str:
    """A regex for any of ``words`` (longest first), on word boundaries.

    Words match as written and, unless ``exact``, also with a capital first letter (sentence
    starts: "According to"). Case is otherwise kept: "questions" the verb is not "Questions".
    """
    forms = {w.strip() for w in words if w.strip()}
    if not exact:
        forms |= {w[0].upper() + w[1:] for w in forms}
    alts = sorted(forms, key=lambda w: (-len(w), w))
    body = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in alts)
    return rf"(?<!\w)(?:{body})(?!\w)"


def expand(template: str, macros: dict[str, str], *, spaces: bool = True, _depth: int = 0) -> str:
    """Expand ``{MACRO}``s in a template; with ``spaces``, a plain space becomes ``\\s+``."""
    if _depth > 8:
        raise RuleError(f"macros nest too deeply in {template!r}")
    if spaces:
        template = template.replace(" ", r"\s+")

    def sub(m: re.Match) -> str:
        name = m.group(1)
        if name not in macros:
            raise RuleError(f"unknown macro {{{name}}} in template {template!r}; known: {', '.join(sorted(macros))}")
        return "(?:" + expand(macros[name], macros, spaces=False, _depth=_depth + 1) + ")"

    return _MACRO.sub(sub, template)


def _read_toml(name: str) -> dict:
    text = (resources.files("citetrack") / "data" / name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"citetrack/data/{name}: not valid TOML: {exc}") from None


def parse_lexicon(data: dict, source: str = "cues.toml") -> Lexicon:
    macros: dict[str, str] = {}
    lists: dict[str, frozenset[str]] = {}
    exact = set(data.get("case", {}).get("exact", []))
    for name, words in data.get("lists", {}).items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise RuleError(f"{source}: list {name} must be a list of strings")
        macros[name] = word_alternation(words, exact=name in exact)
        lists[name] = frozenset(words)
    for name, pattern in data.get("patterns", {}).items():
        if not isinstance(pattern, str):
            raise RuleError(f"{source}: pattern {name} must be a string")
        macros[name] = pattern
    lex = Lexicon(macros, lists)
    for name in macros:  # fail early on a broken fragment, naming it
        try:
            re.compile(lex.pattern("{" + name + "}"))
        except re.error as exc:
            raise RuleError(f"{source}: {name} is not a valid regex: {exc}") from None
    return lex


def parse_rules(data: dict, lex: Lexicon, source: str = "rules.toml") -> tuple[Rule, ...]:
    rules, ids = [], set()
    for n, raw in enumerate(data.get("rule", []), 1):
        where = f"{source}: rule #{n} ({raw.get('id', '?')})"
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
        compiled: dict[str, re.Pattern | None] = {}
        for key in _TEMPLATE_FIELDS:
            tpl = raw.get(key)
            if tpl is None:
                compiled[key] = None
                continue
            src = lex.pattern(tpl)
            if key in ("before", "not_before"):
                src = f"(?:{src})\\Z"
            try:
                compiled[key] = re.compile(src)
            except re.error as exc:
                raise RuleError(f"{where}: {key} is not a valid regex: {exc}") from None
        rules.append(Rule(
            id=raw["id"], kind=raw["kind"], bare=bool(raw.get("bare", False)), shows=bool(raw.get("shows", False)),
            where=raw.get("where", "any"), example=raw["example"], counter=tuple(raw.get("counter", ())),
            **compiled,
        ))
    return tuple(rules)


@dataclass(frozen=True, eq=False)
class RuleSet:
    lexicon: Lexicon
    rules: tuple[Rule, ...]

    def get(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


@lru_cache(maxsize=1)
def load_rules() -> RuleSet:
    """The packaged lexicon and rules, compiled (cached for the life of the process)."""
    lex = parse_lexicon(_read_toml("cues.toml"), "citetrack/data/cues.toml")
    return RuleSet(lex, parse_rules(_read_toml("rules.toml"), lex, "citetrack/data/rules.toml"))


def load_rules_file(path: Path) -> dict:
    """Read a user rules file (same format as ``data/rules.toml``)."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rules file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{path}: not valid TOML: {exc}") from None
