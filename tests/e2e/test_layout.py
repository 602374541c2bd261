"""Issue 14 in a real browser: one-page form, headline above the fold, no sideways scroll, body-map targets."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LiveServer

pytestmark = pytest.mark.browser

RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"
SURVIVAL = "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma"
# The cases of the guided-flow tests (tests/e2e/test_flow.py and tests/web/test_pages.py), as labels to pick.
CASES = [
    {
        "site": "Leg, hip or foot",
        "size": "8",
        "grade": "Grade 3 (high grade)",
        "n": "n-no",
        "m": "m-no",
        "recurrent": "recurrent-no",
        "resectable": "resectable-yes",
        "stage": "Stage IIIA",
    },
    {
        "site": "Deep at the back of the belly (retroperitoneum)",
        "size": "25 cm",
        "grade": "Grade 2 (middle grade)",
        "n": "n-unknown",
        "m": "m-yes",
        "recurrent": "recurrent-yes",
        "resectable": "resectable-no",
        "stage": "Stage IV",
    },
    {
        "site": "Arm, hand or shoulder",
        "size": "8 x 5 x 4 cm",
        "grade": "Grade 1 (low grade)",
        "n": "n-no",
        "m": "m-no",
        "recurrent": "recurrent-no",
        "resectable": "resectable-yes",
        "stage": "Stage IB",
    },
]
PAGES = [
    "/",
    "/check",
    "/check?site=leg&step=size",
    "/check?site=head_neck&step=size",
    "/check?site=leg&size=8&grade=scores&step=grade",
    "/quick",
    "/result?via=quick&unit=cm&extent=none",
    RESULT,
    RESULT + SURVIVAL,
    RESULT.replace("recurrent=no", "recurrent=yes") + SURVIVAL,
    "/result?site=retroperitoneum&size=25&grade=2&n=unknown&m=yes&recurrent=yes&resectable=no",
    "/result?site=visceral&extent=serosa&grade=1",
    "/result?site=C49.2&histology=8890/3&size_cm=8&grade=3&basis=pathologic",
    "/result?site=uterus",
    "/learn",
    "/learn/search?q=sarcomma",
    "/learn/search?q=cirug%C3%ADa",
    "/learn/biopsy-core-needle",
    "/no-such-page",
]


def _context(browser: Any, width: int, height: int = 900, touch: bool = False) -> Any:
    return browser.new_context(viewport={"width": width, "height": height}, has_touch=touch)


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("case", CASES, ids=[c["stage"] for c in CASES])
def test_one_page_form_reaches_the_result_in_one_submit(
    browser: Any, live_server: LiveServer, width: int, case: dict[str, str]
) -> None:
    context = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="Answer on one page").click()
        page.get_by_role("radio", name=case["site"], exact=True).check()
        page.get_by_label("Size (largest measurement)").fill(case["size"])
        page.get_by_role("radio", name=case["grade"], exact=True).check()
        for key in ("n", "m", "recurrent", "resectable"):
            page.locator(f"#{case[key]}").check()
        navigations: list[str] = []
        page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
        page.get_by_role("button", name="See the result").click()
        page.wait_for_load_state()
        assert len(navigations) == 1 and "/result?" in navigations[0]
        assert page.get_by_role("heading", level=1).inner_text() == "Your result"
        assert case["stage"] in page.locator("#stage-h").inner_text()
    finally:
        context.close()


def test_one_page_form_errors_link_to_their_fields(browser: Any, live_server: LiveServer) -> None:
    context = _context(browser, 1280)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/quick")
        page.get_by_label("Size (largest measurement)").fill("abc")
        page.get_by_role("button", name="See the result").click()
        summary = page.locator("#error-summary")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert "could not read “abc” as a size" in summary.inner_text()
        summary.get_by_role("link", name="We could not read").click()
        assert page.evaluate("document.activeElement.id") == "size"
    finally:
        context.close()


def test_headline_is_visible_without_scrolling_on_a_phone(browser: Any, live_server: LiveServer) -> None:
    context = _context(browser, 375, 740)
    try:
        page = context.new_page()
        page.goto(live_server.url + RESULT)
        headline = page.locator("main h1 ~ *").first
        box = headline.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740, box
        assert page.evaluate("window.scrollY") == 0
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 1280])
def test_no_sideways_scroll_on_any_page(browser: Any, live_server: LiveServer, width: int) -> None:
    context = _context(browser, width)
    try:
        page = context.new_page()
        wide = {}
        for path in PAGES:
            page.goto(live_server.url + path)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            extra = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            tables = page.evaluate(
                "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)"
                ".map(t => t.className)"
            )
            if extra > 0 or tables:
                wide[path] = (extra, tables)
        assert wide == {}
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 375, 1280])
@pytest.mark.parametrize("path", ["/check", "/quick"])
def test_body_map_targets_are_large_and_tapping_keeps_the_page_still(
    browser: Any, live_server: LiveServer, width: int, path: str
) -> None:
    context = _context(browser, width, 740, touch=width < 700)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        labels = page.locator(".map-label")
        assert labels.count() == 6
        for i in range(6):
            box = labels.nth(i).bounding_box()
            assert box is not None and box["width"] >= 44 and box["height"] >= 44, (i, box)
        map_box = page.locator(".body-map-wrap").bounding_box()
        choices_box = page.locator(".choices").bounding_box()
        assert map_box is not None and choices_box is not None
        if width < 700:
            assert map_box["y"] < choices_box["y"], "the map comes above the options on a phone"
        for site in ("leg", "retroperitoneum", "head_neck"):
            page.locator(".body-map-wrap").scroll_into_view_if_needed()
            before = page.evaluate("window.scrollY")
            target = page.locator(f".map-{site}")
            if width < 700:
                target.tap()  # a touch, as on a phone
            else:
                target.click()
            assert page.locator(f"#site-{site}").is_checked()
            assert page.evaluate("window.scrollY") == before, site
    finally:
        context.close()


def test_hip_is_with_the_leg(browser: Any, live_server: LiveServer) -> None:
    context = _context(browser, 1280)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/check")
        assert "Leg or hip" in page.locator(".map-leg").inner_text()
        assert "The hip counts as part of the leg" in page.locator("main").inner_text()
    finally:
        context.close()


def test_without_javascript_the_map_and_the_one_page_form_still_work(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/quick")
        page.locator(".map-leg").click()
        assert page.locator("#site-leg").is_checked()
        page.get_by_label("Size (largest measurement)").fill("8 x 5 x 4 cm")
        page.get_by_role("radio", name="Grade 3 (high grade)", exact=True).check()
        for control in ("n-no", "m-no", "recurrent-no", "resectable-yes"):
            page.locator(f"#{control}").check()
        page.get_by_role("button", name="See the result").click()
        assert "Stage IIIA" in page.locator("#stage-h").inner_text()
        assert "We used the greatest, 8 cm" in page.locator("main").inner_text()
    finally:
        context.close()


def test_survival_form_errors_get_focus_and_link_to_fields(browser: Any, live_server: LiveServer) -> None:
    context = _context(browser, 375, 740)
    try:
        page = context.new_page()
        page.goto(live_server.url + RESULT + "#prognosis")
        page.get_by_role("button", name="Show survival estimates").click()
        page.wait_for_load_state("load")
        for _ in range(20):  # the summary takes focus once the page has loaded (CSP forbids wait_for_function)
            if page.evaluate("document.activeElement.id") == "prog-error":
                break
            page.wait_for_timeout(100)
        assert page.evaluate("document.activeElement.id") == "prog-error", page.url
        summary = page.locator("#prog-error").inner_text()
        assert "Type the age in years" in summary and "age:" not in summary
        page.locator("#prog-error").get_by_role("link", name="Type the age in years").click()
        assert page.evaluate("document.activeElement.id") == "age"
    finally:
        context.close()
