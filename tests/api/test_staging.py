"""POST /api/v1/stage: same fields as the batch columns in, same fields as the CLI --json out."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma import stage

CASES: list[tuple[dict[str, Any], str, str]] = [
    ({"site": "leg", "size_cm": 8, "grade": "3"}, "IIIA", "T2"),
    ({"site": "arm", "size_cm": 5.04, "grade": "X"}, "IA", "T1"),
    ({"site": "arm", "size_cm": 5.05, "grade": "1"}, "IB", "T2"),
    ({"site": "trunk", "size_mm": 160, "grade": "2", "n": "N0", "m": "M1"}, "IV", "T4"),
    ({"site": "C48.0", "histology": "8850/3", "size_cm": 22, "grade": "1", "basis": "pathologic"}, "IB", "T4"),
    ({"site": "retroperitoneum", "size_cm": 12, "grade": "3", "n": "N1"}, "IIIB", "T3"),
    ({"site": "head_neck", "size_cm": 3, "grade": "2"}, "none", "T2"),
    ({"site": "visceral", "extent": "serosa", "grade": "2"}, "none", "T2a"),
    ({"site": "leg", "t": "T3", "grade": "high", "n": "no", "m": "unknown"}, "IIIB", "T3"),
    ({"site": "leg", "grade": "2"}, "unknown", "TX"),
]


@pytest.mark.parametrize(("body", "stage_group", "t"), CASES)
def test_stage_matches_library_json(client: Any, body: dict[str, Any], stage_group: str, t: str) -> None:
    response = client.post("/api/v1/stage", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["stage"] == stage_group
    assert data["t"] == t
    assert data == stage(body).model_dump(mode="json")
    assert data["disclaimer"]
    assert data["edition"] == "AJCC 8th"


BAD: list[tuple[dict[str, Any], str | None, str]] = [
    ({"size_cm": 8}, "site", "required"),
    ({"site": "leg", "size_cm": -1}, "size_cm", "greater than 0"),
    ({"site": "leg", "size_cm": "eight"}, "size_cm", "valid number"),
    ({"site": "leg", "grade": "7"}, "grade", "use FNCLCC 1, 2, 3 or X"),
    ({"site": "leg", "n": "N3"}, "n", "use N0, N1 or NX"),
    ({"site": "leg", "t": "T9"}, "t", "not an AJCC 8 T category"),
    ({"site": "leg", "size_cm": 8, "size_mm": 80}, None, "not both"),
    ({"site": "leg", "colour": "red"}, "colour", "Extra inputs"),
    ({"site": "moon", "size_cm": 3}, "site", "not a known site"),
    ({"site": "leg", "size_cm": 3, "t": "T3"}, "t", "contradicts the size"),
    ({"site": "leg", "differentiation": 2}, None, "needs all three"),
]


@pytest.mark.parametrize(("body", "field", "fragment"), BAD)
def test_bad_input_is_422_with_field_messages(
    client: Any, body: dict[str, Any], field: str | None, fragment: str
) -> None:
    response = client.post("/api/v1/stage", json=body)
    assert response.status_code == 422, response.text
    data = response.json()
    assert set(data) >= {"type", "field", "message", "errors"}
    assert data["field"] == field
    assert fragment in data["message"]
    assert all(set(e) == {"field", "message"} for e in data["errors"])
    assert "\n" not in data["message"]


def test_every_bad_field_is_listed(client: Any) -> None:
    response = client.post("/api/v1/stage", json={"site": "leg", "size_cm": "x", "grade": "7", "n": "maybe"})
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"size_cm", "grade", "n"}


@pytest.mark.parametrize(("site", "reason"), [("uterus", "uterine"), ("bone", "bone")])
def test_out_of_scope_is_422_with_reason(client: Any, site: str, reason: str) -> None:
    response = client.post("/api/v1/stage", json={"site": site, "size_cm": 4})
    assert response.status_code == 422
    assert response.json()["type"] == "OutOfScope"
    assert response.json()["reason"] == reason


@pytest.mark.parametrize("raw", [b"{", b"[]", b"null", b'"leg"'])
def test_malformed_body_is_422(client: Any, raw: bytes) -> None:
    response = client.post("/api/v1/stage", content=raw, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["errors"]


def test_health_is_trivial(client: Any) -> None:
    response = client.get("/api/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
