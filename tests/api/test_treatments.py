"""POST /api/v1/treatments: the library's TreatmentPlan, from batch-column fields plus recurrent/resectable."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma.treatments import shared_treatment_options, treatment_options

CASES: list[dict[str, Any]] = [
    {"site": "leg", "size_cm": 8, "grade": "3"},
    {"site": "leg", "size_cm": 8, "grade": "3", "n": "N0", "m": "M0"},
    {"site": "leg", "size_cm": 3, "grade": "1", "resectable": "yes"},
    {"site": "trunk", "size_cm": 6, "grade": "2", "m": "M1"},
    {"site": "retroperitoneum", "size_cm": 20, "grade": "2", "resectable": "no"},
    {"site": "arm", "size_cm": 4, "grade": "3", "recurrent": True},
]


@pytest.mark.parametrize("body", CASES)
def test_plan_matches_library(client: Any, body: dict[str, Any]) -> None:
    response = client.post("/api/v1/treatments", json=body)
    assert response.status_code == 200, response.text
    fields = {k: v for k, v in body.items() if k not in ("recurrent", "resectable")}
    expected = shared_treatment_options(
        fields, recurrent=body.get("recurrent", False), resectable=body.get("resectable", "unknown")
    )
    data = response.json()
    assert data == expected.model_dump(mode="json")
    assert data["stage"]["stage"] == expected.stage.stage
    assert data["option_sets"] and data["questions"] and data["disclaimer"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"site": "leg", "resectable": "perhaps"}, "resectable"),
        ({"site": "leg", "recurrent": "sometimes"}, "recurrent"),
        ({"site": "leg", "grade": "9x"}, "grade"),
    ],
)
def test_bad_input_is_422(client: Any, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/treatments", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field


def test_known_case_is_the_routed_plan_and_markers_reach_the_clinician_layer(client: Any) -> None:
    body = {"site": "arm", "size_cm": 3, "grade": "3", "n": "N0", "m": "M1", "markers": ["NTRK"]}
    data = client.post("/api/v1/treatments", json=body).json()
    fields = {k: v for k, v in body.items() if k != "markers"}
    assert data == treatment_options(fields, markers=["NTRK"]).model_dump(mode="json")
    assert "ntrk_inhibitors" in {c["id"] for c in data["clinician"]}
