"""Browser fixtures: the app over real HTTP, Debian's Chromium through
Playwright, and a fresh context and page per test.

Without Chromium the browser tests are skipped on a developer's machine but
FAIL under CI (``CI`` set), so CI can never pass by silently skipping them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.browser.helpers import DESKTOP
from tests.browser.live_server import LiveServer

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
# Local pages answer in milliseconds, but CI machines can be busy.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def live_server(app) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message + ": browser tests must run in CI", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(app_context, live_server: LiveServer, browser: Browser) -> Iterator[Callable[..., Page]]:
    """Open a page in a new browser context (own cookies); keyword arguments
    go to ``browser.new_context`` (e.g. ``java_script_enabled=False``).

    At the end the contexts are closed and the server drained before the
    autouse fixture empties the tables. JavaScript exceptions, CSP refusals
    and server errors seen during the test fail it.
    """
    contexts = []
    problems: list[str] = []
    live_server.take_errors()

    def open_page(**options) -> Page:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("base_url", live_server.url)
        options.setdefault("locale", "en-GB")
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on(
            "console",
            lambda message: problems.append(f"console: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None,
        )
        return page

    yield open_page

    for context in contexts:
        context.close()
    live_server.wait_idle()
    problems.extend(f"server error: {error}" for error in live_server.take_errors())
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page) -> Page:
    return new_page()
