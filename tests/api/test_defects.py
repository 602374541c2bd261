"""A defect in the rule tables is our bug: 500 with a plain message, never 422, never a traceback."""

from __future__ import annotations

from typing import Any

import pytest

LEG = {"site": "leg", "size_cm": 8, "grade": "3"}


@pytest.mark.parametrize("path", ["/api/v1/stage", "/api/v1/treatments"])
def test_a_table_defect_is_a_500_with_a_plain_message(client: Any, broken_stage_table: str, path: str) -> None:
    response = client.post(path, json=LEG)
    assert response.status_code == 500, response.text
    body = response.json()
    assert body["type"] == "InternalError"
    assert body["message"].startswith("internal error:") and "report it" in body["message"]
    assert body["errors"] == [{"field": None, "message": body["message"]}]
    assert "Traceback" not in response.text and broken_stage_table not in response.text  # no internals, no inputs
    assert response.headers["x-content-type-options"] == "nosniff"  # through the security-headers middleware
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_table_defect_on_a_page_is_an_error_page(client: Any, broken_stage_table: str) -> None:
    response = client.get(
        "/result", params={"site": "leg", "size_cm": "8", "grade": "3"}, headers={"accept": "text/html"}
    )
    assert response.status_code == 500, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert "report it" in response.text and "Traceback" not in response.text
    assert broken_stage_table not in response.text
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_table_defect_is_logged_without_the_case(client: Any, broken_stage_table: str, caplog: Any) -> None:
    with caplog.at_level("ERROR", logger="sarcoma.api"):
        client.post("/api/v1/stage", json=LEG)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "NoMatchingRule" in logged
    assert "T2" not in logged and "G3" not in logged and broken_stage_table not in logged
