"""`triage routines export|import`: the routine library the office keeps in the browser, kept in
files too (in Git), as a user runs the commands."""

from __future__ import annotations

from pathlib import Path

from routines import DEFAULT_FOLDER, load_routines
from tests.factories import cli_settings, run_triage


def test_export_then_import_into_another_office_gives_the_same_library(
    tmp_path: Path, db_url: str, second_db_url: str
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    cli_settings(first, db_url)
    cli_settings(second, second_db_url)
    done = run_triage(first, "routines", "export", str(tmp_path / "files"))
    assert done.returncode == 0, done.stderr
    exported = load_routines(tmp_path / "files")
    assert exported.problems == []
    assert len(exported.routines) == len(load_routines().routines)
    for path in sorted(DEFAULT_FOLDER.glob("*.md")):  # the seed, unchanged
        assert (tmp_path / "files" / path.name).read_text() == path.read_text(), path.name

    done = run_triage(second, "routines", "import", str(tmp_path / "files"))
    assert done.returncode == 0, done.stderr
    assert "0 new, 0 changed" in done.stderr  # the second office was seeded with the same files
    again = run_triage(second, "routines", "export", str(tmp_path / "again"))
    assert again.returncode == 0, again.stderr
    for path in sorted((tmp_path / "files").glob("*.md")):
        assert (tmp_path / "again" / path.name).read_text() == path.read_text(), path.name


def test_an_edited_file_becomes_a_new_version_a_new_one_is_added_and_a_broken_one_imports_nothing(
    tmp_path: Path, db_url: str
) -> None:
    cli_settings(tmp_path, db_url)
    assert run_triage(tmp_path, "routines", "export", "files").returncode == 0
    edited = tmp_path / "files" / "fees-refund.en.md"
    edited.write_text(edited.read_text().replace("title: ", "title: Edited ", 1), encoding="utf-8")
    for language in ("sv", "en"):
        source = (tmp_path / "files" / f"fees-refund.{language}.md").read_text()
        copy = source.replace("id: fees-refund\n", "id: fees-refund-copy\n", 1)
        (tmp_path / "files" / f"fees-refund-copy.{language}.md").write_text(copy, encoding="utf-8")
    broken = tmp_path / "files" / "housing-key-handout.sv.md"
    good_text = broken.read_text()
    broken.write_text(good_text.replace("reply: housing-key-pickup", "reply: no-such-reply"))

    refused = run_triage(tmp_path, "routines", "import", "files")
    assert refused.returncode == 1
    assert "housing-key-handout.sv.md: steps[2].reply: unknown standard reply" in refused.stdout
    assert "nothing imported" in refused.stderr
    assert run_triage(tmp_path, "routines", "export", "unchanged").returncode == 0
    assert not (tmp_path / "unchanged" / "fees-refund-copy.sv.md").exists()
    assert "Edited" not in (tmp_path / "unchanged" / "fees-refund.en.md").read_text()

    broken.write_text(good_text, encoding="utf-8")
    done = run_triage(tmp_path, "routines", "import", "files")
    assert done.returncode == 0, done.stderr
    assert "2 new, 1 changed" in done.stderr
    assert run_triage(tmp_path, "routines", "export", "out").returncode == 0
    assert "title: Edited " in (tmp_path / "out" / "fees-refund.en.md").read_text()
    assert (tmp_path / "out" / "fees-refund-copy.sv.md").exists()


def test_importing_from_a_folder_that_is_not_there_is_a_usage_error(tmp_path: Path) -> None:
    done = run_triage(tmp_path, "routines", "import", "nowhere")

    assert done.returncode == 2
    assert "nowhere" in done.stderr


def test_search_and_due_read_the_offices_approved_routines_not_the_shipped_files(
    tmp_path: Path, db_url: str
) -> None:
    cli_settings(tmp_path, db_url)
    assert run_triage(tmp_path, "routines", "export", "files").returncode == 0
    for language in ("sv", "en"):
        path = tmp_path / "files" / f"fees-refund.{language}.md"
        text = path.read_text()
        text = text.replace("title: ", "title: Zebra-crossing ", 1)
        old = next(line for line in text.splitlines() if line.startswith("last_reviewed:"))
        path.write_text(text.replace(old, "last_reviewed: 2020-01-15"), encoding="utf-8")
    assert run_triage(tmp_path, "routines", "import", "files").returncode == 0

    found = run_triage(tmp_path, "routines", "search", "zebra-crossing", "--language", "en")
    due = run_triage(tmp_path, "routines", "due")

    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[0].split()[1] == "fees-refund"
    assert due.returncode == 0, due.stderr
    assert "fees-refund (en) Zebra-crossing" in due.stdout
