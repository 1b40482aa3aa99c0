"""Handing a finished mail to a mailbox's SMTP server, and turning every way that can fail into
a MailboxError an officer can act on (the reply is then kept as a draft with that reason): a
SendFailed, whose code and parameters the web layer says in the officer's language.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence

from triage.mail.failures import SendFailed
from triage.mail.tls import client_context
from triage.settings import MailboxSettings, SmtpSettings


def send_mail(
    smtp: SmtpSettings, mb: MailboxSettings, raw: bytes, to: str | Sequence[str], timeout_s: float
) -> None:
    """Hand `raw` to the mailbox's SMTP server for `to` (one address, or every envelope
    recipient: To and CC); every failure becomes a SendFailed (a MailboxError)."""
    recipients = [to] if isinstance(to, str) else list(to)
    try:
        client = _open(smtp, timeout_s)
        try:
            if smtp.tls == "starttls":
                client.starttls(context=client_context(smtp.ca_file, smtp.verify_tls))
            if smtp.username:
                client.login(smtp.username, smtp.secret() or "")
            client.sendmail(mb.address, recipients, raw)
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
) -> SendFailed:
    """A sentence an officer can act on; never the password (smtplib never puts it in errors)."""
    where = f"{smtp.host}:{smtp.port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        text = f"the mail server refused the login for mailbox {mb.name!r}: {_said(exc)}"
        params = {"mailbox": mb.name, "server": where, "reply": _said(exc)}
        return SendFailed(text, "smtp_login_refused", params, retryable=False)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused = "; ".join(f"{a} ({c} {_decode(m)})" for a, (c, m) in exc.recipients.items())
        text = f"the mail server refused the recipient {refused}"
        return SendFailed(text, "smtp_recipient_refused", {"recipients": refused}, retryable=False)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = f"the mail server {where} refused the mail: {_said(exc)}"
        params = {"server": where, "reply": _said(exc)}
        return SendFailed(text, "smtp_refused", params, retryable=exc.smtp_code < 500)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        text = f"the mail server {where} cannot do this: {exc}"
        return SendFailed(
            text, "smtp_unsupported", {"server": where, "error": str(exc)}, retryable=False
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        text = f"the TLS certificate of {where} is not trusted: {exc.verify_message}"
        params = {"server": where, "error": str(exc.verify_message)}
        return SendFailed(text, "tls_untrusted", params, retryable=False)
    if isinstance(exc, ssl.SSLError):
        text = f"could not set up TLS with {where}: {exc.reason or exc}"
        params = {"server": where, "error": str(exc.reason or exc)}
        return SendFailed(text, "tls_failed", params, retryable=False)
    if isinstance(exc, TimeoutError):
        text = f"the mail server {where} did not answer within {timeout_s:g} seconds"
        params = {"server": where, "seconds": f"{timeout_s:g}"}
        return SendFailed(text, "smtp_timeout", params, retryable=True)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        text = f"the mail server {where} hung up: {exc}"
        return SendFailed(
            text, "smtp_disconnected", {"server": where, "error": str(exc)}, retryable=True
        )
    error = str(exc.strerror or exc)
    text = f"could not connect to {where}: {error}"
    return SendFailed(text, "smtp_unreachable", {"server": where, "error": error}, retryable=True)


def _said(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_decode(exc.smtp_error)}"


def _decode(text: bytes | str) -> str:
    return text.decode("utf-8", "replace") if isinstance(text, bytes) else text


def _quietly_quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except OSError:  # already gone, or never connected
        client.close()
