"""Importing exported mail: mbox, Maildir, .eml files and folders, with the same dedup as IMAP."""

from __future__ import annotations

import json
import mailbox
import subprocess
import sys

from sqlmodel import Session, func, select

from tests.factories import install_model, make_mail, message_id_of
from triage.mail.ingest.files import import_paths
from triage.mail.ingest.sync import sync_all
from triage.models import Case, Message


def _count(engine, model) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_an_mbox_export_is_imported_with_its_threads(tmp_path, make_settings, engine):
    question = make_mail("Bostad", "Finns det rum kvar?\n\nFrom here on I write in English.")
    reply = make_mail("Re: Bostad", "Tack!", in_reply_to=message_id_of(question))
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    box.add(question)
    box.add(reply)
    box.add(make_mail("Avgift", "Hur betalar jag?"))
    box.close()

    report = import_paths(engine, make_settings(), [path], "housing")

    assert (report.imported, report.new_cases) == (3, 2)
    with Session(engine) as session:
        texts = session.exec(select(Message.text)).all()
    assert any("From here on I write in English." in t for t in texts)


def test_a_maildir_and_a_folder_of_eml_files_are_imported(tmp_path, make_settings, engine):
    maildir = mailbox.Maildir(tmp_path / "Maildir", create=True)
    maildir.add(make_mail("Maildir one"))
    maildir.add(make_mail("Maildir two"))
    emls = tmp_path / "emls"
    (emls / "sub").mkdir(parents=True)
    (emls / "a.eml").write_bytes(make_mail("Eml a"))
    (emls / "sub" / "b.eml").write_bytes(make_mail("Eml b"))
    (emls / "README.md").write_text("not mail")

    report = import_paths(engine, make_settings(), [tmp_path / "Maildir", emls], "fees")

    assert report.imported == 4
    assert _count(engine, Case) == 4


def test_importing_twice_stores_nothing_new(tmp_path, make_settings, engine):
    path = tmp_path / "one.eml"
    path.write_bytes(make_mail("Once"))
    settings = make_settings()

    import_paths(engine, settings, [path], "housing")
    again = import_paths(engine, settings, [path], "housing")

    assert (again.imported, again.duplicates) == (0, 1)
    assert _count(engine, Message) == 1


def test_a_mail_imported_from_a_file_and_fetched_over_imap_is_one_message(
    tmp_path, make_mailbox, make_settings, engine, deliver
):
    raw = make_mail("Both ways", "Exported and still on the server")
    mb = make_mailbox()
    deliver(mb, raw)
    path = tmp_path / "export.mbox"
    box = mailbox.mbox(path)
    box.add(raw)
    box.close()
    settings = make_settings(mb)

    import_paths(engine, settings, [path], "housing")
    report = sync_all(engine, settings)[0]

    assert (report.stored, report.duplicates) == (0, 1)
    assert _count(engine, Message) == 1


def test_the_import_command_prints_a_summary(tmp_path, seed_model_file):
    install_model(tmp_path / "var", seed_model_file)
    export = tmp_path / "export"
    export.mkdir()
    (export / "q.eml").write_bytes(make_mail("CLI import"))
    (export / "ooo.eml").write_bytes(
        make_mail(
            "Automatiskt svar: CLI import",
            "Jag är ledig",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    env = {"TRIAGE_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}

    done = subprocess.run(
        [sys.executable, "-m", "triage", "import", str(export), "--mailbox", "fees"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    exported = subprocess.run(
        [sys.executable, "-m", "triage", "export", "messages"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )

    assert done.returncode == 0, done.stderr
    assert "imported 2, duplicates 0, auto-replies 1, quarantined 0" in done.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert sorted(r["auto_reply"] for r in rows) == [False, True]
    assert {r["mailbox"] for r in rows} == {"fees"}


def test_importing_a_path_that_does_not_exist_says_so(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "triage", "import", str(tmp_path / "nope.mbox")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"TRIAGE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )

    assert done.returncode == 1
    assert "nope.mbox: no such file or folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_csv_export_does_not_let_a_subject_run_as_a_spreadsheet_formula(
    tmp_path, seed_model_file
):
    install_model(tmp_path / "var", seed_model_file)
    export = tmp_path / "export"
    export.mkdir()
    (export / "q.eml").write_bytes(make_mail('=HYPERLINK("http://evil.example","click")', "Hej"))
    env = {"TRIAGE_DATA_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "triage", "import", str(export)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        check=True,
    )

    done = subprocess.run(
        [sys.executable, "-m", "triage", "export", "cases", "--format", "csv"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )

    assert "'=HYPERLINK" in done.stdout


def test_quarantined_mail_imported_again_is_kept_once(tmp_path, make_settings, engine):
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.eml").write_bytes(b"\r\n\r\n")
    settings = make_settings()

    first = import_paths(engine, settings, [folder], "housing")
    again = import_paths(engine, settings, [folder], "housing")

    assert (first.quarantined, again.quarantined) == (1, 1)
    with Session(engine) as session:
        from triage.models import Quarantine

        assert session.exec(select(func.count()).select_from(Quarantine)).one() == 1
