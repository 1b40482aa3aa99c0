"""Showing a routine as HTML: Markdown formatting comes through, anything that could run in a
colleague's browser does not."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from routines import Routine, Step, load_routines, render_html, render_step_html


def make_routine(body: str, steps: tuple[Step, ...] = (Step("Check."),)) -> Routine:
    return Routine(
        id="demo",
        language="en",
        title="Demo",
        question_types=("other",),
        owner="mailbox-coordinator",
        backup_owner="head-of-unit",
        last_reviewed=date(2026, 1, 1),
        review_interval_days=365,
        purpose="Show rendering.",
        refer_elsewhere=(),
        contacts=(),
        steps=steps,
        body=body,
        path=Path("demo.en.md"),
    )


def tags(html: str) -> list[str]:
    return re.findall(r"<[^>]+>", html)


def test_headings_lists_emphasis_and_code_are_rendered():
    html = render_html(make_routine("## Pitfalls\n\n- **Never** share `office.code`\n"))

    assert "<h2>Pitfalls</h2>" in html
    assert "<li><strong>Never</strong> share <code>office.code</code></li>" in html


def test_a_table_keeps_its_cells_and_column_alignment():
    html = render_html(make_routine("| Key | Days |\n|---|--:|\n| refund | 30 |\n"))

    assert "<th>Key</th>" in html
    assert '<td style="text-align:right">30</td>' in html


def test_links_open_without_leaking_the_referrer():
    html = render_html(make_routine("See [the rules](https://example.se/rules)."))

    assert '<a href="https://example.se/rules" rel="noopener noreferrer">the rules</a>' in html


def test_a_script_in_a_routine_file_is_shown_as_text_not_run(tmp_path):
    (tmp_path / "demo.en.md").write_text(
        "---\nid: demo\nlanguage: en\ntitle: Demo\nquestion_types: [other]\nowner: a\n"
        "backup_owner: b\nlast_reviewed: 2026-01-01\nreview_interval_days: 30\npurpose: P\n"
        'steps:\n  - text: \'Click <a href="#" onclick="steal()">here</a>\'\n---\n'
        "<script>alert('x')</script>\n\n<p onclick=\"steal()\">Hello</p>\n",
        "utf-8",
    )
    routine = load_routines(tmp_path).get("demo", "en")
    assert routine is not None

    body, step = render_html(routine), render_step_html(routine.steps[0])

    assert "&lt;script&gt;" in body
    assert not [tag for tag in tags(body + step) if "script" in tag or "onclick" in tag]


def test_javascript_and_data_links_do_not_become_links():
    html = render_html(
        make_routine("[a](javascript:alert(1)) [b](data:text/html,x) <javascript:x>")
    )

    assert "href" not in html


def test_a_step_renders_inline_without_a_paragraph():
    html = render_step_html(
        Step("**Check** the [portal](https://example.se) <img src=x onerror=y>")
    )

    assert html.startswith("<strong>Check</strong> the ")
    assert "<p>" not in html
    assert "<img" not in html


def test_angle_brackets_in_a_shipped_routine_are_shown_literally():
    routine = load_routines().get("housing-key-handout", "en")
    assert routine is not None

    html = render_html(routine)

    assert 'binder "Key receipts &lt;semester&gt;"' in html
