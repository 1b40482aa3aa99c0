"""The standard-reply library in the browser: search it, see how each reply is used, propose a
new or changed reply in both languages (checked as it is typed, with a preview), and, for the
owner or a manager, approve or reject what others proposed; every version can be restored."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import CsrfChecked, SessionDep, SettingsDep, Worker
from api.i18n import gettext_ as _
from api.pages.edit_conflicts import conflict_message
from api.problem_words import problem_words
from api.templating import flash, render
from canned_replies.template import RenderError
from canned_replies.template import render as render_template
from classifiers.language import detect_language
from classifiers.text import prepare
from triage.cases import reply_library as library
from triage.cases.content_versions import Version as HistoryVersion
from triage.cases.faq import answer_text
from triage.cases.owners import people_named
from triage.cases.reply_library import Draft, DraftProblems, EditConflict, Version
from triage.cases.standard_replies import first_question, history
from triage.errors import InvalidInput, NotFound
from triage.models import Case, User
from triage.people.users import Permission, may, names_by_login
from triage.records.reply_signals import reply_signals
from triage.settings import Settings

router = APIRouter(prefix="/replies")
LANGUAGES = library.LANGUAGES
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ["reply_id", "question_types", "owner", "last_reviewed", "public"] + [
    f"{name}_{lang}" for lang in LANGUAGES for name in library.PER_LANGUAGE
]


@router.get("", response_class=HTMLResponse)
def reply_library(
    request: Request,
    user: Worker,
    session: SessionDep,
    settings: SettingsDep,
    q: str = "",
    type: str = "",
    language: str = "",
) -> HTMLResponse:
    language = language if language in LANGUAGES else ""
    listed = library.library_listing(
        session, settings.today(), query=q[:200], question_type=type, language=language
    )
    now = request.app.state.clock()
    found = reply_signals(session, now - timedelta(days=365), now, None)
    signals = {row["id"]: row for row in found["by_reply"]}
    context = {
        "replies": listed,
        "owners": people_named(session, [r.owner for r in listed]),
        "signals": signals,
        "q": q[:200],
        "type": type,
        "language": language,
        "types": list(settings.classifier.question_types),
        "proposals": library.pending(session),
        "may_approve_all": may(user, Permission.APPROVE_CONTENT),
    }
    return render(request, "pages/replies.html", context)


@router.get("/new", response_class=HTMLResponse)
def new_reply(
    request: Request,
    user: Worker,
    session: SessionDep,
    settings: SettingsDep,
    case: int | None = None,
    type: str = "",
) -> HTMLResponse:
    """A blank reply; from a case, its question becomes the first example question; from the
    analysis, the cluster's representative questions (`example=` repeated). Each example goes
    to the version in its own language (Swedish where it is neither)."""
    asked = request.query_params.getlist("example")[:10]
    examples = [(e, _language_of(e)) for e in (_example(a) for a in asked) if e]
    types = [type] if type in settings.classifier.question_types else []
    draft = Draft("", types, user.display_name or user.username)
    if case is not None:
        found = session.get(Case, case)
        if found is None:
            raise NotFound(f"no case {case}")
        # What the requester asked, without greeting, signature and quotes: the library is
        # shared (and exported), the asker's name and phone number have no place in it.
        read = prepare(*first_question(session, found))
        question = " ".join(f"{read.subject}. {read.body}".split())[:300]
        language = found.language if found.language in LANGUAGES else "sv"
        examples = [(question, language), *examples]
        types = types or ([found.question_type] if found.question_type else [])
        draft.question_types = types
    for lang in LANGUAGES:
        draft.versions[lang] = Version(examples=[e for e, found in examples if found == lang])
    return _editor(request, session, settings, user, draft, new=True)


def _example(excerpt: str) -> str:
    """An example question from the analysis's excerpt: without the "…" that marks a cut."""
    return excerpt[:300].strip().removesuffix("…").rstrip()


def _language_of(text: str) -> str:
    found = detect_language(text)
    return found if found in LANGUAGES else "sv"


@router.post("/new", dependencies=[CsrfChecked], response_model=None)
async def create_reply(
    request: Request, user: Worker, session: SessionDep, settings: SettingsDep
) -> Response:
    draft = _draft_from(await request.form())
    return _submit(request, session, settings, user, draft, new=True)


@router.post("/check", dependencies=[CsrfChecked], response_class=HTMLResponse)
async def check_reply(
    request: Request, user: Worker, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    """As the officer types: every field's message, and the preview with the office's facts."""
    form = await request.form()
    draft = _draft_from(form)
    new = form.get("new") == "1"
    problems = _checked(session, settings, draft, new=new)
    context = {
        "problems": problems,
        "fields": FIELDS,
        "previews": _previews(draft, settings, user, request),
    }
    return render(request, "pages/_reply_check.html", context)


@router.get("/{reply_id}", response_class=HTMLResponse)
def reply_page(
    request: Request, reply_id: str, user: Worker, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    draft = library.draft_of(session, reply_id)
    proposals = library.pending(session, reply_id)
    context = {
        "draft": draft,
        "owners": people_named(session, [draft.owner]),
        "previews": _previews(draft, settings, user, request),
        "faq_previews": _faq_previews(draft, settings),
        "history": {lang: _history(session, reply_id, lang) for lang in LANGUAGES},
        "proposals": [
            (p, library.proposal_changes(session, p), library.proposal_diff(session, p))
            for p in proposals
        ],
        "may_approve": library.may_approve(user, reply_id, session),
        "public_url": f"/faq?lang={{lang}}#{reply_id}",
        "names": names_by_login(session),
    }
    return render(request, "pages/reply.html", context)


@router.get("/{reply_id}/edit", response_class=HTMLResponse)
def edit_reply(
    request: Request, reply_id: str, user: Worker, session: SessionDep, settings: SettingsDep
) -> HTMLResponse:
    draft = library.draft_of(session, reply_id)
    return _editor(request, session, settings, user, draft, new=False)


@router.post("/{reply_id}/edit", dependencies=[CsrfChecked], response_model=None)
async def save_reply(
    request: Request, reply_id: str, user: Worker, session: SessionDep, settings: SettingsDep
) -> Response:
    library.draft_of(session, reply_id)  # 404 for a reply that does not exist
    draft = _draft_from(await request.form())
    draft.reply_id = reply_id  # the id is not editable: other replies and routines name it
    return _submit(request, session, settings, user, draft, new=False)


@router.post("/proposals/{proposal_id}/approve", dependencies=[CsrfChecked])
def approve_proposal(
    request: Request, proposal_id: int, user: Worker, session: SessionDep
) -> RedirectResponse:
    try:
        proposal = library.approve(session, proposal_id, user)
    except EditConflict as exc:
        flash(request, conflict_message(exc), "error")
        return RedirectResponse(request.headers.get("referer") or "/replies", 303)
    flash(request, _("Approved: students get the new text from now on."))
    return RedirectResponse(f"/replies/{proposal.reply_id}", 303)


@router.post("/proposals/{proposal_id}/reject", dependencies=[CsrfChecked])
async def reject_proposal(
    request: Request, proposal_id: int, user: Worker, session: SessionDep
) -> RedirectResponse:
    note = str((await request.form()).get("note") or "")
    proposal = library.reject(session, proposal_id, user, note)
    flash(request, _("The proposal was not accepted; the reply is unchanged."))
    return RedirectResponse(f"/replies/{proposal.reply_id}", 303)


@router.post("/{reply_id}/{language}/restore/{version}", dependencies=[CsrfChecked])
def restore_version(
    request: Request, reply_id: str, language: str, version: int, user: Worker, session: SessionDep
) -> RedirectResponse:
    proposal = library.restore(session, reply_id, language, version, user)
    if proposal.status == "approved":
        flash(request, _("Version %(version)s is the current text again.") % {"version": version})
    else:
        flash(
            request, _("Proposed: version %(version)s back, once approved.") % {"version": version}
        )
    return RedirectResponse(f"/replies/{reply_id}", 303)


def _submit(
    request: Request, session: Session, settings: Settings, user: User, draft: Draft, *, new: bool
) -> Response:
    try:
        proposals = library.submit(
            session, draft, user, settings.office.keys(), settings.today(), new=new
        )
    except DraftProblems as exc:
        problems = {
            key: [problem_words(m) for m in messages] for key, messages in exc.problems.items()
        }
        return _editor(request, session, settings, user, draft, new=new, problems=problems)
    except EditConflict as exc:
        conflict = {"language": exc.language, "diff": exc.diff, "message": conflict_message(exc)}
        draft.versions[exc.language].base_version = exc.current_version
        return _editor(request, session, settings, user, draft, new=new, conflict=conflict)
    except InvalidInput as exc:
        problems = {"reply_id": [_("Nothing changed.") if "nothing" in str(exc) else str(exc)]}
        return _editor(request, session, settings, user, draft, new=new, problems=problems)
    if all(p.status == "approved" for p in proposals):
        flash(request, _("Saved and approved: students get the new text from now on."))
    else:
        flash(
            request,
            _("Proposed. The reply's owner or a manager approves it before students get it."),
        )
    return RedirectResponse(f"/replies/{draft.reply_id}", 303)


def _editor(
    request: Request,
    session: Session,
    settings: Settings,
    user: User,
    draft: Draft,
    *,
    new: bool,
    problems: dict[str, list[str]] | None = None,
    conflict: dict[str, str] | None = None,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "draft": draft,
        "new": new,
        "problems": problems or {},
        "conflict": conflict,
        "types": list(settings.classifier.question_types),
        "previews": _previews(draft, settings, user, request),
        # Whether saving approves at once, by submit()'s rule: a new reply has no approved
        # owner yet (a taken id is refused), so only those who may approve any reply.
        "may_approve": library.may_approve(user, "" if new else draft.reply_id, session),
        "fields": FIELDS,
    }
    status = 409 if conflict else 400 if problems else 200
    return render(request, "pages/reply_edit.html", context, status)


def _checked(
    session: Session, settings: Settings, draft: Draft, *, new: bool
) -> dict[str, list[str]]:
    if new and not _ID.match(draft.reply_id):
        found = {"reply_id": ["use lower-case letters, digits and hyphens"]}
    else:
        found = {}
    found |= library.check_draft(session, draft, settings.office.keys(), settings.today(), new=new)
    return {key: [problem_words(m) for m in messages] for key, messages in found.items()}


def _previews(draft: Draft, settings: Settings, user: User, request: Request) -> dict[str, str]:
    """Each language's body as a student would get it: the office facts filled in, an example
    student and case, the officer's own signature."""
    out = {}
    for lang, version in draft.versions.items():
        if version.empty:
            continue
        signature = getattr(user, f"signature_{lang}", "") or user.display_name or user.username
        context = {
            "requester": {
                "first_name": "Anna",
                "name": "Anna Lindqvist",
                "email": "anna@example.org",
            },
            "case": {"ref": "[#1234]", "subject": version.title},
            "officer": {"name": user.display_name or user.username, "signature": signature},
            "mailbox": {"address": "", "name": ""},
            "office": dict(settings.office),
        }
        try:
            out[lang] = render_template(version.body.replace("\r\n", "\n"), context)
        except RenderError as exc:
            out[lang] = "⚠ " + problem_words(str(exc))
    return out


def _faq_previews(draft: Draft, settings: Settings) -> dict[str, str]:
    """Each public answer as the FAQ page shows it (as Markdown, the facts filled in)."""
    out = {}
    for lang, version in draft.versions.items():
        if draft.public and version.faq_answer:
            try:
                out[lang] = answer_text(version.faq_answer, settings)
            except RenderError as exc:
                out[lang] = "⚠ " + problem_words(str(exc))
    return out


def _history(session: Session, reply_id: str, language: str) -> list[HistoryVersion]:
    try:
        return history(session, reply_id, language)
    except NotFound:
        return []


def _draft_from(form: Any) -> Draft:
    def text(name: str, limit: int = 20_000) -> str:
        return str(form.get(name) or "")[:limit]

    def number(name: str) -> int:
        value = text(name, 12)
        return int(value) if value.isdigit() else 0

    reviewed = None
    try:
        reviewed = date.fromisoformat(text("last_reviewed", 10)) if text("last_reviewed") else None
    except ValueError:
        reviewed = None
    draft = Draft(
        reply_id=text("reply_id", 80).strip(),
        question_types=[str(t) for t in form.getlist("question_types")][:10],
        owner=text("owner", 120),
        last_reviewed=reviewed,
        public=form.get("public") == "1",
    )
    for lang in LANGUAGES:
        draft.versions[lang] = Version(
            title=text(f"title_{lang}", 200),
            examples=text(f"examples_{lang}", 5000).splitlines()[:30],
            body=text(f"body_{lang}"),
            faq_question=text(f"faq_question_{lang}", 300),
            faq_answer=text(f"faq_answer_{lang}", 5000),
            base_version=number(f"base_version_{lang}"),
            tags=[t.strip() for t in text(f"tags_{lang}", 500).split(",") if t.strip()],
        )
    return draft
