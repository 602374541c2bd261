"""Result page order and the smaller fixes of issue 14: menu, contents, next steps, words, survival, search, docs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sarcoma.kb import load_kb
from sarcoma.treatments import treatment_options

from ._html import text_of

RESULT = "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"
SURVIVAL = "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma"


def get(client: Any, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == status, (path, response.status_code)
    return str(response.text)


def test_order_headline_stage_next_steps_then_contents_and_details(client: Any) -> None:
    page = get(client, RESULT)
    order = ['id="plain-sentence"', 'id="stage-h"', 'id="next-h"', 'id="contents-h"', 'id="parts-h"', 'id="treat-h"']
    positions = [page.index(marker) for marker in order]
    assert positions == sorted(positions)


def test_next_steps_come_from_the_options_data(client: Any) -> None:
    page = get(client, RESULT)
    plan = treatment_options({"site": "leg", "size_cm": 8, "grade": "3", "n": "no", "m": "no"}, resectable="yes")
    next_steps = page.split('id="next-h"', 1)[1].split("</section>", 1)[0]
    for option_set in plan.option_sets:
        assert f'href="#set-{option_set.id}"' in next_steps and option_set.title in next_steps
        assert f'id="set-{option_set.id}"' in page


def test_every_contents_link_has_a_target(client: Any) -> None:
    for path in (RESULT, "/result?site=visceral&extent=serosa&grade=1", "/result?site=leg&size=8&grade=3&n=unknown"):
        page = get(client, path)
        contents = page.split('id="contents-h"', 1)[1].split("</nav>", 1)[0]
        targets = re.findall(r'href="#([^"]+)"', contents)
        assert len(targets) >= 6
        for target in targets:
            assert f'id="{target}"' in page, (path, target)


def test_patient_menu_has_no_api_and_the_docs_stay_reachable(client: Any) -> None:
    page = get(client, RESULT)
    nav = page.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    assert "API" not in nav and "/docs" not in nav
    assert 'href="/docs"' in page.split("<footer", 1)[1]
    clinician = page.split('id="clin-h"', 1)[1]
    actions = page.split('id="actions-h"', 1)[1].split("</section>", 1)[0]
    assert "result.fhir.json" not in actions
    assert "/docs" in clinician
    assert ("result.fhir.json" in clinician) == ("result.fhir.json" in page)


def test_words_sit_next_to_where_they_are_used_and_fit_the_case(client: Any) -> None:
    page = get(client, RESULT)
    assert 'id="words-h"' not in page, "no separate grid of words"
    terms = re.findall(r'<details class="term" id="term-([^"]+)"', page)
    assert len(terms) == len(set(terms)), "each word once"
    assert "amputation" not in terms and "low-grade" not in terms
    without_lists = re.sub(r'<div class="words-here">.*?</ul>\s*</div>', "", page, flags=re.S)
    text = text_of(without_lists.split("<main", 1)[1]).lower()
    glossary = load_kb().glossary
    for term_id in terms:
        names = [glossary[term_id].term, *glossary[term_id].aliases]
        assert any(name.lower() in text for name in names), term_id


def test_survival_both_framings_side_by_side(client: Any) -> None:
    text = text_of(get(client, RESULT + SURVIVAL))
    match = re.search(r"About (\d+) in 100 did not die of sarcoma within 12 years About (\d+) in 100 died", text)
    assert match is not None, text
    assert int(match.group(1)) + int(match.group(2)) == 100
    assert "How the numbers change over time" not in text, "Kattan 2002 gives one time only"


def test_survival_curve_where_the_model_gives_several_times(client: Any) -> None:
    page = get(client, RESULT.replace("recurrent=no", "recurrent=yes") + SURVIVAL)
    assert "How the numbers change over time" in text_of(page)
    curve = page.split('class="survival-curve"', 1)[1].split("</figure>", 1)[0]
    assert 'role="img"' in curve and "<title" in curve and "Years" in curve and "People out of 100" in curve
    rows = re.findall(r'<th scope="row">(Within [^<]+)</th>', curve)
    assert rows == ["Within 1 year", "Within 2 years", "Within 3 years"]


def test_icon_array_is_neutral_with_a_pattern(client: Any) -> None:
    page = get(client, RESULT + SURVIVAL)
    assert "#7a1f2b" not in page and "<pattern" in page


@pytest.mark.parametrize("path", ["/result?site=leg&size=8+x+5+x+4+cm&grade=3", '/result?site=leg&size=2"&grade=3'])
def test_size_reading_is_said_back(client: Any, path: str) -> None:
    text = text_of(get(client, path))
    assert "We used the greatest, 8 cm" in text or "2 inches is about 5.1 cm" in text


def test_search_did_you_mean_and_spanish(client: Any) -> None:
    text = text_of(get(client, "/learn/search?q=sarcomma"))
    assert "Did you mean sarcoma?" in text.replace(" ?", "?")
    page = get(client, "/learn/search?q=cirug%C3%ADa")
    assert "cancer.gov/espanol/tipos/sarcoma-de-tejido-blando" in page and 'lang="es"' in page
    radiation = get(client, "/learn/search?q=radiation")
    assert radiation.index('href="/learn/radiation-therapy"') < radiation.index('href="/learn/risk-past-radiation"')


def test_docs_link_back_to_the_app(client: Any) -> None:
    page = get(client, "/docs")
    assert '<a href="/">Back to Sarcoma Navigator</a>' in page
