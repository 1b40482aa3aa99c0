"""The TLS context for talking to a mail server, IMAP and SMTP alike: the system's trusted
certificates or the configured `ca_file`, and no checks only when `verify_tls = false` says so."""

from __future__ import annotations

import ssl
from pathlib import Path


def client_context(ca_file: Path | None, verify_tls: bool) -> ssl.SSLContext:
    """A client context that checks the server's certificate and name unless told not to
    (a test server, or a mail server with a self-signed certificate on the office's network)."""
    context = ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    if not verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context
