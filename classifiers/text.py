"""Preparing mail text for classification and matching: keep what the sender wrote now.

Quoted earlier mail ("> ", "On … wrote:", "Den … skrev:", Outlook's header blocks), signatures
and disclaimers are cut in Swedish and English; whitespace and case are normalised; the subject
is kept as a signal of its own. Forwarded mail is kept: there, the forwarded text is the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

MAX_CHARS = 4000  # a page of text says what the mail is about; 5 MB does not say more

# Every pattern that starts at a line start stays on that line ([ \t], never \s): "^\s*" let
# each of 12,000 blank lines scan all those after it (51 s for one mail).
_QUOTE_HEADERS = re.compile(
    r"^[ \t]*(?:"
    r"on .{4,200}?\bwrote:[ \t]*$|"  # On Mon, 3 Oct 2026 at 14:12, X <x@y> wrote:
    r"den .{4,200}?\bskrev\b.*:[ \t]*$|"  # Den 3 okt. 2026 kl. 14:12 skrev X:
    # The same wrapped by the mail program inside the address: "… X <" / "x@y> wrote:"
    r"on .{4,200}?\n.{0,100}?@.{0,100}?\bwrote:[ \t]*$|"
    r"den .{4,200}?\bskrev\b.{0,200}?\n.{0,100}?@.{0,100}?:[ \t]*$|"
    r"\d{1,2} \w+\.? \d{4}.{0,80}\bskrev\b.*:[ \t]*$|"
    r"-{2,}[ \t]*(?:original message|ursprungligt meddelande|originalmeddelande)[ \t]*-{2,}[ \t]*$|"
    r"_{10,}[ \t]*$"  # Outlook's rule above a quoted header block
    r")",
    re.IGNORECASE | re.MULTILINE,
)
# An Outlook-style quoted header block: From:/Från: … followed within a few lines by Sent:/Skickat:
# (or a German or French Outlook's Von:/Gesendet:, De:/Envoyé:), the names bold ("*From:*") where
# the HTML part was turned into text.
_OUTLOOK_BLOCK = re.compile(
    r"^[ \t]*\*?(?:from|från|von|de)[ \t]*:\*?.*\n"
    r"(?:.*\n){0,3}?[ \t]*\*?(?:sent|skickat|date|datum|gesendet|envoyé|enviado)[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
# Forwarded mail: a "---- Forwarded message" rule, or a line starting "Fwd:"/"VB:" (searched apart:
# the rule needs "--" in the text, which most mail does not have). The rule is tried only where a
# run of dashes starts: from every dash of a 12,000-dash line it took seconds.
_FORWARD_RULE = re.compile(
    r"(?<!-)-{2,}\s*(?:forwarded message|vidarebefordrat meddelande)", re.IGNORECASE
)
_FORWARD_LINE = re.compile(
    r"^[ \t]*(?:fwd?|vb|fw|begin forwarded message|(?:början på )?vidarebefordrat"
    r" (?:brev|meddelande|mejl))[ \t]*:",
    re.IGNORECASE | re.MULTILINE,
)
# A closing line, where the signature starts: the closings of Swedish and English mail, a device
# line, or "/Name". A thanking line is a closing only when it says nothing more ("Thanks!",
# "Tack på förhand"), so "Thanks, but where is my key?" stays.
_CLOSING = re.compile(
    r"^\s*(?:--\s*|"
    r"(?:med )?(?:v[äa]nlig|v[äa]nliga|varma|b[äa]sta|m[åa]nga) h[äa]lsning(?:ar)?\b.*|mvh\b.*|"
    r"h[äa]lsningar\b.*|v[äa]nligen\b.{0,40}|ha det (?:bra|gott)\b.{0,30}|kram(?:ar)?\b.{0,30}|"
    r"hej d[åa]\W{0,3}|"
    r"(?:with |thanks (?:&|and) )?(?:best|kind|kindest|warm|warmest|many thanks and)? ?regards\b.*|"
    r"(?:best|kind|kindest|warm|warmest|good) wishes\b.*|with (?:gratitude|thanks)\b.{0,30}|"
    r"all the best\b.{0,30}|best\W{0,3}|cheers\b.{0,30}|take care\b.{0,30}|"
    r"br\W{0,3}|b?rgds\W{0,3}|sincerely\b.{0,30}|respectfully\b.{0,30}|gratefully\b.{0,30}|"
    r"yours (?:sincerely|faithfully|truly)\b.*|"
    r"looking forward to (?:your (?:reply|answer|response)|hearing from you)\b.{0,30}|"
    r"(?:jag )?ser fram emot (?:ditt|ert) svar\b.{0,30}|"
    r"(?:many |big |huge )?(?:thanks|thank you|thx|thanking you)"
    r"(?: (?:so|very) much| a lot| a million| again| in advance"
    r"| for (?:your|the|all) (?:help|time|answer|reply|support))*[ \t!.,]*|"
    r"(?:tusen |stort |varmt )?tack(?: så mycket| igen| på förhand| i förhand"
    r"| för (?:hjälpen|svaret|er tid|din tid))*[ \t!.,]*|"
    r"/[ \t]?[^\W\d_][\w .-]{0,30}|"
    r"sent from (?:my|outlook|yahoo|mail)\b.*|skickat från (?:min|outlook|yahoo)\b.*|"
    r"hämta outlook för.*|get outlook for.*)$",
    re.IGNORECASE | re.MULTILINE,
)
# A name signed without a closing: one to three capitalised words, nothing else.
_NAME = re.compile(r"[^\W\d_][^\W\d_'-]{0,20}(?:[ -][^\W\d_][\w'.-]{0,20}){0,2}")
# A first line that only greets ("Hej!", "Dear Sir/Madam,", "To whom it may concern"): said
# the same to every office, it tells nothing of the question.
_GREETING = re.compile(
    r"(?:hi|hello|hey|hej|hejsan|hallå|tjena|tja|hola|greetings|dear\b.{0,40}|"
    r"hej\b.{0,30}|hi\b.{0,30}|hello\b.{0,30}|good (?:morning|afternoon|evening|day)\b.{0,30}|"
    r"god (?:morgon|dag|eftermiddag|kväll)\b.{0,30}|to whom it may concern|"
    r"respected\b.{0,40})[ \t!.,:]*",
    re.IGNORECASE,
)
# Swedish public authorities (universities among them) add the public-access notice to their mail.
_DISCLAIMER = re.compile(
    r"confidential|konfidentiell|sekretess|intended (?:solely )?for the|avsedd (?:endast )?för|"
    r"gdpr|personuppgifter|personal data|consider the environment|tänk på miljön|"
    r"if you have received this (?:e-?mail|message) in error|om du har fått detta|"
    r"allmän handling|offentlighetsprincipen|official document|principle of public access",
    re.IGNORECASE,
)
# Every disclaimer pattern holds one of these words; a paragraph without any is no disclaimer.
_DISCLAIMER_WORDS = (
    "confidential", "konfidentiell", "sekretess", "intended", "avsedd", "gdpr",
    "personuppgifter", "personal data", "consider the environment", "tänk på miljön",
    "received this", "om du har fått detta", "allmän handling", "offentlighetsprincipen",
    "official document", "public access",
)  # fmt: skip
# Answering: Re, Sv (Swedish), Vs (Norwegian, Finnish), Aw (German), Antw (Dutch); forwarding:
# Fw, Fwd, Vb (Swedish). One prefix per match, tried again after it: no run of blanks can be
# split two ways, so a hostile subject costs one pass.
REPLY_PREFIXES = ("re", "sv", "vs", "aw", "antw", "fw", "fwd", "vb")
_REPLY_PREFIX = re.compile(r"(?:re|sv|vs|aw|antw|fwd?|vb)\s*(?:\[\d+\]\s*)?:\s*", re.IGNORECASE)
ANSWER_BODY_LETTERS = 20  # a body with this many letters (a short sentence) asks its own
_SPACE = re.compile(r"[ \t\u00a0]{2,}|[\t\u00a0]")  # any run of blanks; a lone space stays
_BLANKS = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class PreparedText:
    subject: str
    body: str
    answering: bool = False  # the subject was an earlier mail's ("Re:", "SV:", "AW:" …)

    @property
    def is_empty(self) -> bool:
        return not any(ch.isalpha() for ch in self.subject + self.body)

    def combined(self) -> str:
        """Subject first, twice (it is short and says a lot), then the body. A subject reused
        from an earlier mail is weak evidence: a new question often rides on an old thread's
        subject ("Re: Room offer" over a question about the tuition fee), so it counts once,
        and not at all where the body has a question of its own to go by."""
        return self._combined

    @cached_property
    def _combined(self) -> str:  # asked for by language detection and by the model
        if not self.answering:
            return f"{self.subject}\n{self.subject}\n{self.body}".strip()
        if _letters_at_least(self.body, ANSWER_BODY_LETTERS):
            return self.body
        return f"{self.subject}\n{self.body}".strip()


def _letters_at_least(text: str, count: int) -> bool:
    for ch in text:
        if ch.isalpha():
            count -= 1
            if count <= 0:
                return True
    return count <= 0


def prepare(subject: str, body: str) -> PreparedText:
    answering = is_answer(subject)
    forwarding = not answering and is_forward(subject)
    return PreparedText(
        normalise(strip_subject_prefixes(subject)),
        normalise(new_text(body, answering=answering, forwarding=forwarding)),
        answering,
    )


def is_answer(subject: str) -> bool:
    """Whether the subject is an answer's ("Re:", "SV:", "Vs:", "AW:", "Antw:"), not a forward's."""
    found = _first_prefix(subject)
    return found is not None and not found.lower().startswith(("fw", "vb"))


def is_forward(subject: str) -> bool:
    """Whether the subject is a forward's ("Fwd:", "FW:", "VB:")."""
    found = _first_prefix(subject)
    return found is not None and found.lower().startswith(("fw", "vb"))


def _first_prefix(subject: str) -> str | None:
    found = _REPLY_PREFIX.match(re.sub(r"\[#\d+\]", " ", subject).lstrip())
    return None if found is None else found.group(0)


def strip_subject_prefixes(subject: str) -> str:
    """ "SV: Re: VB: Fråga [#123]" -> "Fråga": no reply or forward prefixes, no case tag."""
    return strip_reply_prefixes(re.sub(r"\[#\d+\]", " ", subject))


def strip_reply_prefixes(subject: str) -> str:
    """ "SV: Re: VB: Fråga" -> "Fråga": the subject without the prefixes mail programs put before
    it when answering or forwarding (REPLY_PREFIXES, any case, numbered "Re[2]:" too)."""
    rest = subject.lstrip()
    found = _REPLY_PREFIX.match(rest)
    if found is None:
        return subject
    while found is not None:
        rest = rest[found.end() :]
        found = _REPLY_PREFIX.match(rest)
    return rest


def new_text(body: str, *, answering: bool = False, forwarding: bool = False) -> str:
    """What the sender wrote in this mail: no quoted replies, signature or disclaimer.

    A one-line "see below" above a quote says nothing; then the quote is the question. A short
    question is not such a line ("When is the fee due?" over the office's last mail), nor is
    anything written in answer to a mail (a "Re:" subject): there the quote is the old mail.
    Words written below the quote ("> " lines), or between its parts, are the new text. In a
    forward ("Fwd:"/"VB:" subject) the quoted mail is what was forwarded, and it is kept.
    """
    text = body[: MAX_CHARS * 3].replace("\r\n", "\n")
    forwarded = forward_start(text)
    cut = first_quote(text)
    if forwarding and cut is not None and (forwarded is None or cut < forwarded):
        forwarded = cut  # what is quoted is what was forwarded: its "> " marks go, its words stay
        text = text[:cut] + _without_marks(text[cut:])
    if cut is not None and (forwarded is None or cut < forwarded):
        before = text[:cut]
        letters = _letters(drop_greeting(drop_signature(before)))
        says_something = letters >= 25 or (
            letters >= SHORT_QUESTION_LETTERS and (answering or "?" in before)
        )
        if says_something:
            text = before
        else:
            below = _written_below_quote(text[cut:])
            text = _unquote(text[cut:]) if below is None else below
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    # A forward has two writers: the note's signature ends the note, not the mail.
    text = "\n\n".join(
        drop_signature(drop_greeting(part)) for part in _forward_parts(text, forwarding)
    )
    paragraphs = [p for p in _BLANKS.split(text) if not _is_disclaimer(p)]
    return "\n\n".join(paragraphs)[:MAX_CHARS]


SHORT_QUESTION_LETTERS = 8  # "Key?" is too little to go by; "Deposit back when?" is not


def _forward_parts(text: str, forwarding: bool) -> list[str]:
    """The forwarding note and the forwarded mail, or the text alone when nothing is forwarded."""
    starts = [forward_start(text), first_quote(text) if forwarding else None]
    found = [s for s in starts if s is not None]
    if not found:
        return [text]
    cut = min(found)
    return [text[:cut], _without_headers(text[cut:])]


# The header lines a forward or a quoted mail shows ("From: …", "Skickat: …", the rule above
# them); a forwarded subject keeps its words, which say what the mail is about.
_SHOWN_HEADER = re.compile(
    r"^[ \t]*\*?(?:from|från|von|de|date|datum|sent|skickat|gesendet|envoyé|to|till|an|cc|kopia"
    r"|subject|ämne|betreff|objet)[ \t]*:\*?[ \t]*(.*)$"
    r"|^[ \t]*-{2,}[ \t]*(?:forwarded message|vidarebefordrat meddelande|original message"
    r"|ursprungligt meddelande|originalmeddelande)[ \t]*-*[ \t]*$"
    r"|^[ \t]*(?:begin forwarded message|(?:början på )?vidarebefordrat (?:brev|meddelande|mejl))"
    r"[ \t]*:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_SUBJECT_HEADER = re.compile(r"^[ \t]*\*?(?:subject|ämne|betreff|objet)[ \t]*:", re.IGNORECASE)


def _without_headers(forwarded: str) -> str:
    """The forwarded mail without the header lines its program showed; its subject's words
    stay."""

    def kept(match: re.Match[str]) -> str:
        subject = _SUBJECT_HEADER.match(match.group(0))
        return (match.group(1) or "") if subject else ""

    return _SHOWN_HEADER.sub(kept, forwarded)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _written_below_quote(quoted: str) -> str | None:
    """The lines without "> " after a quote that has them (an answer written below the quote
    or between its parts), or None where there are none worth reading."""
    lines = quoted.split("\n")
    first = next((i for i, line in enumerate(lines) if line.lstrip().startswith(">")), None)
    if first is None:
        return None  # an Outlook block: the old mail is not marked, nothing can be told apart
    below = "\n".join(line for line in lines[first:] if not line.lstrip().startswith(">"))
    if _letters(drop_greeting(drop_signature(below))) < SHORT_QUESTION_LETTERS:
        return None
    return below


def forward_start(text: str) -> int | None:
    """Where a forwarded message begins ("---------- Forwarded message", "Från: … Skickat:"),
    or None; the case page collapses from here as the classifier cuts from here."""
    starts = [m.start() for m in (_FORWARD_LINE.search(text), _forward_rule(text)) if m]
    return min(starts) if starts else None


def _forward_rule(text: str) -> re.Match[str] | None:
    return _FORWARD_RULE.search(text) if "--" in text else None


def _unquote(quoted: str) -> str:
    """The quoted mail itself: its header line dropped, its "> " markers removed."""
    return _without_marks(quoted.partition("\n")[2])


def _without_marks(quoted: str) -> str:
    return "\n".join(re.sub(r"^\s*(?:>\s?)+", "", line) for line in quoted.split("\n"))


def first_quote(text: str) -> int | None:
    """Where quoted earlier mail begins ("On … wrote:", an Outlook header block), or None."""
    starts = [m.start() for m in (_QUOTE_HEADERS.search(text), _OUTLOOK_BLOCK.search(text)) if m]
    return min(starts) if starts else None


def drop_greeting(text: str) -> str:
    """Without a first line that only greets; the text itself when that is all there is."""
    first, newline, rest = text.lstrip().partition("\n")
    if newline and rest.strip() and _GREETING.fullmatch(first.strip()):
        return rest
    return text


def drop_signature(text: str) -> str:
    """Cut from a closing line ("Mvh", "Best regards", "-- ") when it is near the end, or a
    name alone in the last paragraph ("…kan ni skicka en länk?" / "" / "Lisa")."""
    lines = text.rstrip().split("\n")
    for index in range(max(0, len(lines) - 15), len(lines)):
        if _CLOSING.match(lines[index]) and (index > 0 or lines[index].startswith("--")):
            return "\n".join(lines[:index])
    last = lines[-1].strip()
    if len(lines) >= 3 and not lines[-2].strip() and last[:1].isupper() and _NAME.fullmatch(last):
        return "\n".join(lines[:-2])
    return text


def _is_disclaimer(paragraph: str) -> bool:
    if len(paragraph) <= 80 or "?" in paragraph:  # a notice asks nothing; a question about
        return False  # "my confidential certificate" is no notice
    lowered = paragraph.lower()
    return any(w in lowered for w in _DISCLAIMER_WORDS) and bool(_DISCLAIMER.search(paragraph))


def normalise(text: str) -> str:
    text = _SPACE.sub(" ", text)
    return _BLANKS.sub("\n\n", text).strip()
