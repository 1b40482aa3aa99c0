"""The words a question is clustered by, one vocabulary for Swedish and English.

Content words are stemmed in the mail's language and folded; the office's glossary
(glossary.tsv) then turns each language's word for a thing into one shared token, so that
"hyran" and "the rent" are the same word to the clustering. Without it a topic asked in both
languages came out as two candidates, one per language: the two halves share no stems. Swedish
writes as one word what English writes as two ("parkeringstillstånd", "parking permit"), so a
Swedish compound the glossary lacks is read as the glossary words it starts and ends with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import snowballstemmer

from classifiers.features import fold
from classifiers.language import detect_language
from triage.learning.stopwords import STOP_WORDS

GLOSSARY = Path(__file__).with_name("glossary.tsv")
_WORD = re.compile(r"[^\W\d_]{2,}")
_PLACEHOLDER = re.compile(r"\[(?:e-mail|number|phone|personnummer|name)\]")
_STEMMERS = {"sv": snowballstemmer.stemmer("swedish"), "en": snowballstemmer.stemmer("english")}
_LANGUAGES = ("sv", "en")
_PHRASE_WORDS = 3  # the longest phrase the glossary may hold, in content words
# A compound's part must be this long: shorter stems end or begin too many unrelated words
# ("rum", room, ends "forum" and "centrum"). Swedish joins parts with an "s" ("parkerings-").
_PART_MIN = 4
_REST_MIN = 3


@lru_cache(maxsize=200_000)
def stem(language: str, word: str) -> str:
    """A word's folded stem; the same few thousand words recur in every period's mail."""
    stemmer = _STEMMERS.get(language)
    return fold(stemmer.stemWord(word) if stemmer else word)


def content_stems(text: str, language: str) -> list[str]:
    """The stems of `text`'s words that say what it is about (no stop words, no placeholders)."""
    return [stem(language, word) for word in _content_words(text)]


def _content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if fold(w) not in STOP_WORDS]


class Glossary:
    """Stems (and phrases of stems) of both languages mapped to shared concept tokens."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.phrases: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
            language: {} for language in (*_LANGUAGES, "other")
        }
        for number, line in enumerate(lines, 1):
            if line.strip() and not line.startswith("#"):
                self._add(number, line.rstrip("\n").split("\t"))
        # Parts of Swedish compounds: the glossary's one-word Swedish forms.
        self.parts = {k[0]: v for k, v in self.phrases["sv"].items() if len(k) == 1}

    def _add(self, number: int, fields: list[str]) -> None:
        if len(fields) != 3:
            raise ValueError(f"{GLOSSARY.name} line {number}: expected concept, sv, en by tabs")
        concept, *columns = fields
        tokens = tuple(word.upper() for word in concept.split())
        for language, column in zip(_LANGUAGES, columns, strict=True):
            for form in filter(None, (f.strip() for f in column.split(","))):
                key = tuple(content_stems(form, language))
                if not 0 < len(key) <= _PHRASE_WORDS:
                    raise ValueError(
                        f"{GLOSSARY.name} line {number}: {form!r} must have 1 to "
                        f"{_PHRASE_WORDS} words that are not stop words"
                    )
                known = self.phrases[language].setdefault(key, tokens)
                if known != tokens:
                    raise ValueError(f"{GLOSSARY.name} line {number}: {form!r} is {known}")
                # Mail in neither language is not stemmed: its words meet the forms as written.
                self.phrases["other"].setdefault(tuple(content_stems(form, "other")), tokens)

    def translate(self, language: str, stems: list[str]) -> list[tuple[str, tuple[int, int]]]:
        """(token, first and last index of the stems it stands for) for a text's stems: concept
        tokens where a phrase or word is known, the stem itself where not. Longest phrase first."""
        phrases = self.phrases.get(language, self.phrases["other"])
        found: list[tuple[str, tuple[int, int]]] = []
        i = 0
        while i < len(stems):
            for length in range(min(_PHRASE_WORDS, len(stems) - i), 1, -1):
                tokens = phrases.get(tuple(stems[i : i + length]))
                if tokens is not None:
                    # "learning agreement": a token a word; "transcript of records": one token.
                    found += [
                        (t, (i + k, i + k) if len(tokens) == length else (i, i + length - 1))
                        for k, t in enumerate(tokens)
                    ]
                    i += length
                    break
            else:
                found += [(token, (i, i)) for token in self.word(language, stems[i])]
                i += 1
        return found

    @lru_cache(maxsize=200_000)  # noqa: B019 (one glossary, loaded once, lives as long)
    def word(self, language: str, stem: str) -> tuple[str, ...]:
        """One stem's tokens: its concept, the concepts of a Swedish compound's parts, or itself."""
        phrases = self.phrases.get(language, self.phrases["other"])
        known = phrases.get((stem,))
        if language == "sv" and known is None:
            # Snowball's Swedish strips one ending of several: "bostaden" -> "bostad", but
            # "bostad" -> "bost". Stemming again meets the form the glossary has.
            known = phrases.get((_stem_again(stem),))
        if known is not None:
            return known
        if language == "en" or len(stem) < _PART_MIN + _REST_MIN:
            return (stem,)
        ends = range(_REST_MIN, len(stem) - _PART_MIN + 1)
        head = next((stem[i:] for i in ends if stem[i:] in self.parts), None)
        modifier = next(
            (
                stem[:i]
                for i in range(len(stem) - _REST_MIN, _PART_MIN - 1, -1)
                if stem[:i] in self.parts
            ),
            None,
        )
        tokens = [t for part in (modifier, head) if part for t in self.parts[part]]
        # A compound with one known part keeps its own stem: "hemlandsförsäkring" is an
        # insurance, and a particular one.
        if head is None or modifier is None:
            tokens.append(stem)
        return tuple(dict.fromkeys(tokens))


def _stem_again(stemmed: str) -> str:
    return fold(_STEMMERS["sv"].stemWord(stemmed))


@lru_cache(maxsize=1)
def glossary() -> Glossary:
    with GLOSSARY.open(encoding="utf-8") as lines:
        return Glossary(lines)


def words(text: str) -> list[tuple[str, str]]:
    """(token, the word as written) for each content word of `text`, in order: a concept token of
    the glossary, or the word's folded stem. A word may give two tokens (a compound)."""
    text = _PLACEHOLDER.sub(" ", text)
    language = detect_language(text)
    written = _content_words(text)
    stems = [stem(language, w) for w in written]
    return [
        (token, " ".join(written[first : last + 1]))
        for token, (first, last) in glossary().translate(language, stems)
    ]
