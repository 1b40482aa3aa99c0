"""`triage demo`: a fresh SQLite database filled from the bundled demo mailboxes, and a login.

The mailboxes are made by scripts/demo/make_demo_mailbox.py (deterministic, committed here).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from rich.console import Console

from triage.db import make_engine, transaction, upgrade
from triage.learning.classify import classifier_for
from triage.mail.ingest.files import import_paths
from triage.models import Mailbox
from triage.people.users import add_user
from triage.settings import Settings, load_settings

DEMO_DIR = Path(__file__).parent / "mailboxes"
DEMO_MAILBOXES = {
    "housing": "housing@intl.example.se",
    "international": "international@intl.example.se",
    "fees": "fees@intl.example.se",
}
# The facts standard replies print, for a fictional university (see canned_replies/README).
DEMO_OFFICE = {
    "name": "International Office, Example University",
    "opening_hours": "Mon-Thu 10-12",
    "key_pickup_location": "Studenthuset, Housing Desk (B)",
    "after_hours_key_location": "Studenthuset, Security (A)",
    "key_return_location": "Studenthuset, Housing Desk (B)",
    "late_arrival_notice_days": "3",
    "cleaning_checklist_url": "https://example.se/housing/cleaning",
    "cleaning_fee": "SEK 1,500",
    "move_out_booking_url": "https://example.se/housing/move-out",
    "deposit_amount": "SEK 3,000",
    "deposit_refund_form_url": "https://example.se/housing/deposit-refund",
    "deposit_refund_weeks": "6",
    "housing_portal_url": "https://housing.example.se",
    "housing_terms_url": "https://example.se/housing/terms",
    "offer_reply_days": "5",
    "fault_report_url": "https://example.se/housing/fault-report",
    "facilities_phone": "+46 8 123 456 00",
    "document_upload_url": "https://example.se/upload",
    "certificate_processing_days": "5",
    "credit_transfer_info_url": "https://example.se/exchange/credit-transfer",
    "erasmus_first_instalment_percent": "70",
    "erasmus_grant_info_url": "https://example.se/exchange/erasmus-grant",
    "erasmus_payment_weeks": "4",
    "exchange_application_deadline": "2027-02-01",
    "exchange_portal_url": "https://exchange.example.se",
    "fee_exemption_info_url": "https://example.se/fees/exemption",
    "infocenter_phone": "+46 8 123 456 10",
    "infocenter_url": "https://example.se/infocenter",
    "invoice_processing_days": "10",
    "payment_portal_url": "https://pay.example.se",
    "payment_registration_days": "3",
    "refund_form_url": "https://example.se/fees/refund",
    "refund_processing_weeks": "4",
    "refund_request_deadline": "2027-01-18",
    "refund_rules_url": "https://example.se/fees/refund-rules",
    "scholarship_deadline": "2027-01-15",
    "scholarship_info_url": "https://example.se/fees/scholarships",
    "sponsor_letter_template_url": "https://example.se/fees/sponsor-letter",
    "tuition_payment_deadline": "2027-06-20",
}
_CONFIG = """\
# Written by `triage demo`; every run starts this database afresh.
data_dir = "{data_dir}"
internal_domains = ["intl.example.se"]

[office]
{office}
"""


def prepare_demo(
    workdir: Path, progress: Console | None = None
) -> tuple[Settings, tuple[str, str]]:
    """Reset `workdir`, import the demo mail, add a demo admin; return settings and login."""
    workdir.mkdir(parents=True, exist_ok=True)
    for old in workdir.glob("triage.db*"):
        old.unlink()  # the models/ folder stays: training again each time would only be slower
    config = workdir / "triage.toml"
    office = "\n".join(f"{key} = {json.dumps(value)}" for key, value in DEMO_OFFICE.items())
    config.write_text(_CONFIG.format(data_dir=workdir.resolve(), office=office), encoding="utf-8")
    settings = load_settings(config)
    engine = make_engine(settings)
    upgrade(engine)
    say = (lambda text: progress.print(text, highlight=False)) if progress is not None else None
    classifier = classifier_for(engine, settings, say)
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
