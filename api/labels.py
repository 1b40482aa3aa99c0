"""Words for the values the domain stores (statuses, outcomes, types, events), per language.

Functions, not constants: each call translates into the language of the current request.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.i18n import gettext_ as _
from api.i18n import ngettext_
from triage.cases.history import HistoryLine


def outcomes() -> dict[str, str]:
    return {
        "standard_reply": _("Answered with a standard reply"),
        "personal_reply": _("Answered personally"),
        "referred_infocenter": _("Referred to Infocenter"),
        "referred_migrationsverket": _("Referred to Migrationsverket"),
        "referred_department": _("Referred to a department"),
        "forwarded": _("Forwarded elsewhere"),
        "no_answer_needed": _("No answer needed"),
        "spam": _("Spam"),
        "answered_by_acknowledgement": _("Answered by the acknowledgement"),
    }


def statuses() -> dict[str, str]:
    return {
        "active": _("Not closed"),
        "new": _("New"),
        "open": _("Open"),
        "waiting": _("Waiting for the requester"),
        "closed": _("Closed"),
        "all": _("All"),
    }


def question_types() -> dict[str, str]:
    """Names of the default types; a type an office adds shows as it is written."""
    return {
        "housing": _("Housing"),
        "migration": _("Migration"),
        "outbound": _("Outbound exchange"),
        "fees": _("Fees"),
        "other": _("Other"),
        "none": _("Not classified"),
    }


def figure_types() -> dict[str, str]:
    """The types as the statistics and the analysis name them, "unclassified" among them."""
    return question_types() | {"unclassified": _("Not classified")}


def assignees() -> dict[str, str]:
    return {
        "anyone": _("Anyone"),
        "me": _("Me"),
        "unassigned": _("Unassigned"),
        "covering": _("Covering for absent colleagues"),
    }


def languages() -> dict[str, str]:
    return {"sv": _("Swedish"), "en": _("English"), "other": _("Other language")}


def events() -> dict[str, str]:
    return {
        "created": _("Case opened by incoming mail"),
        "message_in": _("Mail from the requester"),
        "message_out": _("Reply sent"),
        "auto_reply": _("Automatic reply or bounce"),
        "status": _("Status changed"),
        "reopened": _("Reopened"),
        "type": _("Question type set"),
        "assigned": _("Assigned"),
        "outcome": _("Closed with outcome"),
        "mailbox_added": _("Also arrived in another mailbox"),
        "note": _("Note written"),
        "reply_suggested": _("Standard replies suggested"),
        "reply_used": _("Standard reply used"),
        "checklist": _("Checklist step"),
        "viewed": _("Opened"),
        "anonymised": _("Personal data removed"),
        "reply_failed": _("Reply not sent"),
        "forwarded": _("Forwarded with the thread"),
        "follow_up": _("Follow-up date"),
        "ack_sent": _("Acknowledgement sent"),
        "ack_skipped": _("No acknowledgement sent"),
        "ack_failed": _("Acknowledgement not sent"),
    }


def roles() -> dict[str, str]:
    return {"officer": _("officer"), "manager": _("manager"), "admin": _("administrator")}


def owner_roles() -> dict[str, str]:
    """The office's names for the roles that own the shipped routines and standard replies
    (their `owner` and `backup_owner`, written as codes in the files)."""
    return {
        "erasmus-coordinator": _("Erasmus coordinator"),
        "fee-administration": _("Fee administration"),
        "fee-administrator": _("Fee administrator"),
        "head-of-unit": _("Head of unit"),
        "housing-assistant": _("Housing assistant"),
        "housing-coordinator": _("Housing coordinator"),
        "housing-office": _("Housing office"),
        "inbound-mobility-coordinator": _("Inbound mobility coordinator"),
        "mailbox-coordinator": _("Function mailbox coordinator"),
        "migration-advisor": _("Migration advisor"),
        "outbound-mobility-coordinator": _("Outbound mobility coordinator"),
        "outbound-mobility-team": _("Outbound mobility team"),
        "student-services": _("Student services"),
        "student-services-officer": _("Student services officer"),
    }


def content_fields() -> dict[str, str]:
    """The fields of a routine or standard reply file (and of a list item in one), as the
    approval view names them."""
    return {
        "id": _("Id"),
        "language": _("Language"),
        "title": _("Title"),
        "question_types": _("Question types"),
        "owner": _("Owner"),
        "backup_owner": _("Backup owner"),
        "last_reviewed": _("Last reviewed"),
        "review_interval_days": _("Days between reviews"),
        "purpose": _("Purpose"),
        "refer_elsewhere": _("When to refer elsewhere, and to whom"),
        "contacts": _("Contacts"),
        "steps": _("Steps"),
        "tags": _("Tags"),
        "examples": _("Example questions"),
        "placeholders": _("Placeholders"),
        "public": _("In the public FAQ"),
        "faq_question": _("FAQ question"),
        "faq_answer": _("FAQ answer"),
        "body": _("Text"),
        "file": _("The whole file"),
        "reply": _("Standard reply"),
        "link": _("Link"),
        "to": _("To whom"),
        "how": _("How to reach them"),
    }


_ROLE_CODE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def owner_name(name: str) -> str:
    """An owner as people know them: the office's name for a role code, in the reader's
    language; a role code an office added itself in words ("study-abroad-advisor" reads "Study
    abroad advisor"); a person's name as written. Only the editor shows the code."""
    written = name.strip()
    known = owner_roles().get(written.casefold())
    if known:
        return known
    if _ROLE_CODE.fullmatch(written):
        words = re.sub(r"[-_]", " ", written)
        return words[0].upper() + words[1:]
    return written


def statistics_columns() -> dict[str, str]:
    """Column and metric names of the statistics tables (triage/records/tables.py)."""
    hours = {
        "first_response_median_h": _("First response, median (h)"),
        "first_response_p90_h": _("First response, 90th percentile (h)"),
        "first_response_working_median_h": _("First response, median (working h)"),
        "first_response_working_p90_h": _("First response, 90th percentile (working h)"),
        "close_median_h": _("Closed, median (h)"),
        "close_p90_h": _("Closed, 90th percentile (h)"),
        "close_working_median_h": _("Closed, median (working h)"),
        "close_working_p90_h": _("Closed, 90th percentile (working h)"),
    }
    return {
        "metric": _("Figure"),
        "value": _("Value"),
        "month": _("Month"),
        "to": _("Last month"),
        "mailbox": _("Mailbox"),
        "total": _("New cases"),
        "reopened": _("Reopened"),
        "open_at_end": _("Open at the month's end"),
        "corrected_share": _("Type corrected by an officer (share)"),
        "question_type": _("Question type"),
        "cases": _("Cases"),
        "language": _("Language"),
        "week": _("Week"),
        "previous_week": _("A year earlier"),
        "previous_total": _("Cases a year earlier"),
        "all": _("All types"),
        "unclassified": _("Not classified"),
        "unknown": _("Unknown"),
        **hours,
        **outcomes(),
    }


def statistics_tables() -> dict[str, str]:
    """Titles of the statistics tables: headings on the page, worksheet names in Excel."""
    return {
        "summary": _("Summary"),
        "types": _("Per question type"),
        "mailboxes": _("Per mailbox"),
        "languages": _("Per language"),
        "months": _("Twelve months"),
        "weeks": _("Weekly workload"),
    }


def analysis_labels() -> dict[str, str]:
    """The period analysis report's words (triage/records/analysis_render.py) translated."""
    from triage.records.analysis_render import LABELS

    return question_types() | {key: _(text) for key, text in LABELS.items()}


_COUNTED_NOTE = re.compile(
    r"(\d+) of the period's questions were anonymised after the retention period; "
    r"FAQ candidates come from the others\."
)


def analysis_notes(notes: list[str]) -> list[str]:
    """The analysis's notes in the user's language (each is one of the domain's sentences)."""
    translated = []
    for note in notes:
        counted = _COUNTED_NOTE.fullmatch(note)
        if counted:
            translated.append(
                _(
                    "%(count)s of the period's questions were anonymised after the retention "
                    "period; FAQ candidates come from the others."
                )
                % {"count": counted.group(1)}
            )
        else:
            translated.append(_(note))
    return translated


def _analysis_note_texts() -> list[str]:
    """The analysis's fixed notes, here so that the translators see them."""
    return [
        _("No cases came in during this period."),
        _("Only one case came in during this period: shares and trends say little."),
        _(
            "All of this period's questions were anonymised after the retention period: the "
            "figures stand, but there is no text left to find FAQ candidates in."
        ),
        _(
            "No recurring question was found among those answered personally, still open or "
            "without a good standard reply."
        ),
        _("No cases came in during the previous period: no trend in percent."),
        _("Figures per officer are not shown."),
    ]


def analysis_columns() -> dict[str, str]:
    """Column names of the period analysis's CSV and Excel tables."""
    words = analysis_labels()
    return {
        **statistics_columns(),
        "share": words["share"],
        "previous": words["previous"],
        "change": words["change"],
        "change_percent": words["percent"],
        "referred_share": words["referred_share"],
        "rank": "#",
        "topic": words["topic"],
        "size": words["size"],
        "question_types": _("Types"),
        "top_terms": words["terms"],
        "best_reply": words["best_reply"],
        "best_reply_score": _("Best reply score"),
        **{f"example_{n}": _("Example %(n)d") % {"n": n} for n in (1, 2, 3)},
        "routine": words["routine"],
        "kind": words["kind"],
        "mailbox": words["mailbox"],
        "label": words["topic"],
        "destination": words["destination"],
        "count": words["cases"],
        "referred": _("Referred"),
        "reply": words["reply"],
        "suggested": words["suggested"],
        "top": words["top"],
        "used": words["used"],
        "suggested_not_used": words["not_used"],
        "officer": _("User name"),
        "name": words["officer"],
        "handled": words["handled"],
        "closed": words["closed"],
    }


def analysis_tables() -> dict[str, str]:
    """Worksheet names of the period analysis's workbook (Excel allows 31 characters)."""
    return {
        "period_types": _("Per question type"),
        "period_mailboxes": _("Per mailbox"),
        "period_weeks": _("Per week"),
        "candidates": _("FAQ candidates"),
        "best_placed": _("Best placed to answer"),
        "replies": _("Standard replies"),
        "per_officer": _("Per officer"),
    }


def all_labels() -> dict[str, dict[str, str]]:
    """Every table at once, for templates."""
    return {
        "outcomes": outcomes(),
        "statuses": statuses(),
        "types": question_types(),
        "assignees": assignees(),
        "languages": languages(),
        "events": events(),
        "roles": roles(),
        "content_fields": content_fields(),
    }


def send_failures() -> dict[str, str]:
    """Why a reply was not sent (mail/failures.py's codes), in the officer's words."""
    return {
        "no_requester_address": _("The case has no requester address to reply to."),
        "address_invalid": _("The address cannot be used for a reply."),
        "cc_invalid": _("An address in the CC field is not a valid mail address."),
        "too_many_recipients": _("There are too many addresses in the CC field."),
        "attachment_too_big": _("An attached file is larger than allowed."),
        "attachments_too_big": _("The attached files are larger together than allowed."),
        "too_many_attachments": _("There are more attached files than allowed."),
        "attachment_type": _("A file of this type cannot be attached."),
        "attachment_empty": _("An attached file is empty."),
        "smtp_not_configured": _(
            "This mailbox cannot send mail: it has no mail server settings. Ask an administrator."
        ),
        "smtp_login_refused": _("The mail server refused the mailbox's login."),
        "smtp_recipient_refused": _("The mail server refused the recipient's address."),
        "smtp_refused": _("The mail server refused the mail."),
        "smtp_unsupported": _("The mail server does not support what sending needs."),
        "tls_untrusted": _("The mail server's certificate is not trusted."),
        "tls_failed": _("A secure connection to the mail server could not be made."),
        "smtp_timeout": _("The mail server did not answer in time. Try again in a moment."),
        "smtp_disconnected": _("The mail server closed the connection. Try again in a moment."),
        "smtp_unreachable": _("The mail server could not be reached. Try again in a moment."),
        "unexpected": _("Something went wrong while sending; it has been logged."),
    }


def send_failure(code: str) -> str:
    """One reason in words; a code this version does not know reads as the general one."""
    words = send_failures()
    return words.get(code) or _("The last attempt to send it failed.")


def history_actor(actor: str, is_person: bool) -> str:
    """Who did it: a colleague's name as it is, a process named in the user's language."""
    if is_person:
        return actor
    processes = {
        "system": _("the system"),
        "classifier": _("the classifier"),
        "ingest": _("mail import"),
    }
    return processes.get(actor, actor)


def history_sentence(line: HistoryLine) -> str:
    """What happened, in words: "Closed with outcome: Answered personally", the checklist step
    named, the reply's title (triage/cases/history.py gathers the values)."""
    sentence = _HISTORY_SENTENCES.get(line.kind)
    if sentence is not None:
        return sentence(line)
    text = events().get(line.kind, line.kind)
    return f"{text}: {line.detail}" if line.detail else text


def _status_sentence(line: HistoryLine) -> str:
    words = statuses()
    new = words.get(line.new or "", line.new or "")
    if not line.old:
        return _("Status: %(new)s") % {"new": new}
    old = words.get(line.old, line.old)
    return _("Status changed from %(old)s to %(new)s") % {"old": old, "new": new}


def _type_sentence(line: HistoryLine) -> str:
    types = question_types()
    new = types.get(line.new or "", line.new or "")
    kind = (line.data or {}).get("kind")
    if not line.actor_is_person:
        return _("Classified as %(type)s") % {"type": new}
    if kind == "confirmation" or line.old == line.new:
        return _("Question type confirmed: %(type)s") % {"type": new}
    if line.old:
        old = types.get(line.old, line.old)
        return _("Question type changed from %(old)s to %(new)s") % {"old": old, "new": new}
    return _("Question type set to %(type)s") % {"type": new}


def _assigned_sentence(line: HistoryLine) -> str:
    if (line.data or {}).get("takeover") and line.old:  # the actor took it from a colleague
        return _("Took the case over from %(name)s") % {"name": line.old}
    if line.new:
        return _("Assigned to %(name)s") % {"name": line.new}
    return _("Assignment removed")


def _outcome_sentence(line: HistoryLine) -> str:
    outcome = outcomes().get(line.new or "", line.new or "")
    return _("Closed with outcome: %(outcome)s") % {"outcome": outcome}


def _reopened_sentence(line: HistoryLine) -> str:
    if line.old:
        outcome = outcomes().get(line.old, line.old)
        return _("Reopened (it was closed as: %(outcome)s)") % {"outcome": outcome}
    return _("Reopened")


def _checklist_sentence(line: HistoryLine) -> str:
    if line.new == "undone":
        return _("Checklist step undone: %(step)s") % {"step": line.detail}
    return _("Checklist step done: %(step)s") % {"step": line.detail}


def _message_sentence(line: HistoryLine) -> str:
    texts = {
        "created": _("Case opened by mail: %(subject)s"),
        "message_in": _("Mail from the requester: %(subject)s"),
        "message_out": _("Reply sent: %(subject)s"),
        "auto_reply": _("Automatic reply or bounce: %(subject)s"),
    }
    if not line.detail:
        return events().get(line.kind, line.kind)
    return texts[line.kind] % {"subject": line.detail}


def _reply_used_sentence(line: HistoryLine) -> str:
    return _("Standard reply used: %(title)s") % {"title": line.detail or line.new or ""}


def _reply_suggested_sentence(line: HistoryLine) -> str:
    if not line.detail:
        return _("No standard reply suggested")
    return _("Standard replies suggested: %(titles)s") % {"titles": line.detail}


def _follow_up_sentence(line: HistoryLine) -> str:
    if not line.new:
        return _("Follow-up removed")
    from datetime import date

    from api.i18n import local_date

    day = local_date(date.fromisoformat(line.new))
    text = _("Follow-up set for %(date)s") % {"date": day}
    return f"{text}: {line.detail}" if line.detail else text


def _reply_failed_sentence(line: HistoryLine) -> str:
    data = line.data or {}
    reason = send_failure(str(data.get("code") or ""))
    if data.get("what") == "forward":
        return _("Not forwarded: %(why)s") % {"why": reason}
    return _("Reply not sent: %(reason)s") % {"reason": reason}


def _forwarded_sentence(line: HistoryLine) -> str:
    to = line.new or str((line.data or {}).get("to") or "")
    return _("Forwarded to %(to)s") % {"to": to} if to else _("Forwarded")


def acknowledgement_refusals() -> dict[str, str]:
    """Why no acknowledgement went out (mail/autoresponse.py and cases/acknowledging.py)."""
    return {
        "automatic": _("the mail is an automatic reply or a bounce"),
        "null_sender": _("the mail is a bounce (no return address)"),
        "mailing_list": _("the mail came from a mailing list or is bulk mail"),
        "machine_sender": _("the sender is a no-reply or mail-system address"),
        "office_sender": _("the sender is the office itself or an internal address"),
        "no_address": _("the mail has no sender address"),
        "follow_up": _("the mail is a follow-up on this case"),
        "daily_limit": _("the sender has had an acknowledgement today already"),
        "too_old": _("the mail was too old when it was fetched"),
    }


def _acknowledgement_sentence(line: HistoryLine) -> str:
    data = line.data or {}
    if line.kind == "ack_skipped":
        code = str(data.get("reason") or line.new or "")
        why = acknowledgement_refusals().get(code, code)
        return _("No acknowledgement sent: %(why)s") % {"why": why}
    if line.kind == "ack_failed":
        reason = send_failure(str(data.get("code") or ""))
        return _("Acknowledgement not sent: %(reason)s") % {"reason": reason}
    answers = len(data.get("answers") or [])
    if answers:
        text = ngettext_(
            "Acknowledgement sent with %(count)s FAQ answer",
            "Acknowledgement sent with %(count)s FAQ answers",
            answers,
        )
        return text % {"count": answers}
    confidence, least = data.get("confidence"), data.get("min_confidence")
    if least is not None and (confidence is None or confidence < least):
        return _("Acknowledgement sent, without FAQ answers: the question type is not certain")
    return _("Acknowledgement sent, without FAQ answers: none are public for this type")


_HISTORY_SENTENCES: dict[str, Callable[[HistoryLine], str]] = {
    "status": _status_sentence,
    "type": _type_sentence,
    "assigned": _assigned_sentence,
    "outcome": _outcome_sentence,
    "reopened": _reopened_sentence,
    "checklist": _checklist_sentence,
    "created": _message_sentence,
    "message_in": _message_sentence,
    "message_out": _message_sentence,
    "auto_reply": _message_sentence,
    "reply_used": _reply_used_sentence,
    "reply_suggested": _reply_suggested_sentence,
    "follow_up": _follow_up_sentence,
    "reply_failed": _reply_failed_sentence,
    "forwarded": _forwarded_sentence,
    "ack_sent": _acknowledgement_sentence,
    "ack_skipped": _acknowledgement_sentence,
    "ack_failed": _acknowledgement_sentence,
}
