"""Which language a mail is written in: "sv", "en", or "other" (lingua, offline models)."""

from __future__ import annotations

from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

_CANDIDATES = (
    Language.SWEDISH,
    Language.ENGLISH,
    Language.GERMAN,
    Language.FRENCH,
    Language.SPANISH,
    Language.FINNISH,
    Language.DANISH,
    Language.BOKMAL,
    Language.ARABIC,
    Language.RUSSIAN,
    Language.CHINESE,
    Language.PERSIAN,
    Language.TURKISH,
    Language.ITALIAN,
    Language.PORTUGUESE,
)
_CODES = {Language.SWEDISH: "sv", Language.ENGLISH: "en"}
_SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_CANDIDATES).build()


def detect_language(text: str) -> str:
    """ "sv" or "en" for the office's two languages, "other" for any other or for no text."""
    sample = text[:_SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < 3:
        return "other"
    found = _detector().detect_language_of(sample)
    return _CODES.get(found, "other") if found is not None else "other"
