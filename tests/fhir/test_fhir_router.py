"""POST /fhir/r4/$stage on a bare FastAPI app, through Starlette's TestClient."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest
from fastapi import FastAPI
from fhir_builders import bundle, condition, size_obs
from starlette.exceptions import StarletteDeprecationWarning

from sarcoma.api.routes.fhir import router
from sarcoma.interop.fhir import validate_resource

with warnings.catch_warnings():
    # Starlette warns at import that its TestClient will move from httpx to httpx2; the client still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

FHIR_JSON = "application/fhir+json"


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    return TestClient(app)


def _post(client: TestClient, body: Any, content_type: str = FHIR_JSON) -> Any:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    return client.post("/fhir/r4/$stage", content=data, headers={"content-type": content_type})


def test_integrator_bundle_over_http(client: TestClient, integrator: dict[str, Any]) -> None:
    response = _post(client, integrator)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(FHIR_JSON)
    out = response.json()
    assert validate_resource(out) == []
    group = out["entry"][0]["resource"]
    assert group["meta"]["profile"] == ["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tnm-stage-group"]
    assert group["valueCodeableConcept"]["text"] == "Stage IIIB"
    assert group["focus"] == [{"reference": "Condition/sts-1"}]
    assert group["subject"] == {"reference": "Patient/pt-4711"}


def test_plain_json_is_accepted(client: TestClient) -> None:
    assert _post(client, bundle(condition(), size_obs(3)), "application/json").status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code", "diagnostics", "expression"),
    [
        (
            bundle(condition(), size_obs(3, "[in_i]")),
            FHIR_JSON,
            422,
            "value",
            "(inches) is not accepted",
            "Bundle.entry[1].resource.component[0].valueQuantity.code",
        ),
        ({"resourceType": "Patient"}, FHIR_JSON, 422, "structure", "expected resourceType 'Bundle'", "resourceType"),
        (
            bundle(condition(histology="9140/3"), size_obs(3)),
            FHIR_JSON,
            422,
            "not-supported",
            "Kaposi",
            "Bundle.entry[0].resource.extension[0].valueCodeableConcept.coding[0]",
        ),
        (b"{not json", FHIR_JSON, 422, "structure", "not valid JSON", None),
        (bundle(condition(), size_obs(3)), "text/plain", 415, "not-supported", "application/fhir+json", None),
    ],
    ids=["inches", "wrong-resource-type", "out-of-scope", "bad-json", "wrong-media-type"],
)
def test_bad_input_answers_operation_outcome(
    client: TestClient, body: Any, content_type: str, status: int, code: str, diagnostics: str, expression: str | None
) -> None:
    response = _post(client, body, content_type)
    assert response.status_code == status
    assert response.headers["content-type"].startswith(FHIR_JSON)
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert validate_resource(outcome) == []
    issue = outcome["issue"][0]
    assert (issue["severity"], issue["code"]) == ("error", code)
    assert diagnostics in issue["diagnostics"]
    assert issue.get("expression") == ([expression] if expression else None)


def test_openapi_documents_the_fhir_media_type(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    operation = spec["paths"]["/fhir/r4/$stage"]["post"]
    assert FHIR_JSON in operation["requestBody"]["content"]
    assert "422" in operation["responses"]


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"[" * 1000 + b"]" * 1000, "nested more than 64 levels"),
        (b"[" * 65 + b"]" * 65, "nested more than 64 levels"),
        (b'{"resourceType": "Bundle", "total": ' + b"7" * 4301 + b"}", "a number is too long"),
    ],
    ids=["deep-1000", "deep-65", "int-4301-digits"],
)
def test_hostile_json_on_the_bare_router_is_422(client: TestClient, data: bytes, words: str) -> None:
    response = _post(client, data)
    assert response.status_code == 422
    issue = response.json()["issue"][0]
    assert issue["code"] == "structure" and words in issue["diagnostics"]


def test_the_bare_router_keeps_the_5_mb_limit(client: TestClient) -> None:
    response = _post(client, b'{"id": "' + b"x" * 5_000_000 + b'"}')
    assert response.status_code == 413
    assert response.json()["issue"][0]["code"] == "too-costly"


def test_a_table_defect_is_a_500_operation_outcome(client: TestClient, broken_stage_table: str) -> None:
    """Our bug, not bad input: 500 with an OperationOutcome (code exception), no traceback, no inputs."""
    response = _post(client, bundle(condition(), size_obs(3)))
    assert response.status_code == 500, response.text
    assert response.headers["content-type"].startswith(FHIR_JSON)
    outcome = response.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert [i["code"] for i in outcome["issue"]] == ["exception"]
    assert "report it" in response.text and "Traceback" not in response.text
    assert broken_stage_table not in response.text
