"""The profile page: every user's own display name and the signatures their replies carry, in
Swedish and English (replies are signed in the reply's language)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import CsrfChecked, CurrentUser, SessionDep
from api.i18n import gettext_ as _
from api.templating import flash, render
from triage.errors import InvalidInput
from triage.models import User
from triage.people.users import (
    MAX_DISPLAY_NAME_CHARS,
    MAX_SIGNATURE_CHARS,
    set_display_name,
    set_signature,
)

router = APIRouter()
Text = Annotated[str, Form()]


@router.get("/profile", response_class=HTMLResponse)
def profile_page(request: Request, user: CurrentUser) -> HTMLResponse:
    return _show(request, user, _values(user), {})


@router.post("/profile", dependencies=[CsrfChecked], response_model=None)
def save_profile(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    display_name: Text = "",
    signature_sv: Text = "",
    signature_en: Text = "",
) -> Response:
    values = {"display_name": display_name, "sv": signature_sv, "en": signature_en}
    errors = {}
    if len(display_name.strip()) > MAX_DISPLAY_NAME_CHARS:
        errors["display_name"] = _("The name is too long: at most %(max)s characters.") % {
            "max": MAX_DISPLAY_NAME_CHARS
        }
    for language in ("sv", "en"):
        if len(values[language].strip()) > MAX_SIGNATURE_CHARS:
            errors[language] = _("The signature is too long: at most %(max)s characters.") % {
                "max": MAX_SIGNATURE_CHARS
            }
    if errors:
        return _show(request, user, values, errors, status_code=400)
    try:
        set_display_name(session, user, display_name)
        set_signature(session, user, "sv", signature_sv)
        set_signature(session, user, "en", signature_en)
    except InvalidInput:  # checked above; a rule added later still says something
        return _show(request, user, values, {"display_name": _("Check the fields.")}, 400)
    flash(request, _("Your profile is saved."))
    return RedirectResponse("/profile", status_code=303)


def _values(user: User) -> dict[str, str]:
    return {"display_name": user.display_name, "sv": user.signature_sv, "en": user.signature_en}


def _show(
    request: Request,
    user: User,
    values: dict[str, str],
    errors: dict[str, str],
    status_code: int = 200,
) -> HTMLResponse:
    context = {"values": values, "errors": errors, "username": user.username}
    return render(request, "pages/profile.html", context, status_code)
