"""End to end in headless Chromium: the guided form, the result, glossary by keyboard, PDF, reload, CSP."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from sarcoma import stage
from sarcoma.staging import DISCLAIMER

from .conftest import LiveServer

pytestmark = pytest.mark.browser

RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"


def test_fill_the_form_and_read_the_result(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Start the questions").click()
    page.get_by_label("Leg, hip or foot").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Size (largest measurement)").fill("8")
    page.get_by_label("centimetres (cm)").check()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Grade 3 (high grade)").check()
    page.get_by_role("button", name="Next").click()
    for label in ("No", "No", "No, this is the first time"):
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name="Next").click()
    page.get_by_label("Yes, it can be removed").check()
    page.get_by_role("button", name="See the result").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your result"
    assert "Stage IIIA" in page.locator("#stage-h").inner_text()
    expected = stage(site="leg", size_cm=8, grade="3", n="no", m="no")
    assert page.locator("#plain-sentence").inner_text() == expected.summary
    assert DISCLAIMER in page.locator("main").inner_text()
    assert "site=leg" in page.url and "size=8" in page.url


def test_body_picture_click_checks_the_radio(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/check")
    page.locator(".map-arm").click()
    assert page.get_by_role("radio", name="Arm, hand or shoulder", exact=True).is_checked()


def test_wrong_size_shows_the_message_and_focuses_it(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/check?site=leg&step=size")
    page.get_by_label("Size (largest measurement)").fill("lots")
    page.get_by_role("button", name="Next").click()
    assert "could not read “lots” as a size" in page.get_by_role("alert").inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"


def test_glossary_term_opens_and_closes_with_the_keyboard(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + RESULT)
    term = page.locator("details.term").first
    summary = term.locator("summary")
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('details.term') !== null"):
            break
    else:
        pytest.fail("Tab never reached a glossary term")
    focused_id = page.evaluate("document.activeElement.closest('details.term').id")
    assert focused_id == term.get_attribute("id")
    assert not term.evaluate("d => d.open")
    page.keyboard.press("Enter")
    assert term.evaluate("d => d.open")
    assert term.locator(".term-body").is_visible()
    page.keyboard.press("Escape")
    assert not term.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    assert summary.evaluate("s => s === document.activeElement")
    page.keyboard.press(" ")
    assert term.evaluate("d => d.open")


def test_download_the_summary_pdf(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + RESULT)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download my summary (PDF)").click()
    download = info.value
    assert download.suggested_filename == "sarcoma-summary.pdf"
    data = Path(download.path()).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    for phrase in ("Stage IIIA", "Generated on", "Content version", "cancer.gov", "My notes"):
        assert phrase in text
    assert " ".join(DISCLAIMER.split()) in text


def test_result_url_reloads_to_the_same_result(page: Any, live_server: LiveServer, browser: Any) -> None:
    page.goto(live_server.url + RESULT)
    before = page.locator("main").inner_text()
    page.reload()
    assert page.locator("main").inner_text() == before
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(page.url)
        assert fresh.locator("main").inner_text() == before
    finally:
        other.close()


def test_print_button_needs_js_and_appears_with_it(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + RESULT)
    assert page.get_by_role("button", name="Print this page").is_visible()


@pytest.mark.parametrize("path", ["/", "/check", RESULT, "/learn", "/docs"])
def test_no_csp_violations_or_console_errors(page: Any, live_server: LiveServer, path: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    if path == "/docs":
        assert page.locator(".opblock").count() >= 5
    assert errors == []


def test_server_log_has_no_queries(page: Any, live_server: LiveServer) -> None:
    page.goto(live_server.url + "/result?site=arm&size=7.654321&grade=2")
    log = live_server.log.read_text()
    assert "GET /result 200" in log or '"path": "/result", "status": 200' in log  # text or JSON access log
    assert "7.654321" not in log and "site=" not in log  # (a timing such as 9.87 ms may appear)
