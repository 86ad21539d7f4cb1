"""The web app in a real browser (Playwright driving Debian's chromium): upload a fictional
statute, read its report, record a reviewer's decision, find it in the history.

Skipped when /usr/bin/chromium or the playwright package is missing. Never runs
`playwright install`: the browser is the system's."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("HARMONISE_CHROMIUM", "/usr/bin/chromium"))
STATUTE = (
    Path(__file__).resolve().parent.parent
    / "corpora"
    / "labelled"
    / "beltrania-electronic-crimes-act-2015.txt"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from harmonise.settings import Settings
    from harmonise.web import create_app

    app = create_app(Settings(), db=tmp_path / "runs.db")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(server: str):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            context = browser.new_context(viewport={"width": 1200, "height": 900})
            tab = context.new_page()
            tab.set_default_timeout(30_000)
            yield tab
        finally:
            browser.close()


def test_upload_review_override_history(server: str, page, tmp_path: Path) -> None:
    page.goto(server + "/")
    assert page.locator("h1").inner_text().startswith("Check a law")
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    page.set_input_files("#file", str(STATUTE))
    page.fill("#country", "Beltrania")
    page.select_option("#frameworks", ["hipcar-cybercrime"])
    page.select_option("#instrument_status", "in force")
    page.click("button[type=submit]")
    page.wait_for_url(server + "/runs/1")
    assert page.locator("h1").first.inner_text().startswith("Gap report")
    card = page.locator("#hipcar-cybercrime--illegal-access")
    was = card.locator(".badge").first.inner_text().lower()
    assert was in {"addressed", "partial", "missing"}
    page.screenshot(path=str(tmp_path / "report.png"))

    new = "missing" if was != "missing" else "partial"
    page.select_option("#target", "hipcar-cybercrime/illegal-access")
    page.select_option("#status", new)
    page.fill("#reviewer", "A. Reviewer")
    page.fill("#note", "only covers <b>some</b> systems")
    page.click("#review button[type=submit]")
    page.wait_for_url(server + "/runs/1#hipcar-cybercrime--illegal-access")
    text = page.locator("#hipcar-cybercrime--illegal-access").inner_text()
    assert f"reviewer: {new} (was: {was})" in text
    assert "only covers <b>some</b> systems" in text  # shown as text, not markup
    assert page.locator("table.overrides tbody tr").count() == 1

    page.goto(server + "/runs?country=Beltrania")
    rows = page.locator("table.runs tbody tr")
    assert rows.count() == 1 and "Beltrania" in rows.first.inner_text()
    assert rows.first.locator("td").last.inner_text() == "1"  # one provision overruled
    rows.first.locator("a").first.click()
    page.wait_for_url(server + "/runs/1")
    assert "A. Reviewer" in page.locator("table.overrides").inner_text()
