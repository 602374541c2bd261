"""Security headers, the request body limit, and logs without bodies or query strings."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from sarcoma.api._middleware import MAX_BODY_BYTES

PATHS = [
    "/",
    "/check",
    "/result?site=leg&size=8&grade=3",
    "/learn",
    "/docs",
    "/api/v1/health",
    "/openapi.json",
    "/static/css/site.css",
    "/no-such-page",
]


@pytest.mark.parametrize("path", PATHS)
def test_security_headers_on_every_answer(client: Any, path: str) -> None:
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"


def test_body_over_limit_is_413_by_content_length(client: Any) -> None:
    body = b'{"site": "leg", "histology": "' + b"x" * MAX_BODY_BYTES + b'"}'
    response = client.post("/api/v1/stage", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["type"] == "PayloadTooLarge"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_body_over_limit_is_413_when_streamed(client: Any) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"site": "leg", "histology": "'
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b"x" * 1024
        yield b'"}'

    response = client.post("/api/v1/stage", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_logs_hold_neither_bodies_nor_queries(client: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client.post("/api/v1/stage", json={"site": "leg", "size_cm": 7.31, "histology": "8890/3", "grade": "3"})
    client.get("/result?site=leg&size=6.77&grade=2&n=no")
    client.get("/summary.pdf?site=arm&size=4.19&grade=1")
    client.post("/api/v1/stage", json={"site": "leg", "size_cm": "secret-value"})
    access = [json.loads(r.getMessage()) for r in caplog.records if r.name == "sarcoma.access"]
    assert {"method": "POST", "path": "/api/v1/stage", "status": 200}.items() <= access[0].items()
    assert any((line["method"], line["path"], line["status"]) == ("GET", "/result", 200) for line in access)
    # Server-side records only: the test's own HTTP client (httpx) logs the URLs it requests.
    text = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("httpx"))
    for secret in ("7.31", "8890", "6.77", "4.19", "secret-value", "size=", "site="):
        assert secret not in text
