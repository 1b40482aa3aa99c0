"""The routine library: anyone logged in may search and read the routines; managers and the
owners of routines due for review see what the library asks of them. Reached from a case, a
routine's standard reply goes into the officer's reply on that case with one click."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from api.deps import CsrfChecked, CurrentUser, RoutinesDep, SessionDep, SettingsDep, Worker
from api.i18n import current
from api.i18n import gettext_ as _
from api.templating import flash, render
from routines import Routine, RoutineLibrary, render_html, search
from triage.cases import service
from triage.cases.owners import people_named
from triage.cases.routine_editing import versions_of, waiting
from triage.cases.routine_page import insert_reply, open_case_or_none, routine_view
from triage.errors import N_, InvalidInput, NotFound
from triage.people.users import names_by_login
from triage.records.routine_review import review_duties

router = APIRouter(prefix="/routines")


@router.get("", response_class=HTMLResponse)
def routine_library(
    request: Request,
    user: CurrentUser,
    routines: RoutinesDep,
    session: SessionDep,
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
                prefer_language=_listing_language(current().locale),
                limit=30,
            )
        ]
    else:
        found = [
            r
            for r in sorted(routines.routines, key=lambda r: (r.title.lower(), r.language))
            if (not type or type in r.question_types)
            and r.language == (wanted_language or _listing_language(current().locale))
        ]
    duties = review_duties(
        routines, list(settings.classifier.question_types), user, settings.today()
    )
    context = {
        "routines": found,
        "q": q,
        "type": type,
        "language": language,
        "types": list(settings.classifier.question_types),
        "duties": duties,
        "owners": people_named(
            session, [name for r in found + duties.due for name in (r.owner, r.backup_owner)]
        ),
        "waiting": waiting(session, user),
        "names": names_by_login(session),
    }
    return render(request, "pages/routines.html", context)


@router.get("/{routine_id}/{language}", response_class=HTMLResponse)
def routine_page(
    request: Request,
    routine_id: str,
    language: str,
    user: CurrentUser,
    routines: RoutinesDep,
    session: SessionDep,
    settings: SettingsDep,
    case: str = "",
) -> HTMLResponse:
    """The whole routine; with `?case=<id>` (from the case page) its replies go into that case."""
    routine = _routine(routines, routine_id, language)
    other = routines.get(routine_id, "en" if language == "sv" else "sv")
    context = {
        "view": routine_view(session, settings, routine, settings.today()),
        "routine": routine,
        "body_html": render_html(routine),
        "other": other,
        "case": open_case_or_none(session, case),
        "versions": versions_of(session, routine_id, language, user),
        "names": names_by_login(session),
    }
    return render(request, "pages/routine.html", context)


@router.post("/{routine_id}/{language}/insert-reply", dependencies=[CsrfChecked])
def insert_routine_reply(
    request: Request,
    routine_id: str,
    language: str,
    user: Worker,
    routines: RoutinesDep,
    session: SessionDep,
    settings: SettingsDep,
    case_id: Annotated[str, Form()] = "",
    reply_id: Annotated[str, Form()] = "",
) -> RedirectResponse:
    """The named reply, filled in for the case, added to the officer's draft on it."""
    routine = _routine(routines, routine_id, language)
    if not case_id.isdigit() or len(case_id) > 12:
        raise InvalidInput("case_id: expected a case number")
    case = service.get_case(session, int(case_id))
    insert_reply(session, settings, routine, case, reply_id, user)
    flash(request, _("The standard reply is in your reply on this case."))
    return RedirectResponse(f"/cases/{case.id}#reply", status_code=303)


def _routine(routines: RoutineLibrary, routine_id: str, language: str) -> Routine:
    routine = routines.get(routine_id, language)
    if routine is None:
        raise NotFound(
            f"no routine {routine_id!r} in {language!r}",
            N_("no routine '%(routine)s' in '%(language)s'"),
            routine=routine_id,
            language=language,
        )
    return routine


def _listing_language(locale: str) -> str:
    """The user's own language when routines exist in it; Swedish, the office's, otherwise."""
    return locale if locale in ("sv", "en") else "sv"
