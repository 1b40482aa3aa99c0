"""Words for the values the domain stores (statuses, outcomes, types, events), per language.

Functions, not constants: each call translates into the language of the current request.
"""

from __future__ import annotations

import re

from api.i18n import gettext_ as _


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
    }


def roles() -> dict[str, str]:
    return {"officer": _("officer"), "manager": _("manager"), "admin": _("administrator")}


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
        "example_1": f"{words['examples']} 1",
        "example_2": f"{words['examples']} 2",
        "example_3": f"{words['examples']} 3",
        "kind": words["kind"],
        "label": words["topic"],
        "destination": words["destination"],
        "count": words["cases"],
        "referred": _("Referred"),
        "reply": words["reply"],
        "suggested": words["suggested"],
        "top": words["top"],
        "used": words["used"],
        "suggested_not_used": words["not_used"],
        "officer": words["officer"],
        "name": words["officer"],
        "handled": words["handled"],
        "closed": words["closed"],
    }


def analysis_tables() -> dict[str, str]:
    """Worksheet names of the period analysis's workbook (Excel allows 31 characters)."""
    return {
        "period_types": _("Per question type"),
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
    }
