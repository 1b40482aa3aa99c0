"""What the reply editor shows beside the text: the draft's CC and files, the [replies] limits
in words, and why a file, an address or a forward was refused, in the officer's language
(mail/failures.py's codes with their parameters)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from api.i18n import gettext_ as _
from api.labels import send_failure
from triage.cases.forwarding import FORWARD_OUTCOMES
from triage.cases.page import CasePage
from triage.cases.replying import draft_view
from triage.cases.suggestions import matcher
from triage.mail.failures import reason_of
from triage.models import Case, DraftAttachment, User
from triage.settings import Settings


@dataclass(frozen=True)
class ReplyExtras:
    """The editor's CC and files, and the limits the file input is bound by."""

    cc: str
    files: list[DraftAttachment]
    limits: str


def reply_extras(session: Session, settings: Settings, case: Case, user: User) -> ReplyExtras:
    view = draft_view(session, case, user)
    cc = view.draft.cc if view else ""
    return ReplyExtras(cc, view.attachments if view else [], limits_in_words(settings))


def limits_in_words(settings: Settings) -> str:
    limits = settings.replies
    return _(
        "PDF, images, office documents or text files; at most %(file_mb)s MB a file, "
        "%(total_mb)s MB and %(count)s files together."
    ) % {
        "file_mb": f"{limits.max_attachment_mb:g}",
        "total_mb": f"{limits.max_total_attachments_mb:g}",
        "count": limits.max_attachments,
    }


def file_size(size: int) -> str:
    """A file's size as the editor lists it: kB below a megabyte, MB above."""
    if size < 1024 * 1024:
        return _("%(size)s kB") % {"size": f"{max(size / 1024, 0.1):.1f}"}
    return _("%(size)s MB") % {"size": f"{size / 1024 / 1024:.1f}"}


def refusal(error: BaseException) -> str:
    """Why a file, an address or a forward was refused: the file named and the limit given
    where the reason has them, else labels.send_failure's words for the code."""
    code, params = reason_of(error)
    words = _specific(code, params)
    return words if words is not None else send_failure(code)


def _specific(code: str, params: dict[str, str]) -> str | None:
    filename = params.get("filename", "")
    if code == "attachment_too_big" and filename:
        return _("%(filename)s is %(size_mb)s MB; a file may be at most %(max_mb)s MB.") % {
            "filename": filename,
            "size_mb": params.get("size_mb", "?"),
            "max_mb": params.get("max_mb", "?"),
        }
    if code == "attachments_too_big":
        return _("The files come to %(size_mb)s MB together; one mail may carry %(max_mb)s MB.") % {
            "size_mb": params.get("size_mb", "?"),
            "max_mb": params.get("max_mb", "?"),
        }
    if code == "too_many_attachments":
        return _("At most %(max)s files can go with one mail.") % {"max": params.get("max", "?")}
    if code == "attachment_type" and filename:
        return _(
            "%(filename)s cannot be attached: only PDF, images, office documents and text "
            "files whose contents match their name."
        ) % {"filename": filename}
    if code == "attachment_empty" and filename:
        return _("%(filename)s is empty.") % {"filename": filename}
    if code == "cc_invalid" and params.get("address"):
        return _("%(address)s is not an address like name@example.se.") % {
            "address": params["address"]
        }
    if code == "too_many_recipients" and params.get("max"):
        return _("At most %(max)s addresses can be copied on one reply.") % {"max": params["max"]}
    if code == "to_several":
        return _("A case is forwarded to one address at a time: forward it again for another.")
    if code == "to_invalid":
        return _("Write one valid mail address to forward the case to.")
    if code == "outcome_invalid":
        return _("Choose what the forward means for the case.")
    return None


def editor_context(
    session: Session, settings: Settings, page: CasePage, user: User
) -> dict[str, object]:
    """What the case page's editor, forward and close forms need beyond the page itself."""
    return {
        "extras": reply_extras(session, settings, page.case, user),
        "file_size": file_size,
        "forward_outcomes": [str(outcome) for outcome in FORWARD_OUTCOMES],
        "replied": page.case.first_response_at is not None,  # the office's mail is on it
        "reply_titles": reply_titles(session),
    }


def reply_titles(session: Session) -> dict[str, dict[str, str]]:
    """Each approved standard reply's title, by language and id: the editor names the replies
    its text was made from."""
    titles: dict[str, dict[str, str]] = {}
    for reply in matcher(session).library.replies:
        titles.setdefault(reply.language, {})[reply.id] = reply.title
    return titles
