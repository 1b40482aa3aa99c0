"""The Jinja2 environment (autoescaped, gettext, locale filters) and one `render` for pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import HTMLResponse

from api import i18n
from api.deps import Viewer, csrf_token
from api.labels import all_labels, owner_name
from api.problem_words import problem_words
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
    problem=problem_words,
    owner=owner_name,
)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A message for the next page this browser sees (after a redirect)."""
    request.session.setdefault("flash", []).append([kind, message])


def page_address(request: Request) -> str:
    """Where this page lives, query included, for a form that should come back to it (the
    language switch). A page rendered in answer to a POST (a form with errors) lives where the
    form was: the Referer on this site, else the queue."""
    if request.method in ("GET", "HEAD"):
        query = request.url.query
        return request.url.path + (f"?{query}" if query else "")
    return same_site_referer(request) or "/"


def same_site_referer(request: Request) -> str | None:
    """The path and query of the page this request came from, if it is on this site."""
    referer = urlsplit(request.headers.get("referer", ""))
    if not referer.path or referer.netloc != request.url.netloc:
        return None
    return referer.path + (f"?{referer.query}" if referer.query else "")


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
        "here": page_address(request),
        "flashes": request.session.pop("flash", []),
        "can_admin": bool(user and may(user, Permission.ADMINISTER)),
        "can_work": bool(user and may(user, Permission.WORK_CASES)),
        "can_read_statistics": bool(user and may(user, Permission.READ_STATISTICS)),
        "labels": all_labels(),
    }
    return templates.TemplateResponse(
        request, template, {**base, **(context or {})}, status_code, headers=headers
    )
