"""Each model only for the situation and tumor types it was built for, in every interface.

Kattan 2002: a first (primary) tumor, N0, M0, removed or to be removed. Kattan 2003: a local
recurrence, N0, M0. Anything else: "No model fits this situation" with the reason, in the library,
the CLI (exit 2), the API (422 NoModelFits) and the web result page.
"""

from __future__ import annotations

import itertools
import re
import warnings
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sarcoma.cli import _prognosis
from sarcoma.prognosis import (
    NoModelFits,
    PrognosisInputError,
    applicability_rules,
    check_applicability,
    check_case,
    from_case,
    kattan2002,
    kattan2003,
    predict,
)

with warnings.catch_warnings():
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

TUMOR: dict[str, Any] = {"age": 60, "size_cm": 8, "depth": "deep", "site": "leg", "histology": "UPS", "grade": "3"}

CAME_BACK = "came back where it started"

# (situation, model that fits or None, fragment of the reason)
SITUATIONS: list[tuple[dict[str, Any], str | None, str]] = [
    ({"presentation": "primary", "n": "N0", "m": "M0", "removed": "yes"}, "kattan2002", "2002 model"),
    ({"presentation": "primary", "n": "N0", "m": "M0", "removed": "unknown"}, "kattan2002", "2002 model"),
    ({"presentation": "primary", "n": "N0", "m": "M0", "removed": "no"}, None, "cannot be removed"),
    ({"presentation": "primary", "n": "N0", "m": "M1", "removed": "yes"}, None, "distant parts of the body (M1)"),
    ({"presentation": "primary", "n": "N1", "m": "M0", "removed": "yes"}, None, "lymph nodes (N1)"),
    ({"presentation": "primary", "n": "N1", "m": "M1", "removed": "yes"}, None, "(M1)"),
    (
        {"presentation": "recurrence", "n": "N0", "m": "M0", "removed": "yes"},
        "kattan2003",
        "came back where it started",
    ),
    ({"presentation": "recurrence", "n": "N0", "m": "M0", "removed": "no"}, "kattan2003", CAME_BACK),
    ({"presentation": "recurrence", "n": "N0", "m": "M1", "removed": "yes"}, None, "(M1)"),
    ({"presentation": "recurrence", "n": "N1", "m": "M0", "removed": "unknown"}, None, "(N1)"),
    ({"presentation": "primary", "n": "NX", "m": "MX", "removed": "yes"}, "kattan2002", "2002 model"),
]

# Tumor types the models' cohorts did not include (both models come from the same MSKCC database).
REFUSED_TYPES = [
    ("DFSP", "sarcoma of the skin"),
    ("dermatofibrosarcoma protuberans", "sarcoma of the skin"),
    ("8832/3", "sarcoma of the skin"),
    ("8833/3", "sarcoma of the skin"),
    ("Ewing sarcoma", "bone-type sarcoma"),
    ("9364/3", "bone-type sarcoma"),
    ("9260/3", "bone-type sarcoma"),
    ("GIST", "different disease"),
    ("8936/3", "different disease"),
    ("Kaposi sarcoma", "different disease"),
    ("desmoid", "desmoid"),
    ("embryonal rhabdomyosarcoma", "childhood-type"),
    ("8910/3", "childhood-type"),
]


@pytest.mark.parametrize(("situation", "fits", "fragment"), SITUATIONS)
def test_the_decision_table(situation: dict[str, Any], fits: str | None, fragment: str) -> None:
    if fits is None:
        with pytest.raises(NoModelFits, match="^No model fits this situation: ") as info:
            check_applicability(None, **situation)
        assert fragment in info.value.message
        assert info.value.field in {"n", "m", "removed"}
        return
    assert check_applicability(None, **situation).model == fits
    assert fragment in check_applicability(None, **situation).reason


@pytest.mark.parametrize("model", ["kattan2002", "kattan2003"])
@pytest.mark.parametrize(("situation", "fits", "fragment"), SITUATIONS)
def test_library_runs_a_model_only_where_it_fits(
    model: str, situation: dict[str, Any], fits: str | None, fragment: str
) -> None:
    function = kattan2002 if model == "kattan2002" else kattan2003
    if fits == model:
        result = function(**TUMOR, **situation)
        assert result.model == model and fragment in result.applicability
        assert predict(None, **TUMOR, **situation).model == model
        return
    with pytest.raises(NoModelFits) as info:
        function(**TUMOR, **situation)
    assert "does not fit this situation" in info.value.message or "No model fits" in info.value.message
    if fits is None:
        with pytest.raises(NoModelFits, match="No model fits this situation"):
            predict(None, **TUMOR, **situation)


def test_every_situation_gets_exactly_one_answer() -> None:
    rows = applicability_rules()["rows"]
    for presentation, n, m, removed in itertools.product(
        ("primary", "recurrence"), ("N0", "N1", "NX"), ("M0", "M1", "MX"), ("yes", "no", "unknown")
    ):
        try:
            fit = check_applicability(None, presentation=presentation, n=n, m=m, removed=removed)
        except NoModelFits as exc:
            assert exc.rule_id in {r["id"] for r in rows if r["model"] is None}
            assert n == "N1" or m == "M1" or (presentation == "primary" and removed == "no")
            continue
        assert (fit.model == "kattan2003") == (presentation == "recurrence")
        assert n != "N1" and m != "M1"


def test_a_model_named_without_a_situation_assumes_its_own_population_and_says_so() -> None:
    for function, words in ((kattan2002, "a first tumor"), (kattan2003, "came back where it started")):
        result = function(**TUMOR)
        assert result.assumptions[0].startswith("The situation was not given") and words in result.assumptions[0]


def test_unknown_nodes_and_removal_are_said_not_guessed() -> None:
    result = kattan2002(**TUMOR, presentation="primary", n="NX", m="M0", removed="unknown")
    text = " ".join(result.assumptions)
    assert "not known whether the sarcoma is in nearby lymph nodes" in text
    assert "holds only if it is removed" in text


@pytest.mark.parametrize("model", ["kattan2002", "kattan2003"])
@pytest.mark.parametrize(("histology", "fragment"), REFUSED_TYPES)
def test_types_outside_the_cohorts_are_refused_with_the_reason(model: str, histology: str, fragment: str) -> None:
    with pytest.raises(NoModelFits) as info:
        predict(model, **{**TUMOR, "histology": histology})
    assert info.value.field == "histology"
    assert info.value.message.startswith("histology: no model fits this tumor type: ")
    assert fragment in info.value.message


@pytest.mark.parametrize(
    ("case", "kwargs", "fragment"),
    [
        ({"site": "leg", "size_cm": 8, "grade": "3", "m": "M1"}, {}, "(M1)"),
        ({"site": "leg", "size_cm": 8, "grade": "3", "n": "N1", "m": "M0"}, {}, "(N1)"),
        ({"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}, {"resectable": "no"}, "cannot be removed"),
        ({"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0", "histology": "8832/3"}, {}, "skin"),
        ({"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0", "histology": "9364/3"}, {}, "Ewing"),
    ],
)
def test_a_staging_case_is_checked_before_age_and_depth(
    case: dict[str, Any], kwargs: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(NoModelFits) as info:
        check_case(case, **kwargs)
    assert fragment in info.value.message


def test_from_case_picks_the_model_from_the_situation() -> None:
    case = {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"}
    assert from_case(case, age=60, depth="deep", histology="UPS", resectable="yes").model == "kattan2002"
    assert from_case(case, age=60, depth="deep", histology="UPS", recurrent=True).model == "kattan2003"
    assert from_case({**case, "basis": "recurrence"}, age=60, depth="deep", histology="UPS").model == "kattan2003"
    with pytest.raises(NoModelFits, match="kattan2002 does not fit"):
        from_case(case, age=60, depth="deep", histology="UPS", recurrent=True, model="kattan2002")
    with pytest.raises(NoModelFits, match=r"\(M1\)"):
        from_case({**case, "m": "M1"}, age=60, depth="deep", histology="UPS")


def test_bad_situation_words_are_input_errors() -> None:
    with pytest.raises(PrognosisInputError, match="presentation: 'sometimes'"):
        check_applicability(None, presentation="sometimes")
    with pytest.raises(PrognosisInputError, match="not a valid M"):
        check_applicability(None, m="M7")


# --- CLI ---------------------------------------------------------------------------------------

cli = typer.Typer(pretty_exceptions_enable=False)


@cli.callback()
def _root() -> None:
    """Test app."""


_prognosis.register(cli)
ARGS = ["--age", "60", "--size-cm", "8", "--depth", "deep", "--site", "leg", "--histology", "UPS", "--grade", "3"]


@pytest.mark.parametrize(
    ("extra", "fragment"),
    [
        (["--m", "M1"], "No model fits this situation"),
        (["--n", "N1"], "No model fits this situation"),
        (["--removed", "no"], "cannot be removed"),
        (["--model", "kattan2002", "--presentation", "recurrence"], "kattan2002 does not fit"),
        (["--model", "kattan2003", "--presentation", "primary"], "kattan2003 does not fit"),
        (["--presentation", "recurrence", "--m", "M1"], "(M1)"),
    ],
)
def test_cli_refuses_with_exit_2(extra: list[str], fragment: str) -> None:
    result = CliRunner().invoke(cli, ["prognosis", *ARGS, *extra])
    assert result.exit_code == 2, result.output
    assert fragment in " ".join(result.output.split())
    assert "Traceback" not in result.output


@pytest.mark.parametrize("histology", ["DFSP", "9364/3"])
def test_cli_refuses_types_outside_the_cohorts(histology: str) -> None:
    args = [a if a != "UPS" else histology for a in ARGS]
    result = CliRunner().invoke(cli, ["prognosis", *args])
    assert result.exit_code == 2 and "no model fits this tumor type" in " ".join(result.output.split())


def test_cli_chooses_the_recurrence_model() -> None:
    result = CliRunner().invoke(cli, ["prognosis", *ARGS, "--presentation", "recurrence", "--json"])
    assert result.exit_code == 0, result.output
    assert '"model": "kattan2003"' in result.output


# --- API and web --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"m": "M1"}, "m"), ({"n": "N1"}, "n"), ({"removed": "no"}, "removed"), ({"histology": "DFSP"}, "histology")],
)
def test_api_answers_422_no_model_fits(client: TestClient, extra: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/prognosis", json={**TUMOR, **extra})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"] == "NoModelFits" and body["field"] == field
    assert "no model fits" in body["message"].lower()


def test_api_chooses_the_model_from_the_situation(client: TestClient) -> None:
    response = client.post("/api/v1/prognosis", json={**TUMOR, "presentation": "recurrence", "n": "N0", "m": "M0"})
    assert response.status_code == 200 and response.json()["model"] == "kattan2003"
    assert response.json()["applicability_rule"] == "local_recurrence"


RESULT = "/result?site=leg&size=8&unit=cm&grade=3&recurrent=no"
SHOW = "&prognosis=show&age=60&depth=deep&tumor_type=leiomyosarcoma"


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("&n=no&m=yes&resectable=yes", "No model fits this situation: The sarcoma has spread to distant parts"),
        ("&n=yes&m=no&resectable=yes", "No model fits this situation: The sarcoma has spread to nearby lymph nodes"),
        ("&n=no&m=no&resectable=no", "No model fits this situation: The tumor cannot be removed"),
    ],
)
def test_web_result_page_says_no_model_fits(client: TestClient, query: str, fragment: str) -> None:
    for extra in ("", SHOW):
        response = client.get(RESULT + query + extra)
        assert response.status_code == 200
        text = _text(response.text)
        assert fragment in text
        assert "die of their sarcoma" not in text and "Show survival estimates" not in text


@pytest.mark.parametrize(("histology", "fragment"), [("8832/3", "DFSP is a sarcoma of the skin"), ("9364/3", "Ewing")])
def test_web_result_page_refuses_types_outside_the_cohorts(client: TestClient, histology: str, fragment: str) -> None:
    url = f"/result?site=leg&size=8&unit=cm&grade=1&n=no&m=no&recurrent=no&resectable=yes&histology={histology}"
    text = _text(client.get(url).text)
    assert "No model fits this tumor type: " in text and fragment in text
    assert "histology: no model" not in text and "Show survival estimates" not in text


def test_web_recurrence_gets_the_recurrence_model(client: TestClient) -> None:
    url = RESULT.replace("recurrent=no", "recurrent=yes") + "&n=no&m=no&resectable=yes" + SHOW
    text = _text(client.get(url).text)
    assert "came back where it started" in text and "within 1 year after it came back" in text


def test_nodes_and_spread_left_out_of_a_stated_situation_are_said_unknown() -> None:
    """Review: `sarcoma prognosis ... --presentation recurrence` said "It has not spread" with N and M not given."""
    result = CliRunner().invoke(cli, ["prognosis", *ARGS, "--presentation", "recurrence"])
    text = " ".join(result.output.split())
    assert result.exit_code == 0, result.output
    assert "It has not spread" not in text and "no known spread" in text
    assert "not known whether the sarcoma is in nearby lymph nodes" in text
    assert "not known whether the sarcoma has spread to distant parts" in text
    fit = check_applicability(None, presentation="recurrence")
    assert any("nearby lymph nodes" in note for note in fit.assumptions)
