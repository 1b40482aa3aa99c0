"""The triage queue page: filters, counts per question type, keyset pages, htmx row updates."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.deps import SessionDep, SettingsDep, Worker
from api.templating import render
from triage.cases.queue import (
    ASSIGNEE_CHOICES,
    STATUS_CHOICES,
    QueueFilter,
    filter_from,
    queue_page,
)
from triage.mail.health import mailbox_names
from triage.people.absences import absences_from
from triage.people.users import active_users

router = APIRouter()
AGES = (1, 3, 7, 14, 30)


@router.get("/", response_class=HTMLResponse)
def queue(
    request: Request, user: Worker, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    params = dict(request.query_params)
    filters = filter_from(params)
    page = queue_page(session, user, filters, cursor=params.get("after"), today=settings.today())
    kept = {k: v for k, v in params.items() if v and k not in ("after", "question_type")}
    here = str(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    context = {
        "page": page,
        "filters": filters,
        "type_links": _type_links(kept, page.counts, filters, settings.classifier.question_types),
        "next_url": f"/?{urlencode({**kept, **_type(filters), 'after': page.next_cursor})}"
        if page.next_cursor
        else None,
        "first_url": f"/?{urlencode({**kept, **_type(filters)})}" if "after" in params else None,
        "options": {
            "statuses": STATUS_CHOICES,
            "assignees": ASSIGNEE_CHOICES,
            "colleagues": {
                u.username: u.display_name or u.username
                for u in active_users(session)
                if u.id != user.id
            },
            "mailboxes": mailbox_names(session),
            "types": list(settings.classifier.question_types),
            "languages": ("sv", "en", "other"),
            "ages": AGES,
        },
        "return_to": here,
    }
    if filters.assignee == "covering":  # whom the substitute covers for, and until when
        away = absences_from(session, settings.today())
        context["away"] = [a for a in away if a.is_current and a.username != user.username]
    remember_queue(request, here)
    if request.headers.get("hx-request") and request.headers.get("hx-target") == "queue-results":
        return render(request, "pages/_queue_results.html", {**context, "heading_oob": True})
    return render(request, "pages/queue.html", context)


_QUEUE_KEY = "queue_url"
_QUEUE_URL = re.compile(r"/(?:\?[^\s\\]{0,1000})?")  # the queue's own address, nowhere else


def remember_queue(request: Request, url: str) -> None:
    """Keep the queue as the officer filtered it, to come back to from a case."""
    if "session" in request.scope and _QUEUE_URL.fullmatch(url):
        request.session[_QUEUE_KEY] = url


def queue_url(request: Request) -> str:
    """The queue as the officer last saw it (filters and page), else the plain queue."""
    kept = request.session.get(_QUEUE_KEY) if "session" in request.scope else None
    return kept if isinstance(kept, str) and _QUEUE_URL.fullmatch(kept) else "/"


def _type(filters: QueueFilter) -> dict[str, str]:
    return {"question_type": filters.question_type} if filters.question_type else {}


def _type_links(
    kept: dict[str, str], counts: dict[str, int], filters: QueueFilter, types: list[str]
) -> list[dict[str, object]]:
    """One link per question type with its count (unclassified last), plus "all"."""
    labels = [*types, *sorted(k for k in counts if k and k not in types)]
    links: list[dict[str, object]] = [
        {
            "label": None,
            "count": sum(counts.values()),
            "url": f"/?{urlencode(kept)}",
            "current": filters.question_type is None,
        }
    ]
    for label in [*labels, "none"]:
        count = counts.get("" if label == "none" else label, 0)
        if label == "none" and not count:
            continue
        links.append(
            {
                "label": label,
                "count": count,
                "url": f"/?{urlencode({**kept, 'question_type': label})}",
                "current": filters.question_type == label,
            }
        )
    return links
