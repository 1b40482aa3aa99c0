"""From a prepared mail to the two text views the model reads: stemmed words and raw characters.

Words are stemmed in the mail's language (Snowball: "återbetalningen" and "återbetalning" count as
one), so a small office data set generalises; character n-grams of the raw text catch typos,
missing diacritics and Swedish compounds that no stemmer splits. The model reads both as hashed
n-gram counts (`hashed_counts`), computed with NumPy for a whole batch of mails at once.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp
import snowballstemmer

from classifiers.language import detect_language
from classifiers.text import PreparedText

WORD_CHARS = 2500  # words beyond this add little but cost time
CHAR_CHARS = 1200  # character n-grams are the costly view: the opening of a mail is enough
_WORD = re.compile(r"\w+")
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")  # U+034F is no mark
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
    # Latin text: its diacritics are all in one block, which one regex removes fast; anything
    # still not ASCII is checked character by character.
    folded = _LATIN_MARKS.sub("", unicodedata.normalize("NFKD", text))
    if folded.isascii():
        return folded
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


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


# --- Hashed n-gram counts, computed for a whole batch at once -----------------------------------
# The same two views, hashed into column numbers by NumPy over all mails of a batch together
# rather than one n-gram at a time in Python: this is where most of the prediction time went.

_MULTIPLIER = np.uint64(0x100000001B3)  # odd, so every step of the polynomial hash is invertible
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_SPACE_CODE = 32
_TOKEN_CACHE_SIZE = 50_000  # per language; cleared when full (a mail's words, not a dictionary)
_TOKENS: dict[str, dict[str, int]] = {}


@dataclass(frozen=True)
class Hashing:
    """How a mail becomes hashed n-gram counts; saved with a model, so it reads mail as trained.

    Columns: stemmed-word unigrams and bigrams (2**word_bits of them), then the character
    n-grams of each word padded with a space ("char_wb": " nyck", "ckel ") in 2**char_bits.
    """

    word_bits: int = 18
    char_bits: int = 18
    char_min: int = 2
    char_max: int = 5
    word_chars: int = WORD_CHARS
    char_chars: int = CHAR_CHARS

    @property
    def word_columns(self) -> int:
        return 1 << self.word_bits

    @property
    def columns(self) -> int:
        return (1 << self.word_bits) + (1 << self.char_bits)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> Hashing:
        return cls(**{k: int(v) for k, v in values.items()})


def _bucket(hashes: np.ndarray, bits: int) -> np.ndarray:
    """64-bit hashes to `bits`-bit column numbers (xor-shift, then Fibonacci hashing)."""
    mixed: np.ndarray = (hashes ^ (hashes >> np.uint64(31))) * _GOLDEN
    return (mixed >> np.uint64(64 - bits)).astype(np.int32)


def forget_words() -> None:
    """Empty the caches of stemmed and hashed words (a benchmark's cold start)."""
    _TOKENS.clear()
    _stem.cache_clear()


def _token_hash(language: str, word: str) -> int:
    cache = _TOKENS.setdefault(language, {})
    found = cache.get(word)
    if found is None:
        if len(cache) >= _TOKEN_CACHE_SIZE:
            cache.clear()
        token = fold(_stem(language, word)).encode()
        found = cache[word] = int.from_bytes(hashlib.blake2b(token, digest_size=7).digest())
    return found


def _word_entries(
    texts: Sequence[str], languages: Sequence[str], spec: Hashing
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every stemmed word and word pair, one entry per occurrence."""
    hashes: list[int] = []
    lengths = []
    for text, language in zip(texts, languages, strict=True):
        cache = _TOKENS.get(language, {})
        words = _WORD.findall(text[: spec.word_chars].lower())
        hashes.extend([cache.get(w) or _token_hash(language, w) for w in words])
        lengths.append(len(words))
    tokens = np.array(hashes, dtype=np.uint64)
    counts = np.array(lengths, dtype=np.int64)
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), counts)
    same_doc = doc[1:] == doc[:-1]
    pairs = (tokens[:-1] * _MULTIPLIER + tokens[1:] + np.uint64(1))[same_doc]
    rows = np.concatenate((doc, doc[:-1][same_doc]))
    return rows, _bucket(np.concatenate((tokens, pairs)), spec.word_bits)


def _char_entries(texts: Sequence[str], spec: Hashing) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of every character n-gram within a space-padded word, per occurrence.

    Words are joined by two spaces and each mail is padded by one on either side, so an n-gram
    that holds two spaces in a row crosses a word (or mail) and is left out.
    """
    padded = [" " + "  ".join(fold(t[: spec.char_chars]).split()) + " " for t in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32)
    doc = np.repeat(np.arange(len(texts), dtype=np.int32), lengths)
    space = codes == _SPACE_CODE
    doubles = np.concatenate(([0], np.cumsum(space[:-1] & space[1:], dtype=np.int64)))
    chars = codes.astype(np.uint64)
    hashes = chars
    rows, columns = [], []
    for n in range(2, spec.char_max + 1):
        starts = len(chars) - n + 1
        if starts <= 0:
            break
        hashes = hashes[:starts] * _MULTIPLIER + chars[n - 1 :]
        if n < spec.char_min:
            continue
        inside = np.flatnonzero(doubles[n - 1 : n - 1 + starts] == doubles[:starts])
        rows.append(doc[inside])
        columns.append(_bucket(hashes[inside] + np.uint64(n), spec.char_bits))
    if not rows:
        return np.zeros(0, np.int32), np.zeros(0, np.int32)
    return np.concatenate(rows), np.concatenate(columns)


def hashed_counts(
    texts: Sequence[str],
    languages: Sequence[str],
    spec: Hashing,
    known: tuple[np.ndarray, int] | None = None,
    dtype: type[np.floating[Any]] = np.float64,
) -> sp.csr_matrix:
    """Counts of every hashed n-gram, one row per mail text: word columns, then characters.

    `known` (hashed column -> known column or -1, number of known columns) drops the columns a
    model has no weight for and numbers the rest as the model does.
    """
    word_rows, word_cols = _word_entries(texts, languages, spec)
    char_rows, char_cols = _char_entries(texts, spec)
    rows = np.concatenate((word_rows, char_rows))
    cols = np.concatenate((word_cols, char_cols + spec.word_columns))
    width = spec.columns
    if known is not None:
        column_map, width = known
        cols = column_map[cols]
        inside = cols >= 0
        rows, cols = rows[inside], cols[inside]
    # One sort of (row, column) keys gives each row's columns in order, and their counts
    # (32-bit keys when they fit, as they do for a batch: they sort twice as fast).
    key_type = np.int32 if len(texts) * width < 2**31 else np.int64
    keys: np.ndarray = rows.astype(key_type) * width + cols
    keys.sort()
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    starts = np.flatnonzero(first)
    unique = keys[starts]
    values = np.diff(np.append(starts, len(keys))).astype(dtype)
    indptr = np.searchsorted(unique, np.arange(len(texts) + 1, dtype=np.int64) * width)
    columns = (unique % max(width, 1)).astype(np.int32)
    if len(unique) < 2**31:
        indptr = indptr.astype(np.int32)
    return sp.csr_matrix((values, columns, indptr), shape=(len(texts), width))


class KnownColumns:
    """The hashed columns a model was trained on, numbered as its pipeline numbers them.

    A column no training mail had gets no weight, so it is dropped here rather than carried
    through TF-IDF into a coefficient matrix of zeros: a model holds a few hundred thousand
    columns instead of 2**18 + 2**18, and the TF-IDF norm of a mail counts what the model knows.
    """

    def __init__(self, hashing: Hashing, known: np.ndarray) -> None:
        self.hashing = hashing
        self.known = np.asarray(known, dtype=np.int32)
        inside = self.known.size == 0 or (self.known[0] >= 0 and self.known[-1] < hashing.columns)
        if self.known.ndim != 1 or not inside or np.any(np.diff(self.known) <= 0):
            raise ValueError("known columns must be increasing hashed column numbers")
        self.words = int(np.searchsorted(self.known, hashing.word_columns))
        self._map: np.ndarray | None = None

    @classmethod
    def seen_in(cls, hashing: Hashing, counts: sp.csr_matrix) -> KnownColumns:
        return cls(hashing, np.unique(counts.indices))

    @property
    def columns(self) -> int:
        return len(self.known)

    def counts(
        self,
        texts: Sequence[str],
        languages: Sequence[str],
        dtype: type[np.floating[Any]] = np.float64,
    ) -> sp.csr_matrix:
        if self._map is None:
            self._map = np.full(self.hashing.columns, -1, dtype=np.int32)
            self._map[self.known] = np.arange(len(self.known), dtype=np.int32)
        return hashed_counts(texts, languages, self.hashing, (self._map, len(self.known)), dtype)
