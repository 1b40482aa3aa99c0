"""`triage sync --once`: counts on success; a clear line and the right exit code on failure."""

from __future__ import annotations

import textwrap

from tests.factories import install_model, make_mail, run_triage


def _run(tmp_path, *args, stdin=""):
    return run_triage(tmp_path, *args, stdin=stdin)


def _config(tmp_path, mb, password, db_url):
    path = tmp_path / "triage.toml"
    path.write_text(
        textwrap.dedent(f"""
        database_url = "{db_url}"

        [[mailbox]]
        name = "{mb.name}"
        address = "{mb.address}"
        imap_host = "127.0.0.1"
        imap_port = {mb.port}
        tls = "none"
        username = "{mb.username}"
        password = "{password}"
        idle = false
    """)
    )
    return path


def test_sync_once_prints_what_it_stored(tmp_path, make_mailbox, deliver, seed_model_file, db_url):
    install_model(tmp_path / "var", seed_model_file)
    mb = make_mailbox("housing")
    deliver(mb, make_mail("Nyckel"), make_mail("Hyra"))
    config = _config(tmp_path, mb, mb.secret(), db_url)

    done = _run(tmp_path, "sync", "--once", "--config", str(config))

    assert done.returncode == 0, done.stderr
    row = next(line for line in done.stderr.splitlines() if "housing" in line)
    cells = [c.strip() for c in row.strip("│┃ ").split("│")]
    assert cells[:3] == ["housing", "2", "2"]  # mailbox, stored, new cases


def test_sync_once_with_a_wrong_password_exits_1_with_a_clear_message(
    tmp_path, make_mailbox, seed_model_file, db_url
):
    install_model(tmp_path / "var", seed_model_file)
    mb = make_mailbox("housing")
    config = _config(tmp_path, mb, "wrong-password", db_url)

    done = _run(tmp_path, "sync", "--once", "--config", str(config))

    assert done.returncode == 1
    assert "refused the login" in done.stderr
    assert "wrong-password" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_sync_with_a_bad_config_exits_2_naming_file_and_key(tmp_path):
    config = tmp_path / "triage.toml"
    config.write_text(
        '[[mailbox]]\nname = "housing"\naddress = "h@x.se"\nusername = "h"\npassword = "p"\n'
    )

    done = _run(tmp_path, "sync", "--once", "--config", str(config))

    assert done.returncode == 2
    assert str(config) in done.stderr
    assert "mailbox[1].imap_host: Field required" in done.stderr
