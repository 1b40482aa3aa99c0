"""Starting the web app under uvicorn. The app is named by import string, so the domain package
never imports the web package; the settings reach it through TRIAGE_CONFIG.

uvicorn's own proxy headers are off: by default it believes X-Forwarded-For from 127.0.0.1 and
rewrites the client's address before the app sees it, so anyone reaching the app from localhost
(or through a proxy that appends to the header) could name any address and escape the login
brake. The app alone reads the header, and only from `trusted_proxies`."""

from __future__ import annotations

import os
import sys

import uvicorn

from triage.cases.standard_replies import ensure_seeded
from triage.db import make_engine, transaction, upgrade
from triage.learning.classify import ensure_model
from triage.settings import Settings


def _notice(text: str) -> None:
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


def run_web(settings: Settings, host: str, port: int, *, scheduler: bool, workers: int = 1) -> None:
    engine = make_engine(settings)
    upgrade(engine)
    with transaction(engine) as session:
        ensure_seeded(session)  # the standard replies, on first start
    ensure_model(engine, settings, _notice)  # the first mail is classified, not left for later
    if settings.config_path is not None:
        os.environ["TRIAGE_CONFIG"] = str(settings.config_path.resolve())
    background = None
    if scheduler and settings.mailbox:
        from triage.scheduler import start_background

        background = start_background(settings, engine)
    try:
        uvicorn.run(
            "api.app:create_app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=False,  # the client is the peer, unless our trusted_proxies say else
        )
    finally:
        if background is not None:
            background.shutdown(wait=False)
