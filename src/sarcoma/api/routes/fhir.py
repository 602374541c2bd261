"""``POST /fhir/r4/$stage``: stage an mCODE Bundle (needs the ``fhir`` extra).

Accepts and returns ``application/fhir+json``. Unlike the JSON API, whose one error body is
:class:`sarcoma.api.schemas.ApiError`, this operation answers every error with a FHIR
``OperationOutcome``, as the FHIR specification requires: bad input is 422 with issues carrying
FHIRPath expressions for the resource and element at fault; a defect in our rule tables is 500 with
code ``exception``. Nothing about the request is logged or stored.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ...errors import RuleTableDefect
from ...interop.fhir import FhirInputError, Issue, stage_bundle
from .._errors import DEFECT_MESSAGE
from .._middleware import MAX_LOGGED_PATH, error_logger
from .._settings import BODY_LIMITS

__all__ = ["router", "FHIR_JSON", "MAX_BODY_BYTES", "MAX_DEPTH"]

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = next(limit.max_bytes for limit in BODY_LIMITS if limit.fhir)
"""Largest accepted request body (5 MB), declared in ``sarcoma.api._settings.BODY_LIMITS``; the app's
middleware refuses larger bodies before they are read, this check covers the router on its own."""

MAX_DEPTH = 64
"""Deepest JSON nesting accepted; a staging Bundle needs about 12 levels."""

_ACCEPTED_TYPES = (FHIR_JSON, "application/json")
_BUNDLE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["resourceType", "entry"],
    "properties": {"resourceType": {"const": "Bundle"}, "entry": {"type": "array", "minItems": 1}},
}
"""What the OpenAPI document can say about a staging Bundle; the rest is checked by the reader (422)."""
_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A FHIR R4 Bundle holding the primary cancer Condition and the staging facts.",
        "content": {FHIR_JSON: {"schema": _BUNDLE_SCHEMA}, "application/json": {"schema": _BUNDLE_SCHEMA}},
    },
    "responses": {
        "200": {"description": "A Bundle of mCODE staging Observations.", "content": {FHIR_JSON: {}}},
        "413": {
            "description": f"OperationOutcome: the request body is over {MAX_BODY_BYTES:,} bytes.",
            "content": {FHIR_JSON: {}},
        },
        "415": {"description": "OperationOutcome: send application/fhir+json.", "content": {FHIR_JSON: {}}},
        "422": {"description": "OperationOutcome: what is wrong, and where.", "content": {FHIR_JSON: {}}},
        "500": {"description": "OperationOutcome: our bug (a defect in the rule tables).", "content": {FHIR_JSON: {}}},
        "429": {
            "description": "OperationOutcome: too many requests from this client; wait the seconds in Retry-After.",
            "content": {FHIR_JSON: {}},
        },
    },
}

router = APIRouter(tags=["fhir"])


class FhirResponse(JSONResponse):
    """JSON with the FHIR media type."""

    media_type = FHIR_JSON


def _outcome(status: int, code: str, message: str, expression: str | None = None) -> FhirResponse:
    error = FhirInputError([Issue(message, None, expression, code)])
    return FhirResponse(error.operation_outcome(), status_code=status)


@router.post("/fhir/r4/$stage", response_class=FhirResponse, openapi_extra=_OPENAPI, summary="Stage an mCODE Bundle")
async def stage_fhir(
    request: Request,
    edition: Annotated[
        str | None,
        Query(
            max_length=16,
            description="Staging edition: ajcc8 (default), uicc9, uicc8 or ajcc7. The Observations carry the "
            "edition's staging-method code from the mCODE value set.",
        ),
    ] = None,
) -> FhirResponse:
    """Stage a FHIR R4 Bundle (AJCC 8th edition, or ``edition``) and answer with mCODE staging Observations."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _ACCEPTED_TYPES:
        return _outcome(415, "not-supported", f"send the Bundle as {FHIR_JSON} (got {media or 'no content type'})")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _outcome(413, "too-costly", f"the request body is over {MAX_BODY_BYTES:,} bytes")
    try:
        bundle = json.loads(body)
    except RecursionError:
        return _outcome(422, "structure", f"the request body is nested more than {MAX_DEPTH} levels deep")
    except ValueError as exc:  # bad JSON or UTF-8, and integers over Python's 4,300-digit limit
        return _outcome(422, "structure", f"the request body is not valid JSON ({_json_problem(exc)})")
    if _too_deep(bundle):
        return _outcome(422, "structure", f"the request body is nested more than {MAX_DEPTH} levels deep")
    try:
        out = await run_in_threadpool(partial(stage_bundle, bundle, edition=edition))
    except FhirInputError as exc:
        return FhirResponse(exc.operation_outcome(), status_code=422)
    except RuleTableDefect as exc:  # our bug: log the class and path only (the message can hold a case)
        error_logger.error("rule table defect %s on %s", type(exc).__name__, request.url.path[:MAX_LOGGED_PATH])
        return _outcome(500, "exception", DEFECT_MESSAGE)
    return FhirResponse(out)


def _json_problem(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError | UnicodeDecodeError):
        return exc.__class__.__name__
    return "a number is too long" if "digits" in str(exc) else "unreadable value"


def _too_deep(value: Any) -> bool:
    """Whether ``value`` nests lists/objects more than :data:`MAX_DEPTH` levels (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
