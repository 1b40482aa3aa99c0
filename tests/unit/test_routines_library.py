"""Loading routine descriptions: the shipped library is valid, and a bad file is reported by name
and field while every other routine still loads."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from routines import DEFAULT_FOLDER, RoutineLibrary, load_routines

ROOT = Path(__file__).resolve().parents[2]
QUESTION_TYPES = ["housing", "migration", "outbound", "fees", "other"]
DROP = object()


def known_replies() -> set[str]:
    names = (path.name for path in (ROOT / "canned_replies" / "library").glob("*.md"))
    return {match[1] for name in names if (match := re.fullmatch(r"(.+)\.(sv|en)\.md", name))}


def write_routine(
    folder: Path, file_name: str | None = None, body: str = "## Background\n\nWhy.", **fields: Any
) -> Path:
    data: dict[str, Any] = {
        "id": "visa-letter",
        "language": "en",
        "title": "Letters for the Migration Agency",
        "question_types": ["migration"],
        "owner": "migration-advisor",
        "backup_owner": "fee-administrator",
        "last_reviewed": date(2026, 1, 15),
        "review_interval_days": 365,
        "purpose": "Give students the letter the Migration Agency asks for.",
        "refer_elsewhere": [
            {"when": "The student asks about a decision", "to": "Migrationsverket"}
        ],
        "contacts": [{"role": "Property emergency service", "how": "office.facilities_phone"}],
        "steps": [
            {"text": "Check the admission in Ladok.", "link": "office:housing_portal_url"},
            {"text": "Send the standard reply.", "reply": "migration-decision-time"},
        ],
    }
    data.update(fields)
    data = {key: value for key, value in data.items() if value is not DROP}
    path = folder / (file_name or f"{data['id']}.{data['language']}.md")
    front_matter = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{front_matter}---\n{body}\n", "utf-8")
    return path


def write_pair(folder: Path, id: str = "good", **fields: Any) -> None:
    for language in ("sv", "en"):
        write_routine(folder, id=id, language=language, **fields)


def problems_in(library: RoutineLibrary, path: Path) -> list[str]:
    return [
        f"{problem.field}: {problem.message}"
        for problem in library.problems
        if problem.path == path
    ]


def loaded(library: RoutineLibrary) -> list[str]:
    return [f"{routine.id}.{routine.language}" for routine in library.routines]


def test_the_shipped_library_loads_without_problems():
    library = load_routines(known_replies=known_replies())

    assert [str(problem) for problem in library.problems] == []
    assert len(library.routines) == 22
    assert library.routines[0].path.parent == DEFAULT_FOLDER


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_question_type_has_at_least_two_routines_in_each_language(question_type, language):
    library = load_routines()

    routines = library.for_type(question_type, language)

    assert len(routines) >= 2
    assert {routine.language for routine in routines} == {language}


def test_a_shipped_routine_keeps_its_checklist_in_order_and_its_office_placeholders():
    routine = load_routines().get("housing-key-handout", "en")

    assert routine is not None
    assert routine.title == "Key hand-out and late arrivals"
    assert routine.steps[0].link == "office:housing_portal_url"
    assert routine.steps[2].reply == "housing-key-pickup"
    assert routine.steps[3].text.startswith("Late arrival")
    assert "office.facilities_phone" in [contact.how for contact in routine.contacts]
    assert routine.body.startswith("## Background")


def test_a_routine_file_reads_into_typed_fields(tmp_path):
    write_pair(tmp_path, id="visa-letter", question_types=["migration", "other"])

    routine = load_routines(tmp_path).get("visa-letter", "sv")

    assert routine is not None
    assert routine.question_types == ("migration", "other")
    assert routine.last_reviewed == date(2026, 1, 15)
    assert routine.review_due == date(2027, 1, 15)
    assert routine.refer_elsewhere[0].to == "Migrationsverket"
    assert routine.contacts[0].how == "office.facilities_phone"
    assert [step.reply for step in routine.steps] == [None, "migration-decision-time"]
    assert routine.body.strip() == "## Background\n\nWhy."


def test_broken_yaml_is_reported_and_the_other_routines_still_load(tmp_path):
    write_pair(tmp_path)
    broken = tmp_path / "broken.sv.md"
    broken.write_text("---\nid: broken\ntitle: [unclosed\n---\nBody\n", "utf-8")

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv"]
    [problem] = problems_in(library, broken)
    assert problem.startswith("front matter: unreadable YAML")


def test_a_file_without_front_matter_is_reported(tmp_path):
    plain = tmp_path / "notes.en.md"
    plain.write_text("Just some notes.\n", "utf-8")

    library = load_routines(tmp_path)

    assert library.routines == []
    assert problems_in(library, plain) == [
        "front matter: missing: the file must start with a '---' block of 'key: value' lines"
    ]


@pytest.mark.parametrize("field", ["title", "owner", "last_reviewed", "steps", "question_types"])
def test_a_missing_required_field_is_reported_by_name(tmp_path, field):
    write_pair(tmp_path)
    bad = write_routine(tmp_path, id="bad", **{field: DROP})

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv"]
    assert problems_in(library, bad) == [f"{field}: required field is missing or empty"]


def test_a_review_interval_that_is_not_a_number_is_reported(tmp_path):
    write_pair(tmp_path)
    bad = write_routine(tmp_path, id="bad", review_interval_days="often")

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv"]
    assert problems_in(library, bad) == [
        "review_interval_days: must be a whole number of days, not 'often'"
    ]


def test_a_step_naming_an_unknown_standard_reply_is_reported_with_its_position(tmp_path):
    write_pair(tmp_path)
    steps = [{"text": "Check."}, {"text": "Reply.", "reply": "foo"}]
    bad = write_routine(tmp_path, id="bad", language="sv", steps=steps)

    library = load_routines(tmp_path, known_replies=known_replies())

    assert loaded(library) == ["good.en", "good.sv"]
    assert [str(problem) for problem in library.problems] == [
        f"{bad}: steps[1].reply: unknown standard reply 'foo'"
    ]


def test_step_replies_are_not_checked_without_the_list_of_known_replies(tmp_path):
    write_pair(tmp_path, steps=[{"text": "Reply.", "reply": "foo"}])

    library = load_routines(tmp_path)

    assert library.problems == []
    assert loaded(library) == ["good.en", "good.sv"]


def test_a_routine_with_an_empty_checklist_is_reported(tmp_path):
    write_pair(tmp_path)
    bad = write_routine(tmp_path, id="bad", steps=[])

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv"]
    assert problems_in(library, bad) == ["steps: must list at least one step"]


def test_every_mistake_in_a_file_is_reported_at_once(tmp_path):
    bad = write_routine(
        tmp_path,
        language="de",
        file_name="bad.en.md",
        last_reviewed="last spring",
        refer_elswhere=[],
        contacts=[{"role": "Finance office"}],
        steps=["Check the passport.", {"text": "Send.", "reply": True}],
    )

    library = load_routines(tmp_path)

    assert library.routines == []
    assert problems_in(library, bad) == [
        "refer_elswhere: unknown field; expected one of id, language, title, question_types, "
        "owner, backup_owner, last_reviewed, review_interval_days, purpose, refer_elsewhere, "
        "contacts, steps",
        "language: must be one of sv, en, not 'de'",
        "last_reviewed: must be a date like 2026-01-31, not 'last spring'",
        "contacts[0].how: required field is missing or empty",
        "steps[0]: must be 'key: value' lines (text, reply, link), not 'Check the passport.'",
        "steps[1].reply: must be text, not True",
    ]


def test_two_files_declaring_the_same_routine_are_both_kept_and_reported(tmp_path):
    write_pair(tmp_path)
    copy = write_routine(tmp_path, file_name="second.en.md", id="good", language="en")

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv", "good.en"]
    assert problems_in(library, copy) == [
        "id: 'good' differs from the file name; expected the file to be called good.en.md",
        "id: routine 'good' in 'en' is also defined in good.en.md",
    ]


def test_a_routine_in_only_one_language_is_kept_and_reported(tmp_path):
    write_pair(tmp_path)
    lonely = write_routine(tmp_path, id="lonely", language="sv")

    library = load_routines(tmp_path)

    assert library.get("lonely", "sv") is not None
    assert problems_in(library, lonely) == [
        "language: no 'en' version of routine 'lonely' (lonely.en.md)"
    ]


def test_files_not_named_like_a_routine_are_ignored(tmp_path):
    write_pair(tmp_path)
    (tmp_path / "README.md").write_text("# How to write a routine\n", "utf-8")
    (tmp_path / "draft.notes.md").write_text("not yet\n", "utf-8")

    library = load_routines(tmp_path)

    assert loaded(library) == ["good.en", "good.sv"]
    assert library.problems == []


def test_a_missing_folder_is_reported_instead_of_raising(tmp_path):
    library = load_routines(tmp_path / "nowhere")

    assert library.routines == []
    assert [str(problem) for problem in library.problems] == [
        f"{tmp_path / 'nowhere'}: folder: not found"
    ]


def test_routines_for_a_type_fall_back_to_the_other_language_when_a_translation_is_missing(
    tmp_path,
):
    write_pair(tmp_path, id="both", question_types=["fees"])
    write_routine(tmp_path, id="english-only", language="en", question_types=["fees"])
    write_routine(tmp_path, id="housing", language="sv", question_types=["housing"])

    routines = load_routines(tmp_path).for_type("fees", "sv")

    assert [(routine.id, routine.language) for routine in routines] == [
        ("both", "sv"),
        ("english-only", "en"),
    ]


def test_an_unknown_routine_is_none_rather_than_an_error():
    library = load_routines()

    assert library.get("no-such-routine", "sv") is None
    assert library.get("fees-refund", "de") is None


def test_owners_lists_each_routine_owner_once_alphabetically():
    owners = load_routines().owners()

    assert owners == sorted(set(owners))
    assert "fee-administrator" in owners
    assert "head-of-unit" not in owners  # only a backup owner
