"""Playwright against Debian's Chromium and pytest-django's live server.

No browser is downloaded: Playwright drives /usr/bin/chromium. Where it is
missing the browser tests are skipped, unless ROUNDTABLE_REQUIRE_BROWSER=1 (CI),
where they fail instead.
"""

from __future__ import annotations

import faulthandler
import os
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; Django's ORM calls from
# test code are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("ROUNDTABLE_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required but missing at {CHROMIUM}")
        pytest.skip(f"Chromium not installed at {CHROMIUM}")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's assertions wait 5 s by default; as long as a page's actions here.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


#: A browser test still running after this long prints every thread's stack once.
STUCK_SECONDS = 20


def _database_activity() -> str:
    """On PostgreSQL, what every other session of the test database is doing and
    which sessions block it (`pg_stat_activity`, `pg_blocking_pids`), read on a
    connection of its own; "" on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return ""
    import psycopg

    params = connection.get_connection_params()
    rows = []
    with psycopg.connect(**params, autocommit=True) as own:
        for row in own.execute(
            "SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid),"
            " now() - xact_start, left(query, 300) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ):
            rows.append(" | ".join(str(value) for value in row))
    return (
        "PostgreSQL sessions (pid | state | wait | event | blocked by | in transaction for | query):\n"
        + "\n".join(rows)
    )


@pytest.fixture(autouse=True)
def _threads_dumped_if_stuck():
    """A browser test still running after `STUCK_SECONDS` prints the stack of every
    thread of its process (the live server's request threads among them) and, on
    PostgreSQL, the database's sessions with what blocks them, to its captured
    stderr, shown if it then fails; it does not stop the test. On CI's PostgreSQL run
    the LIS map's first load never finished three times (30 s, then a long teardown)
    and passes alone: the dump showed its request waiting on PostgreSQL in
    `maps._figures`; the sessions will say on what."""

    def dump() -> None:
        faulthandler.dump_traceback(all_threads=True)
        import psycopg

        try:
            report = _database_activity()
        except (OSError, psycopg.Error) as error:  # a diagnostic must not fail the test
            report = f"(could not read the database's sessions: {error})"
        if report:
            os.write(2, (report + "\n").encode())

    timer = threading.Timer(STUCK_SECONDS, dump)
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()


@pytest.fixture
def page(browser, live_server):
    """A browser tab on the live server; fails the test if the page broke the CSP.

    Chromium reports what the Content-Security-Policy refused (an inline script,
    a style attribute, a script from elsewhere) on the console; any such message
    means a page needs something the policy does not allow.
    """
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    # A page load waits on the live server, which CI shares with the other test process
    # and PostgreSQL on two cores: a first load there once took over 10 s (the LIS
    # map, whose test passes in 3 s alone). Not a measure of speed (benchmarks/ is):
    # a page that never loads still fails.
    page.set_default_navigation_timeout(30_000)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    in_flight = _InFlight()
    in_flight.watch(context)
    yield page
    in_flight.settle(page)
    context.close()
    in_flight.drain()
    assert refused == [], "the Content-Security-Policy refused:\n" + "\n".join(refused)


class _InFlight:
    """What the browser and the live server are still working on when a test ends.

    A page can start a request the test never waits for (an htmx partial on load,
    a map's data); if the server is still answering it when pytest-django empties
    the database, the flush fails or the request reads a half-emptied database.
    So the tab's own requests are waited for, then the server's: request_finished
    receivers connected here run after Django's own (which closes connections).
    """

    def __init__(self) -> None:
        self.browser: set = set()
        self.server = 0
        self.lock = threading.Lock()

    def watch(self, context) -> None:
        from django.core.signals import request_finished, request_started

        context.on("request", lambda request: self.browser.add(request))
        context.on("requestfinished", lambda request: self.browser.discard(request))
        context.on("requestfailed", lambda request: self.browser.discard(request))
        request_started.connect(self._started, weak=False)
        request_finished.connect(self._finished, weak=False)

    def _started(self, **kwargs) -> None:
        with self.lock:
            self.server += 1

    def _finished(self, **kwargs) -> None:
        with self.lock:
            self.server -= 1

    def settle(self, page, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while self.browser and time.monotonic() < deadline and not page.is_closed():
            page.wait_for_timeout(25)

    def drain(self, timeout: float = 15.0) -> None:
        from django.core.signals import request_finished, request_started

        deadline = time.monotonic() + timeout
        while self.server > 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        request_started.disconnect(self._started)
        request_finished.disconnect(self._finished)


def follow(page, target, *, wait_until: str = "load"):
    """Click `target` (a locator), or call it, to load a page, and wait for that page
    to load; return its response (the last of any redirects), or None.

    After a plain click, `wait_for_load_state()` can return on the OLD page: the
    click may not have started the navigation yet, and the old page is loaded.
    Waiting for the navigation the action starts also covers a form posted back to
    its own address (a form with errors), where waiting for the address cannot."""
    with page.expect_navigation(wait_until=wait_until) as navigation:
        target() if callable(target) else target.click()
    return navigation.value


def download(request_context, href: str):
    """GET a download (a PDF, a spreadsheet) with the browser's cookies and answer its
    response. A board pack converts Word papers with LibreOffice and draws the pack
    with WeasyPrint: on two busy cores that can take longer than Playwright's default
    30 s, which would fail the test for the machine's load, not the product. The
    ceiling is not a speed check (benchmarks measure speed)."""
    return request_context.get(href, timeout=DOWNLOAD_TIMEOUT_MS)


DOWNLOAD_TIMEOUT_MS = 180_000


#: What htmx marks while it works: the element asking (until its answer is swapped
#: in), the target being swapped, and what was swapped in until it settles.
HTMX_BUSY = ".htmx-request, .htmx-swapping, .htmx-settling"


def htmx_swap(page, target):
    """Click `target` (a locator), or call it, to send an htmx request, and wait until
    its answer is swapped in and settled; return the response.

    The response arrives before htmx swaps it in, so waiting for the response alone
    reads the page as it was. htmx removes `htmx-settling` and then fires
    htmx:afterSettle (where GOV.UK Frontend's components start: init.js) in one task,
    so once nothing is marked busy the swapped-in part is complete (and any other
    htmx request then in flight too: the one caught may be another's). A locator
    wait, not `wait_for_function`: nothing here depends on the Content-Security-Policy."""

    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true") as answer:
        target() if callable(target) else target.click()
    from playwright.sync_api import expect

    expect(page.locator(HTMX_BUSY)).to_have_count(0)
    return answer.value


def govuk_frontend_started(component) -> None:
    """Wait until GOV.UK Frontend has started `component` (a locator of one element
    with `data-module`), which it marks `data-<module>-init`. It starts after the
    page's load event on a busy machine (init.js imports it), and a click before
    then is the browser's alone: an error summary's link does not move the focus."""
    from playwright.sync_api import expect

    module = component.get_attribute("data-module")
    expect(component).to_have_attribute(f"data-{module}-init", "")


def axe_violations(page) -> list[dict]:
    """Run axe-core (npm axe-core) on the current page; return its violations.

    axe is evaluated through the DevTools protocol rather than added as a
    <script> element, which the page's Content-Security-Policy would refuse.
    """
    from playwright.sync_api import Error

    # A click that follows a link returns once the navigation has started, so the
    # old document may be torn down under axe ("documentElement" of null, or the
    # execution context destroyed). Wait for the new page to load and run again.
    for attempt in range(5):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                page.evaluate(AXE.read_text(encoding="utf-8"))
            return page.evaluate(
                """async () => {
                    const r = await axe.run(document, {resultTypes: ['violations']});
                    return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
                }"""
            )
        except Error as error:
            navigating = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not navigating or attempt == 4:
                raise
            page.wait_for_timeout(100)
    raise AssertionError("unreachable")
