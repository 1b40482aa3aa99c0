"""Swedish and English: gettext catalogues read with Babel, dates in the user's locale and zone.

The catalogues are the .po files under api/locale (no compile step: Babel turns them into
gettext objects at start-up). Message ids are the English text, so English needs no catalogue.
Which language and zone apply is per request, kept in a context variable that the templates'
`_()` and date filters read.
"""

from __future__ import annotations

import gettext
import io
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class Localisation:
    locale: str
    zone: ZoneInfo

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


def activate(locale: str, zone: str) -> None:
    """Use this language and time zone for the rest of the current request."""
    _current.set(Localisation(locale if locale in LOCALES else DEFAULT_LOCALE, ZoneInfo(zone)))


def current() -> Localisation:
    return _current.get() or _FALLBACK


def gettext_(message: str) -> str:
    return current().translations.gettext(message)


def ngettext_(singular: str, plural: str, n: int) -> str:
    return current().translations.ngettext(singular, plural, n)


def negotiate(accept_language: str) -> str:
    """The first of our languages that the browser asks for (before anyone has logged in):
    "sv-SE" is Swedish, "en-GB" English, in the order the browser lists them."""
    asked = [part.split(";")[0].strip() for part in accept_language.split(",")]
    found = negotiate_locale([tag for tag in asked if tag], LOCALES, sep="-")
    return found.lower() if found else DEFAULT_LOCALE


def local_datetime(value: datetime | None, form: str = "short") -> str:
    if value is None:
        return ""
    loc = current()
    return format_datetime(value, form, tzinfo=loc.zone, locale=loc.locale)


def local_date(value: object, form: str = "medium") -> str:
    if value is None:
        return ""
    return format_date(value, form, locale=current().locale)  # type: ignore[arg-type]


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
    """Use the user's language and zone for this request (before login: the browser's)."""
    user = getattr(request.state, "user", None)
    office_zone: str = request.app.state.settings.timezone
    if user is not None:
        activate(user.locale, user.timezone or office_zone)
        return
    wanted = request.session.get("locale") if "session" in request.scope else None
    activate(negotiate(str(wanted or request.headers.get("accept-language", ""))), office_zone)
