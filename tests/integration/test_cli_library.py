"""`triage replies suggest|check` and `triage routines check|search` as scripts use them."""

from __future__ import annotations

import json

from tests.factories import cli_settings, install_model, run_triage


def _run(tmp_path, *args, stdin=""):
    return run_triage(tmp_path, *args, stdin=stdin)


def test_replies_suggest_answers_each_line_with_ranked_replies(tmp_path, seed_model_file, db_url):
    cli_settings(tmp_path, db_url)
    install_model(tmp_path / "var", seed_model_file)
    mails = [
        {"subject": "Nyckel", "body": "Jag kommer sent på lördag, hur får jag nyckeln?"},
        {"text": "I sent the tuition fee by bank transfer last week, is my payment registered?"},
    ]

    done = _run(
        tmp_path,
        "replies",
        "suggest",
        "--top",
        "2",
        stdin="\n".join(json.dumps(m) for m in mails) + "\n",
    )

    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["language"] == "sv"
    assert first["suggestions"][0]["id"] == "housing-key-pickup"
    assert first["suggestions"][0]["language"] == "sv"
    assert set(first["suggestions"][0]) == {"id", "title", "language", "question_types", "score"}
    assert len(second["suggestions"]) == 2
    assert second["question_type"] == "fees"
    assert second["suggestions"][0]["id"].startswith("fees-")


def test_replies_check_passes_on_the_shipped_library_when_office_facts_are_set(tmp_path):
    from canned_replies import load_library

    keys = sorted(
        {
            p.split(".", 1)[1]
            for r in load_library().replies
            for p in r.placeholders
            if p.startswith("office.")
        }
    )
    config = tmp_path / "triage.toml"
    config.write_text("[office]\n" + "".join(f'{k} = "x"\n' for k in keys))

    done = _run(tmp_path, "replies", "check", "--config", str(config))

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stderr


def test_replies_check_lists_each_problem_with_file_and_field(tmp_path):
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "x-y.sv.md").write_text("---\nid: x-y\nlanguage: sv\n---\nHej {{ nobody }}\n")

    done = _run(tmp_path, "replies", "check", "--folder", str(folder))

    assert done.returncode == 1
    assert "x-y.sv.md: title: required field missing" in done.stdout


def test_routines_check_and_search(tmp_path, db_url):
    cli_settings(tmp_path, db_url)  # search reads the office's routines from its database
    checked = _run(tmp_path, "routines", "check")
    found = _run(tmp_path, "routines", "search", "återbetalning av studieavgift")

    assert checked.returncode == 0, checked.stdout
    assert found.returncode == 0, found.stderr
    assert "fees-refund" in found.stdout.splitlines()[0]


def test_replies_suggest_answers_a_bad_line_with_an_error_and_exits_1_at_the_end(
    tmp_path, seed_model_file, db_url
):
    cli_settings(tmp_path, db_url)
    install_model(tmp_path / "var", seed_model_file)
    lines = ["not json", json.dumps({"subject": "Fees", "body": "When is the tuition fee due?"})]

    done = _run(tmp_path, "replies", "suggest", stdin="\n".join(lines) + "\n")

    assert done.returncode == 1
    bad, good = (json.loads(line) for line in done.stdout.splitlines())
    assert bad["error"].startswith("stdin line 1: not a JSON object")
    assert good["suggestions"]
    assert "stdin line 1" in done.stderr
