"""GET /api/v1/kb/items/{id} and /api/v1/kb/search."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma.kb import load_kb


@pytest.mark.parametrize("item_id", [item.id for item in load_kb().items][:200])
def test_every_item_is_served(client: Any, item_id: str) -> None:
    response = client.get(f"/api/v1/kb/items/{item_id}")
    assert response.status_code == 200
    assert response.json() == load_kb().get(item_id).model_dump(mode="json")


def test_unknown_item_is_404_with_suggestion(client: Any) -> None:
    known = load_kb().items[0].id
    response = client.get(f"/api/v1/kb/items/{known}x")
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "NotFound"
    assert known in body["message"]


def test_search_ranks_and_limits(client: Any) -> None:
    response = client.get("/api/v1/kb/search", params={"q": "biopsy", "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert body["query"] == "biopsy"
    assert 1 <= body["count"] == len(body["data"]) <= 3
    scores = [hit["score"] for hit in body["data"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x", "limit": 0}, {"q": "x" * 201}])
def test_bad_search_is_422(client: Any, params: dict[str, Any]) -> None:
    response = client.get("/api/v1/kb/search", params=params)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] in ("q", "limit")
