"""The standard-reply library: every problem found at load time, the rest still loads."""

from __future__ import annotations

import shutil

import pytest

from canned_replies import RenderError, ReplyMatcher, check_template, load_library, render
from canned_replies.template import letter_parts

GOOD = """---
id: housing-test
language: {lang}
title: Test
question_types: [housing]
owner: housing-office
last_reviewed: 2026-10-01
examples:
  - Where is my key?
placeholders: [requester.first_name, office.key_pickup_location]
---
Hi {{{{ requester.first_name }}}}, pick it up at {{{{ office.key_pickup_location }}}}.
"""


def _folder(tmp_path, files):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_the_shipped_library_loads_without_problems():
    library = load_library()

    assert library.problems == []
    assert len(library.ids()) >= 16
    for qtype in ("housing", "migration", "outbound", "fees"):
        ids = {r.id for r in library.replies if qtype in r.question_types}
        assert len(ids) >= 4, qtype
        assert all(library.get(i, "sv") and library.get(i, "en") for i in ids)


@pytest.mark.parametrize(
    ("text", "field", "message"),
    [
        (GOOD.replace("title: Test\n", ""), "title", "required field missing"),
        (GOOD.replace("[housing]", "housing"), "question_types", "must be a list"),
        (GOOD.replace("last_reviewed: 2026-10-01", "last_reviewed: soon"), "last_reviewed", "date"),
        (
            GOOD.replace("{{{{ requester.first_name }}}}", "{{{{ requester.shoe_size }}}}"),
            "body",
            "unknown placeholder requester.shoe_size",
        ),
        (
            GOOD.replace("office.key_pickup_location]", "office.key_pickup_location, case.ref]"),
            "placeholders",
            "listed but not used: case.ref",
        ),
        (
            GOOD + "{{% for x in range(3) %}}x{{% endfor %}}\n",
            "body",
            "not allowed in a standard reply: For",
        ),
        (GOOD + "{{{{ ''.__class__.__mro__ }}}}\n", "body", "one dot"),
        (GOOD.replace("---\nid", "---\nid: [unclosed\nx", 1), "front matter", "not valid YAML"),
    ],
)
def test_a_bad_file_is_reported_with_file_and_field_and_the_rest_loads(
    tmp_path, text, field, message
):
    folder = _folder(
        tmp_path,
        {
            "housing-test.sv.md": text.format(lang="sv"),
            "housing-test.en.md": GOOD.format(lang="en"),
        },
    )

    library = load_library(folder)

    problem = next(p for p in library.problems if p.path.endswith("housing-test.sv.md"))
    assert (problem.field, message in problem.message) == (field, True)
    assert library.get("housing-test", "en") is not None


def test_a_template_problem_names_the_line_in_the_file(tmp_path):
    text = GOOD.format(lang="sv").replace("pick it up", "pick {{ case.nope }} up")
    folder = _folder(
        tmp_path, {"housing-test.sv.md": text, "housing-test.en.md": GOOD.format(lang="en")}
    )

    (problem,) = [p for p in load_library(folder).problems if p.field == "body"]

    assert (
        problem.line
        == text.splitlines().index(next(ln for ln in text.splitlines() if "nope" in ln)) + 1
    )


def test_a_missing_language_version_and_a_duplicate_are_reported(tmp_path):
    folder = _folder(tmp_path, {"housing-test.sv.md": GOOD.format(lang="sv")})
    shutil.copy(folder / "housing-test.sv.md", folder / "copy.md")  # not a reply file name: ignored

    library = load_library(folder)

    assert [str(p).split(": ", 1)[1] for p in library.problems] == [
        "language: no en version of 'housing-test'"
    ]


def test_rendering_fills_placeholders_and_refuses_an_unconfigured_fact():
    body = (
        "Hi {{ requester.first_name }}, at {{ office.key_pickup_location }}."
        "{% if office.late %} Late: {{ office.late }}.{% endif %}"
    )
    check = check_template(body)
    context = {"requester": {"first_name": "Anna"}, "office": {"key_pickup_location": "House 3"}}

    text = render(body, context, check.optional_office_keys)

    assert text == "Hi Anna, at House 3."
    with pytest.raises(RenderError, match="key_pickup_location is not filled in"):
        render(body, {"requester": {"first_name": "Anna"}}, check.optional_office_keys)


def test_the_matcher_suggests_the_right_reply_in_the_senders_language():
    matcher = ReplyMatcher(load_library())

    swedish = matcher.suggest(
        "Fråga",
        "Mitt plan landar sent på lördag kväll, hur får jag nyckeln?",
        language="sv",
        question_type="housing",
    )
    english = matcher.suggest(
        "",
        "I want my tuition fee back, the permit was refused",
        language="en",
        question_type="fees",
    )

    assert swedish[0].reply.id == "housing-key-pickup"
    assert swedish[0].reply.language == "sv"
    assert "fees-refund-rules" in [s.reply.id for s in english]
    assert all(s.reply.language == "en" for s in english)
    assert len(english) == 3
    assert english[0].score >= english[1].score >= english[2].score


LETTER = """Hej {{ requester.first_name }},

Tack för ditt mejl! Nyckeln hämtar du hos oss.

Ta med pass.
Och kontraktet.

Ange ärendenummer {{ case.ref }} när du svarar.

Vänliga hälsningar
{{ officer.signature }}"""


def test_a_letter_shaped_reply_gives_its_middle_and_what_a_second_reply_goes_above():
    parts = letter_parts(LETTER)

    assert parts is not None
    assert parts.middle == (
        "Tack för ditt mejl! Nyckeln hämtar du hos oss.\n\nTa med pass.\nOch kontraktet."
    )
    assert parts.tails == (
        "Ange ärendenummer {{ case.ref }} när du svarar.",
        "Vänliga hälsningar\n{{ officer.signature }}",
    )


@pytest.mark.parametrize(
    "source",
    [
        "Nyckeln hämtar du hos oss.\n\nVänliga hälsningar\n{{ officer.signature }}",  # no greeting
        LETTER.rsplit("\n\n", 1)[0],  # no closing with a signature
        "Hej {{ requester.first_name }},\n\n{{ officer.signature }}",  # nothing between
    ],
)
def test_a_reply_of_another_shape_goes_in_whole(source):
    assert letter_parts(source) is None


def test_every_shipped_reply_gives_a_middle_without_greeting_or_signature():
    for reply in load_library().replies:
        parts = letter_parts(reply.body)
        assert parts is not None, reply.id
        assert "requester.first_name }}," not in parts.middle, reply.id
        assert "officer.signature" not in parts.middle, reply.id
        assert parts.middle.strip(), reply.id
