"""SSL, STARTTLS and IDLE against the real server."""

from __future__ import annotations

import threading

import pytest

from tests.factories import make_mail
from triage.errors import MailboxError
from triage.mail.ingest.idle import IdleWatcher
from triage.mail.ingest.imap import connect
from triage.mail.ingest.sync import sync_all


def test_mail_arrives_over_ssl(dovecot, make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox(
        tls="ssl", imap_port=dovecot.ssl_port, ca_file=dovecot.cert, imap_host="localhost"
    )
    deliver(mb, make_mail("Over SSL"))

    report = sync_all(engine, make_settings(mb))[0]

    assert (report.stored, report.error) == (1, "")


def test_mail_arrives_over_starttls(dovecot, make_mailbox, make_settings, engine, deliver):
    mb = make_mailbox(tls="starttls", ca_file=dovecot.cert, imap_host="localhost")
    deliver(mb, make_mail("Over STARTTLS"))

    report = sync_all(engine, make_settings(mb))[0]

    assert (report.stored, report.error) == (1, "")


def test_a_certificate_we_do_not_trust_is_refused_with_a_clear_error(dovecot, make_mailbox):
    mb = make_mailbox(tls="ssl", imap_port=dovecot.ssl_port, imap_host="localhost")

    with pytest.raises(MailboxError, match="CERTIFICATE_VERIFY_FAILED") as caught:
        connect(mb, timeout_s=5)

    assert caught.value.retryable


def test_idle_hears_about_new_mail(make_mailbox, deliver):
    mb = make_mailbox(idle=True)
    heard = threading.Event()
    watcher = IdleWatcher(mb, heard.set, timeout_s=10)
    watcher.start()

    try:
        assert watcher.idling.wait(30), "the watcher never started to IDLE"
        deliver(mb, make_mail("Arrives while idling"))
        assert heard.wait(30), "the IDLE watcher never reported the new mail"
    finally:
        watcher.stop()
        watcher.join(timeout=5)
    assert watcher.supported is True
