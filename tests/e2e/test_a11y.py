"""axe-core (axe-playwright-python) finds no WCAG 2.2 A/AA violations on any page, at 1280 and 320 px."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LiveServer

pytestmark = pytest.mark.browser

TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"
PAGES = [
    "/",
    "/check",
    "/check?site=leg&step=size",
    "/check?site=visceral&step=size",
    "/check?site=head_neck&step=size",
    "/check?site=leg&size=8&step=grade",
    "/check?site=leg&size=8&grade=scores&step=grade",
    "/check?site=leg&size=8&grade=3&step=nodes",
    "/check?site=leg&size=8&grade=3&n=no&step=spread",
    "/check?site=leg&size=8&grade=3&n=no&m=no&step=recurrence",
    "/check?site=leg&size=8&grade=3&n=no&m=no&recurrent=no&step=removable",
    "/check?site=leg&size=abc&step=grade",
    "/check?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes&step=grade",
    RESULT,
    "/result?site=retroperitoneum&size=25&grade=2&n=unknown&m=yes&recurrent=yes&resectable=no",
    "/result?site=visceral&extent=serosa&grade=1",
    RESULT + "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma",
    RESULT + "&prognosis=show&age=3&depth=deep&tumor_type=other",
    "/result?site=uterus",
    "/quick",
    "/result?via=quick&unit=cm&extent=none",
    "/result?via=quick&site=leg&size=abc&unit=cm&extent=none&grade=scores&n=no&m=no&recurrent=no&resectable=yes",
    RESULT.replace("recurrent=no", "recurrent=yes") + "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma",
    RESULT + "&prognosis=show&age=&depth=&tumor_type=",
    "/learn/search?q=sarcomma",
    "/learn/search?q=cirug%C3%ADa",
    "/learn",
    "/learn/search?q=radiation",
    "/learn/biopsy-core-needle",
    "/no-such-page",
    "/docs",
]


def _violations(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=TAGS)
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


@pytest.mark.parametrize("width", [1280, 320])
def test_no_axe_violations(browser: Any, live_server: LiveServer, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        found = {}
        for path in PAGES:
            page.goto(live_server.url + path)
            if path == "/docs":
                page.wait_for_selector(".opblock")
            problems = _violations(page)
            if problems:
                found[path] = problems
        assert found == {}
    finally:
        context.close()


def test_no_axe_violations_with_disclosures_open_in_dark_mode(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    try:
        page = context.new_page()
        page.goto(live_server.url + RESULT)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        assert _violations(page) == []
        page.goto(live_server.url + "/check")
        page.get_by_label("Leg, hip or foot").check()
        assert _violations(page) == []
        for path in (
            "/result?via=quick&size=abc&unit=cm&extent=none",
            RESULT.replace("recurrent=no", "recurrent=yes") + "&prognosis=show&age=60&depth=deep&tumor_type=other",
        ):
            page.goto(live_server.url + path)
            page.locator(".map-leg, #prog-h").first.click()
            assert _violations(page) == [], path
    finally:
        context.close()


def test_no_axe_violations_in_api_docs_with_operations_open(browser: Any, live_server: LiveServer) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/docs")
        page.wait_for_load_state("networkidle")
        for control in page.query_selector_all(".opblock-summary-control"):
            control.click()
        page.wait_for_timeout(300)
        assert _violations(page) == []
    finally:
        context.close()


def test_axe_is_really_checking(browser: Any) -> None:
    """A deliberately bad page gives the 7 violations ux.md lists; guards against a silent axe."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(
            '<html><body><img src="x.png"><a href="#"></a><button></button><input type="text">'
            '<p style="color:#aaa;background:#bbb">low</p><a href="#" style="font-size:8px">x</a> <a href="#">y</a>'
            "</body></html>"
        )
        ids = {v.split(":")[0] for v in _violations(page)}
        assert {"button-name", "color-contrast", "html-has-lang", "image-alt", "label", "link-name"} <= ids
    finally:
        context.close()
