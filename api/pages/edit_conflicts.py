"""The message an editor gets when someone else's change was approved while they edited: the
same words for standard replies and routines."""

from __future__ import annotations

from api.i18n import gettext_ as _
from triage.cases.reply_library import EditConflict


def conflict_message(exc: EditConflict) -> str:
    names = {"sv": _("the Swedish version"), "en": _("the English version")}
    return _(
        "Someone else's change to %(which)s was approved while you edited "
        "(now version %(version)s). Your text is kept below; compare it with the difference "
        "and save again."
    ) % {"which": names.get(exc.language, exc.language), "version": exc.current_version}
