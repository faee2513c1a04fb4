"""English inflection for the cue lexicon: a lemma in, every form a rule may meet out.

The lexicon (``data/cues.toml``) lists verbs and nouns once, as lemmas ("report", "tell",
"point out", "interview"); the forms are generated here, so "has reported", "was telling" and
"had been told" need no hand-typed tense lists. Irregular verbs and nouns come from the
lexicon's ``[irregular]`` tables; everything else follows the regular spelling rules
(``-s/-es/-ies``, ``-ed/-d/-ied``, ``-ing`` with a dropped ``e``, a doubled final consonant in
one-syllable words such as "chat" -> "chatted", and in the stressed verbs the lexicon lists).

A multi-word lemma inflects its first word ("point out" -> "pointed out", "sit down" -> "sat down").
"""
from __future__ import annotations

from dataclasses import dataclass

_VOWELS = set("aeiou")
#: Auxiliaries of the verb groups generated for subject frames.
HAVE = ("has", "have", "had")
BE = ("is", "are", "was", "were")
BE_PASSIVE = ("is", "are", "was", "were", "be", "been", "being", "get", "gets", "got")


@dataclass(frozen=True)
class VerbForms:
    """The forms of one verb lemma (multi-word lemmas keep their particle: "pointed out")."""

    lemma: str
    base: str
    third: str  # "reports"
    past: str  # "reported"
    participle: str  # "reported", "written"
    ing: str  # "reporting"

    @property
    def words(self) -> tuple[str, ...]:
        """Every single form: base, -s, past, participle, -ing."""
        return tuple(dict.fromkeys((self.base, self.third, self.past, self.participle, self.ing)))

    def active(self) -> tuple[str, ...]:
        """Finite and auxiliary groups with the subject as speaker: "reported", "reports",
        "has reported", "had been reporting", "is reporting" (not the base form, which after a
        name is most often a noun: "the AP report")."""
        out = [self.third, self.past]
        out += [f"{h} {self.participle}" for h in HAVE]
        out += [f"{h} been {self.ing}" for h in HAVE]
        out += [f"{b} {self.ing}" for b in BE]
        return tuple(dict.fromkeys(out))

    def passive(self) -> tuple[str, ...]:
        """Passive groups: "was told", "has been told", "had been told", "got told"."""
        out = [f"{b} {self.participle}" for b in BE_PASSIVE]
        out += [f"{h} been {self.participle}" for h in HAVE]
        return tuple(dict.fromkeys(out))


def _split(lemma: str) -> tuple[str, str]:
    head, _, rest = lemma.strip().partition(" ")
    return head, (" " + rest if rest else "")


def _is_vowel(word: str, i: int) -> bool:
    return word[i] in _VOWELS and not (word[i] == "u" and i > 0 and word[i - 1] == "q")  # the u of "qu" is no vowel


def _doubles(word: str, stressed: frozenset[str]) -> bool:
    """Whether the final consonant doubles before -ed/-ing: one-syllable consonant-vowel-consonant
    words ("chat", "quiz"), and the listed longer verbs with a stressed last syllable ("admit")."""
    n = len(word)
    if n < 3 or _is_vowel(word, n - 1) or word[-1] in "wxy":
        return False
    if not _is_vowel(word, n - 2) or _is_vowel(word, n - 3):
        return False
    if word in stressed:
        return True
    syllables = sum(1 for i in range(n) if _is_vowel(word, i) and (i == 0 or not _is_vowel(word, i - 1)))
    return syllables == 1


def third_person(word: str, stressed: frozenset[str] = frozenset()) -> str:
    if word.endswith("z") and _doubles(word, stressed):
        return word + "zes"  # "quiz" -> "quizzes"
    if word.endswith(("s", "x", "z", "ch", "sh")) or (word.endswith("o") and not word.endswith("oo")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in _VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def _ed(word: str, stressed: frozenset[str]) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and word[-2] not in _VOWELS:
        return word[:-1] + "ied"
    if word.endswith("c"):
        return word + "ked"  # "panic" -> "panicked"
    if _doubles(word, stressed):
        return word + word[-1] + "ed"
    return word + "ed"


def _ing(word: str, stressed: frozenset[str]) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
        return word[:-1] + "ing"
    if word.endswith("c"):
        return word + "king"
    if _doubles(word, stressed):
        return word + word[-1] + "ing"
    return word + "ing"


def _british_l(word: str) -> bool:
    """An unstressed final vowel + l ("label", "signal", "cancel"): British English doubles it."""
    return len(word) > 3 and word[-1] == "l" and _is_vowel(word, len(word) - 2) and not _is_vowel(word, len(word) - 3)


def verb_forms(lemma: str, irregular: dict[str, tuple[str, str]] | None = None,
               stressed: frozenset[str] = frozenset()) -> tuple[VerbForms, ...]:
    """The forms of a verb lemma; several when spellings vary ("labelled" and "labeled"; "learnt"
    and "learned" when the irregular table gives "learned|learnt").

    ``irregular`` maps a head word to (past, participle), each possibly with alternatives
    separated by "|" (``{"write": ("wrote", "written"), "learn": ("learned|learnt", "learned|learnt")}``).
    """
    head, rest = _split(lemma)
    irr = (irregular or {}).get(head)
    if irr:
        pasts, parts = irr[0].split("|"), irr[1].split("|")
        variants = [(a, b) for a in pasts for b in parts]
        ings = [_ing(head, stressed)]
    else:
        variants = [(_ed(head, stressed),) * 2]
        ings = [_ing(head, stressed)]
        if _british_l(head) and head not in stressed:
            variants.append((head + "led",) * 2)  # "labelled" beside "labeled"
            ings.append(head + "ling")
    out = []
    for n, (past, part) in enumerate(variants):
        for g in (ings if n == 0 else ings[-1:]):
            out.append(VerbForms(lemma, head + rest, third_person(head, stressed) + rest, past + rest, part + rest, g + rest))
    return tuple(dict.fromkeys(out))


def plural(noun: str, irregular: dict[str, str] | None = None) -> str:
    """The plural of a noun lemma (of its last word: "opinion poll" -> "opinion polls")."""
    head, _, last = noun.rpartition(" ")
    prefix = head + " " if head else ""
    irr = (irregular or {}).get(last)
    if irr is not None:
        return prefix + irr
    if last.endswith(("s", "x", "z", "ch", "sh")):
        return prefix + last + "es"
    if last.endswith("y") and len(last) > 1 and last[-2] not in _VOWELS:
        return prefix + last[:-1] + "ies"
    return prefix + last + "s"


def noun_forms(noun: str, irregular: dict[str, str] | None = None) -> tuple[str, ...]:
    """Singular and plural ("report", "reports"; "analysis", "analyses"; "data", "data")."""
    return tuple(dict.fromkeys((noun, plural(noun, irregular))))
