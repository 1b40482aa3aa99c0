"""Swedish and English: gettext catalogues read with Babel, dates in the user's locale and zone.

The catalogues are the .po files under api/locale (no compile step: Babel turns them into
gettext objects at start-up). Message ids are the English text, so English needs no catalogue.
Which language and zone apply is per request, kept in a context variable that the templates'
`_()` and date filters read. Every page writes a date one way and a date and time one way (in
the reader's time zone, the office's unless they chose another): Swedish as ISO 8601, English
as the office's `[office_hours] date_style` ("iso" or "en-GB"), never the US order that Babel's
plain "en" gives (12/4/26).
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import negotiate_locale
from babel.dates import format_date, format_datetime, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from starlette.requests import Request

from triage.models import utcnow

LOCALES = ("sv", "en")
DEFAULT_LOCALE = "sv"
LOCALE_DIR = Path(__file__).parent / "locale"


DATE_STYLES = ("iso", "en-GB")
# One pattern per kind, on every page, so that a date reads the same under "Received" as under
# "Next review" and a table of dates lines up: ISO 8601 as Swedes write it, or British
# day-month-year with the month's name. Minutes, never seconds.
_DATE_PATTERNS = {"iso": "yyyy-MM-dd", "en-GB": "d MMM y"}
_DATETIME_PATTERNS = {"iso": "yyyy-MM-dd HH:mm", "en-GB": "d MMM y, HH:mm"}


@dataclass(frozen=True)
class Localisation:
    locale: str
    zone: ZoneInfo
    date_style: str = "iso"

    @property
    def translations(self) -> gettext.NullTranslations:
        return translations(self.locale)


_current: ContextVar[Localisation | None] = ContextVar("localisation", default=None)
_FALLBACK = Localisation(DEFAULT_LOCALE, ZoneInfo("Europe/Stockholm"))


@cache
def translations(locale: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po"
    if locale == "en" or not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def activate(locale: str, zone: str, date_style: str = "iso") -> None:
    """Use this language, time zone and (English) date style for the rest of the request."""
    language = locale if locale in LOCALES else DEFAULT_LOCALE
    style = date_style if date_style in DATE_STYLES else "iso"
    _current.set(Localisation(language, ZoneInfo(zone), style))


def current() -> Localisation:
    return _current.get() or _FALLBACK


def gettext_(message: str) -> str:
    return current().translations.gettext(message)


def error_text(exc: Exception) -> str:
    """A domain error's message for a reader of the web app: in their language where the
    error brings a template for it (triage.errors.InvalidInput), else as it stands."""
    template = getattr(exc, "template", None)
    if not template:
        return str(exc)
    return gettext_(template) % getattr(exc, "values", {})


def ngettext_(singular: str, plural: str, n: int) -> str:
    return current().translations.ngettext(singular, plural, n)


def negotiate(accept_language: str) -> str:
    """The first of our languages that the browser asks for (before anyone has logged in):
    "sv-SE" is Swedish, "en-GB" English, in the order the browser lists them."""
    asked = [part.split(";")[0].strip() for part in accept_language.split(",")]
    found = negotiate_locale([tag for tag in asked if tag], LOCALES, sep="-")
    return found.lower() if found else DEFAULT_LOCALE


def _style(loc: Localisation) -> tuple[str, str]:
    """The date style and Babel locale: Swedish writes ISO; English as the office chose."""
    if loc.locale != "en":
        return "iso", loc.locale
    return loc.date_style, "en_GB" if loc.date_style == "en-GB" else "en"


def local_datetime(value: datetime | None, pattern: str = "") -> str:
    """A date and time in the reader's zone, as every page writes one; a pattern of its own
    ("HH:mm" for a time today) is kept in every language."""
    if value is None:
        return ""
    loc = current()
    style, locale = _style(loc)
    return format_datetime(
        value, pattern or _DATETIME_PATTERNS[style], tzinfo=loc.zone, locale=locale
    )


def local_date(value: date | None) -> str:
    """A date (a review date, an absence's last day), as every page writes one."""
    if value is None:
        return ""
    style, locale = _style(current())
    return format_date(value, _DATE_PATTERNS[style], locale=locale)


def age(value: datetime | None) -> str:
    """How long ago, in words ("3 dagar", "2 hours")."""
    if value is None:
        return ""
    return format_timedelta(utcnow() - value, threshold=1.5, locale=current().locale)


def number(value: float | int) -> str:
    return format_decimal(value, locale=current().locale)


def percent(value: float | None) -> str:
    return "" if value is None else format_percent(value, locale=current().locale)


def localise(request: Request) -> None:
    """Use the user's language and zone for this request (before login, or before the user
    has a language of their own: the login page's)."""
    user = getattr(request.state, "user", None)
    settings = request.app.state.settings
    office_zone: str = settings.timezone
    style: str = settings.office_hours.date_style
    if user is not None:
        language = user.locale or login_page_language(request)
        activate(language, user.timezone or office_zone, style)
        return
    activate(login_page_language(request), office_zone, style)


def login_page_language(request: Request) -> str:
    """The language of the pages before login: the one picked on the login page, else the
    browser's."""
    wanted = request.session.get("locale") if "session" in request.scope else None
    return negotiate(str(wanted or request.headers.get("accept-language", "")))
