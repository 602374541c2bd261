"""Schemathesis over the OpenAPI document: no 5xx, and every answer conforms to the schema.

``positive_data_acceptance`` is left out on purpose: a schema cannot say that ``site`` must be a
known site or that a size must agree with an explicit T, so some schema-valid requests are
rightly refused with 422 (and 422 with its error shape is part of the documented schema).
"""

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

# This topic's operations; the FHIR and prognosis routers mounted in the same app are tested by their topics.
OWN_PATHS = r"^/api/v1/(stage|grade|treatments|kb/|health)"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(path_regex=OWN_PATHS)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)
