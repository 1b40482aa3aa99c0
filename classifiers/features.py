"""From a prepared mail to the two text views the model reads: stemmed words and raw characters.

Words are stemmed in the mail's language (Snowball: "återbetalningen" and "återbetalning" count as
one), so a small office data set generalises; character n-grams of the raw text catch typos,
missing diacritics and Swedish compounds that no stemmer splits.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np
import snowballstemmer

from classifiers.language import detect_language
from classifiers.text import PreparedText

WORD_CHARS = 2500  # words beyond this add little but cost time
CHAR_CHARS = 1200  # character n-grams are the costly view: the opening of a mail is enough
_WORD = re.compile(r"\w+")
_STEMMERS = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}


@lru_cache(maxsize=300_000)
def _stem(language: str, word: str) -> str:
    """The word's stem in `language`, without diacritics (cached: mail reuses its words)."""
    stemmer = _STEMMERS.get(language)
    return fold(stemmer.stemWord(word) if stemmer else word)


def _fold_table() -> dict[int, str]:
    """Latin letters with diacritics -> their base letters, computed once from Unicode data."""
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(
            c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c)
        )
        if base and base != chr(code):
            table[code] = base.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower case without diacritics ("Återbetalning" -> "aterbetalning"), as typed on a phone.
    Other scripts (Cyrillic, Arabic, CJK) are left as they are."""
    text = text.lower()
    return text if text.isascii() else text.translate(_FOLD)


def views(prepared: PreparedText, language: str | None = None) -> tuple[str, str]:
    """(stemmed, diacritic-free words; diacritic-free text) for one mail."""
    text = prepared.combined()
    lang = language or detect_language(text)
    words = _WORD.findall(text[:WORD_CHARS].lower())
    stemmed = " ".join(_stem(lang, w) for w in words)
    return stemmed, fold(text[:CHAR_CHARS])


def matrix(rows: list[tuple[str, str]]) -> np.ndarray:
    """The pipeline's input: one row per mail, columns (words, chars)."""
    out = np.empty((len(rows), 2), dtype=object)
    for i, (words, chars) in enumerate(rows):
        out[i, 0] = words
        out[i, 1] = chars
    return out
