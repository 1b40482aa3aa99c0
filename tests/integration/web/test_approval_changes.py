"""An approver reads what a proposal changes in words, not as a diff of a YAML file: each field
before and after, checklist steps added, removed or reworded (the words marked), the text's
lines added and removed. Everything in it is the proposal's text, escaped, never markup."""

from __future__ import annotations

import html
import re

from tests.integration.web.conftest import Office, post
from tests.integration.web.test_reply_library import _form as _reply_form
from tests.integration.web.test_routine_editing import _form as _routine_form

EDIT = "/routines/housing-key-handout/sv/edit"
PAGE = "/routines/housing-key-handout/sv"


def _changes(page: str) -> str:
    """The first proposal's change view, as HTML."""
    return page.split('class="content-changes"', 1)[1].split('class="file-diff"', 1)[0]


def _words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _propose_routine(office: Office, change) -> None:  # type: ignore[no-untyped-def]
    anna = office.client("anna")
    form = _routine_form(anna, EDIT)
    form["text_sv"] = change(form["text_sv"])
    assert post(anna, EDIT, form).status_code == 303


def _steps(text: str) -> list[str]:
    return re.findall(r"\n  - text: [^\n]*", text)


def _rework(text: str) -> str:
    """A new title, the second step reworded, the fifth gone, a last step added, a line of
    the text below the fields changed."""
    steps = _steps(text)
    text = text.replace("title: Nyckelutlämning", "title: Utlämning av nycklar", 1)
    text = text.replace(steps[1], steps[1].replace("text: ", "text: Först av allt, ", 1), 1)
    text = text.replace(steps[4], "", 1)
    body = text.index("\n---\n", 4)
    text = text[:body] + "\n  - text: Skriv in nyckeln i nyckelloggen." + text[body:]
    return text.replace("Bostadskontoret förmedlar rum", "Bostadskontoret hyr ut rum", 1)


def test_a_routine_proposal_shows_each_changed_field_before_and_after(office: Office) -> None:
    _propose_routine(office, _rework)

    page = office.client("maria").get(PAGE).text

    changes = _changes(page)
    title = changes.split("<dt>Title</dt>", 1)[1].split("</dd>", 1)[0]
    assert "Before:" in _words(title)
    assert "<del>Nyckelutlämning och sen ankomst</del>" in title.replace("<mark>", "").replace(
        "</mark>", ""
    )
    assert "Utlämning av nycklar" in _words(title)
    assert "<dt>Owner</dt>" not in changes  # only what changed
    assert "title: " not in changes  # no YAML


def test_steps_added_removed_and_reworded_are_named_by_their_number(office: Office) -> None:
    _propose_routine(office, _rework)

    page = office.client("maria").get(PAGE).text

    steps = _changes(page).split("<dt>Steps</dt>", 1)[1].split("</dd>", 1)[0]
    said = _words(steps)
    assert "Changed (Step 2):" in said
    assert "<mark>Först av allt, </mark>" in steps  # the words the change added
    assert "Removed (was step 5):" in said
    assert "Added (Step 9): Skriv in nyckeln i nyckelloggen." in said


def test_the_texts_changed_lines_are_marked_with_some_unchanged_ones_around(
    office: Office,
) -> None:
    _propose_routine(office, _rework)

    page = office.client("maria").get(PAGE).text

    text = _changes(page).split("<dt>Text</dt>", 1)[1].split("</dd>", 1)[0]
    removed = re.findall(r'<div class="line removed">(.*?)</div>', text, re.S)
    added = re.findall(r'<div class="line added">(.*?)</div>', text, re.S)
    assert len(removed) == len(added) == 1
    assert "<mark>förmedlar</mark>" in removed[0]
    assert "<mark>hyr ut</mark>" in added[0]
    assert '<div class="line">' in text  # context kept
    assert '<div class="line gap"' in text  # and the rest left out


def test_the_change_view_is_in_swedish_for_a_swedish_approver(office: Office) -> None:
    _propose_routine(office, _rework)
    maria = office.client("maria", language="sv")

    said = _words(_changes(maria.get(PAGE).text))

    assert "Rubrik Före:" in said
    assert "Ändrat (Steg 2):" in said
    assert "Borttaget (var steg 5):" in said


def test_markup_in_a_proposal_is_shown_as_text(office: Office) -> None:
    hostile = "<script>alert('steg')</script><img src=x onerror=alert(1)>"
    _propose_routine(
        office,
        lambda text: re.sub(r"\ntitle: [^\n]*", f'\ntitle: "{hostile}"', text, count=1),
    )

    page = office.client("maria").get(PAGE).text

    changes = _changes(page)
    assert "<script>" not in changes
    assert "<img" not in changes
    assert "&lt;script&gt;" in changes


def test_a_standard_reply_proposal_lists_its_changed_fields_and_new_example_questions(
    office: Office,
) -> None:
    anna = office.client("anna")
    form = _reply_form(anna, "/replies/housing-key-pickup/edit")
    form["title_en"] = form["title_en"] + " and late arrival"
    form["examples_en"] = form["examples_en"] + "\nCan a friend collect my key?"
    form["body_en"] = form["body_en"].replace("Dear", "Hello", 1)
    assert post(anna, "/replies/housing-key-pickup/edit", form).status_code == 303

    page = office.client("maria").get("/replies/housing-key-pickup").text

    said = _words(_changes(page))
    assert "Title Before:" in said
    assert "and late arrival" in said
    assert "Example questions Added: Can a friend collect my key?" in said
    assert "<mark>Hello</mark>" in _changes(page)
    assert "@@" not in _changes(page)  # no unified-diff markers: those stay behind the fold
