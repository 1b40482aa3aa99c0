"""A standard reply prints office facts and case values, nothing else: anything that reaches past
them (a method, an attribute, a filter, a loop, a call) is refused when the reply is checked, and
is an error, never output, if it is rendered anyway."""

from __future__ import annotations

import pytest

from canned_replies import RenderError, check_template, load_library, parse_reply, render
from canned_replies.template import documented_office_keys

CONTEXT = {
    "requester": {"first_name": "Anna", "name": "Anna Lind", "email": "anna@x.example"},
    "case": {"ref": "[#7]", "subject": "Nyckel"},
    "office": {"opening_hours": "Mon–Thu 10–12", "key_pickup_location": "House 3"},
}

ESCAPES = [
    "{{ office.items }}",
    "{{ office.keys }}",
    "{{ office.get }}",
    "{% if office.items %}yes{% endif %}",
    "{{ office.__class__ }}",
    "{{ office.__init__ }}",
    "{{ requester.__class__ }}",
    "{{ case.ref.upper }}",
    "{{ office | attr('items') }}",
    "{{ office['items'] }}",
    "{{ office.opening_hours | list }}",
    "{% for c in office.opening_hours %}{{ c }}{% endfor %}",
    "{% for i in range(10**9) %}x{% endfor %}",
    "{{ range(10**9) }}",
    "{{ 'x' * 10**10 }}",
    "{{ 9**9**9 }}",
    "{{ lipsum() }}",
    "{{ cycler }}",
    "{% set x = office %}{{ x }}",
    "{{ office }}",
    "{{ office.opening_hours.__class__.__mro__ }}",
    "{% include 'other' %}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_reaching_past_the_placeholders_is_refused_when_the_reply_is_checked(source):
    assert check_template(source).problems != []


@pytest.mark.parametrize("source", ESCAPES)
def test_reaching_past_the_placeholders_is_an_error_when_rendered_anyway(source):
    with pytest.raises(RenderError):
        render(source, CONTEXT)


def test_an_office_fact_nobody_documented_or_configured_is_refused_by_name():
    (problem,) = check_template("Open {{ office.items }}.").problems

    assert "office.items" in problem.message
    assert "OFFICE_KEYS.md" in problem.message


def test_every_documented_office_fact_passes_the_check():
    keys = documented_office_keys()
    source = " ".join(f"{{{{ office.{key} }}}}" for key in sorted(keys))

    assert len(keys) >= 30
    assert "opening_hours" in keys
    assert check_template(source).problems == []


def test_a_fact_the_office_configured_itself_may_be_used_and_is_printed():
    source = "Ring {{ office.switchboard }}, {{ office.items }}."

    check = check_template(source, office_keys={"switchboard", "items"})
    text = render(source, {"office": {"switchboard": "+46 90 000", "items": "pens"}})

    assert check.problems == []
    assert text == "Ring +46 90 000, pens."


def test_the_shipped_library_uses_documented_facts_only():
    assert load_library().problems == []


def test_a_deeply_nested_template_is_a_problem_not_a_crash():
    source = "{% if office.opening_hours %}" * 5000 + "x" + "{% endif %}" * 5000

    problems = check_template(source).problems

    assert problems != []


def test_a_reply_file_may_use_a_fact_only_when_the_office_configured_it():
    text = (
        "---\nid: other-switchboard\nlanguage: en\ntitle: Call us\nquestion_types: [other]\n"
        "owner: io\nlast_reviewed: 2026-10-01\nexamples: [phone]\n"
        "placeholders: [office.switchboard]\n---\nCall {{ office.switchboard }}.\n"
    )

    refused, problems = parse_reply(text, "other-switchboard.en.md")
    accepted, none = parse_reply(text, "other-switchboard.en.md", office_keys={"switchboard"})

    assert refused is None
    assert "office.switchboard is not an office fact" in str(problems[0])
    assert accepted is not None
    assert none == []
