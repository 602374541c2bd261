"""Issue 16 item 14: the API contract says what it refuses, and refuses it field by field."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma.errors import InvalidInput
from sarcoma.grading import MAX_MITOSES, fnclcc_grade

FHIR_JSON = "application/fhir+json"


@pytest.mark.parametrize("mitoses", [MAX_MITOSES + 1, 10**7, 10**30])
def test_huge_mitoses_is_a_field_error_not_a_missing_rule(client: Any, mitoses: int) -> None:
    for path, body in (
        ("/api/v1/grade", {"differentiation": 2, "mitoses": mitoses, "necrosis": "none"}),
        ("/api/v1/stage", {"site": "leg", "differentiation": 2, "mitoses": mitoses, "necrosis": "none"}),
    ):
        response = client.post(path, json=body)
        assert response.status_code == 422
        assert response.json()["type"] == "InvalidInput" and response.json()["field"] == "mitoses"
    with pytest.raises(InvalidInput, match="mitoses") as info:
        fnclcc_grade(2, mitoses, "none")
    assert info.value.field == "mitoses"


def test_top_mitoses_still_grades(client: Any) -> None:
    body = {"differentiation": 2, "mitoses": MAX_MITOSES, "necrosis": "none"}
    assert client.post("/api/v1/grade", json=body).json()["mitosis_score"] == 3


def test_schema_bounds_mitoses(client: Any) -> None:
    spec = client.get("/openapi.json").json()["components"]["schemas"]
    assert spec["GradeRequest"]["properties"]["mitoses"]["maximum"] == MAX_MITOSES
    assert spec["GradeRequest"]["properties"]["necrosis"]["pattern"] == r"\S"


def test_blank_necrosis_is_not_given_when_staging(client: Any) -> None:
    assert client.post("/api/v1/stage", json={"site": "leg", "necrosis": ""}).status_code == 200


def test_blank_necrosis_cannot_grade_and_says_so(client: Any) -> None:
    response = client.post("/api/v1/grade", json={"differentiation": 2, "mitoses": 3, "necrosis": ""})
    assert response.status_code == 422
    assert response.json()["message"] == "necrosis: give a value; this field cannot be blank"


@pytest.mark.parametrize("given", [{"differentiation": 2}, {"mitoses": 4}, {"differentiation": 2, "necrosis": "none"}])
def test_partial_scores_are_declared_and_refused(client: Any, given: dict[str, Any]) -> None:
    spec = client.get("/openapi.json").json()["components"]["schemas"]["StagingRequest"]
    assert sorted(spec["dependentRequired"]["differentiation"]) == ["mitoses", "necrosis"]
    response = client.post("/api/v1/stage", json={"site": "leg", **given})
    assert response.status_code == 422
    assert "all three of differentiation, mitoses and necrosis" in response.json()["message"]


def test_empty_bundle_is_a_declared_operation_outcome(client: Any) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/fhir/r4/$stage"]["post"]
    body_schema = operation["requestBody"]["content"][FHIR_JSON]["schema"]
    assert body_schema["required"] == ["resourceType", "entry"]
    assert {"413", "415", "422"} <= set(operation["responses"])
    response = client.post("/fhir/r4/$stage", content=b"{}", headers={"content-type": FHIR_JSON})
    assert response.status_code == 422
    assert response.json()["resourceType"] == "OperationOutcome"
    assert "resourceType" in response.json()["issue"][0]["diagnostics"]
