"""Schemathesis over the OpenAPI document: no 5xx, and every answer conforms to the schema.

Both generation modes run: positive (schema-valid requests) and negative (requests the schema forbids,
which must be refused with 4xx: ``negative_data_rejection``). The stateful phase follows the OpenAPI
links (search, then the item found) through the whole app, middleware included. ``FHIR $stage`` is in:
its body schema says what a staging Bundle must hold, so ``{}`` is a negative case (422 OperationOutcome).

``positive_data_acceptance`` is left out on purpose: a schema cannot say that ``site`` must be a
known site or that a size must agree with an explicit T, so some schema-valid requests are
rightly refused with 422 (and 422 with its error shape is part of the documented schema).
The ``slow`` variants run ten times the examples.
"""

from __future__ import annotations

from typing import Any

import pytest
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
from schemathesis.generation import GenerationMode

from sarcoma.api import create_app

# Every route of the JSON API (sarcoma/api/routes) and FHIR $stage.
OWN_PATHS = r"^/(api/v1/(stage|grade|treatments|kb/|health|prognosis)|fhir/r4/)"
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app()).include(path_regex=OWN_PATHS)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
FAST, SLOW = 40, 400


@schema.parametrize()
@settings(max_examples=FAST, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=SLOW, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_long(case: Any) -> None:
    case.call_and_validate(checks=CHECKS)


class _Workflow(schema.as_state_machine()):  # type: ignore[misc]
    def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
        case.validate_response(response, checks=CHECKS)


TestStateful = _Workflow.TestCase
TestStateful.settings = settings(
    max_examples=10, stateful_step_count=4, deadline=None, suppress_health_check=list(HealthCheck)
)


def test_the_stateful_phase_has_links_to_follow() -> None:
    rules = [name for name in dir(_Workflow) if "GetKbItem" in name]
    assert rules, "no OpenAPI link left for the stateful phase"
