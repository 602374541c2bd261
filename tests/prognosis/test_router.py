"""The /api/v1/prognosis router on a bare FastAPI app."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from sarcoma.api.routes.prognosis import router

with warnings.catch_warnings():
    # Starlette warns at import that its TestClient will move from httpx to httpx2; the client still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

app = FastAPI()
app.include_router(router)
client = TestClient(app)

CASE: dict[str, Any] = {"age": 62, "size_cm": 9.5, "depth": "deep", "site": "thigh", "histology": "UPS", "grade": "2"}


@pytest.mark.parametrize(("model", "horizons"), [("kattan2002", ["12y"]), ("kattan2003", ["1y", "2y", "3y"])])
def test_both_models_for_a_realistic_case(model: str, horizons: list[str]) -> None:
    response = client.post("/api/v1/prognosis", json={"model": model, **CASE})
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["model"] == model
    assert list(body["probabilities"]) == horizons
    assert all(0 <= p <= 1 for p in body["probabilities"].values())
    assert all(v.endswith("%") for v in body["display"].values())
    assert body["grade_ambiguous"] is True
    assert set(body["by_grade"]) == {"low", "high"}
    assert any("UPS" in a for a in body["assumptions"])
    assert "not a prediction for any one person" in body["statement"]
    assert "not medical advice" in body["disclaimer"]
    assert body["population"] and body["horizon"] and body["citation"]


def test_default_model_is_kattan2002() -> None:
    assert client.post("/api/v1/prognosis", json=CASE).json()["model"] == "kattan2002"


def test_refusal_is_a_structured_422() -> None:
    response = client.post("/api/v1/prognosis", json={**CASE, "age": 95, "model": "kattan2003"})
    assert response.status_code == 422
    assert response.headers["cache-control"] == "no-store"
    detail = response.json()
    assert detail["type"] == "PrognosisInputError"
    assert detail["field"] == "age"
    assert "17 to 89.5" in detail["message"]


@pytest.mark.parametrize("body", [{**CASE, "margin": "R1"}, {**CASE, "model": "sarculator"}, {"age": 60}])
def test_malformed_requests_are_422(body: dict[str, Any]) -> None:
    assert client.post("/api/v1/prognosis", json=body).status_code == 422


def test_models_listing() -> None:
    body = client.get("/api/v1/prognosis/models").json()
    assert [m["id"] for m in body] == ["kattan2002", "kattan2003"]
    assert body[0]["age_min"] == 10 and body[1]["age_max"] == 89.5
    assert body[0]["c_index"] == 0.77 and body[1]["c_index"] is None
    assert "upper_extremity" in body[0]["sites"]


def test_icon_array_endpoint() -> None:
    response = client.get("/api/v1/prognosis/icon-array.svg", params={"probability": 0.46, "label": "died"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert 'role="img"' in response.text
    assert client.get("/api/v1/prognosis/icon-array.svg", params={"probability": 2, "label": "x"}).status_code == 422


def test_openapi_lists_the_routes() -> None:
    paths = app.openapi()["paths"]
    assert {"/api/v1/prognosis", "/api/v1/prognosis/models", "/api/v1/prognosis/icon-array.svg"} <= set(paths)


def test_the_library_package_holds_no_router() -> None:
    """The HTTP layer lives in sarcoma.api.routes; the prognosis library does not import FastAPI."""
    import sarcoma.prognosis

    assert getattr(sarcoma.prognosis, "router", None) is None


def test_mounted_on_the_sarcoma_app() -> None:
    from sarcoma.api import create_app

    with TestClient(create_app()) as full:
        ok = full.post("/api/v1/prognosis", json={"model": "kattan2003", **CASE})
        assert ok.status_code == 200
        assert ok.json()["display"] == {"1y": "14%", "2y": "29%", "3y": "35%"}
        refused = full.post("/api/v1/prognosis", json={**CASE, "histology": "GIST"})
        assert refused.status_code == 422
        assert refused.json()["type"] == "NoModelFits"
        assert refused.json()["field"] == "histology"


def test_icon_array_blank_label_is_422() -> None:
    response = client.get("/api/v1/prognosis/icon-array.svg", params={"probability": 0.5, "label": "  "})
    assert response.status_code == 422
    assert response.json()["field"] == "label"
