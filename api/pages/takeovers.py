"""What an officer is told on taking a case: that a colleague has it (and how to take it over
anyway), or that they have it now. The case page's "Take over from …" button says the same."""

from __future__ import annotations

from api.i18n import gettext_ as _
from triage.cases.service import CaseHeld
from triage.models import User


def held_message(case_id: int, held: CaseHeld) -> str:
    return _(
        "Case %(id)s is already taken: %(name)s has it, so it was not given to you. "
        "To take it anyway, choose “Take over from %(name)s”."
    ) % {"id": case_id, "name": held.holder_name}


def taken_message(case_id: int, previous: User | None) -> str:
    if previous is None:
        return _("You have taken case %(id)s.") % {"id": case_id}
    name = previous.display_name or previous.username
    return _("You have taken over case %(id)s from %(name)s.") % {"id": case_id, "name": name}
