"""Handing a finished mail to a mailbox's SMTP server, and turning every way that can fail into
a MailboxError an officer can act on (the reply is then kept as a draft with that reason).
"""

from __future__ import annotations

import smtplib
import ssl

from triage.errors import MailboxError
from triage.mail.tls import client_context
from triage.settings import MailboxSettings, SmtpSettings


def send_mail(
    smtp: SmtpSettings, mb: MailboxSettings, raw: bytes, to: str, timeout_s: float
) -> None:
    """Hand `raw` to the mailbox's SMTP server; every failure becomes a MailboxError."""
    try:
        client = _open(smtp, timeout_s)
        try:
            if smtp.tls == "starttls":
                client.starttls(context=client_context(smtp.ca_file, smtp.verify_tls))
            if smtp.username:
                client.login(smtp.username, smtp.secret() or "")
            client.sendmail(mb.address, [to], raw)
        finally:
            _quietly_quit(client)
    except OSError as exc:  # smtplib's and ssl's errors are OSErrors too
        raise _send_error(exc, smtp, mb, timeout_s) from exc


def _open(smtp: SmtpSettings, timeout_s: float) -> smtplib.SMTP:
    if smtp.tls == "ssl":
        context = client_context(smtp.ca_file, smtp.verify_tls)
        return smtplib.SMTP_SSL(smtp.host, smtp.port, context=context, timeout=timeout_s)
    return smtplib.SMTP(smtp.host, smtp.port, timeout=timeout_s)


def _send_error(
    exc: OSError, smtp: SmtpSettings, mb: MailboxSettings, timeout_s: float
) -> MailboxError:
    """A sentence an officer can act on; never the password (smtplib never puts it in errors)."""
    where = f"{smtp.host}:{smtp.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"the mail server refused the login for mailbox {mb.name!r}: {_said(exc)}"
        return MailboxError(text, retryable=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{a} ({c} {_decode(m)})" for a, (c, m) in exc.recipients.items())
        return MailboxError(f"the mail server refused the recipient {refused}", retryable=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = f"the mail server {where} refused the mail: {_said(exc)}"
        return MailboxError(text, retryable=exc.smtp_code < 500)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return MailboxError(f"the mail server {where} cannot do this: {exc}", retryable=False)
    if isinstance(exc, ssl.SSLCertVerificationError):
        text = f"the TLS certificate of {where} is not trusted: {exc.verify_message}"
        return MailboxError(text, retryable=False)
    if isinstance(exc, ssl.SSLError):
        text = f"could not set up TLS with {where}: {exc.reason or exc}"
        return MailboxError(text, retryable=False)
    if isinstance(exc, TimeoutError):
        text = f"the mail server {where} did not answer within {timeout_s:g} seconds"
        return MailboxError(text, retryable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return MailboxError(f"the mail server {where} hung up: {exc}", retryable=True)
    return MailboxError(f"could not connect to {where}: {exc.strerror or exc}", retryable=True)


def _said(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_decode(exc.smtp_error)}"


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _quietly_quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except OSError:  # already gone, or never connected
        client.close()
