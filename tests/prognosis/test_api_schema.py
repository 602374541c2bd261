"""Schemathesis over the prognosis routes of the full app: no 5xx, every answer conforms to the schema."""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from sarcoma.api import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(path_regex=r"^/api/v1/prognosis")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@schema.parametrize()
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
def test_prognosis_api_conforms(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
