"""The dashboard and the report in a real browser: Playwright driving Debian's chromium (no browser download).

The app runs under uvicorn in a thread on a free loopback port, on the
synthetic negotiation. Screenshots of the main pages go to ``docs/images/``.
"""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import pytest

from fixtures_web import populate
from parley.report import write_report
from parley.store.db import Store
from parley.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
IMAGES = Path(__file__).resolve().parents[1] / "docs" / "images"
TOKEN = "browser-token"
SCREENSHOTS = {
    "/": "overview.png",
    "/issues": "issues.png",
    "/timeline": "timeline.png",
    "/proposals": "proposals.png",
    "/deals": "deals.png",
    "/claims": "claims.png",
    "/whatif?actor=Hamas&issue=philadelphi_corridor&field=position&value=40": "whatif.png",
    "/actors": "actors.png",
}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's /usr/bin/chromium is not installed (make system-deps)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """The dashboard of a fresh synthetic store, served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    populate(store)
    port = _free_port()
    config = uvicorn.Config(create_app(store.url, token=TOKEN, runs=50), host="127.0.0.1", port=port,
                            log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uvicorn_server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start within 20 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uvicorn_server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab that records console errors and uncaught exceptions in ``tab.errors``."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    # The first hit of a page builds the model and its forecasts; a loaded CI machine can take a while.
    tab.set_default_timeout(120_000)
    tab.errors = []
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def test_dashboard_pages_load_without_console_errors(server, page):
    IMAGES.mkdir(parents=True, exist_ok=True)
    for path, image in SCREENSHOTS.items():
        page.goto(server + path)
        if page.locator(".chart").count():
            page.wait_for_selector(".chart .main-svg")
        page.screenshot(path=str(IMAGES / image), full_page=False)
    assert page.errors == []


def _mean(page, issue: str) -> str:
    return page.locator(f'[data-forecast="{issue}:mean"]').inner_text()


def test_rejecting_claims_changes_the_forecast(server, page):
    page.goto(server + "/issues/philadelphi_corridor")
    before = _mean(page, "philadelphi_corridor")
    queue = server + "/claims?actor=Hamas&issue=philadelphi_corridor&status=unreviewed"
    page.goto(queue)
    page.locator("input.token").first.fill(TOKEN)
    while page.locator("button[value=reject]").count():
        token = page.locator("input.token").first
        if not token.input_value():
            token.fill(TOKEN)
        with page.expect_navigation():
            page.locator("button[value=reject]").first.click()
    assert "No claim matches" in page.content()
    page.goto(server + "/issues/philadelphi_corridor")
    assert _mean(page, "philadelphi_corridor") != before
    assert page.errors == []


def test_what_if_slider_moves_the_forecast(server, page):
    page.goto(server + "/whatif?actor=Hamas&issue=philadelphi_corridor&field=position&value=100")
    cell = page.locator('[data-after="philadelphi_corridor:mean"]')
    before = cell.inner_text()
    slider = page.locator("#wf-value")
    slider.focus()
    page.keyboard.press("Home")  # a real key press: moves the slider to 0 and fires input and change
    page.wait_for_selector("#whatif-table[data-updated]")
    page.wait_for_function(
        "before => document.querySelector('[data-after=\"philadelphi_corridor:mean\"]').textContent !== before",
        arg=before,
    )
    assert float(cell.inner_text()) < float(before)
    assert page.locator("#wf-shown").inner_text() == "0"
    assert page.errors == []


def test_report_file_renders_charts_offline(tmp_path, page):
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    populate(store)
    target = write_report(store, path=tmp_path / "report.html", runs=50)
    requests: list[str] = []
    page.route("**/*", lambda route: (requests.append(route.request.url), route.continue_()
                                      if route.request.url.startswith("file:") else route.abort()))
    page.goto(target.as_uri())
    page.wait_for_selector("#chart-deals .main-svg")
    assert page.locator(".chart .main-svg").count() >= 6
    assert all(url.startswith("file:") for url in requests)
    assert page.errors == []
    page.locator("#issues").scroll_into_view_if_needed()
    page.screenshot(path=str(IMAGES / "report.png"))
