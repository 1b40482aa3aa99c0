"""The admin's pages: how each mailbox is doing, and the mail that could not be read."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlmodel import col, select

from tests.factories import make_mail
from tests.integration.web.conftest import Office, post
from tests.servers import free_port
from tests.smtp import sending_mailbox
from triage.db import transaction
from triage.mail.ingest.store import Ingestor, Location, RawMail
from triage.models import Case, Mailbox, Quarantine
from triage.settings import MailboxSettings

UNREADABLE = b"\r\n\r\n"  # no headers, no body: the parser still gives up on it


def _quarantine(office: Office, raw: bytes, reason: str) -> int:
    """Keep `raw` in the quarantine as the Ingestor does when it cannot store a mail."""
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        ingestor = Ingestor(session, office_addresses={mailbox.address})
        ingestor.quarantine(RawMail(raw, mailbox, Location("test")), reason)
        session.flush()
        found = session.exec(select(Quarantine.id).order_by(col(Quarantine.id).desc())).first()
        assert found is not None
        return found


def _row(page: str, quarantine_id: int) -> str:
    found = re.search(rf"<tr><td>{quarantine_id}</td>(.*?)</tr>", page, re.S)
    assert found is not None, f"quarantined mail {quarantine_id} is not listed"
    return found.group(1)


# --- mailboxes -------------------------------------------------------------------------------


def test_the_mailbox_page_shows_each_mailbox_with_its_last_error_escaped(office):
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        mailbox.last_error = 'LOGIN failed: <b onmouseover="x()">AUTHENTICATIONFAILED</b>'

    page = office.client("root").get("/admin/mailboxes").text

    assert "housing" in page
    assert "housing@intl.example.se" in page
    assert "LOGIN failed: &lt;b onmouseover=&#34;x()&#34;&gt;AUTHENTICATIONFAILED&lt;/b&gt;" in page
    assert "<b onmouseover" not in page


def test_a_mailbox_whose_login_fails_carries_a_warning(office):
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        mailbox.last_error, mailbox.auth_failed = "AUTHENTICATIONFAILED", True

    page = office.client("root").get("/admin/mailboxes").text

    assert '<p class="flash error">login failing</p>' in page


def _configure(office: Office, *mailboxes: MailboxSettings) -> None:
    office.settings.mailbox = list(mailboxes)


def _housing(**overrides: object) -> MailboxSettings:
    fields: dict[str, object] = {
        "name": "housing",
        "address": "housing@intl.example.se",
        "imap_host": "imap.example.se",
        "username": "housing",
        "password": "imap-secret",
    }
    return MailboxSettings.model_validate({**fields, **overrides})


def _card(page: str, name: str) -> str:
    found = re.search(
        rf'<section class="mailbox-health"[^>]*>\s*<h2[^>]*>{name} (.*?)</section>', page, re.S
    )
    assert found is not None, f"mailbox {name} is not shown"
    return re.sub(r"\s+", " ", found.group(1))


def test_a_mailbox_without_smtp_says_it_cannot_send_and_one_with_smtp_names_its_server(office):
    _configure(
        office,
        _housing(),
        _housing(
            name="fees",
            address="fees@intl.example.se",
            smtp={"host": "smtp.example.se", "port": 587, "password": "smtp-secret"},
        ),
    )

    page = office.client("root").get("/admin/mailboxes").text

    assert "Cannot send: no [mailbox.smtp] in the configuration" in _card(page, "housing")
    assert 'Configured <span class="muted">(smtp.example.se:587)</span>' in _card(page, "fees")


def test_a_mailbox_that_never_synced_says_so_in_words(office):
    _configure(office, _housing(), _housing(name="fees", address="fees@intl.example.se"))

    card = _card(office.client("root").get("/admin/mailboxes").text, "fees")

    assert "Not synced yet" in card
    assert "<dt>Last success</dt> <dd>Never</dd>" in card
    assert "None since the last successful sync" in card
    assert "–" not in card


def test_a_working_mailbox_shows_its_last_success_and_a_failing_one_its_error_with_the_time(
    office,
):
    _configure(office, _housing())
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        mailbox.last_sync_at = mailbox.last_success_at = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    root = office.client("root")

    working = _card(root.get("/admin/mailboxes").text, "housing")
    with transaction(office.engine) as session:
        mailbox = session.get(Mailbox, office.mailbox_id)
        assert mailbox is not None
        mailbox.last_sync_at = mailbox.last_error_at = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)
        mailbox.last_error = "connection refused by imap.example.se"
    failing = _card(root.get("/admin/mailboxes").text, "housing")

    assert '<dd class="status-ok">Working' in working
    assert "2026-09-01 10:00" in working  # Stockholm time, the office's ISO dates
    assert "Failing" in failing
    assert "connection refused by imap.example.se" in failing
    assert "(2026-09-02 10:00)" in failing


# --- unreadable mail -------------------------------------------------------------------------


def test_the_quarantine_page_lists_an_unreadable_mail_with_its_reason(office):
    kept = _quarantine(office, make_mail("Room swap"), "why")

    row = _row(office.client("root").get("/admin/quarantine").text, kept)

    assert "<td>housing</td>" in row
    assert "<code>test</code>" in row
    assert "<td>why</td>" in row
    assert f'href="/admin/quarantine/{kept}/raw"' in row
    assert "Run again" in row


def test_the_raw_mail_downloads_as_it_came_and_is_never_shown_as_a_page(office):
    raw = make_mail("Room swap", "<html><script>alert(1)</script></html>")
    kept = _quarantine(office, raw, "why")

    response = office.client("root").get(f"/admin/quarantine/{kept}/raw")

    assert response.status_code == 200
    assert response.content == raw
    assert response.headers["content-disposition"] == (
        f'attachment; filename="quarantine-{kept}.eml"'
    )
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_running_a_mail_again_stores_it_on_a_case_and_the_page_says_stored(office):
    kept = _quarantine(office, make_mail("Room swap", "Can I swap rooms with a friend?"), "why")
    root = office.client("root")

    response = post(root, f"/admin/quarantine/{kept}/rerun")
    row = _row(root.get("/admin/quarantine").text, kept)

    assert response.status_code == 303
    assert response.headers["location"] == "/admin/quarantine"
    assert "stored" in row
    assert "Run again" not in row
    assert "Room swap" in root.get("/").text
    with office.session() as session:
        assert session.get(Quarantine, kept).resolved_at is not None  # type: ignore[union-attr]


def test_running_a_mail_again_says_which_case_it_is_on(office):
    kept = _quarantine(office, make_mail("Room swap"), "why")
    root = office.client("root")

    post(root, f"/admin/quarantine/{kept}/rerun")
    page = root.get("/admin/quarantine").text

    with office.session() as session:
        case_id = session.exec(select(Case.id)).one()
    assert f"The mail is stored on case {case_id}." in page


def test_a_mail_that_still_cannot_be_read_stays_with_a_way_to_run_it_again(office):
    kept = _quarantine(office, UNREADABLE, "why")
    root = office.client("root")

    response = post(root, f"/admin/quarantine/{kept}/rerun")
    row = _row(root.get("/admin/quarantine").text, kept)

    assert response.status_code == 303
    assert "Run again" in row
    with office.session() as session:
        assert session.get(Quarantine, kept).resolved_at is None  # type: ignore[union-attr]
        assert session.exec(select(Case)).all() == []


def test_a_script_in_an_unreadable_mail_and_its_reason_is_shown_as_text(office):
    raw = make_mail('<script>alert("subject")</script>', "Hej")
    kept = _quarantine(office, raw, "KeyError: '<script>alert(\"reason\")</script>'")
    root = office.client("root")

    listed = root.get("/admin/quarantine").text
    post(root, f"/admin/quarantine/{kept}/rerun")
    queue = root.get("/").text

    assert "KeyError: &#39;&lt;script&gt;alert(&#34;reason&#34;)&lt;/script&gt;&#39;" in listed
    assert "<script>alert" not in listed
    assert "&lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt;" in queue
    assert "<script>alert" not in queue


def test_a_mail_server_that_refuses_shows_as_failing_until_a_reply_goes_out(
    office, a_case, smtp_server
):
    dead_port = free_port()  # nobody listens here
    _configure(office, sending_mailbox(dead_port))
    root, anna = office.client("root"), office.client("anna")

    assert "Configured" in _card(root.get("/admin/mailboxes").text, "housing")  # nothing sent yet
    failed = post(anna, f"/cases/{a_case}/reply", {"body": "Nyckeln finns i receptionen."})
    assert failed.status_code == 502

    card = _card(root.get("/admin/mailboxes").text, "housing")
    assert '<strong class="error">Failing</strong>' in card.split("Replies (SMTP)", 1)[1]
    assert "Last send error" in card
    assert "The mail server could not be reached. Try again in a moment." in card

    server = smtp_server()
    _configure(office, sending_mailbox(server.port))
    sent = post(anna, f"/cases/{a_case}/reply", {"body": "Nyckeln finns i receptionen."})
    assert sent.status_code == 303, sent.text

    card = _card(root.get("/admin/mailboxes").text, "housing")
    replies = card.split("Replies (SMTP)", 1)[1].split("</dd>", 1)[0]
    assert "Working" in replies
    assert "Failing" not in replies
    assert "could not be reached" in card  # the last error stays readable, with its time


def test_an_officers_bad_cc_is_not_the_mailboxs_failure(office, a_case, smtp_server):
    _configure(office, sending_mailbox(smtp_server().port))
    anna = office.client("anna")
    post(anna, f"/cases/{a_case}/reply", {"body": "Hej", "cc": "not an address"})

    card = _card(office.client("root").get("/admin/mailboxes").text, "housing")
    assert "Failing" not in card
    assert "Last send error" not in card
