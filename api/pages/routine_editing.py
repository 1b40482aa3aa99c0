"""Routines edited in the browser: a new routine or a change, both languages side by side as
their whole files, checked as they are typed; officers propose, the routine's owner, its backup
owner or a manager approves or rejects; any older version can be restored."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import CsrfChecked, SessionDep, SettingsDep, Worker
from api.i18n import gettext_ as _
from api.pages.edit_conflicts import conflict_message
from api.problem_words import problem_words
from api.templating import flash, render
from triage.cases import routine_editing as editing
from triage.cases.reply_library import DraftProblems, EditConflict
from triage.cases.routine_editing import LANGUAGES, RoutineDraft
from triage.errors import InvalidInput
from triage.models import RoutineProposal, User

router = APIRouter(prefix="/routines")
FIELDS = ["routine_id", *(f"text_{language}" for language in LANGUAGES)]


@router.get("/new", response_class=HTMLResponse)
def new_routine(
    request: Request, user: Worker, session: SessionDep, settings: SettingsDep, type: str = ""
) -> HTMLResponse:
    """A blank routine in both languages; from "tasks without a routine", for that type."""
    types = [type] if type in settings.classifier.question_types else []
    draft = editing.blank_draft("", types, user.display_name or user.username, settings.today())
    return _editor(request, session, user, draft, new=True)


@router.post("/new", dependencies=[CsrfChecked], response_model=None)
async def create_routine(request: Request, user: Worker, session: SessionDep) -> Response:
    draft = _draft_from(await request.form())
    return _submit(request, session, user, draft, new=True)


@router.post("/check", dependencies=[CsrfChecked], response_class=HTMLResponse)
async def check_routine(request: Request, user: Worker, session: SessionDep) -> HTMLResponse:
    """As the officer types: each language's problems beside its text, and how many."""
    form = await request.form()
    problems = editing.check_draft(session, _draft_from(form), new=form.get("new") == "1")
    context = {"problems": _translated(problems), "fields": FIELDS}
    return render(request, "pages/_routine_check.html", context)


@router.get("/{routine_id}/{language}/edit", response_class=HTMLResponse)
def edit_routine(
    request: Request, routine_id: str, language: str, user: Worker, session: SessionDep
) -> HTMLResponse:
    draft = editing.draft_of(session, routine_id)
    return _editor(request, session, user, draft, new=False, language=language)


@router.post("/{routine_id}/{language}/edit", dependencies=[CsrfChecked], response_model=None)
async def save_routine(
    request: Request, routine_id: str, language: str, user: Worker, session: SessionDep
) -> Response:
    editing.draft_of(session, routine_id)  # 404 for a routine that does not exist
    draft = _draft_from(await request.form())
    draft.routine_id = routine_id  # not editable: checklist ticks and links name it
    return _submit(request, session, user, draft, new=False, language=language)


@router.post("/proposals/{proposal_id}/approve", dependencies=[CsrfChecked])
def approve_proposal(
    request: Request, proposal_id: int, user: Worker, session: SessionDep
) -> RedirectResponse:
    try:
        proposal = editing.approve(session, proposal_id, user)
    except EditConflict as exc:
        flash(request, conflict_message(exc), "error")
        return RedirectResponse(request.headers.get("referer") or "/routines", 303)
    flash(request, _("Approved: case pages and checklists follow the new text from now on."))
    return RedirectResponse(_page_of(proposal), 303)


@router.post("/proposals/{proposal_id}/reject", dependencies=[CsrfChecked])
async def reject_proposal(
    request: Request, proposal_id: int, user: Worker, session: SessionDep
) -> RedirectResponse:
    note = str((await request.form()).get("note") or "")
    proposal = editing.reject(session, proposal_id, user, note)
    flash(request, _("The proposal was not accepted; the routine is unchanged."))
    return RedirectResponse(_page_of(proposal, approved=False), 303)


@router.post("/{routine_id}/{language}/restore/{version}", dependencies=[CsrfChecked])
def restore_version(
    request: Request,
    routine_id: str,
    language: str,
    version: int,
    user: Worker,
    session: SessionDep,
) -> RedirectResponse:
    proposal = editing.restore(session, routine_id, language, version, user)
    if proposal.status == "approved":
        flash(request, _("Version %(version)s is the current text again.") % {"version": version})
    else:
        flash(
            request, _("Proposed: version %(version)s back, once approved.") % {"version": version}
        )
    return RedirectResponse(f"/routines/{routine_id}/{language}", 303)


def _submit(
    request: Request,
    session: Session,
    user: User,
    draft: RoutineDraft,
    *,
    new: bool,
    language: str = "sv",
) -> Response:
    try:
        proposals = editing.submit(session, draft, user, new=new)
    except DraftProblems as exc:
        problems = _translated(exc.problems)
        return _editor(request, session, user, draft, new=new, language=language, problems=problems)
    except EditConflict as exc:
        conflict = {"language": exc.language, "diff": exc.diff, "message": conflict_message(exc)}
        draft.base_versions[exc.language] = exc.current_version  # saving again is deliberate
        return _editor(request, session, user, draft, new=new, language=language, conflict=conflict)
    except InvalidInput as exc:
        problems = {"routine_id": [_("Nothing changed.") if "nothing" in str(exc) else str(exc)]}
        return _editor(request, session, user, draft, new=new, language=language, problems=problems)
    if all(p.status == "approved" for p in proposals):
        flash(request, _("Saved and approved: case pages and checklists follow it from now on."))
        return RedirectResponse(f"/routines/{draft.routine_id}/{language}", 303)
    flash(
        request,
        _("Proposed. The routine's owner, its backup owner or a manager approves it first."),
    )
    return RedirectResponse(_page_of(proposals[0], approved=not new), 303)


def _editor(
    request: Request,
    session: Session,
    user: User,
    draft: RoutineDraft,
    *,
    new: bool,
    language: str = "sv",
    problems: dict[str, list[str]] | None = None,
    conflict: dict[str, str] | None = None,
) -> HTMLResponse:
    language = language if language in LANGUAGES else "sv"
    context: dict[str, Any] = {
        "draft": draft,
        "new": new,
        "language": language,
        "problems": problems or {},
        "conflict": conflict,
        # Whether saving approves at once, by submit()'s rule: a new routine has no approved
        # owner yet (a taken id is refused), so only those who may approve any routine.
        "may_approve": editing.may_approve(user, "" if new else draft.routine_id, session),
        "action": "/routines/new" if new else f"/routines/{draft.routine_id}/{language}/edit",
        "back": "/routines" if new else f"/routines/{draft.routine_id}/{language}",
    }
    status = 409 if conflict else 400 if problems else 200
    return render(request, "pages/routine_edit.html", context, status)


def _draft_from(form: Any) -> RoutineDraft:
    def text(name: str, limit: int) -> str:
        return str(form.get(name) or "")[:limit]

    draft = RoutineDraft(text("routine_id", 80).strip())
    for language in LANGUAGES:
        draft.texts[language] = text(f"text_{language}", 50_000)
        base = text(f"base_version_{language}", 12)
        draft.base_versions[language] = int(base) if base.isdigit() else 0
    return draft


def _translated(problems: dict[str, list[str]]) -> dict[str, list[str]]:
    return {key: [problem_words(m) for m in messages] for key, messages in problems.items()}


def _page_of(proposal: RoutineProposal, *, approved: bool = True) -> str:
    """The routine's page; the library's list for a routine with no approved version yet."""
    if not approved and proposal.base_version == 0:
        return "/routines"
    return f"/routines/{proposal.routine_id}/{proposal.language}"
