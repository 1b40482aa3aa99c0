"""Every word of the user interface has a Swedish translation that keeps its placeholders."""

from __future__ import annotations

import contextvars
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from api import i18n, labels
from triage.models import CaseStatus, EventKind, Outcome

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "api" / "locale" / "sv" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _extracted(tmp_path: Path) -> set[str]:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "gettext_",
            "-k",
            "ngettext_:1,2",
            "-k",
            "N_",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as f:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}


def test_every_text_in_the_templates_and_pages_has_a_swedish_translation(tmp_path):
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="sv")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }

    missing = sorted(_extracted(tmp_path) - translated)

    assert missing == [], "run pybabel extract/update (see babel.cfg) and translate these"


def test_the_shipped_template_holds_every_text_a_translator_must_translate(tmp_path):
    # api/locale/messages.pot is what a translator starts a new language from (Poedit, pybabel init)
    with (ROOT / "api" / "locale" / "messages.pot").open("rb") as f:
        shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}

    assert shipped == _extracted(tmp_path), "run the pybabel extract line at the top of babel.cfg"


def test_translations_keep_every_placeholder():
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="sv")

    broken = [
        m.id
        for m in catalogue
        if m.id
        and sorted(PLACEHOLDER.findall(m.id if isinstance(m.id, str) else m.id[1]))
        != sorted(PLACEHOLDER.findall(m.string if isinstance(m.string, str) else m.string[1]))
    ]

    assert broken == []


def _in_english(table: Callable[[], dict[str, str]]) -> dict[str, str]:
    i18n.activate("en", "UTC")  # in a copied context: no other test sees it
    return table()


@pytest.mark.parametrize(
    ("values", "table"),
    [(Outcome, labels.outcomes), (CaseStatus, labels.statuses), (EventKind, labels.events)],
    ids=["outcome", "status", "event"],
)
def test_every_outcome_status_and_event_has_a_label_in_english_and_swedish(values, table):
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f, locale="sv")
    english = contextvars.copy_context().run(_in_english, table)
    swedish = {m.id: m.string for m in catalogue if isinstance(m.id, str) and m.string}

    unlabelled = [v.value for v in values if not english.get(v.value)]
    untranslated = [english[v.value] for v in values if english.get(v.value) not in swedish]

    assert unlabelled == []
    assert untranslated == []
