"""The office's public FAQ: the one page anyone may read without logging in.

Nothing personal is on it (an answer may print office facts only, checked when a reply is
saved), it sets no cookie and carries no form, so shared caches may keep it for a while and
search engines may index it; the rest of the app stays out of both (api/app.py).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from api import i18n
from api.deps import SessionDep, SettingsDep
from api.templating import templates
from triage.cases.faq import public_entries, topic_names

router = APIRouter()

CACHE_SECONDS = 300  # an approved change reaches readers within five minutes


@router.get("/faq", response_class=HTMLResponse)
def faq_page(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    lang: str = "",
    q: str = "",
    type: str = "",
) -> HTMLResponse:
    language = (
        lang if lang in i18n.LOCALES else i18n.negotiate(request.headers.get("accept-language", ""))
    )
    i18n.activate(language, settings.timezone, settings.office_hours.date_style)
    types = list(settings.classifier.question_types)
    wanted = [type] if type in types else None
    entries = public_entries(session, settings, language, question_types=wanted, query=q[:200])
    names = topic_names(language, types)
    context = {
        "locale": language,
        "entries": entries,
        "q": q[:200],
        "type": type if wanted else "",
        "types": list(names.items()),
        "type_names": names,
        "office_name": settings.office.get("name", ""),
    }
    headers = {
        "Cache-Control": f"public, max-age={CACHE_SECONDS}",
        "Vary": "Accept-Language",
        "Content-Language": language,
    }
    return templates.TemplateResponse(request, "pages/faq.html", context, headers=headers)


@router.get("/robots.txt", response_class=PlainTextResponse)
def robots() -> PlainTextResponse:
    """Search engines may read the FAQ and nothing else (every other page needs a login)."""
    text = "User-agent: *\nAllow: /faq\nAllow: /static/\nDisallow: /\n"
    return PlainTextResponse(text, headers={"Cache-Control": "public, max-age=86400"})
