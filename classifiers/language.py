"""Which language a mail is written in: "sv", "en", or "other".

Most mail to a Swedish office is plainly Swedish or plainly English, and counting a few very
common words tells those apart in microseconds. Everything else (short, mixed, or another
language) goes to lingua, a statistical detector with offline models.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_CANDIDATES = (
    Language.SWEDISH, Language.ENGLISH, Language.GERMAN, Language.FRENCH, Language.SPANISH,
    Language.FINNISH, Language.DANISH, Language.BOKMAL, Language.ARABIC, Language.RUSSIAN,
    Language.CHINESE, Language.PERSIAN, Language.TURKISH, Language.ITALIAN, Language.PORTUGUESE,
)  # fmt: skip
_CODES = {Language.SWEDISH: "sv", Language.ENGLISH: "en"}
_SAMPLE_CHARS = 400  # enough to tell; lingua's cost grows with the length
_WORD = re.compile(r"[a-zåäöéü]+")
_LETTER = re.compile(r"[^\W\d_]")
_SV = frozenset((
    "och", "att", "jag", "det", "är", "på", "för", "en", "som", "med", "har", "inte", "till",
    "om", "kan", "vi", "de", "du", "min", "mitt", "mina", "hej", "tack", "eller", "vill",
    "skulle", "när", "hur", "var", "vad", "också", "från", "efter", "mvh", "hälsningar",
    "vänliga", "ska", "får",
))  # fmt: skip
_EN = frozenset((
    "the", "and", "to", "is", "of", "for", "my", "you", "in", "it", "have", "be", "can", "on",
    "with", "not", "we", "this", "hello", "thanks", "thank", "would", "could", "please",
    "regards", "your", "are", "was", "will", "an", "from", "at", "dear", "best",
))  # fmt: skip


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    # Low-accuracy mode (trigram models only) needs 40 MB instead of 400 MB; it is asked only
    # about the mails that counting common words could not settle.
    builder = LanguageDetectorBuilder.from_languages(*_CANDIDATES).with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def _by_common_words(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    sv = sum(w in _SV for w in words)
    en = sum(w in _EN for w in words)
    if sv + en >= 6 and max(sv, en) >= 4 * min(sv, en) and max(sv, en) >= 0.15 * len(words):
        return "sv" if sv > en else "en"
    return None


def detect_language(text: str) -> str:
    """ "sv" or "en" for the office's two languages, "other" for any other or for no text."""
    sample = text[:_SAMPLE_CHARS]
    if len(_LETTER.findall(sample, 0, 200)) < 3:
        return "other"
    quick = _by_common_words(sample)
    if quick is not None:
        return quick
    found = _detector().detect_language_of(sample)
    return _CODES.get(found, "other") if found is not None else "other"
