"""The OpenAPI document: stable operation ids, local Swagger UI that fits the CSP."""

from __future__ import annotations

import re
from typing import Any

from sarcoma.batch import INPUT_COLUMNS  # the batch input columns are also the API request fields

EXPECTED_IDS = {
    "staging-stage_case",
    "grading-grade",
    "meta-health",
    "treatments-options",
    "kb-item",
    "kb-search",
}


def test_operation_ids_are_stable(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    ids = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert EXPECTED_IDS <= ids
    for path in spec["paths"].values():
        for op in path.values():
            assert op["operationId"] == f"{op['tags'][0]}-{op['operationId'].split('-', 1)[1]}"


def test_request_fields_are_batch_columns(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    schema = spec["components"]["schemas"]["StagingRequest"]
    assert set(schema["properties"]) == set(INPUT_COLUMNS)


def test_422_is_documented_with_the_error_shape(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    stage_op = spec["paths"]["/api/v1/stage"]["post"]
    assert stage_op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ApiError")


def test_docs_use_local_assets_and_no_inline_script(client: Any) -> None:
    html = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/js/swagger-init.js" in html
    assert not re.search(r"https?://", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE"):
        response = client.get(f"/static/vendor/swagger-ui/{asset}")
        assert response.status_code == 200
