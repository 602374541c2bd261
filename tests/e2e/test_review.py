"""Phone review (issue 14): the contents list keeps each number on the first line of a wrapped link."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import LiveServer

pytestmark = pytest.mark.browser


def test_contents_numbers_sit_on_the_first_line_of_a_wrapped_link(browser: Any, live_server: LiveServer) -> None:
    """At 375 px 'Questions to ask your care team' wrapped and its number sat beside the second line."""
    context = browser.new_context(viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        page.goto(live_server.url + "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no")
        links = page.locator(".contents-list a")
        heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
        assert max(heights) > 1.5 * min(heights), "no contents link wraps at 375 px; the check would prove nothing"
        aligns = page.evaluate(
            "[...document.querySelectorAll('.contents-list a')].map(a => getComputedStyle(a).verticalAlign)"
        )
        assert set(aligns) == {"top"}, aligns
    finally:
        context.close()
