"""Absences: register who is away; the queue's "covering" view shows their open cases."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import CsrfChecked, SessionDep, Worker
from api.i18n import gettext_ as _
from api.templating import flash, render
from triage.errors import InvalidInput
from triage.people.absences import absences_from, add_absence, remove_absence
from triage.people.users import Permission, active_users, may, user_named

router = APIRouter(prefix="/absences")
Text = Annotated[str, Form()]


def _page(
    request: Request,
    session: SessionDep,
    user: Worker,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "absences": absences_from(session, request.app.state.settings.today()),
        "may_manage": may(user, Permission.MANAGE_ABSENCES),
        "colleagues": {u.username: u.display_name or u.username for u in active_users(session)},
        "errors": errors or {},
        "form": form or {"username": user.username},
    }
    return render(request, "pages/absences.html", context, status_code)


@router.get("", response_class=HTMLResponse)
def absences(request: Request, user: Worker, session: SessionDep) -> HTMLResponse:
    return _page(request, session, user)


@router.post("", dependencies=[CsrfChecked], response_model=None)
def register(
    request: Request,
    user: Worker,
    session: SessionDep,
    starts_on: Text = "",
    ends_on: Text = "",
    username: Text = "",
    note: Text = "",
) -> Response:
    form = {"starts_on": starts_on, "ends_on": ends_on, "username": username, "note": note}
    errors: dict[str, str] = {}
    first, last = _day(starts_on), _day(ends_on)
    if first is None:
        errors["starts_on"] = _("Give the first day as a date (YYYY-MM-DD).")
    if last is None:
        errors["ends_on"] = _("Give the last day as a date (YYYY-MM-DD).")
    elif first is not None and last < first:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    if errors or first is None or last is None:
        return _page(request, session, user, errors, form, 400)
    absent = user_named(session, username) if username and username != user.username else user
    try:
        add_absence(session, absent, first, last, note, user)
    except InvalidInput as exc:
        return _page(request, session, user, {"ends_on": str(exc)}, form, 400)
    flash(request, _("The absence is registered."))
    return RedirectResponse("/absences", status_code=303)


@router.post("/{absence_id}/delete", dependencies=[CsrfChecked])
def delete(request: Request, absence_id: int, user: Worker, session: SessionDep) -> Response:
    remove_absence(session, absence_id, user)
    flash(request, _("The absence is removed."))
    return RedirectResponse("/absences", status_code=303)


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None
