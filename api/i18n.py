"""Swedish and English: gettext catalogues read with Babel, dates in the user's locale and zone.

The catalogues are the .po files under api/locale (no compile step: Babel turns them into
gettext objects at start-up). Message ids are the English text, so English needs no catalogue.
Which language and zone apply is per request, kept in a context variable that the templates'
`_()` and date filters read. English dates follow the office's `[office_hours] date_style`
("iso" or "en-GB"), never the US order that Babel's plain "en" gives (12/4/26).
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
# ISO 8601 as Swedes write it: the same in every form, so a table of dates lines up.
_ISO_DATE = "yyyy-MM-dd"
_ISO_DATETIME = "yyyy-MM-dd HH:mm"
_NAMED_FORMS = frozenset({"short", "medium", "long", "full"})  # Babel's; anything else is a pattern


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


def _date_format(loc: Localisation, form: str, iso: str) -> tuple[str, str]:
    """The Babel format and locale for a date in this form: Swedish as Swedish writes it;
    English as the office chose (ISO, or British day-month order). A pattern of its own
    ("HH:mm") is kept in every language."""
    if loc.locale != "en" or form not in _NAMED_FORMS:
        return form, loc.locale
    if loc.date_style == "en-GB":
        return form, "en_GB"
    return iso, "en"


def local_datetime(value: datetime | None, form: str = "short") -> str:
    if value is None:
        return ""
    loc = current()
    pattern, locale = _date_format(loc, form, _ISO_DATETIME)
    return format_datetime(value, pattern, tzinfo=loc.zone, locale=locale)


def local_date(value: date | None, form: str = "medium") -> str:
    if value is None:
        return ""
    pattern, locale = _date_format(current(), form, _ISO_DATE)
    return format_date(value, pattern, locale=locale)


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
