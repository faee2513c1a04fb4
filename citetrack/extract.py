"""Article -> citations: bind each outlet mention to an attribution rule, with its evidence.

For every candidate mention (:mod:`citetrack.mentions`) the rules of ``data/rules.toml`` are
tried in order on the mention's sentence; the first that matches makes a :class:`Citation`.
Mentions joined to a cited one by "and" / "or" / a comma share its attribution
("reported by CNN and the New York Times"). The same outlet named twice in one attribution
("CBS's Face the Nation") is one citation.
"""
from __future__ import annotations

import re
from bisect import bisect_right

from .automaton import Budget, counting_refusals, lowered
from .memo import derived
from .mentions import PROGRAMME_HEADS, Form, Mention, anchorable, find_mentions_skipping
from .models import Article, Citation, Outlet
from .outlets import Gazetteer, load_gazetteer
from .prefilter import Occurrences, rule_filter, window_flags
from .rules import LEFT_WINDOW, RIGHT_WINDOW, RuleMatch, RuleSet, Window, load_rules
from .sentences import SentenceIndex

SENTENCE_MAX = 3000  # characters of sentence kept as evidence (longer ones are cut around the mention)
QUOTE_REACH = 4000  # characters before and after a mention searched for its quotation
SPEAKER_REACH = 1000  # characters before an interview mention searched for the speaker
# Mentions the rules are tried on: 64 at once, then one per 50 characters (see automaton.Budget).
# The corpora's densest stretches hold 15 mentions in 1,000 characters, 29 in 5,000 and 45 in
# 10,000 (allowed: 84, 164, 264), far below one per 50 characters over any length.
RULE_BURST, RULE_EVERY = 64, 50

#: What joins two coordinated mentions that share an attribution ("CNN and Fox News reported"),
#: also after a journalist of the first ("POLITICO senior writer Jane Roe and Washington Post ...")
#: and before a descriptor of the second ("Reuters and the television news agency Visnews").
_COORD_LEFT = (r"(?:['’]s)?(?:\s+(?:[a-z][\w-]*\s+){1,3}[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})?"
               r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*|\s+as\s+well\s+as\s+|\s*/\s*)(?:(?i:the)\s+)?")


@derived("rules")
def _coord(rs: RuleSet) -> re.Pattern:
    return re.compile(_COORD_LEFT + r"(?:(?:[\w-]+\s+){0,2}?(?:" + rs.lexicon.macros["DESCRIPTOR"] + r")\s+)?\Z")


_SAME_ATTRIBUTION = re.compile(
    r"\A(?:['’]s?)?\s*(?:(?i:the|news|tv|television|radio|program|programme|show|network|channel|station)\s+)*[“\"‘']{0,2}\s*\Z")
_QUOTE = re.compile(r"“([^“”]{3,2000})”|\"([^\"\n]{3,1500})\"")
_SPEAKER_CUT = re.compile(r"[”\"]\s*[,.!?]?\s*|[;:—–]\s+(?=[A-Za-z])")
_LEAD_WORDS = re.compile(r"^(?:(?:and|but|so|however|meanwhile|also|earlier|later|then|yet|instead)\b[,\s]*)+", re.I)
#: What may stand before a cue at the start of a sentence without being its subject ("In an", "During a").
_OPENING = re.compile(r"(?i:(?:(?:in|during|on|at|after|before|asked|speaking|talking|according|answering|responding|replying|when|while|once|if|upon|though|although)"
                      r"(?:\s+[\w’'-]+){0,4})?)")
_COPULA = re.compile(r"\s(?:is|was|were|are|been|seemed|seems|looked|appeared)\s")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "who", "which", "that"}


def extract(
    article: Article | str,
    gazetteer: Gazetteer | None = None,
    *,
    ruleset: RuleSet | None = None,
    unknown_outlets: bool = True,
    publisher: Outlet | None = None,
) -> list[Citation]:
    """Every outlet citation in one article (or a plain string), in text order. ``publisher``: the
    article's own outlet, if known ("the Times said" in a New York Times story is that paper)."""
    return extract_counted(article, gazetteer, ruleset=ruleset, unknown_outlets=unknown_outlets, publisher=publisher)[0]


def extract_counted(
    article: Article | str,
    gazetteer: Gazetteer | None = None,
    *,
    ruleset: RuleSet | None = None,
    unknown_outlets: bool = True,
    publisher: Outlet | None = None,
) -> tuple[list[Citation], int]:
    """:func:`extract`, and how many candidates (names, cue words, mentions) were not looked at
    because the text is denser with them than any prose (see :class:`~citetrack.automaton.Budget`):
    when that is not 0, the article's citations may be incomplete."""
    with counting_refusals() as refused:
        citations, keep = _extract(article, gazetteer, ruleset=ruleset, unknown_outlets=unknown_outlets,
                                   publisher=publisher)
    if keep:  # a cited name next to names that were skipped: look at all of them there, once more
        with counting_refusals() as refused:
            citations, _ = _extract(article, gazetteer, ruleset=ruleset, unknown_outlets=unknown_outlets,
                                    publisher=publisher, keep=keep)
    return citations, refused[0]


def _extract(
    article: Article | str,
    gazetteer: Gazetteer | None,
    *,
    ruleset: RuleSet | None,
    unknown_outlets: bool,
    publisher: Outlet | None = None,
    keep: list[tuple[int, int]] = (),
) -> tuple[list[Citation], list[tuple[int, int]]]:
    """The citations, and where to look again: the stretches of the sentences of cited names that
    the mention finders skipped next to them (names in text dense with them, far from every cue,
    that a list may join to a cited one: "reported by CNN, ..., and Reuters"). ``keep``: stretches
    not to skip."""
    if isinstance(article, str):
        article = Article(file="", id="", text=article)
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    rs = ruleset if ruleset is not None else load_rules()
    text = article.text
    mentions, skipped = find_mentions_skipping(text, gaz, rs, unknown=unknown_outlets, publisher=publisher, keep=keep)
    if not mentions:
        return [], []
    sents = SentenceIndex(text)
    low = lowered(text)
    if low is not None:  # the rules' literals are looked for only in the windows the rules see
        near = rule_filter(rs).occurrences(low, _windows(mentions, len(text)))
    else:
        near = None
    hits: list[tuple[Mention, RuleMatch | None, tuple[int, int]]] = []
    budget = Budget(RULE_BURST, RULE_EVERY)
    cited_weak: dict[str, str] = {}  # outlet id -> the ambiguous word a tight cue cited it by
    blocked: dict[str, bool] = {}
    for m in mentions:
        if not budget.take(m.start):
            continue  # a wall of mentions (hostile text): only so many are tried per character
        sent = sents.around(m.start)
        if m.weak and m.outlet is not None and cited_weak.get(m.outlet.id) == text[m.start:m.end] \
                and anchorable(m, text, mentions, blocked):
            m.weak = False  # "Bloomberg reported ... Bloomberg said": the word is the outlet here
        match = _first_match(rs, text, m, sent, in_title=_in_title(text, sent), near=near)
        if match is not None and m.weak and m.outlet is not None and match.rule.kind != "credit":
            cited_weak.setdefault(m.outlet.id, text[m.start:m.end])
        if match is not None and match.person_at is not None and _person_is_outlet(match, m, sent, text, mentions):
            match = None  # "NBC affiliate WXYZ reported": the name slot holds another outlet
        hits.append((m, match, sent))
    hits = _coordinate(hits, text, _coord(rs))
    hits = _drop_owners(hits, text, _owner(rs))
    again = _joined_to_skipped(hits, skipped, text, _affiliate(rs)) if skipped and not keep else []
    if again:
        return [], again
    out: list[Citation] = []
    prev: tuple[Mention, Citation] | None = None
    for m, match, sent in hits:
        if match is None:
            continue
        if prev and prev[1].outlet_id == m.outlet.id and _SAME_ATTRIBUTION.match(text[prev[0].end:m.start]):
            continue  # "CBS's Face the Nation": one attribution
        c = _citation(article, text, m, match, sent, rs)
        out.append(c)
        prev = (m, c)
    return out, []


#: How far from a cited name its sentence is looked at again when names next to it were skipped
#: (a list of outlets joined to it: a hundred names).
LIST_REACH = 8192
_JOINT = re.compile(r"[,&/]|\b(?i:and|or|as well as)\b")


@derived("rules")
def _affiliate(rs: RuleSet) -> re.Pattern:
    return re.compile(r"(?:['’]s)?\s+(?:" + rs.lexicon.macros["AFFILIATE"] + r")(?![\w-])")


def _joined_to_skipped(hits: list, skipped: list[tuple[int, int]], text: str, owner: re.Pattern) -> list[tuple[int, int]]:
    """Stretches of the sentences of cited names where skipped names may be joined to them: a list
    ("CNN, BBC and Reuters reported") or an affiliate ("told CNN affiliate KTLA") within the 80
    characters a coordination spans, across a skipped stretch."""
    starts = [a for a, _ in skipped]

    def skips(lo: int, hi: int) -> bool:
        i = bisect_right(starts, hi) - 1
        return i >= 0 and skipped[i][1] > lo if lo < hi else False

    out = []
    for m, match, sent in hits:
        if match is None:
            continue
        before = (max(sent[0], m.start - 80), m.start)
        after = (max(m.end, m.tail), min(sent[1], max(m.end, m.tail) + 80))
        joined = [(a, b) for a, b in (before, after) if skips(a, b) and _JOINT.search(text, a, b)]
        if not joined and skips(*after) and owner.match(text, m.end, after[1]):
            joined = [after]
        if joined:
            out.append((max(sent[0], m.start - LIST_REACH), min(sent[1], m.end + LIST_REACH)))
    out.sort()
    merged: list[tuple[int, int]] = []
    for a, b in out:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _in_title(text: str, sent: tuple[int, int]) -> bool:
    """Whether a sentence is the headline: the first sentence, when it starts the text and a line
    break ends it."""
    return sent[0] == 0 and bool(text) and not text[0].isspace() and "\n" in text[sent[1]:sent[1] + 3]


def _windows(mentions: list[Mention], n: int) -> list[tuple[int, int]]:
    """The text the rules may look at around the mentions, as disjoint spans in order."""
    out: list[tuple[int, int]] = []
    for m in mentions:
        lo, hi = max(0, m.start - LEFT_WINDOW), min(n, max(m.end, m.tail) + RIGHT_WINDOW)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _first_match(rs: RuleSet, text: str, m: Mention, sent: tuple[int, int], *, in_title: bool,
                 near: Occurrences | None = None) -> RuleMatch | None:
    """The first frame that binds mention ``m`` in its sentence (the interpreter is Rule.match).
    Frames see the words after a descriptor that follows the name ("ITV television station said");
    when that descriptor is also a verb of the subject frames ("a poll by the Los Angeles Times
    shows Clinton ahead": "shows" is no programme there) and no frame binds the name with it, the
    frames with a cue before the name are tried once more with the word as the verb after it
    (not the subject frames, which would read "the CSI TV shows, experts say" as a finding)."""
    match = _match_from(rs, text, m, sent, max(m.end, m.tail), in_title=in_title, near=near)
    if match is None and m.tail > m.end and text[m.end:m.tail].strip() in _tail_verbs(rs):
        match = _match_from(rs, text, m, sent, m.end, in_title=in_title, near=near, cue_before=True)
    return match


@derived("rules")
def _tail_verbs(rs: RuleSet) -> frozenset[str]:
    """Descriptors that may follow a name and are also present forms of a subject verb ("shows", and
    "show" after plural findings: "polls conducted for the AP show")."""
    lex = rs.lexicon
    tails = lex.words.get("DESC_TAIL", frozenset())
    return frozenset(tails & (lex.words.get("V_SUBJECT_FINITE", frozenset()) | lex.words.get("V_SUBJECT_BASE", frozenset())))


def _match_from(rs: RuleSet, text: str, m: Mention, sent: tuple[int, int], after: int, *, in_title: bool,
                near: Occurrences | None, cue_before: bool = False) -> RuleMatch | None:
    s_start, s_end = sent
    lo, hi = max(s_start, m.start - LEFT_WINDOW), min(s_end, after + RIGHT_WINDOW)
    # Markdown emphasis around a name ("**The Journal** reported") is not part of the sentence
    window = Window(
        left=text[lo:m.start].rstrip("*_"), right=text[after:hi].lstrip("*_"),
        at_sentence_start=m.start - LEFT_WINDOW <= s_start, in_title=in_title, weak=m.weak,
        show=m.form is Form.ANAPHOR and m.head in PROGRAMME_HEADS, credit_only=m.credit_only, text=text,
        sentence=s_start, ambiguous=m.ambiguous)
    # not the rules the window's own properties rule out (rules.VETOES), and in text dense with
    # names, only the rules whose cues are within reach (exact: see reach)
    flags = window_flags(window.weak, window.show, window.credit_only, in_title, window.at_sentence_start, cue_before)
    if near is None:  # a text whose literals are not looked for (see automaton.lowered): every rule left
        rfilter = rule_filter(rs)
        allowed = rfilter.allowed(m.rules, flags)
        return rs.first_match(window, None if allowed is None else rfilter.rules_in(allowed))
    # of those, only rules whose literal cue words occur in the windows (exact: see prefilter)
    for rule, starts in near.candidates(lo, m.start, after, hi, m.rules, flags):
        match = rule.match(window, starts)
        if match is not None:
            return match
    return None


def _person_is_outlet(match: RuleMatch, m: Mention, sent: tuple[int, int], text: str, mentions: list[Mention]) -> bool:
    side, a, b = match.person_at
    if side == "left":
        base = max(sent[0], m.start - LEFT_WINDOW)
    else:
        base = max(m.end, m.tail)
    lo, hi = base + a, base + b
    return any(o is not m and o.start < hi and lo < o.end for o in mentions)


def _coordinate(hits: list, text: str, joint: re.Pattern) -> list:
    """Share an attribution across coordinated mentions in one sentence ("CNN and Fox News reported")."""
    for order in (range(1, len(hits)), range(len(hits) - 2, -1, -1)):
        for i in order:
            j = i - 1 if order.step == 1 else i + 1
            m, match, sent = hits[i]
            om, omatch, osent = hits[j]
            if match is not None or omatch is None or sent != osent or (m.weak and not omatch.rule.bare):
                continue  # a weak name ("the West") takes only what a bare frame would give it
            a, b = (om, m) if j < i else (m, om)
            if b.start - a.end < 80 and joint.match(text[a.end:b.start]):
                hits[i] = (m, omatch, sent)
    return hits


@derived("rules")
def _owner(rs: RuleSet) -> re.Pattern:
    return re.compile(r"(?:['’]s)?\s+(?:" + rs.lexicon.macros["AFFILIATE"] + r")(?![\w-])[^.;:!?]{0,40}\Z")


def _drop_owners(hits: list, text: str, owner: re.Pattern) -> list:
    """A network named before its cited affiliate is not cited itself: "told CNN affiliate KTLA",
    "the NBC affiliate in Phoenix, KPNX, reported" cite the station only."""
    for i in range(len(hits) - 1):
        m, match, sent = hits[i]
        o, omatch, osent = hits[i + 1]
        if match is not None and omatch is not None and sent == osent and o.start - m.end < 60 \
                and owner.match(text, m.end, o.start):
            hits[i] = (m, None, sent)
    return hits


def _citation(article: Article, text: str, m: Mention, match: RuleMatch, sent: tuple[int, int], rs: RuleSet) -> Citation:
    s_start, s_end = sent
    rule = match.rule
    quote = _quote(text, s_start, s_end, m.start)
    if match.person is not None:
        speaker = match.person  # the journalist or speaker the frame names
    elif rule.kind in ("interview", "no-comment"):  # the one who spoke, or declined to
        cue_at = None if match.left_at is None else max(s_start, m.start - LEFT_WINDOW) + match.left_at
        speaker = _speaker(text, s_start, m, cue_at, rs)
    else:
        speaker = None
    return Citation(
        file=article.file, article_id=article.id, outlet=m.outlet.name, outlet_id=m.outlet.id,
        known=m.outlet.known, mention=text[m.start:m.end], start=m.start, end=m.end, kind=rule.kind,
        cue=match.cue, rule=rule.id if m.form is not Form.ANAPHOR else f"{rule.id}+backref",
        sentence=_evidence(text, s_start, s_end, m), quote=quote, speaker=speaker,
        outlet_type=m.outlet.type or "unknown", outlet_country=m.outlet.country or "",
    )


@derived("rules")
def _speaker_verb(rs: RuleSet) -> re.Pattern:
    """A clause after the mention whose subject spoke ("In an interview with CNN, Senator Jane Roe
    said"): a name, then a verb of the lexicon's subject frames."""
    return re.compile(r"[^,.;]{0,80},\s+((?:[\w.’'-]+\s+){0,6}?[\w.’'-]+)\s+(?:"
                      + rs.lexicon.macros["V_SUBJECT_FINITE"] + r")")


@derived("rules")
def _finite_verb(rs: RuleSet) -> re.Pattern:
    """A speech verb inside the text before a cue: the speaker is the subject before it."""
    return re.compile(r"\s(?:" + rs.lexicon.macros["V_SUBJECT_FINITE"] + r")\b")


def _evidence(text: str, s_start: int, s_end: int, m: Mention) -> str:
    """The sentence, white space normalised; an overlong one (no sentence breaks for pages) is cut
    to SENTENCE_MAX characters around the mention, marked with "…", so the output stays linear."""
    if s_end - s_start <= SENTENCE_MAX:
        return " ".join(text[s_start:s_end].split())
    half = SENTENCE_MAX // 2
    lo, hi = max(s_start, m.start - half), min(s_end, m.end + half)
    return ("… " if lo > s_start else "") + " ".join(text[lo:hi].split()) + (" …" if hi < s_end else "")


def _quote(text: str, s_start: int, s_end: int, pos: int) -> str | None:
    """The quotation in (or ending in) the mention's sentence nearest the mention."""
    para = text.rfind("\n\n", max(0, s_start - 1502), s_start)  # bounded: lo is at most 1500 back anyway
    lo = max(para + 2 if para >= 0 else 0, s_start - 1500, pos - QUOTE_REACH)
    hi = min(s_end, pos + QUOTE_REACH)
    if text.find('"', lo, hi) < 0 and text.find("“", lo, hi) < 0:
        return None  # no quotation mark at all (a fast search): no need for the pattern
    best, dist = None, None
    # quotes are searched within QUOTE_REACH of the mention, so a long sentence costs no more
    for q in _QUOTE.finditer(text, lo, hi):
        if q.end() <= s_start:
            continue
        d = pos - q.end() if q.end() <= pos else q.start() - pos
        if d < 0:
            continue
        if dist is None or d < dist:
            best, dist = q, d
        if q.start() >= pos:
            break  # later quotes are farther away
    if best is None:
        return None
    return " ".join((best.group(1) or best.group(2)).split()).rstrip(",")


_RELATIVE = {"where", "who", "which", "when", "while", "as", "and", "but", "so", "that", "then", "because", "after"}
_ARTICLES = {"a", "an", "the"}
_ADVERBS = {"also", "later", "then", "again", "too", "still", "even", "once", "first", "earlier", "since", "now",
            "herself", "himself", "themselves", "previously", "recently", "separately", "reportedly",
            "did", "does", "do", "would", "will", "could", "can", "had", "has", "have", "may", "might"}


def _subject(clause: str) -> str:
    """The subject at the end of a clause before a verb: the last comma-separated part that is not
    an appositive ("Senator Jane Roe, a Democrat," -> "Senator Jane Roe"; "He flew back, where he"
    -> "he")."""
    parts = [p.strip() for p in clause.split(",") if p.strip()]
    for part in reversed(parts):
        words = part.split()
        while words and words[0].lower() in _RELATIVE:
            words = words[1:]
        if not words:
            continue
        if words[0] in _ARTICLES and len(parts) > 1:
            continue  # an appositive ("a Democrat"): the subject is before it
        while len(words) > 1 and (words[-1].lower() in _ADVERBS or words[-1].endswith("ly") and words[-1].islower()):
            words = words[:-1]  # "Feinstein also", "the senator later", "Roe repeatedly": the adverb is not the speaker
        return " ".join(words)
    return clause


def _speaker(text: str, s_start: int, m: Mention, cue_at: int | None, rs: RuleSet) -> str | None:
    """Who spoke to the outlet: the subject before the frame's cue ("Mr Smith told X", "the
    senator said on X"), or the subject after an opening phrase ("In an interview with X, Senator
    Jane Roe said")."""
    if cue_at is not None and cue_at > s_start:
        before = text[max(s_start, cue_at - SPEAKER_REACH):cue_at]
        cuts = list(_SPEAKER_CUT.finditer(before))
        cand = before[cuts[-1].end():] if cuts else before
        lead = re.match(r"\s*(?:(?:earlier|later|on|in|at|but|however|meanwhile|separately|asked|then)\b[^,]{0,30},\s*)", cand, re.I)
        if lead:
            cand = cand[lead.end():]
        verb = _finite_verb(rs).search(cand)
        if verb:
            cand = cand[:verb.start()]  # "Pence said in an [interview with]": the speaker is before the verb
        copula = _COPULA.search(cand)
        if copula:
            cand = cand[:copula.start()]  # "Gingrich was less serious when [interviewed by]": the subject
        cand = _subject(_LEAD_WORDS.sub("", cand.strip(" ,\"“”'")).strip())
        if not _OPENING.fullmatch(cand):
            if cand and len(cand.split()) <= 10 and cand.lower() not in _PRONOUNS:
                return cand
            return None
    after = _speaker_verb(rs).match(text, max(m.end, m.tail), min(len(text), m.end + 200))
    if after and after.group(1).lower() not in _PRONOUNS and (
            after.group(1).split()[0][0].isupper() or after.group(1).split()[0] in _ARTICLES) and not any(
            w.endswith("ed") and w.islower() for w in after.group(1).split()[1:]):  # "Bob provided new [details]"
        return " ".join(after.group(1).split())  # "Senator Jane Roe", "a spokesman for the council"
    return None

