"""Treatment routing: each disease state, the N1 M0 decision, the clinician layer, every combination."""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any

import pytest
import yaml

from sarcoma import StagingInput
from sarcoma._tables import load_table
from sarcoma.errors import InvalidInput, OutOfScope, UnknownSite
from sarcoma.kb import load_kb
from sarcoma.staging import DISCLAIMER
from sarcoma.treatments import TreatmentPlan, treatment_options
from sarcoma.treatments._data import doc

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "cases.yaml").read_text())


def _plan(spec: dict[str, Any]) -> TreatmentPlan:
    return treatment_options(
        spec["case"],
        recurrent=spec.get("recurrent", False),
        resectable=spec.get("resectable", "unknown"),
        markers=spec.get("markers", []),
    )


@pytest.mark.parametrize("spec", CASES, ids=[c["name"] for c in CASES])
def test_routing_case(spec: dict[str, Any]) -> None:
    plan = _plan(spec)
    assert plan.state == spec["state"]
    if "stage" in spec:
        assert plan.stage.stage == spec["stage"]
    if "sets" in spec:
        assert [s.id for s in plan.option_sets] == spec["sets"]
    clinician = {c.id for c in plan.clinician}
    assert set(spec.get("clinician", [])) <= clinician
    assert not set(spec.get("not_clinician", [])) & clinician
    options = {o.id for s in plan.option_sets for o in s.options}
    assert not set(spec.get("options_absent", [])) & options
    for words in spec.get("says", []):
        assert words in plan.state_explanation, plan.state_explanation


def test_the_done_when_case_is_plain_sourced_and_carries_the_disclaimer() -> None:
    plan = treatment_options({"site": "leg", "size_cm": 8, "grade": "3"})
    assert plan.stage.stage == "IIIA"
    assert plan.disclaimer == DISCLAIMER
    assert plan.trials.url.startswith("https://www.cancer.gov/")
    assert plan.questions
    assert any("adult-soft-tissue-treatment-pdq" in s.url for s in plan.sources)
    assert all(s.reason and "{" not in s.reason for s in plan.option_sets)
    assert all(o.reason and o.kb_item for s in plan.option_sets for o in s.options)


def test_accepts_a_staging_input_and_keyword_flags() -> None:
    case = StagingInput(site="leg", size_cm=8, grade="3")
    assert treatment_options(case, resectable="no").state == "unresectable"


@pytest.mark.parametrize(
    ("case", "error"),
    [
        ({"site": "stomach", "histology": "8936/3", "grade": "2"}, OutOfScope),
        ({"site": "elbowish", "size_cm": 3}, UnknownSite),
        ({"site": "leg", "size_cm": -1}, InvalidInput),
    ],
)
def test_staging_errors_propagate(case: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        treatment_options(case)


def test_bad_resectable_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="resectable"):
        treatment_options({"site": "leg"}, resectable="maybe")  # type: ignore[arg-type]


def test_data_files_reference_only_existing_things() -> None:
    kb = load_kb()
    sets = doc("option_sets")["sets"]
    options = doc("options")["options"]
    explanations = doc("states")["explanations"]
    for row in load_table("treatments/routing").rows:
        assert row.get("explanation") in explanations
        assert all(s.strip() in sets for s in row.get("option_sets").split(",") if s.strip())
    for option_set in sets.values():
        assert all(entry["option"] in options for entry in option_set["options"])
    for option in options.values():
        kb.get(option["kb_item"])
    for explanation in explanations.values():
        kb.get(explanation["kb_item"])
    for row in load_table("treatments/clinician").rows:
        kb.get(row.get("kb_item"))
        assert row.get("citation")
    states = {row.get("state") for row in load_table("treatments/routing").rows}
    assert set(doc("questions")["by_state"]) == states


def _t_values(group: str) -> list[str]:
    token = group.upper().replace("_", " ")
    return [r.get("t") for r in load_table("t_categories").rows if token in r.sets["site_group"]]


@pytest.mark.parametrize("group", [row.get("site_group") for row in load_table("site_groups").rows])
def test_every_combination_routes_and_never_sends_n1_m0_to_stage_iv_options(group: str) -> None:
    seen: set[str] = set()
    for t, n, m, grade, recurrent, resectable in product(
        _t_values(group),
        ("N0", "N1", "NX"),
        ("M0", "M1"),
        ("1", "2", "3", "X"),
        (False, True),
        ("yes", "no", "unknown"),
    ):
        plan = treatment_options(
            {"site": group, "t": t, "n": n, "m": m, "grade": grade}, recurrent=recurrent, resectable=resectable
        )
        seen.add(plan.state)
        assert plan.option_sets or plan.state == "no_tumor_found", (t, n, m, grade, recurrent, resectable)
        assert "{" not in plan.state_explanation
        if not recurrent and plan.stage.m == "M0":
            assert plan.state != "stage_iv"
        if not recurrent and plan.stage.m == "M0" and plan.stage.n == "N1" and resectable != "no":
            assert plan.state == "node_positive"
        if (
            plan.stage.stage == "none"
            and not recurrent
            and m == "M0"
            and n != "N1"
            and resectable != "no"
            and t != "T0"
        ):
            assert plan.state == "no_stage_group"
    assert {"recurrent", "stage_iv", "unresectable", "node_positive"} <= seen


def test_treatment_texts_never_call_our_content_pdq() -> None:
    from sarcoma._texts import patient_texts

    for name, text in patient_texts():
        assert "PDQ" not in text, name
    for row in load_table("treatments/clinician").rows:
        assert "PDQ" not in row.get("body") + row.get("title"), row.id
