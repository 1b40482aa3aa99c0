"""Browser tests: the real app in a real uvicorn server, driven by Debian's Chromium.

`live_server(settings)` serves the app on a free port of 127.0.0.1 and returns its base URL;
`page` is a fresh Chromium tab (Swedish locale, Stockholm time). Playwright drives the system
browser (see shared/RECIPES.md); nothing here downloads one.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import uvicorn

from api.app import create_app
from triage.db import make_engine, upgrade
from triage.settings import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO = Path(__file__).resolve().parents[2]
SETUP_HINT = "run `bash scripts/setup-tests.sh` to install it"
STARTUP_TIMEOUT_S = 60.0  # a wait, not a bar: with two test workers a start took over 10 s
# Flags for Debian's Chromium as root in a container, without network access to Google services.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class _ServerThread:
    """One uvicorn server in a daemon thread, on a socket bound before the thread starts."""

    def __init__(self, settings: Settings) -> None:
        self.app = create_app(settings)
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        host, port = self.socket.getsockname()
        self.url = f"http://{host}:{port}"
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            lifespan="on",
            ws="none",  # no websockets import, so none of its deprecation warnings
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self._run, name=f"uvicorn {self.url}", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run(sockets=[self.socket])
        finally:
            self.socket.close()  # uvicorn closes it on a clean shutdown, not on a failed start

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not self.server.started:
            if not self.thread.is_alive():
                raise RuntimeError(f"the test server at {self.url} stopped while starting")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the test server at {self.url} did not start in time")
            time.sleep(0.01)
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=STARTUP_TIMEOUT_S)
        self.app.state.engine.dispose()  # SQLite connections closed now, not by the GC later
        if self.thread.is_alive():
            raise RuntimeError(f"the test server at {self.url} did not stop in time")


@pytest.fixture
def live_server() -> Iterator[Callable[[Settings], str]]:
    """`serve(settings) -> base URL`: the app for these settings, on a migrated database.

    Seed the database (users, cases) before or after; every server stops at the test's end.
    """
    servers: list[_ServerThread] = []

    def serve(settings: Settings) -> str:
        engine = make_engine(settings)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        server = _ServerThread(settings)
        servers.append(server)
        return server.start()

    yield serve
    for server in reversed(servers):
        server.stop()


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    pytest.fail(f"Chromium is not installed (no `chromium` on PATH); {SETUP_HINT}", pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"the Python package playwright is missing; {SETUP_HINT}", pytrace=False)
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[..., Page]]:
    """`new_page(**context_options) -> Page`, each in its own context (cookies, storage)."""
    contexts: list[BrowserContext] = []

    def _new_page(**options: Any) -> Page:
        settings: dict[str, Any] = {
            "locale": "sv-SE",
            "timezone_id": "Europe/Stockholm",
            "viewport": {"width": 1280, "height": 900},
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    """A Chromium tab: locale sv-SE, time zone Europe/Stockholm, 1280 x 900."""
    return new_page()


def _artifacts_dir() -> Path:
    folder = Path(os.environ.get("ARTIFACTS_DIR") or REPO / "test-artifacts" / "e2e")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go: $ARTIFACTS_DIR, else test-artifacts/e2e/ (git-ignored)."""
    return _artifacts_dir()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """When a browser test fails, keep a screenshot of its page next to the others."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
        path = _artifacts_dir() / f"failed-{name}.png"
        try:
            page.screenshot(path=path, full_page=True)
            report.sections.append(("screenshot", str(path)))
        except Exception as exc:  # a broken page must not hide the real failure
            report.sections.append(("screenshot", f"none: {exc}"))
    return report
