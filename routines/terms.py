"""Words as routine search compares them: folded, without stop words, roughly stemmed, and matched
to the library's own words whole, as part of a Swedish compound, or with one typo.

Hand-written and dependency-free because the library is small (a few thousand distinct words) and
Swedish and English are mixed in one query; a crude stemmer applied the same way on both sides
conflates enough ("återbetalning"/"återbetala", "refunds"/"refund") without a language model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# How much a match of each kind is worth against a whole-word match (1.0).
PREFIX, SUFFIX, TYPO = 0.7, 0.6, 0.8

_WORD = re.compile(r"[^\W_]+")
# Swedish, folded (å, ä, ö -> a, a, o), and English; plus mail greetings.
_STOP_WORDS = (
    "och i att det som en ett pa ar av for med till den har de inte om var jag du vi ni kan sa "
    "men fran eller ska skall nar vad hur min mitt mina din ditt dina sin sitt sina hon han "
    "dem oss er efter under vid upp ut man ocksa bara alla an nu far finns vara blir blev mig dig "
    "sig hej tack mvh halsningar vanliga nagon nagot vilken vilket vilka detta denna "
    "dessa "
    "the a an and or of to in on at for with is are was were be been being i my me we our you your "
    "it its this that these those can could do does did get got how what when where who why "
    "which will would should shall may might must please hi hello dear thanks thank regards "
    "have has had not no from by as if so up out about after before into than then there their "
    "they them he she his her am also any some just"
)
_STOP = frozenset(_STOP_WORDS.split())
# Longest first. Swedish and English inflections together: a Swedish word rarely ends in an
# English suffix that changes its meaning, and both sides of a comparison are cut the same way.
_SUFFIX_WORDS = (
    "heterna hetens heten heter ningarna ningar ningen ning arnas ernas arna erna "
    "ande ende aste ade are ast ens ets het ern ar er en et a e "
    "ations ation ments ment ings ing ies ied ed es ly y s"
)
_SUFFIXES = sorted(_SUFFIX_WORDS.split(), key=len, reverse=True)
_MIN_STEM = 3
_VOWELS = frozenset("aeiouy")


def fold(text: str) -> str:
    """Lower case without diacritics, so "ÅTERBETALNING" and "aterbetalning" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """Cut the longest known ending that leaves at least three letters; "rummet" -> "rum".

    A Swedish word in -el, -er, -en loses its e when inflected, and gets it back here, so that
    "nyckel", "nyckeln", "nycklar" and "nycklarna" are all "nyckel" (and still begin
    "nyckelutlämning"): "cyklar" is "cykel", "regler" "regel"."""
    if word.endswith("eln") and len(word) > 5:
        word = word[:-1]  # "nyckeln", "cykeln": the definite form
    cut = False
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word, cut = word[: -len(suffix)], True
            break
    if len(word) > _MIN_STEM and word[-1] == word[-2] and word[-1] not in _VOWELS:
        word = word[:-1]
    if cut and len(word) >= 4 and word[-1] in "lrn" and word[-2] not in _VOWELS | {"l", "r"}:
        word = word[:-1] + "e" + word[-1]
    return word


def terms(text: str) -> list[str]:
    """The stems of the words that carry meaning, in order."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in _STOP and len(w) > 1]


def expand(term: str, vocabulary: Iterable[str]) -> dict[str, float]:
    """The library words a query term stands for, each with how well it matches.

    A whole word counts fully. A term of five or more letters also matches words it begins
    ("nyckel" in "nyckelutlämning") or ends ("avgift" in "studieavgift"), which is how Swedish
    compounds are built; a shorter one would begin half the library ("kont" in "kontakt",
    "konto", "kontrakt"). Only a term that matches nothing is read as a typo, again from five
    letters ("test" is one letter from "rest"): one edit away, or two for words of eight letters
    or more, where two slips are common and a different real word that close is rare.
    """
    vocabulary = list(vocabulary)
    found: dict[str, float] = {}
    for word in vocabulary:
        if word == term:
            found[word] = 1.0
        elif len(term) >= 5 and word.startswith(term):
            found[word] = PREFIX
        elif len(term) >= 5 and word.endswith(term):
            found[word] = SUFFIX
    if found:
        return found
    parts = _split_compound(term, set(vocabulary))
    if parts:
        return dict.fromkeys(parts, 1.0)
    if len(term) < 5:
        return {}
    limit = 2 if len(term) >= 8 else 1
    return {
        word: TYPO
        for word in vocabulary
        if abs(len(word) - len(term)) <= limit and _edits(term, word, limit) <= limit
    }


def _split_compound(term: str, vocabulary: set[str]) -> list[str]:
    # "avgiftsaterbetal" -> "avgift" + "aterbetal": both halves known, a linking s allowed.
    for i in range(len(term) - 4, 2, -1):
        head, modifier = term[i:], term[:i]
        if head not in vocabulary:
            continue
        bare = modifier.removesuffix("s")
        for candidate in (modifier, bare, stem(modifier), stem(bare)):
            if len(candidate) >= 3 and candidate in vocabulary:
                return [candidate, head]
    return []


def _edits(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (a swap counts once), giving up above `limit`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
