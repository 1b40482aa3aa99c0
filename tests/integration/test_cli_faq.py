"""`triage replies export|import` (the library kept in files, in Git) and `triage faq export`
(the public FAQ for the university's own web pages), as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from canned_replies import load_library
from tests.factories import cli_settings, run_triage
from triage.demo import DEMO_OFFICE


def _config(folder: Path, db_url: str) -> Path:
    """The office's ./triage.toml in `folder` (read by the commands run there): its database and
    the office facts the replies print."""
    office = [f"{key} = {json.dumps(value)}" for key, value in DEMO_OFFICE.items()]
    lines = [f"database_url = {json.dumps(db_url)}", "", "[office]", *office]
    path = folder / "triage.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_export_then_import_into_another_office_gives_the_same_library(
    tmp_path: Path, db_url: str, second_db_url: str
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    cli_settings(first, db_url)
    done = run_triage(first, "replies", "export", str(tmp_path / "files"))
    assert done.returncode == 0, done.stderr
    exported = load_library(tmp_path / "files")
    assert exported.problems == []
    assert len(exported.replies) == len(load_library().replies)

    config = _config(second, second_db_url)
    done = run_triage(second, "replies", "import", str(tmp_path / "files"), "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "0 new, 0 changed" in done.stderr  # the second office was seeded with the same files
    again = run_triage(second, "replies", "export", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    for path in sorted((tmp_path / "files").glob("*.md")):
        assert (tmp_path / "again" / path.name).read_text() == path.read_text(), path.name


def test_an_edited_file_becomes_a_new_version_and_a_broken_one_imports_nothing(
    tmp_path: Path, db_url: str
) -> None:
    config = _config(tmp_path, db_url)
    assert run_triage(tmp_path, "replies", "export", "files").returncode == 0
    edited = tmp_path / "files" / "housing-key-pickup.en.md"
    edited.write_text(edited.read_text().replace("Dear", "Hello"), encoding="utf-8")
    broken = tmp_path / "files" / "fees-refund-rules.sv.md"
    good_text = broken.read_text()
    broken.write_text(good_text.replace("{{ case.ref }}", "{{ case.nope }}"), encoding="utf-8")

    refused = run_triage(tmp_path, "replies", "import", "files", "--config", str(config))
    assert refused.returncode == 1
    assert "fees-refund-rules.sv.md" in refused.stdout
    assert "nothing imported" in refused.stderr

    broken.write_text(good_text, encoding="utf-8")
    done = run_triage(tmp_path, "replies", "import", "files", "--config", str(config))
    assert done.returncode == 0, done.stderr
    assert "0 new, 1 changed" in done.stderr
    assert run_triage(tmp_path, "replies", "export", "out").returncode == 0
    assert "Hello" in (tmp_path / "out" / "housing-key-pickup.en.md").read_text()


def test_faq_export_writes_the_public_answers_in_each_language_and_format(
    tmp_path: Path, db_url: str
) -> None:
    config = _config(tmp_path, db_url)
    public = [r for r in load_library().replies if r.public and r.language == "sv"]
    assert public, "the shipped library has public replies"
    private = next(r for r in load_library().replies if not r.public and r.language == "sv")

    md = run_triage(
        tmp_path, "faq", "export", "--format", "md", "--language", "sv", "--config", str(config)
    )
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Vanliga frågor\n")
    assert "## Boende" in md.stdout
    for reply in public:
        assert f"### {reply.faq_question}" in md.stdout
    assert private.title not in md.stdout
    assert "{{" not in md.stdout  # office facts filled in

    html = run_triage(
        tmp_path,
        "faq",
        "export",
        "--format",
        "html",
        "--language",
        "en",
        "--out",
        "faq.en.html",
        "--config",
        str(config),
    )
    assert html.returncode == 0, html.stderr
    page = (tmp_path / "faq.en.html").read_text()
    assert page.startswith('<section class="faq" lang="en">')
    assert "<h2>Housing</h2>" in page
    assert '<a href="https://' in page  # addresses in the answers are links
    assert "<script" not in page

    wrong = run_triage(tmp_path, "faq", "export", "--format", "pdf", "--language", "sv")
    assert wrong.returncode == 2
    assert "pdf" in wrong.stderr
