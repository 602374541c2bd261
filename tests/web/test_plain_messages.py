"""Patient pages show an error in the catalogue's plain words (data/messages.yaml ``plain``), never the technical text.

The API, the CLI and the batch keep the technical text; the web finds the catalogue row that made
the message (sarcoma._messages.plain_of) and shows its plain text, filled with the same values.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sarcoma._messages import code_of, plain
from sarcoma.errors import InvalidInput, StagingError
from sarcoma.staging import stage
from sarcoma.web._plain import FieldError
from sarcoma.web._quick import plain_words

from ._html import text_of

BASE = "size=8&unit=cm&grade=3&n=no&m=no"
BAD = [
    pytest.param("site=leg&size=8&unit=cm&grade=7&n=no&m=no", "grade_code", {}, id="grade"),
    pytest.param("site=leg&size=0.01&unit=mm&grade=3&n=no&m=no", "size_rounds_to_zero", {}, id="size"),
    pytest.param(f"site=elbowish&{BASE}", "site_unknown", {"site": "'elbowish'"}, id="site"),
    pytest.param("site=leg&size=8&unit=cm&grade=3&n=maybe&m=no", "n_code", {}, id="nodes"),
]
SCORES = pytest.param(
    "site=leg&size=8&unit=cm&grade=scores&differentiation=5&mitoses=3&necrosis=none&n=no&m=no",
    "differentiation_range",
    {},
    id="scores",
)
"""(The one-page form checks the scores itself, in its own words: content.yaml quick.errors.)"""
TECHNICAL = ("FNCLCC", "ICD-O-3", "AJCC site group", "size_mm", "size_cm", "trunk_extremities", "N0, N1 or NX")


def _technical(query: str) -> str:
    fields = dict(p.split("=") for p in query.split("&"))
    from sarcoma.web._case import read_case

    with pytest.raises(StagingError) as info:
        stage(**read_case(fields).staging_fields())
    return info.value.message


@pytest.mark.parametrize(("query", "code", "values"), [*BAD, SCORES])
def test_the_guided_step_shows_the_plain_words(client: Any, query: str, code: str, values: dict[str, str]) -> None:
    message = _technical(query)
    assert code_of(message) == code  # the library's text is the catalogue's technical text, unchanged
    response = client.get(f"/result?{query}", headers={"accept": "text/html"})
    assert response.status_code == 422
    shown = text_of(response.text.split('id="error-msg"', 1)[1].split("</p>", 1)[0]).lstrip("> ").strip()
    assert shown == plain(code, **values)
    assert message not in text_of(response.text)
    assert not any(word in shown for word in TECHNICAL), shown


@pytest.mark.parametrize(("query", "code", "values"), BAD)
def test_the_one_page_form_shows_the_plain_words(client: Any, query: str, code: str, values: dict[str, str]) -> None:
    response = client.get(f"/result?{query}&recurrent=no&resectable=yes&via=quick", headers={"accept": "text/html"})
    assert response.status_code == 422
    summary = response.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    links = [text_of(m) for m in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary, re.S)]
    assert plain(code, **values) in links, links


def test_a_problem_with_no_question_of_its_own_is_in_plain_words_too(client: Any) -> None:
    """Scores without necrosis have no one guided step to go back to: the error page says it plainly."""
    query = "site=leg&size=8&unit=cm&grade=scores&differentiation=2&mitoses=3&n=no&m=no"
    response = client.get(f"/result?{query}", headers={"accept": "text/html"})
    assert response.status_code == 422
    text = text_of(response.text)
    assert plain("fnclcc_partial") in text and "FNCLCC" not in text


def test_the_api_keeps_the_technical_text(client: Any) -> None:
    response = client.post("/api/v1/stage", json={"site": "leg", "size_cm": 8, "grade": "7"})
    assert response.status_code == 422
    assert "FNCLCC 1, 2, 3 or X" in response.text


def test_field_error_and_plain_words_use_the_catalogue_and_fall_back_to_the_text() -> None:
    exc = InvalidInput(stage_message := "m: use M0, M1 or MX (or yes, no, unknown)", field="m")
    assert code_of(stage_message) == "m_code"
    assert FieldError.of(exc) == FieldError(plain("m_code"), "m")
    assert plain_words(stage_message) == plain("m_code")
    assert plain_words("resectable: use yes, no or unknown") == "Use yes, no or unknown"
    assert FieldError.of(InvalidInput("resectable: use yes, no or unknown", field="x")).message.startswith(
        "resectable:"
    )
