"""Which language a mail is written in: "sv", "en", or "other".

Most mail to a Swedish office is plainly Swedish or plainly English, and counting a few very
common words tells those apart in microseconds. Everything else (short, mixed, or another
language) goes to lingua, a statistical detector with offline models.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

# Languages written in the Latin alphabet that an international office's mail comes in besides
# Swedish and English (each costs about 1.6 MB of models). Text in another script (Arabic,
# Cyrillic, Chinese …) matches none of them, and lingua says so without a model.
_CANDIDATES = (
    Language.SWEDISH, Language.ENGLISH, Language.DANISH, Language.BOKMAL, Language.FINNISH,
    Language.GERMAN, Language.DUTCH, Language.FRENCH, Language.SPANISH, Language.ITALIAN,
    Language.PORTUGUESE, Language.POLISH, Language.TURKISH,
)  # fmt: skip
# Short English questions often look Danish or German to the trigram models ("I am still
# waiting on my card?" -> Danish 0.40, English 0.15), while another language's own sentences
# come out millions of times likelier than Swedish or English. Most mail here is Swedish or
# English: with a few percent spread over eleven other languages, one of those is about 200
# times less likely beforehand, so a mail is "other" only when lingua finds another language
# at least that many times likelier than the likelier of Swedish and English.
_OTHER_ODDS = 200.0
_CODES = {Language.SWEDISH: "sv", Language.ENGLISH: "en"}
_SAMPLE_CHARS = 400  # enough to tell; lingua's cost grows with the length
_WORD = re.compile(r"[a-zåäöéü]+")
_THREE_LETTERS = re.compile(r"[^\W\d_](?:.*?[^\W\d_]){2}", re.DOTALL)
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
    # Low-accuracy mode (trigram models only) holds about 22 MB for these languages instead of
    # hundreds; it is asked only about the mails that counting common words could not settle.
    builder = LanguageDetectorBuilder.from_languages(*_CANDIDATES).with_low_accuracy_mode()
    return builder.with_preloaded_language_models().build()


def _by_common_words(sample: str) -> str | None:
    words = _WORD.findall(sample.lower())
    sv = sum(map(_SV.__contains__, words))
    en = sum(map(_EN.__contains__, words))
    if sv + en >= 6 and max(sv, en) >= 4 * min(sv, en) and max(sv, en) >= 0.15 * len(words):
        return "sv" if sv > en else "en"
    return None


def detect_language(text: str) -> str:
    """ "sv" or "en" for the office's two languages, "other" for any other or for no text."""
    sample = text[:_SAMPLE_CHARS]
    if _THREE_LETTERS.search(sample, 0, 200) is None:
        return "other"
    quick = _by_common_words(sample)
    if quick is not None:
        return quick
    office, office_confidence, other_confidence = "other", 0.0, 0.0
    for found in _detector().compute_language_confidence_values(sample):
        code = _CODES.get(found.language)
        if code is None:
            other_confidence = max(other_confidence, found.value)
        elif found.value > office_confidence:
            office, office_confidence = code, found.value
    if other_confidence > _OTHER_ODDS * office_confidence:
        return "other"
    return office
