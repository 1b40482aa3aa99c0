"""Officers working the queue while mail pours in: page times under load against one officer alone.

Issue #13's bar: 20 officers (open the queue, open a case, take it, write a note, send a reply,
close it) while ingestion adds 1,000 messages a minute, for 5 minutes, with 2 web workers
(`triage serve --workers 2 --no-scheduler`) and 1 `triage worker`, on SQLite and PostgreSQL:
no 5xx, no "database is locked" in any log, no lost event; p50/p95 page times per kind.

    .venv/bin/python bench/load.py                          # both databases, 5 minutes each
    .venv/bin/python bench/load.py --quick                  # about 15 s of load per database
    .venv/bin/python bench/load.py --database sqlite --minutes 2 --officers 10 --rate 600

Mail is delivered over IMAP into a private Dovecot (tests/servers.py) at `--rate` a minute and
the worker's polling (every 5 s, the shortest allowed) ingests it; replies go to a local
aiosmtpd. The officers are locust users (bench/load_officers.py, headless, loopback only,
bounded by -u, -t and a number of cases each). Baseline, measured on the same servers just
before: one officer clicking without pauses, no ingestion.
Exit 0 when every check passes, 1 when one fails, 2 when Dovecot (or locust) is missing.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.figures import figure  # noqa: E402
from tests.servers import Dovecot, free_port, start_dovecot  # noqa: E402
from triage.db import make_engine, transaction, upgrade  # noqa: E402
from triage.mail.ingest.mbox import iter_mbox  # noqa: E402
from triage.people.users import add_user  # noqa: E402
from triage.settings import Settings, load_settings  # noqa: E402

BIN = Path(sys.executable).parent
DEMO = ROOT / "triage" / "demo" / "mailboxes"
MODEL_CACHE = Path(tempfile.gettempdir()) / "mt-bench-load-model"
PASSWORD = "load-test-password-1"
PG = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
_MSGID = re.compile(rb"^Message-ID:[^\n]*\n", re.IGNORECASE | re.MULTILINE)
_LOCKED = re.compile(r"database is locked", re.IGNORECASE)
_ACCESS_5XX = re.compile(r'"[A-Z]+ (\S+) HTTP/[\d.]+" (5\d\d)')
KINDS = ("queue", "case page", "claim", "note", "reply", "close", "login")


# ---------------------------------------------------------------- mail in and mail out


def seeds() -> list[bytes]:
    return [
        _MSGID.sub(b"", raw, count=1) for p in sorted(DEMO.glob("*.mbox")) for raw in iter_mbox(p)
    ]


class Deliverer(threading.Thread):
    """Appends mail over IMAP at `rate` a minute until stopped (or `limit` mails)."""

    def __init__(self, dovecot: Dovecot, user: str, tag: str, rate: float, limit: int) -> None:
        super().__init__(daemon=True)
        self.dovecot, self.user, self.tag = dovecot, user, tag
        self.rate, self.limit = rate, limit
        self.mails = seeds()
        self.sent = 0
        self.stop_event = threading.Event()
        self.error: str | None = None
        self.began = self.ended = 0.0

    def append(self, client: Any, n: int) -> None:
        raw = self.mails[self.sent % len(self.mails)]
        msgid = f"Message-ID: <{self.tag}-{self.sent}@load.bench.example.org>\r\n".encode()
        client.append("INBOX", msgid + raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
        self.sent += 1

    def run(self) -> None:
        from imapclient import IMAPClient

        try:
            with IMAPClient("127.0.0.1", port=self.dovecot.port, ssl=False) as client:
                client.login(self.user, "secret-pass")
                start = self.began = time.monotonic()
                while self.sent < self.limit and not self.stop_event.is_set():
                    due = start + self.sent * 60.0 / self.rate
                    if (wait := due - time.monotonic()) > 0:
                        self.stop_event.wait(wait)
                        continue
                    self.append(client, self.sent)
        except Exception as exc:  # said in the report: a delivery that stopped is a failed run
            self.error = f"{type(exc).__name__}: {exc}"
        self.ended = time.monotonic()


class SmtpCounter:
    """aiosmtpd on 127.0.0.1 that counts the replies it is given (and keeps nothing)."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.count = 0
        counter = self

        class Handler:
            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
                counter.count += 1
                return "250 2.0.0 Ok: queued"

        self.controller = Controller(Handler(), hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.port = int(self.controller.port)

    def stop(self) -> None:
        self.controller.stop()


# ---------------------------------------------------------------- the office under test


def model_file() -> Path:
    """The seed model, trained once and kept in /tmp (serve and worker would train it each)."""
    path = MODEL_CACHE / "model.skops"
    if not path.exists():
        from classifiers.data import seed_examples
        from classifiers.model import train

        MODEL_CACHE.mkdir(parents=True, exist_ok=True)
        print("training the seed model once (about a minute) …", flush=True)
        train(seed_examples(), source="bench load").save(path.with_suffix(".tmp"))
        path.with_suffix(".tmp").rename(path)
    return path


@dataclass
class Office:
    database: str
    workdir: Path
    url: str
    port: int
    config: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)
    pg_name: str | None = None


def prepare(database: str, dovecot: Dovecot, smtp_port: int, officers: int) -> Office:
    workdir = Path(tempfile.mkdtemp(prefix=f"mt-bench-load-{database}-"))
    pg_name = None
    if database == "sqlite":
        url = f"sqlite:///{workdir / 'triage.db'}"
    else:
        import psycopg

        pg_name = f"mt_bench_load_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{pg_name}"')
        url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}"
    models = workdir / "models"
    models.mkdir()
    shutil.copy(model_file(), models / "model.skops")
    (models / "promoted.json").write_text('{"file": "model.skops"}')
    imap_user, _ = dovecot.add_user()
    config = workdir / "triage.toml"
    config.write_text(
        f"""database_url = "{url}"
data_dir = "{workdir}"
secret_key = "load-bench-{uuid.uuid4().hex}"

[sync]
poll_interval_s = 5

[[mailbox]]
name = "load"
address = "load@intl.example.se"
imap_host = "127.0.0.1"
imap_port = {dovecot.port}
tls = "none"
username = "{imap_user}"
password = "secret-pass"
idle = false
  [mailbox.smtp]
  host = "127.0.0.1"
  port = {smtp_port}
  tls = "none"
"""
    )
    settings = _settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        for i in range(max(officers, 1)):
            add_user(session, f"officer{i:02d}", "officer", PASSWORD)
    engine.dispose()
    (workdir / "officers.json").write_text(
        json.dumps([[f"officer{i:02d}", PASSWORD] for i in range(max(officers, 1))])
    )
    office = Office(database, workdir, url, free_port(), config, pg_name=pg_name)
    office.imap_user = imap_user  # type: ignore[attr-defined]
    return office


def _settings(config: Path) -> Settings:
    return load_settings(config)


def start(office: Office) -> None:
    env = {**os.environ, "TRIAGE_CONFIG": str(office.config)}
    commands = {
        "serve": [
            str(BIN / "triage"),
            "serve",
            "--workers",
            "2",
            "--no-scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            str(office.port),
        ],
        "worker": [str(BIN / "triage"), "worker"],
    }
    for name, command in commands.items():
        log = office.workdir / f"{name}.log"
        office.logs.append(log)
        with log.open("wb") as out:
            office.processes.append(
                subprocess.Popen(
                    command,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    cwd=office.workdir,
                    start_new_session=True,
                )
            )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        login = f"http://127.0.0.1:{office.port}/login"
        with contextlib.suppress(OSError), urllib.request.urlopen(login, timeout=2):
            return
        if any(p.poll() is not None for p in office.processes):
            break
        time.sleep(0.5)
    raise RuntimeError(f"the office did not start: see {office.logs}")


def stop(office: Office) -> None:
    for process in office.processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in office.processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    office.processes.clear()


def drop(office: Office, keep: bool) -> None:
    if office.pg_name:
        import psycopg

        with psycopg.connect(PG, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{office.pg_name}" WITH (FORCE)')
    if not keep:
        shutil.rmtree(office.workdir, ignore_errors=True)


def ingested(office: Office, tag: str) -> int:
    engine = make_engine(_settings(office.config))
    try:
        with engine.connect() as conn:
            query = text("SELECT count(*) FROM message WHERE message_id LIKE :pattern")
            return int(conn.execute(query, {"pattern": f"%{tag}-%@load.bench%"}).scalar_one())
    finally:
        engine.dispose()


def wait_ingested(office: Office, tag: str, count: int, timeout_s: float) -> int:
    deadline = time.monotonic() + timeout_s
    while (got := ingested(office, tag)) < count and time.monotonic() < deadline:
        time.sleep(1)
    return got


# ---------------------------------------------------------------- officers (locust)


def officers(
    office: Office, users: int, seconds: int, think: str, tag: str, spawn_rate: float = 1
) -> dict[str, Any]:
    results = office.workdir / f"locust-{tag}.json"
    env = {
        **os.environ,
        "LOAD_OFFICERS": str(office.workdir / "officers.json"),
        "LOAD_RESULTS": str(results),
        "LOAD_THINK_S": think,
        "LOAD_MAX_CASES": "10000",
    }
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "load_officers.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{office.port}",
        "-u",
        str(users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "30",
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    log = office.workdir / f"locust-{tag}.log"
    with log.open("wb") as out:
        subprocess.run(
            command,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=seconds + 120,
        )
    if not results.exists():
        raise RuntimeError(f"locust wrote no results: see {log}")
    return dict(json.loads(results.read_text()))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


# ---------------------------------------------------------------- the checks


def lost_events(office: Office, done: list[dict[str, Any]]) -> list[str]:
    """Every action an officer was told succeeded must be in its case's event log."""
    wanted: Counter[tuple[int, str, str]] = Counter()
    for action in done:
        wanted[(action["case"], action["officer"], action["action"])] += 1
    cases = sorted({key[0] for key in wanted})
    found: Counter[tuple[int, str, str]] = Counter()
    engine = make_engine(_settings(office.config))
    try:
        with engine.connect() as conn:
            for start in range(0, len(cases), 500):
                chunk = cases[start : start + 500]
                rows = conn.execute(
                    text(
                        "SELECT case_id, actor, kind, field, new_value FROM caseevent"
                        f" WHERE case_id IN ({','.join(str(c) for c in chunk)})"
                    )
                ).all()
                for case_id, actor, kind, _field, new in rows:
                    if kind == "assigned" and new == actor:
                        found[(case_id, actor, "claim")] += 1
                    elif kind == "note":
                        found[(case_id, actor, "note")] += 1
                    elif kind == "message_out":
                        found[(case_id, actor, "reply")] += 1
                    elif kind == "outcome":
                        found[(case_id, actor, "close")] += 1
    finally:
        engine.dispose()
    return [
        f"case {case}: {officer}'s {action} x{n}, in the log x{found[(case, officer, action)]}"
        for (case, officer, action), n in sorted(wanted.items())
        if found[(case, officer, action)] < n
    ]


def log_problems(office: Office) -> list[str]:
    problems = []
    for log in office.logs:
        for line in log.read_text(errors="replace").splitlines():
            if _LOCKED.search(line) or _ACCESS_5XX.search(line) or "Traceback" in line:
                problems.append(f"{log.name}: {line.strip()[:300]}")
    return problems


# ---------------------------------------------------------------- one database


@dataclass
class Outcome:
    database: str
    baseline: dict[str, Any]
    load: dict[str, Any]
    delivered: int
    stored: int
    seconds: float
    delivery_s: float
    replies_smtp: int
    problems: list[str]


def run_database(database: str, args: argparse.Namespace, dovecot: Dovecot) -> Outcome:
    smtp = SmtpCounter()
    try:
        office = prepare(database, dovecot, smtp.port, args.officers)
    except BaseException:
        smtp.stop()
        raise
    imap_user = office.imap_user  # type: ignore[attr-defined]
    problems: list[str] = []
    try:
        start(office)
        print(f"[{database}] office on port {office.port}, data in {office.workdir}", flush=True)
        warm = Deliverer(dovecot, imap_user, "warm", 60_000, args.warmup)
        warm.run()
        got = wait_ingested(office, "warm", args.warmup, 120)
        print(f"[{database}] warm-up: {got}/{args.warmup} mails ingested", flush=True)
        base = officers(office, 1, args.baseline_seconds, "0.1,0.3", "baseline")
        print(
            f"[{database}] baseline: 1 officer, {args.baseline_seconds} s, no ingestion", flush=True
        )
        seconds = int(args.minutes * 60)
        total = int(args.rate * args.minutes)
        deliverer = Deliverer(dovecot, imap_user, "load", args.rate, total)
        began = time.monotonic()
        deliverer.start()
        load = officers(office, args.officers, seconds, args.think, "load", args.spawn_rate)
        deliverer.stop_event.set()
        deliverer.join()
        took = time.monotonic() - began
        print(
            f"[{database}] load: {args.officers} officers, {took:.0f} s, "
            f"{deliverer.sent} mails delivered; waiting for ingestion …",
            flush=True,
        )
        stored = wait_ingested(office, "load", deliverer.sent, 180)
        if deliverer.error:
            problems.append(f"delivery stopped: {deliverer.error}")
        if stored < deliverer.sent:
            problems.append(f"ingestion: {stored} of {deliverer.sent} delivered mails stored")
    finally:
        stop(office)
        smtp.stop()
    for run in (base, load):
        for error in run["errors"][:20]:
            body = " ".join(error["body"].split())
            body = "" if body.startswith("<!doctype") else body[:200]  # a page says little
            problems.append(
                f"HTTP {error['status']} {error['name']} {error['url']}: {error['error']} {body}"
            )
        if len(run["errors"]) > 20:
            problems.append(f"… and {len(run['errors']) - 20} more refused requests")
    problems += log_problems(office)
    lost = lost_events(office, base["done"] + load["done"])
    problems += [f"lost event: {line}" for line in lost[:30]]
    if len(lost) > 30:
        problems.append(f"… and {len(lost) - 30} more lost events")
    outcome = Outcome(
        database,
        base,
        load,
        deliverer.sent,
        stored,
        took,
        deliverer.ended - deliverer.began,
        smtp.count,
        problems,
    )
    drop(office, keep=bool(problems) or args.keep)
    if problems:
        print(f"[{database}] kept for a look: {office.workdir}")
    return outcome


def report(outcome: Outcome, args: argparse.Namespace) -> None:
    load, base = outcome.load, outcome.baseline
    actions = Counter(a["action"] for a in load["done"])
    print(
        f"\n== {outcome.database}: {args.officers} officers, {outcome.seconds:.0f} s, "
        f"{outcome.delivered} mails delivered "
        f"({outcome.delivered / max(outcome.delivery_s, 1e-9) * 60:.0f}/min), "
        f"{outcome.stored} ingested, {outcome.replies_smtp} replies at the SMTP server"
    )
    print(
        "   done under load: "
        + ", ".join(f"{k} {actions[k]}" for k in ("claim", "note", "reply", "close"))
    )
    print(
        f"   {'kind':12} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'base p50':>9} {'base p95':>9} {'p95 ratio':>9}  statuses"
    )
    all_load: list[float] = []
    all_base: list[float] = []
    for kind in KINDS:
        times = load["timings"].get(kind, [])
        before = base["timings"].get(kind, [])
        all_load += times if kind not in ("login",) else []
        all_base += before if kind not in ("login",) else []
        if not times:
            continue
        p95, b95 = percentile(times, 95), percentile(before, 95)
        statuses = " ".join(f"{c}:{n}" for c, n in sorted(load["statuses"].get(kind, {}).items()))
        ratio = p95 / b95 if before else float("nan")
        print(
            f"   {kind:12} {len(times):6d} {percentile(times, 50):8.0f} {p95:8.0f} "
            f"{max(times):8.0f} {percentile(before, 50):9.0f} {b95:9.0f} {ratio:9.2f}  {statuses}"
        )
    p95, b95 = percentile(all_load, 95), percentile(all_base, 95)
    print(
        f"   {'all pages':12} {len(all_load):6d} {percentile(all_load, 50):8.0f} {p95:8.0f} "
        f"{max(all_load or [0]):8.0f} {percentile(all_base, 50):9.0f} {b95:9.0f} {p95 / b95:9.2f}"
    )
    print(f"   ratio (p95 under load / p95 of one officer without ingestion): {p95 / b95:.2f}x")
    verdict = "PASS" if not outcome.problems else "FAIL"
    figure("page p95 under load", round(p95), "ms", baseline=round(b95))
    figure(
        "no 5xx, no lock error, no lost event or mail",
        len(outcome.problems),
        "problems",
        bar="0",
        met=not outcome.problems,
    )
    print(
        "   checks (all logged in, no 5xx, no 'database is locked', no lost event, all mail"
        f" ingested): {verdict}"
    )
    for line in outcome.problems[:60]:
        print(f"     - {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--officers", type=int, help="default 20 (--quick: 4)")
    parser.add_argument("--rate", type=float, default=1000, help="messages a minute")
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--baseline-seconds", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=300, help="mails in the queue to start")
    parser.add_argument("--think", default="1,3", help="officer's pause range in seconds")
    parser.add_argument("--quick", action="store_true", help="about 15 s of load, 4 officers")
    parser.add_argument(
        "--spawn-rate",
        type=float,
        default=1,
        help="officers logging in a second (an office behind one address may all log in at once)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args()
    if args.quick:
        args.minutes, args.baseline_seconds, args.warmup = 0.25, 5, 40
    args.officers = args.officers or (4 if args.quick else 20)
    if not (BIN / "locust").exists():
        print("locust is not installed: pip install -e '.[test]'", file=sys.stderr)
        return 2
    databases = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    if "postgresql" in databases and not _postgres_up():
        if args.database == "postgresql":
            print("PostgreSQL does not answer on 127.0.0.1:5432", file=sys.stderr)
            return 2
        print("PostgreSQL does not answer on 127.0.0.1:5432: SQLite only")
        databases.remove("postgresql")
    try:
        dovecot = start_dovecot()
    except RuntimeError as exc:
        print(f"Dovecot is not available ({exc}): cannot deliver mail", file=sys.stderr)
        return 2
    load = os.getloadavg()
    print(
        f"load average before: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} CPUs"
    )
    outcomes = []
    try:
        model_file()
        for database in databases:
            outcomes.append(run_database(database, args, dovecot))
    finally:
        dovecot.stop()
    for outcome in outcomes:
        report(outcome, args)
    return 1 if any(o.problems for o in outcomes) else 0


def _postgres_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
