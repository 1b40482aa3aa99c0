"""An editor points at the line of the field a routine's problem names."""

from __future__ import annotations

from routines.lines import field_line

TEXT = """---
id: demo
language: en
steps:
  - text: First
  - text: Second
    reply: no-such-reply
contacts:
---
Body.
"""


def test_a_field_path_points_at_its_own_line() -> None:
    assert field_line(TEXT, "id") == 2
    assert field_line(TEXT, "steps[1]") == 6
    assert field_line(TEXT, "steps[1].reply") == 7
    assert field_line(TEXT, "contacts") == 8


def test_a_missing_field_points_at_the_nearest_field_around_it() -> None:
    assert field_line(TEXT, "steps[5].text") == 4
    assert field_line(TEXT, "steps[0].link") == 5
    assert field_line(TEXT, "purpose") is None


def test_broken_yaml_points_where_the_parser_stopped() -> None:
    broken = "---\nid: demo\ntitle: [unclosed\nlanguage: en\n---\n"

    line = field_line(broken, "front matter")

    assert line is not None
    assert 3 <= line <= 5


def test_a_text_without_front_matter_has_no_lines_to_point_at() -> None:
    assert field_line("Just a body.\n", "id") is None
