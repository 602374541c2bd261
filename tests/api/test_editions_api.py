"""The API's `edition` and `depth` fields (issue 15): same answers and messages as the library."""

from __future__ import annotations

from typing import Any

import pytest

import sarcoma

CASE = {"site": "thigh", "size_cm": 12, "grade": "3", "n": "N1", "m": "M0"}


@pytest.mark.parametrize(("edition", "stage"), [(None, "IV"), ("ajcc8", "IV"), ("uicc9", "IIIB"), ("uicc8", "IIIB")])
def test_stage_in_each_edition(client: Any, edition: str | None, stage: str) -> None:
    body = {**CASE, **({"edition": edition} if edition else {})}
    response = client.post("/api/v1/stage", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["stage"] == stage
    assert response.json() == sarcoma.stage(body).model_dump(mode="json")


def test_ajcc7_reads_depth(client: Any) -> None:
    response = client.post("/api/v1/stage", json={**CASE, "edition": "ajcc7", "depth": "superficial"})
    assert response.status_code == 200, response.text
    data = response.json()
    assert (data["edition"], data["stage"], data["tnm"]) == ("AJCC 7", "III", "cT2a cN1 cM0")


@pytest.mark.parametrize(
    ("field", "value", "text"), [("edition", "tnm5", "use ajcc8"), ("depth", "x", "use superficial")]
)
def test_bad_edition_or_depth_is_a_422_with_the_catalogue_message(
    client: Any, field: str, value: str, text: str
) -> None:
    response = client.post("/api/v1/stage", json={**CASE, field: value})
    assert response.status_code == 422, response.text
    assert response.json()["field"] == field and text in response.json()["message"]


def test_treatment_routing_stays_on_the_disease_state(client: Any) -> None:
    ajcc8 = client.post("/api/v1/treatments", json=CASE)
    uicc9 = client.post("/api/v1/treatments", json={**CASE, "edition": "uicc9"})
    assert ajcc8.status_code == uicc9.status_code == 200, uicc9.text
    assert uicc9.json() == ajcc8.json()


def test_an_explicit_ajcc7_t(client: Any) -> None:
    record = {"site": "leg", "t": "T2b", "grade": "2", "n": "N0", "m": "M0", "edition": "ajcc7"}
    response = client.post("/api/v1/stage", json=record)
    assert response.status_code == 200, response.text
    assert (response.json()["t"], response.json()["stage"]) == ("T2b", "IIB")
    assert response.json() == sarcoma.stage(record).model_dump(mode="json")
    refused = client.post("/api/v1/stage", json={**record, "edition": "uicc9"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["field"] == "t" and "T2b is an AJCC 7 T category" in refused.json()["message"]
    conflict = client.post("/api/v1/stage", json={**record, "size_cm": 3})
    assert conflict.status_code == 422 and "T2b contradicts the size 30 mm" in conflict.json()["message"]
    treatments = client.post("/api/v1/treatments", json=record)  # routed on the AJCC 8 disease state, T left out
    assert treatments.status_code == 200, treatments.text
