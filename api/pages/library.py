"""The routine library: anyone logged in may search and read the routines."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import CurrentUser, RoutinesDep, SettingsDep
from api.templating import render
from routines import render_html, search
from triage.errors import NotFound

router = APIRouter(prefix="/routines")


@router.get("", response_class=HTMLResponse)
def routine_library(
    request: Request,
    user: CurrentUser,
    routines: RoutinesDep,
    settings: SettingsDep,
    q: str = "",
    type: str = "",
    language: str = "",
) -> HTMLResponse:
    wanted_language = language if language in ("sv", "en") else None
    if q.strip():
        found = [
            r
            for r, _ in search(
                routines,
                q,
                question_type=type or None,
                language=wanted_language,
                prefer_language=_listing_language(user.locale),
                limit=30,
            )
        ]
    else:
        found = [
            r
            for r in sorted(routines.routines, key=lambda r: (r.title.lower(), r.language))
            if (not type or type in r.question_types)
            and r.language == (wanted_language or _listing_language(user.locale))
        ]
    context = {
        "routines": found,
        "q": q,
        "type": type,
        "language": language,
        "types": list(settings.classifier.question_types),
    }
    return render(request, "pages/routines.html", context)


@router.get("/{routine_id}/{language}", response_class=HTMLResponse)
def routine_page(
    request: Request, routine_id: str, language: str, user: CurrentUser, routines: RoutinesDep
) -> HTMLResponse:
    routine = routines.get(routine_id, language)
    if routine is None:
        raise NotFound(f"no routine {routine_id!r} in {language!r}")
    other = routines.get(routine_id, "en" if language == "sv" else "sv")
    context = {"routine": routine, "body_html": render_html(routine), "other": other}
    return render(request, "pages/routine.html", context)


def _listing_language(locale: str) -> str:
    """The user's own language when routines exist in it; Swedish, the office's, otherwise."""
    return locale if locale in ("sv", "en") else "sv"
