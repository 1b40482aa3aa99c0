"""Connecting and logging in to a function mailbox over IMAP (imapclient).

SSL, STARTTLS, or plain to localhost only; password or XOAUTH2 login. Every failure becomes a
MailboxError that says whether trying again later may help (a refused login does not).
"""

from __future__ import annotations

import contextlib
import socket
import ssl
from collections.abc import Callable

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from triage.db import chunked
from triage.errors import MailboxError
from triage.mail.ingest.oauth import AccessToken, make_provider
from triage.mail.tls import client_context
from triage.settings import MailboxSettings

_SIZE_SLICE = 2000  # UIDs per FETCH RFC822.SIZE (about 14 KB of command line)

NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    socket.timeout,
    ssl.SSLError,
    IMAPClient.AbortError,
    EOFError,
)


def connect(
    mb: MailboxSettings,
    timeout_s: float = 60.0,
    on_token: Callable[[AccessToken], None] | None = None,
) -> IMAPClient:
    """An authenticated client for `mb`; raises MailboxError on any failure."""
    try:
        client = IMAPClient(
            mb.imap_host,
            port=mb.port,
            ssl=mb.tls == "ssl",
            ssl_context=client_context(mb.ca_file, mb.verify_tls) if mb.tls == "ssl" else None,
            timeout=timeout_s,
        )
    except NETWORK_ERRORS as exc:
        raise MailboxError(
            f"{mb.name}: cannot connect to {mb.imap_host}:{mb.port}: {exc}", retryable=True
        ) from exc
    client.normalise_times = False
    try:
        if mb.tls == "starttls":
            client.starttls(client_context(mb.ca_file, mb.verify_tls))
        _login(client, mb, on_token)
    except LoginError as exc:
        _quietly_close(client)
        raise MailboxError(
            f"{mb.name}: the server refused the login for {mb.username!r}: {_text(exc)}",
            retryable=False,
        ) from None
    except (IMAPClientError, *NETWORK_ERRORS) as exc:
        _quietly_close(client)
        raise MailboxError(
            f"{mb.name}: {type(exc).__name__}: {_text(exc)}", retryable=True
        ) from exc
    return client


def _login(
    client: IMAPClient, mb: MailboxSettings, on_token: Callable[[AccessToken], None] | None
) -> None:
    if mb.auth == "xoauth2":
        assert mb.oauth is not None
        token = make_provider(mb.oauth).token()
        if on_token is not None:
            on_token(token)
        client.oauth2_login(mb.username, token.value)
    else:
        client.login(mb.username, mb.secret() or "")


def _text(exc: BaseException) -> str:
    text = str(exc)
    if text.startswith(("b'", 'b"')):
        text = text[2:-1]
    return text


def _quietly_close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:
        with contextlib.suppress(Exception):
            client.shutdown()


def close(client: IMAPClient) -> None:
    _quietly_close(client)


def fetch_sizes(client: IMAPClient, after_uid: int, exact_above: int) -> dict[int, int]:
    """UID -> RFC822.SIZE of every mail above `after_uid`, so the sync can decide what to download
    before any body is on the wire; a mail of at most `exact_above` bytes gets that bound instead
    of its size. One SEARCH LARGER finds the mail above the bound and only theirs are fetched:
    the sizes of a 10,000-mail backlog, each parsed by imapclient's lexer, cost 0.34 s of
    processor while the parse workers waited. Asked for in slices of UIDs, so a backlog of
    thousands never makes an over-long command line."""
    span = ["UID", f"{after_uid + 1}:*"]
    uids = {u for u in client.search(span) if u > after_uid}
    sizes = dict.fromkeys(uids, exact_above)
    larger = sorted(uids.intersection(client.search([*span, "LARGER", str(exact_above)])))
    for chunk in chunked(larger, _SIZE_SLICE):
        found = client.fetch(chunk, ["RFC822.SIZE"])
        for uid in chunk:
            item = found.get(uid, {})
            if b"RFC822.SIZE" in item:
                sizes[uid] = int(item[b"RFC822.SIZE"])
            else:
                del sizes[uid]  # expunged between SEARCH and FETCH
    return sizes


def fetch_headers(client: IMAPClient, uids: list[int]) -> dict[int, bytes]:
    """The header block of each mail (BODY.PEEK[HEADER]: nothing is marked read)."""
    if not uids:
        return {}
    found = client.fetch(uids, ["BODY.PEEK[HEADER]"])
    return {
        uid: bytes(item[b"BODY[HEADER]"])
        for uid, item in found.items()
        if isinstance(item.get(b"BODY[HEADER]"), bytes)
    }
