"""Words for the values the domain stores (statuses, outcomes, types, events), per language.

Functions, not constants: each call translates into the language of the current request.
"""

from __future__ import annotations

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
