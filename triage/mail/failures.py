"""Why a mail was not sent, as a code with parameters the web layer translates into the
officer's language, beside the English sentence logs and the CLI show.

Each class is also the plain error it always was (InvalidInput, ConfigError, MailboxError), so
code that maps errors by kind keeps working; `reason_of` gives a code for any error at all.

    NotSent (code, params)
    ├── RefusedInput(NotSent, InvalidInput)    a bad address, attachment or CC: fix and resend
    ├── NotConfigured(NotSent, ConfigError)    the mailbox cannot send (no [mailbox.smtp])
    └── SendFailed(NotSent, MailboxError)      the mail server refused or could not be reached

Codes: no_requester_address, address_invalid, cc_invalid, too_many_recipients, to_invalid,
to_several, attachment_too_big, attachments_too_big, too_many_attachments, attachment_type,
attachment_empty, smtp_not_configured, smtp_login_refused, smtp_recipient_refused,
smtp_refused, smtp_unsupported, tls_untrusted, tls_failed, smtp_timeout, smtp_disconnected,
smtp_unreachable, unexpected.
"""

from __future__ import annotations

from triage.errors import ConfigError, InvalidInput, MailboxError, TriageError


class NotSent(TriageError):
    """A mail that did not go out: `code` names the reason, `params` fill in its message."""

    def __init__(
        self, message: str, code: str, params: dict[str, str] | None = None, **kind: bool
    ) -> None:
        super().__init__(message, **kind)  # MailboxError's retryable, for SendFailed
        self.code = code
        self.params = dict(params or {})


class RefusedInput(NotSent, InvalidInput):
    pass


class NotConfigured(NotSent, ConfigError):
    pass


class SendFailed(NotSent, MailboxError):
    def __init__(
        self, message: str, code: str, params: dict[str, str] | None = None, *, retryable: bool
    ) -> None:
        super().__init__(message, code, params, retryable=retryable)


def reason_of(error: BaseException) -> tuple[str, dict[str, str]]:
    """The code and parameters of any error from sending ("unexpected" with the error's text
    for one nobody foresaw)."""
    if isinstance(error, NotSent):
        return error.code, error.params
    return "unexpected", {"error": str(error)}
