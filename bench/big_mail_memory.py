"""Peak resident memory of `triage import` for one big mail, beside a small mail's as baseline.

    .venv/bin/python bench/big_mail_memory.py [--mb 50] [--workdir /tmp/mailtriage-bench-big]

Builds a mail of about `--mb` MB (a short text and a PDF-like attachment of random bytes, base64),
imports it with the `triage` command in a fresh data directory, and prints the peak RSS of that
child process (`os.wait4` rusage) next to the peak of importing a small mail in the same way: the
difference is what the big mail itself cost. No classifier model is installed, so it is not counted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.figures import figure

_ROOT = Path(__file__).resolve().parent.parent


def make_big_mail(size_mb: float) -> bytes:
    """A mail of about `size_mb` MB: base64 grows the attachment by 4/3 plus line ends."""
    msg = EmailMessage()
    msg["From"] = "Big Sender <big@student.example.org>"
    msg["To"] = "housing@intl.example.se"
    msg["Subject"] = "Scanned documents"
    msg["Message-ID"] = "<big-mail@student.example.org>"
    msg.set_content("Hej! Here are my scanned documents.\n")
    payload = b"%PDF-1.7\n" + os.urandom(int(size_mb * 1024 * 1024 * 0.74))
    msg.add_attachment(payload, maintype="application", subtype="pdf", filename="scan.pdf")
    return msg.as_bytes()


def peak_rss_mb(workdir: Path, mail: Path, env: dict[str, str]) -> float:
    """Run `triage import MAIL` in `workdir` and return the child's peak RSS in MB."""
    cmd = [sys.executable, "-m", "triage", "import", str(mail)]
    with open(workdir / "import.log", "ab") as log:
        child = subprocess.Popen(cmd, cwd=workdir, env=env, stdout=log, stderr=log)
        _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed; see {workdir / 'import.log'}")
    return usage.ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/mailtriage-bench-big"))
    args = parser.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(_ROOT),
        "TRIAGE_DATA_DIR": str(args.workdir / "var"),
        "TRIAGE_SYNC__MAX_MESSAGE_BYTES": str(200 * 1024 * 1024),  # measure parsing, not the limit
    }
    small = args.workdir / "small.eml"
    small.write_bytes(make_big_mail(0.001).replace(b"big-mail@", b"small-mail@"))
    big = args.workdir / "big.eml"
    big.write_bytes(make_big_mail(args.mb))
    size_mb = big.stat().st_size / 1024 / 1024
    baseline = peak_rss_mb(args.workdir, small, env)
    peak = peak_rss_mb(args.workdir, big, env)
    print(f"mail size            {size_mb:8.1f} MB")
    print(f"peak RSS, small mail {baseline:8.1f} MB  (baseline: interpreter, imports, database)")
    print(f"peak RSS, big mail   {peak:8.1f} MB")
    print(f"big mail's own cost  {peak - baseline:8.1f} MB = {(peak - baseline) / size_mb:.1f}x")
    figure(
        f"peak RSS importing a {size_mb:.0f} MB mail", round(peak), "MB", baseline=round(baseline)
    )


if __name__ == "__main__":
    main()
