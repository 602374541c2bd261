"""The uncertain headline in a real browser (issue 10): several possible stages, 1280 and 320 px, no axe violations."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma import stage

from .conftest import LiveServer

pytestmark = pytest.mark.browser

TAGS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
UNCERTAIN = "/result?site=retroperitoneum&size=12&unit=cm&grade=X&n=no&m=no&recurrent=no&resectable=yes"
HEAD_NECK_STEP = "/check?site=head_neck&step=size"


@pytest.mark.parametrize("width", [1280, 320])
def test_uncertain_headline_reads_and_fits(browser: Any, live_server: LiveServer, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    expected = stage(site="retroperitoneum", size_cm=12, grade="X", n="no", m="no")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(live_server.url + UNCERTAIN)
        heading = page.locator("#stage-h")
        assert heading.inner_text() == expected.headline == "Stage not known yet: IB or IIIB"
        lead = page.locator("#plain-sentence").inner_text()
        assert "It is IB if the tumor is low grade, or IIIB if it is grade 2 or 3." in lead
        assert "Ask your care team for the grade." in lead
        assert page.locator("#possible-stages").is_visible()
        # nothing spills sideways at 320 px (WCAG 1.4.10 reflow)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        result = Axe().run(page, options=TAGS)
        assert [v["id"] for v in result.response["violations"]] == []
        page.goto(live_server.url + HEAD_NECK_STEP)
        assert page.get_by_label("No, or not known").is_checked()
        page.get_by_label("The tumor has grown into the brain.").check()
        page.get_by_label("The tumor has grown into the eye socket.").check()
        result = Axe().run(page, options=TAGS)
        assert [v["id"] for v in result.response["violations"]] == []
    finally:
        context.close()
