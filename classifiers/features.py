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
    stemmer = _STEMMERS.get(language)
    return stemmer.stemWord(word) if stemmer else word


def fold(text: str) -> str:
    """Lower case without diacritics ("Återbetalning" -> "aterbetalning"), as typed on a phone."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def views(prepared: PreparedText, language: str | None = None) -> tuple[str, str]:
    """(stemmed, diacritic-free words; diacritic-free text) for one mail."""
    text = prepared.combined()
    lang = language or detect_language(text)
    words = _WORD.findall(text[:WORD_CHARS].lower())
    stemmed = " ".join(fold(_stem(lang, w)) for w in words)
    return stemmed, fold(text[:CHAR_CHARS])


def matrix(rows: list[tuple[str, str]]) -> np.ndarray:
    """The pipeline's input: one row per mail, columns (words, chars)."""
    out = np.empty((len(rows), 2), dtype=object)
    for i, (words, chars) in enumerate(rows):
        out[i, 0] = words
        out[i, 1] = chars
    return out
