"""Keeping a copy of a mail we sent in the mailbox's Sent folder, as a mail program would.

The mail is out by then, so a copy that cannot be saved is reported, never raised: nothing here
may undo a send.
"""

from __future__ import annotations

import logging

from imapclient.exceptions import IMAPClientError

from triage.errors import TriageError
from triage.mail.ingest.imap import NETWORK_ERRORS, close, connect
from triage.settings import MailboxSettings

log = logging.getLogger(__name__)


def append_to_sent(mb: MailboxSettings, raw: bytes, timeout_s: float) -> str:
    """Put the sent bytes in the mailbox's `sent_folder`, marked read; '' when done or not
    wanted (no sent_folder), else why not, in a sentence for the officer."""
    if not mb.sent_folder:
        return ""
    try:
        client = connect(mb, timeout_s)
        try:
            client.append(mb.sent_folder, raw, flags=[b"\\Seen"])
        finally:
            close(client)
    except (TriageError, IMAPClientError, *NETWORK_ERRORS) as exc:
        reason = f"the reply was sent but not saved in {mb.sent_folder!r}: {exc}"
        log.warning("%s: %s", mb.name, reason)
        return reason
    return ""
