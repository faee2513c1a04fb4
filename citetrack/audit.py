"""A recall audit: where a cue frame has an outlet-like filler in its slot but no citation came out.

The probes (``data/probes.toml``) are cue frames with an open slot ("told X", "according to X",
"X's NAME said"). For every article the audit runs each probe over the text and keeps the places
where the slot holds a capitalised filler that no citation overlaps. Grouped by probe and filler
and sorted by count, the list shows the outlets and phrasings citetrack does not know yet: most
fillers are people and organisations (rightly not cited), and the ones that recur across articles
are worth a look (add the outlet with ``--outlets``, the verb or frame with ``--rules``).

Each probe is one bounded regex applied with ``finditer`` (no nested unbounded repetition), so an
audit is linear in the text like a scan.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Iterable, Iterator

from .errors import RuleError
from .mentions.matcher import case_ok
from .models import Article, Citation
from .outlets import Gazetteer, norm_name
from .rules import RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

#: The slot: one to six capitalised words (with "of", "the", "and" inside), or a call sign.
FILLER = r"(?P<filler>[A-Z][\w&.’'-]*(?:[ \t]+(?:(?:of|the|and|&|de|la)[ \t]+)?[A-Z0-9][\w&.’'-]*){0,5})"
_POSS_END = re.compile(r"(?:['’]s?|[.,])$")
_CALLSIGN = re.compile(r"^(?:[KW][A-Z]{2,3}-(?:TV|FM|AM|DT|LP|CD)|[A-Z]{2,5}(?:TV|FM))$")  # "WKOW-TV", "MUTV"
_STATION = re.compile(r"^[KW][A-Z]{3}$")
_BROADCAST_NEAR = re.compile(r"(?i:\b(?:station|stations|TV|television|radio|channel|affiliate|broadcaster|newscast)\b)")
EXAMPLES = 3


@dataclass(frozen=True)
class Probe:
    id: str
    pattern: re.Pattern
    outlet_like: bool


@dataclass
class Finding:
    """One (probe, filler) group of the audit."""

    probe: str
    filler: str
    count: int = 0
    articles: set[str] = field(default_factory=set)
    examples: list[tuple[str, int, str]] = field(default_factory=list)  # (article id, offset, sentence)

    def to_dict(self) -> dict:
        return {"probe": self.probe, "filler": self.filler, "count": self.count, "articles": len(self.articles),
                "examples": [{"article": a, "offset": o, "context": s} for a, o, s in self.examples]}


@lru_cache(maxsize=4)
def load_probes(ruleset: RuleSet) -> tuple[Probe, ...]:
    text = (resources.files("citetrack") / "data" / "probes.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    macros = dict(ruleset.lexicon.macros, FILLER=FILLER)
    from .lexicon import expand
    out = []
    for raw in data.get("probe", []):
        try:
            out.append(Probe(raw["id"], re.compile(expand(raw["pattern"], macros)), bool(raw.get("outlet_like", True))))
        except (KeyError, re.error) as exc:
            raise RuleError(f"citetrack/data/probes.toml: probe {raw.get('id', '?')}: {exc}") from None
    return tuple(out)


def _clean(filler: str) -> str:
    f = _POSS_END.sub("", filler.strip())
    if f[:4] in ("The ", "the "):
        f = f[4:]
    return " ".join(f.split())


def known_outlet(filler: str, gazetteer: Gazetteer):
    """The gazetteer outlet a filler names as written (case as the matcher wants it, not an
    ambiguous or short form: "Standard" is not the Evening Standard here), or None."""
    outlet = gazetteer.lookup(filler)
    if outlet is None:
        return None
    for name in outlet.names:
        if norm_name(name) == norm_name(filler) and name not in outlet.ambiguous and case_ok(name, filler, False):
            return outlet
    return None


def outlet_like(filler: str, gazetteer: Gazetteer, ruleset: RuleSet, context: str = "") -> bool:
    """Whether a filler looks like an outlet: a gazetteer name, a call sign (with a suffix, or with
    a broadcasting word in ``context``), or a name of two or more words ending in a head word or
    holding a descriptor ("Zorvian Courier", "Kresta Network")."""
    if known_outlet(filler, gazetteer) is not None:
        return True
    if _CALLSIGN.match(filler) or filler.lower().endswith((".com", ".org", ".net")):
        return True
    if _STATION.match(filler):
        return bool(_BROADCAST_NEAR.search(context))
    lex = ruleset.lexicon
    words = filler.split()
    if len(words) < 2:
        return False
    if words[-1] in lex.heads or " ".join(words[-2:]) in lex.heads:
        return True
    tails = {d.noun.lower() for d in lex.descriptors.entries if "tail" in d.flags or "name" in d.flags}
    return any(w.lower() in tails for w in words[1:])


def audit_article(article: Article, citations: list[Citation], gazetteer: Gazetteer, ruleset: RuleSet,
                  found: dict[tuple[str, str], Finding]) -> None:
    """Add the article's uncited probe fillers to ``found``."""
    text = article.text
    cited = sorted((c.start, c.end) for c in citations)
    company = {w.lower() for w in ruleset.lexicon.lists.get("NOT_NEWS", ())}
    titles = ruleset.lexicon.lists.get("TITLES", frozenset())
    not_names = ruleset.lexicon.lists.get("NOT_NAMES", frozenset())
    for probe in load_probes(ruleset):
        for m in probe.pattern.finditer(text):
            a, b = m.span("filler")
            if any(s < b and a < e for s, e in cited):
                continue
            filler = _clean(m.group("filler"))
            if not filler or filler.split()[0] in titles or filler in not_names or gazetteer.is_not_outlet(filler):
                continue
            if filler.split()[-1].rstrip(".").lower() in company:
                continue  # "Comdata Network Inc": a company
            if probe.outlet_like and not outlet_like(filler, gazetteer, ruleset, text[max(0, a - 120):b + 120]):
                continue
            known = known_outlet(filler, gazetteer)
            if known is not None and any(c.outlet_id == known.id and c.start < m.end() and m.start() < c.end
                                         for c in citations):
                continue  # "told the BBC's Focus on Africa programme": the outlet is cited there already
            key = (probe.id, known.name if known is not None else filler)
            f = found.get(key)
            if f is None:
                f = found[key] = Finding(*key)
            f.count += 1
            f.articles.add(article.id)
            if len(f.examples) < EXAMPLES:
                lo, hi = max(0, a - 120), min(len(text), b + 120)
                f.examples.append((article.id, a, " ".join((text[lo:a] + "[[" + text[a:b] + "]]" + text[b:hi]).split())))


def audit(pairs: Iterable[tuple[Article, list[Citation]]], gazetteer: Gazetteer, ruleset: RuleSet) -> list[Finding]:
    """The audit of articles with their citations: findings, most frequent first."""
    found: dict[tuple[str, str], Finding] = {}
    for article, cits in pairs:
        audit_article(article, cits, gazetteer, ruleset, found)
    return sorted(found.values(), key=lambda f: (-f.count, -len(f.articles), f.probe, norm_name(f.filler)))


def rows(findings: list[Finding]) -> Iterator[dict]:
    for f in findings:
        yield {"probe": f.probe, "filler": f.filler, "count": f.count, "articles": len(f.articles),
               "example": f.examples[0][2] if f.examples else "",
               "example_article": f.examples[0][0] if f.examples else ""}
