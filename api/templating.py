"""The Jinja2 environment (autoescaped, gettext, locale filters) and one `render` for pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from api import i18n
from api.deps import Viewer, csrf_token
from api.labels import all_labels
from triage.people.users import Permission, may

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
_env = templates.env
_env.add_extension("jinja2.ext.i18n")
_env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext_, i18n.ngettext_, newstyle=True
)
_env.filters.update(
    datetime=i18n.local_datetime,
    date=i18n.local_date,
    age=i18n.age,
    number=i18n.number,
    percent=i18n.percent,
)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message for the next page this browser sees (after a redirect)."""
    request.session.setdefault("flash", []).append([kind, message])


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    i18n.localise(request)
    user: Viewer | None = getattr(request.state, "user", None)
    base = {
        "user": user,
        "csrf": csrf_token(request),
        "locale": i18n.current().locale,
        "locales": i18n.LOCALES,
        "path": request.url.path,
        "flashes": request.session.pop("flash", []),
        "can_admin": bool(user and may(user, Permission.ADMINISTER)),
        "can_work": bool(user and may(user, Permission.WORK_CASES)),
        "can_read_statistics": bool(user and may(user, Permission.READ_STATISTICS)),
        "labels": all_labels(),
    }
    return templates.TemplateResponse(
        request, template, {**base, **(context or {})}, status_code, headers=headers
    )
