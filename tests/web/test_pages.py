"""The pages, driven without JavaScript through the TestClient: guided form, result, errors, Learn."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sarcoma import stage
from sarcoma._messages import plain
from sarcoma.kb import load_kb
from sarcoma.staging import DISCLAIMER
from sarcoma.treatments import treatment_options
from sarcoma.web._content import content

from ._html import question_form, text_of

RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"
PAGES = [
    "/",
    "/check",
    "/check?site=leg&step=size",
    "/check?site=visceral&step=size",
    "/check?site=leg&step=grade",
    "/check?site=leg&step=nodes",
    RESULT,
    "/learn",
    "/learn/search?q=biopsy",
    "/result?site=uterus",
    "/no-such-page",
    "/docs",
]


def html(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == status, (path, response.status_code)
    assert response.headers["content-type"].startswith("text/html")
    return str(response.text)


@pytest.mark.parametrize("path", PAGES)
def test_no_inline_script_or_style_and_no_remote_assets(client: Any, path: str) -> None:
    page = client.get(path, headers={"accept": "text/html"}).text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "inline script"
    assert "<style" not in page
    assert not re.search(r"\sstyle=", page), "style attribute"
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?://", page), "remote asset"


def test_home_says_who_it_is_for(client: Any) -> None:
    page = html(client, "/")
    text = text_of(page)
    assert "Does this apply to me?" in text and "Start the questions" in text
    for url in (
        "gist-treatment-pdq",
        "kaposi-treatment-pdq",
        "child-soft-tissue-treatment-pdq",
        "uterine-sarcoma-treatment-pdq",
    ):
        assert f'{url}"' in page
    assert "adults (18 or older)" in text
    assert content()["home"]["question_notice"] in text
    assert 'href="/quick"' in page and "Answer on one page" in text


ANSWERS = {
    "site": "leg",
    "size": "8",
    "unit": "cm",
    "grade": "3",
    "n": "no",
    "m": "no",
    "recurrent": "no",
    "resectable": "yes",
}


def test_guided_form_one_question_at_a_time_without_js(client: Any) -> None:
    path = "/check"
    seen = []
    for _ in range(10):
        page = html(client, path)
        form = question_form(page)
        answers = {name: ANSWERS[name] for name in list(form.radios) + form.texts if name in ANSWERS}
        seen.append(sorted(answers))
        params = {**form.hidden, **answers}
        path = form.action + "?" + "&".join(f"{k}={v}" for k, v in params.items())
        if form.action == "/result":
            break
    assert seen == [["site"], ["size", "unit"], ["grade"], ["n"], ["m"], ["recurrent"], ["resectable"]]
    text = text_of(html(client, path))
    assert "Stage IIIA" in text
    assert text.index(stage(site="leg", size_cm=8, grade="3", n="no", m="no").summary) < text.index("Stage IIIA")


def test_step_page_has_help_and_a_body_picture_that_is_just_decoration_for_radios(client: Any) -> None:
    page = html(client, "/check")
    assert 'class="body-map"' in page and 'role="img"' in page
    form = question_form(page)
    assert form.radios["site"] == ["arm", "leg", "trunk", "retroperitoneum", "head_neck", "visceral"]
    assert "scan report or biopsy report" in text_of(page)


def test_size_step_offers_units_and_comparisons(client: Any) -> None:
    page = html(client, "/check?site=leg&step=size")
    assert question_form(page).radios["unit"] == ["cm", "mm", "in"]
    assert "a lime" in text_of(page)


def test_visceral_size_step_asks_for_extent(client: Any) -> None:
    form = question_form(html(client, "/check?site=visceral&step=size"))
    assert "serosa" in form.radios["extent"]
    assert "size" not in form.texts


def test_bad_answer_goes_back_to_its_question_with_a_message(client: Any) -> None:
    page = html(client, "/check?site=leg&size=abc&unit=cm&step=grade", status=422)
    assert "Question 2 of 7" in page
    assert "could not read “abc” as a size" in text_of(page)
    assert 'aria-invalid="true"' in page
    page = html(client, "/result?site=leg&size=8&grade=7", status=422)
    assert "Question 3 of 7" in page and plain("grade_code") in text_of(page)  # the catalogue's plain words


def test_missing_site_is_asked_again(client: Any) -> None:
    page = html(client, "/check?step=size", status=422)
    assert "Choose where the tumor started" in text_of(page)


def test_out_of_scope_site_points_elsewhere(client: Any) -> None:
    text = text_of(html(client, "/result?site=uterus&size=4"))
    assert "uterine" in text.lower() and "does not cover" in text


def test_result_page_sections(client: Any) -> None:
    page = html(client, RESULT)
    text = text_of(page)
    plan = treatment_options({"site": "leg", "size_cm": 8, "grade": "3", "n": "no", "m": "no"}, resectable="yes")
    result = plan.stage
    assert "AJCC 8th edition" in text and "chapter 41" in text
    assert text.count("What this means:") == 4
    for step in result.explanation:
        if step.step in ("t", "n", "m", "grade"):
            assert step.plain in text
    assert 'aria-labelledby="scale-title scale-desc"' in page
    for option_set in plan.option_sets:
        assert option_set.title in text
    for question in plan.questions:
        assert question in text
    assert plan.trials.url in page
    assert '<details class="term"' in page
    for step in result.explanation:
        assert f"{step.table}/{step.row}" in text
    assert DISCLAIMER in text
    assert "/summary.pdf?" in page


def test_assumptions_are_listed(client: Any) -> None:
    text = text_of(html(client, "/result?site=leg&size=8&grade=3&n=unknown"))
    # registry conventions (here NX as N0) are listed apart, as rules for records (issue 10 review)
    assert "Rules for records, not findings" in text
    warning = stage(site="leg", size_cm=8, grade="3", n="unknown").warnings[0]
    assert plain(warning.code) in text and warning.message not in text  # the catalogue's plain words
    text = text_of(html(client, "/result?site=leg&grade=3&n=no&m=no"))
    assert "Assumptions we made" in text and "the T part of the stage is not known" in text


def test_inches_are_converted(client: Any) -> None:
    text = text_of(html(client, "/result?site=leg&size=3&unit=in&grade=1"))
    assert "3 inches" in text and "76 mm" in text


def test_result_url_is_the_whole_state(client: Any) -> None:
    assert html(client, RESULT) == html(client, RESULT)


def test_learn_lists_every_item_and_search_finds_pages(client: Any) -> None:
    page = html(client, "/learn")
    kb = load_kb()
    for item in kb.items:
        assert f'href="/learn/{item.id}"' in page
    text = text_of(html(client, "/learn/search?q=biopsy"))
    assert kb.search("biopsy")[0].item.title in text


@pytest.mark.parametrize("item_id", [item.id for item in load_kb().items])
def test_every_learn_page_starts_with_key_points(client: Any, item_id: str) -> None:
    item = load_kb().get(item_id)
    text = text_of(html(client, f"/learn/{item_id}"))
    assert text.index("Key points") < text.index(item.key_points[0])
    if item.patient_body:
        assert text.index(item.key_points[0]) < text.index(item.patient_body[0])


def test_unknown_pages_are_html_404(client: Any) -> None:
    assert "Page not found" in html(client, "/learn/no-such-item", status=404)
    assert "Page not found" in html(client, "/nope", status=404)


def test_survival_estimates_only_when_asked_for(client: Any) -> None:
    from sarcoma.prognosis import from_case

    plain = html(client, RESULT)
    assert "Show survival estimates" in plain and "in 100 people" not in plain
    asked = html(client, RESULT + "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma")
    estimate = from_case({"site": "leg", "size_cm": 8, "grade": "3"}, age=60, depth="deep", histology="leiomyosarcoma")
    text = text_of(asked)
    assert estimate.statement in text and estimate.population in text and estimate.horizon in text
    assert "<svg" in asked and "Hide the survival estimates" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("&age=&depth=deep&tumor_type=other", "Type the age in years"),
        ("&age=5&depth=deep&tumor_type=other", "5"),
        ("&age=50&tumor_type=other", "Choose where the tumor is"),
        ("&age=50&depth=deep&tumor_type=", "Choose the type of sarcoma"),
    ],
)
def test_survival_estimate_input_problems_are_shown(client: Any, extra: str, message: str) -> None:
    page = html(client, RESULT + "&prognosis=show" + extra)
    text = text_of(page)
    assert message in text and "Show survival estimates" in text
    summary = page.split('id="prog-error"', 1)[1].split("</div>", 1)[0]
    assert re.search(r'<a href="#(age|depth-deep|tumor_type)">', summary), "each error links to its field"
    assert not re.search(r"\b(age|depth|histology|tumor_type): ", text_of(summary)), "no code names"


def test_change_link_offers_a_way_straight_back_to_the_result(client: Any) -> None:
    page = html(client, "/check?" + RESULT.split("?", 1)[1] + "&step=size")
    assert 'formaction="/result"' in page
    assert 'formaction="/result"' not in html(client, "/check?site=leg&step=size")


def test_a_bad_basis_in_the_address_is_a_plain_422_not_a_crash(client: Any) -> None:
    response = client.get("/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&basis=zzz")
    assert response.status_code == 422
    assert "Traceback" not in response.text
