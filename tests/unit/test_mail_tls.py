"""IMAP and SMTP get their TLS context from one place: checked unless verify_tls says not to."""

from __future__ import annotations

import ssl

from triage.mail.tls import client_context


def test_a_mail_server_certificate_and_name_are_checked_by_default():
    context = client_context(None, verify_tls=True)

    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_REQUIRED, True)


def test_verify_tls_false_turns_the_checks_off():
    context = client_context(None, verify_tls=False)

    assert (context.verify_mode, context.check_hostname) == (ssl.CERT_NONE, False)
