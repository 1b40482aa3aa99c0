"""`triage demo`: a fresh SQLite database filled from the bundled demo mailboxes, and a login.

The mailboxes are made by make_demo_mailbox.py (deterministic, committed beside them).
"""

from __future__ import annotations

import secrets
from pathlib import Path

from rich.console import Console

from triage.classify import load_classifier
from triage.db import make_engine, transaction, upgrade
from triage.ingest.files import import_paths
from triage.models import Mailbox
from triage.settings import Settings, load_settings
from triage.training import promoted_path, train_and_promote
from triage.users import add_user

DEMO_DIR = Path(__file__).parent / "mailboxes"
DEMO_MAILBOXES = {
    "housing": "housing@intl.example.se",
    "international": "international@intl.example.se",
    "fees": "fees@intl.example.se",
}
_CONFIG = """\
# Written by `triage demo`; every run starts this database afresh.
data_dir = "{data_dir}"
internal_domains = ["intl.example.se"]

[office]
opening_hours = "Mon-Thu 10-12"
"""


def prepare_demo(
    workdir: Path, progress: Console | None = None
) -> tuple[Settings, tuple[str, str]]:
    """Reset `workdir`, import the demo mail, add a demo admin; return settings and login."""
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.glob("triage.db*"):
        old.unlink()  # the models/ folder stays: training again each time would only be slower
    config = workdir / "triage.toml"
    config.write_text(_CONFIG.format(data_dir=workdir.resolve()), encoding="utf-8")
    settings = load_settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    if promoted_path(settings) is None:
        if progress is not None:
            progress.print("training the question-type model on the seed data (once)…")
        report = train_and_promote(engine, settings)
        if progress is not None:
            progress.print(report.summary())
    classifier = load_classifier(settings)
    with transaction(engine) as session:
        for name, address in DEMO_MAILBOXES.items():
            session.add(Mailbox(name=name, address=address))
    for name in DEMO_MAILBOXES:
        path = DEMO_DIR / f"{name}.mbox"
        imported = import_paths(engine, settings, [path], name, classifier)
        if progress is not None:
            progress.print(
                f"{name}: imported {imported.imported}, duplicates {imported.duplicates}, "
                f"auto-replies {imported.auto_replies}, quarantined {imported.quarantined}"
            )
    password = secrets.token_urlsafe(9)
    with transaction(engine) as session:
        add_user(session, "demo", "admin", password, display_name="Demo Admin")
    engine.dispose()
    return settings, ("demo", password)
