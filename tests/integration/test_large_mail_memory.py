"""Importing one big mail costs a few times its size in memory, not fifteen (#15).

A resource bound, not a timing: the peak resident memory of a `triage import` child process
(ru_maxrss from os.wait4) for a 20 MB mail, less that of importing a small mail the same way.
"""

from __future__ import annotations

import os
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from tests.factories import cli_settings, install_model

_ROOT = str(Path(__file__).resolve().parents[2])  # this checkout's code, whatever is installed
MAIL_MB = 20
BOUND = 6  # times the mail's size: 7.3 before #15, 3.7 after


def _mail(size_mb: float, message_id: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = "Big Sender <big@student.example.org>"
    msg["To"] = "housing@intl.example.se"
    msg["Subject"] = "Scanned documents"
    msg["Message-ID"] = message_id
    msg.set_content("Hej! Here are my scanned documents.\n")
    scan = b"%PDF-1.7\n" + os.urandom(int(size_mb * 1024 * 1024 * 0.74))
    msg.add_attachment(scan, maintype="application", subtype="pdf", filename="scan.pdf")
    return msg.as_bytes()


def _peak_rss_bytes(tmp_path: Path, mail: Path) -> int:
    env = {"PATH": "/usr/bin:/bin", "TRIAGE_DATA_DIR": str(tmp_path / "var"), "PYTHONPATH": _ROOT}
    command = [sys.executable, "-m", "triage", "import", str(mail)]
    child = subprocess.Popen(
        command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(child.pid, 0)  # reaped here, for its rusage
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    with child.stderr:
        assert child.returncode == 0, child.stderr.read().decode()
    return usage.ru_maxrss * 1024  # Linux reports kilobytes


def test_importing_a_big_mail_costs_less_than_six_times_its_size(
    tmp_path: Path, seed_model_file: Path, db_url: str
):
    cli_settings(tmp_path, db_url)  # the ./triage.toml both imports read
    install_model(tmp_path / "var", seed_model_file)  # both imports load the same model
    small = tmp_path / "small.eml"
    small.write_bytes(_mail(0.001, "<small@student.example.org>"))
    big = tmp_path / "big.eml"
    big.write_bytes(_mail(MAIL_MB, "<big@student.example.org>"))

    baseline = _peak_rss_bytes(tmp_path, small)
    peak = _peak_rss_bytes(tmp_path, big)

    cost = peak - baseline
    assert cost < BOUND * big.stat().st_size, f"{cost / big.stat().st_size:.1f} times the size"
