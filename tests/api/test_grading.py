"""POST /api/v1/grade: FNCLCC grade, same fields as `sarcoma grade --json`."""

from __future__ import annotations

from typing import Any

import pytest

from sarcoma import fnclcc_grade


@pytest.mark.parametrize(
    ("differentiation", "mitoses", "necrosis", "grade"),
    [(1, 0, "none", "G1"), (2, 12, "lt50", "G2"), (3, 25, "ge50", "G3"), (3, 5, "none", "G2")],
)
def test_grade(client: Any, differentiation: int, mitoses: int, necrosis: str, grade: str) -> None:
    body = {"differentiation": differentiation, "mitoses": mitoses, "necrosis": necrosis}
    response = client.post("/api/v1/grade", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["grade"] == grade
    assert response.json() == fnclcc_grade(differentiation, mitoses, necrosis).model_dump(mode="json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"differentiation": 4, "mitoses": 1, "necrosis": "none"}, "differentiation"),
        ({"differentiation": 2, "mitoses": -1, "necrosis": "none"}, "mitoses"),
        ({"differentiation": 2, "mitoses": 1, "necrosis": "most"}, "necrosis"),
        ({"differentiation": 2, "necrosis": "none"}, "mitoses"),
    ],
)
def test_bad_scores_are_422(client: Any, body: dict[str, Any], field: str) -> None:
    response = client.post("/api/v1/grade", json=body)
    assert response.status_code == 422
    assert response.json()["field"] == field
