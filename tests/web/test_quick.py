"""The one-page form (/quick) without JavaScript: every question, one submit, errors in words linked to fields."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest

from sarcoma.web._content import content

from ._html import text_of

CASES = [
    {
        "site": "leg",
        "size": "8",
        "unit": "cm",
        "grade": "3",
        "n": "no",
        "m": "no",
        "recurrent": "no",
        "resectable": "yes",
    },
    {
        "site": "retroperitoneum",
        "size": "25",
        "unit": "cm",
        "grade": "2",
        "n": "unknown",
        "m": "yes",
        "recurrent": "yes",
        "resectable": "no",
    },
    {
        "site": "visceral",
        "size": "",
        "unit": "cm",
        "extent": "serosa",
        "grade": "1",
        "n": "no",
        "m": "no",
        "recurrent": "no",
        "resectable": "unknown",
    },
    {
        "site": "arm",
        "size": "8 x 5 x 4 cm",
        "unit": "cm",
        "grade": "scores",
        "differentiation": "3",
        "mitoses": "12",
        "necrosis": "lt50",
        "n": "no",
        "m": "no",
        "recurrent": "no",
        "resectable": "yes",
    },
]


def get(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == status, (path, response.status_code)
    return str(response.text)


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def test_every_guided_question_is_on_the_page_with_its_help(client: Any) -> None:
    page = get(client, "/quick")
    for step in content()["steps"]:
        assert step["title"] in text_of(page)
        for line in step["help"]:
            assert line in text_of(page)
    for name in ("site", "unit", "extent", "grade", "necrosis", "n", "m", "recurrent", "resectable"):
        assert f'name="{name}"' in page
    assert 'id="size"' in page and 'id="mitoses"' in page and 'id="differentiation"' in page
    assert '<form method="get" action="/result"' in page
    assert 'class="body-map"' in page


@pytest.mark.parametrize("answers", CASES, ids=[c["site"] for c in CASES])
def test_one_submit_reaches_the_same_result_as_the_guided_flow(client: Any, answers: dict[str, str]) -> None:
    quick = get(client, "/result?" + urlencode({"via": "quick", **answers}))
    guided = get(client, "/result?" + urlencode(answers))
    assert main_of(quick) == main_of(guided)
    assert "Your result" in text_of(quick)


def test_head_and_neck_extent_allows_several_like_the_guided_flow(client: Any) -> None:
    page = get(client, "/quick")
    assert 'type="checkbox" id="extent-orbit" name="extent"' in page
    assert 'type="radio" id="extent-serosa" name="extent"' in page
    query = "site=head_neck&size=3&unit=cm&extent=orbit&extent=brain&grade=3&n=no&m=no&recurrent=no&resectable=yes"
    quick, guided = get(client, f"/result?via=quick&{query}"), get(client, f"/result?{query}")
    assert main_of(quick) == main_of(guided) and "grown into the brain" in text_of(quick)


def test_empty_submit_lists_every_question_in_words_each_linked_to_its_field(client: Any) -> None:
    page = get(client, "/result?via=quick&unit=cm&extent=none", status=422)
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert [anchor for anchor, _ in links] == ["site-arm", "grade-1", "n-no", "m-no", "recurrent-no", "resectable-yes"]
    for anchor, message in links:
        assert f'id="{anchor}"' in page
        assert not re.search(r"\b[a-z_]+: ", message) and message[0].isupper()
    assert page.count('class="field-error"') == len(links)
    assert "<title>Error: Answer on one page" in page


@pytest.mark.parametrize(
    ("size", "words"),
    [("abc", "could not read “abc” as a size"), ("-3", "must be more than 0"), ("400 cm", "not a possible tumor size")],
)
def test_size_problems_in_plain_words_next_to_the_field(client: Any, size: str, words: str) -> None:
    answers = {**CASES[0], "size": size, "via": "quick"}
    page = get(client, "/result?" + urlencode(answers), status=422)
    assert words in text_of(page)
    assert 'href="#size"' in page and 'id="size-error"' in page and 'aria-invalid="true"' in page
    assert "size_cm" not in text_of(page) and "is not a number" not in text_of(page)


def test_scores_need_all_three(client: Any) -> None:
    answers = {**CASES[0], "grade": "scores", "mitoses": "lots", "via": "quick"}
    text = text_of(get(client, "/result?" + urlencode(answers), status=422))
    for key in ("differentiation", "mitoses", "necrosis"):
        assert content()["quick"]["errors"][key] in text


def test_staging_problem_comes_back_to_the_one_page_form(client: Any) -> None:
    answers = {
        **CASES[0],
        "grade": "scores",
        "differentiation": "3",
        "mitoses": "1",
        "necrosis": "none",
        "size": "8",
        "via": "quick",
    }
    answers["extent"] = "serosa"  # an organ extent for a leg tumor
    page = get(client, "/result?" + urlencode(answers), status=422)
    assert "Answer on one page" in text_of(page) and 'id="error-summary"' in page


def test_answers_are_kept_when_the_form_comes_back(client: Any) -> None:
    page = get(client, "/result?" + urlencode({**CASES[0], "grade": "", "via": "quick"}), status=422)
    assert re.search(r'id="site-leg"[^>]*checked', page) and 'value="8"' in page


def test_question_pages_do_not_speak_of_a_result_in_the_footer(client: Any) -> None:
    for path in ("/", "/quick", "/check", "/check?site=leg&step=size"):
        footer = get(client, path).split("<footer", 1)[1]
        assert "This result" not in footer
        assert content()["home"]["question_notice"] in text_of(footer)


@pytest.mark.parametrize(
    "path",
    [
        "/check?site=leg&size=abc&unit=cm&step=grade",
        "/result?site=leg&size=8&grade=7",
        "/check?step=size",
        "/result?site=leg&size=8&grade=scores&differentiation=2&mitoses=x&necrosis=none",
    ],
)
def test_guided_step_error_links_to_its_field(client: Any, path: str) -> None:
    page = get(client, path, status=422)
    summary = page.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    anchor = re.search(r'<a href="#([^"]+)">', summary)
    assert anchor is not None and f'id="{anchor.group(1)}"' in page, summary
    message = text_of(summary.split(f'href="#{anchor.group(1)}">', 1)[1].split("</a>", 1)[0])
    assert not re.match(r"[a-z_]+: ", message), message


def test_extent_groups_offer_none_or_not_known_first(client: Any) -> None:
    """Issue 10: every extent question starts with 'No, or not known', the head and neck one as a check box."""
    page = get(client, "/quick")
    for group, kind in (("head_neck", "checkbox"), ("abdomen_thoracic_visceral", "radio")):
        first = re.search(rf'<input type="(\w+)" id="extent-none-{group}" name="extent" value="none"', page)
        assert first is not None and first.group(1) == kind, group
