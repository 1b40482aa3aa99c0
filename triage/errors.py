"""The errors the domain raises; the web layer and the CLI map them once each.

TriageError
├── NotFound            a case, user or file that does not exist
├── Conflict            the change clashes with the current state
├── PermissionDenied    the user may not do this
├── InvalidInput        a value from a user or a file is malformed
│   └── MissingInput    a value the user must give is empty (a note's text, a reply)
├── ConfigError         the configuration file or environment is wrong
└── MailboxError        an IMAP/SMTP server refused or dropped us (retryable=…)
"""


class TriageError(Exception):
    """Base of every error the domain raises on purpose."""


class _Worded(TriageError):
    """`template` and `values`, where given, say the same for readers of the web app, who get it
    in their language (api/i18n.py `error_text`); the message itself is for the command line
    and the API and may name options ("--to")."""

    def __init__(self, message: str, template: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.template = template
        self.values = values


class NotFound(_Worded):
    pass


class Conflict(TriageError):
    pass


class PermissionDenied(TriageError):
    pass


def N_(text: str) -> str:
    """Marks a message for the translators (babel.cfg); the web app shows it translated."""
    return text


class InvalidInput(_Worded):
    pass


class MissingInput(InvalidInput):
    """A value the user must give is empty: a form shows its message beside the field instead
    of an error page, so the web layer never checks for empty values itself."""


class ConfigError(TriageError):
    pass


class MailboxError(TriageError):
    """A mail server refused or dropped us; `retryable` says whether trying later may help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message)
        self.retryable = retryable


class TooManyAttempts(PermissionDenied):
    """Logins refused for a while after repeated failures (a password-guessing brake);
    `retry_after_s` says when trying again may be let through."""

    def __init__(self, message: str, *, retry_after_s: int = 60) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
