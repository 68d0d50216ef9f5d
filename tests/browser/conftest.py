"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Playwright's own browser downloads are not used; the tests launch /usr/bin/chromium. Without
it they are skipped (in CI they fail). Screenshots go to test-artifacts/ at the repository root.

Playwright runs in a thread of its own. Its sync API marks an event loop as running in the
thread that calls it, between calls too; in that thread Django would then hand out other
database connections than the ones pytest-django prepared (so no serialized rollback, and
connections left open on the test database), and refuse ORM calls unless
DJANGO_ALLOW_ASYNC_UNSAFE hid that. So a test passes a *journey*, a function of a page, to
`visit`; the journey runs in the browser's thread and only drives the page, and the test
does its database work before or after it, in the test's own thread.
"""

import os
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
STEP_TIMEOUT_MS = 15_000  # one Playwright action or expectation
JOURNEY_TIMEOUT_S = 120  # a whole journey; a hung browser fails the test instead of the run


class BrowserThread:
    """One chromium for the whole run, driven from a thread that only runs journeys."""

    def __init__(self) -> None:
        self._jobs: queue.Queue = queue.Queue()
        self._started: Future = Future()
        self._thread = threading.Thread(target=self._main, name="playwright", daemon=True)
        self._thread.start()
        self._started.result(timeout=60)  # re-raises a failed launch here

    def _main(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                self._started.set_result(browser.version)
                while (job := self._jobs.get()) is not None:
                    function, args, future = job
                    try:
                        future.set_result(function(browser, *args))
                    except BaseException as exc:  # noqa: BLE001 - handed to the test's thread
                        future.set_exception(exc)
                browser.close()
        except BaseException as exc:  # noqa: BLE001
            if not self._started.done():
                self._started.set_exception(exc)
            raise

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        future: Future = Future()
        self._jobs.put((function, args, future))
        return future.result(timeout=JOURNEY_TIMEOUT_S)

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)


def _journey_in_new_context(browser, base_url: str, journey: Callable) -> Any:
    # The browser asks for English: the site must still open in Chinese, its default.
    context = browser.new_context(
        base_url=base_url, viewport={"width": 1280, "height": 800}, locale="en-US"
    )
    context.set_default_timeout(STEP_TIMEOUT_MS)
    try:
        return journey(context.new_page())
    finally:
        context.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (Debian package `chromium`); browser tests need it"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    browser = BrowserThread()
    yield browser
    browser.stop()


@pytest.fixture
def visit(browser, live_server) -> Callable[[Callable], Any]:
    """`visit(journey)` runs `journey(page)` in a fresh browser context (no cookies) whose
    relative URLs go to the live server, and returns what the journey returns."""

    def run(journey: Callable) -> Any:
        return browser.call(_journey_in_new_context, live_server.url, journey)

    return run


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
