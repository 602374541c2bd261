"""``POST /fhir/r4/$stage``: a FastAPI router the web app mounts.

Accepts and returns ``application/fhir+json``. Bad input answers 422 with an OperationOutcome
whose issues carry FHIRPath expressions for the resource and element at fault. Nothing about
the request is logged or stored.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ._errors import FhirInputError, Issue
from ._stage import stage_bundle

__all__ = ["router", "FHIR_JSON", "MAX_BODY_BYTES"]

FHIR_JSON = "application/fhir+json"
MAX_BODY_BYTES = 5_000_000
"""Largest accepted request body (5 MB)."""

_ACCEPTED_TYPES = (FHIR_JSON, "application/json")
_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A FHIR R4 Bundle holding the primary cancer Condition and the staging facts.",
        "content": {FHIR_JSON: {"schema": {"type": "object"}}, "application/json": {"schema": {"type": "object"}}},
    },
    "responses": {
        "200": {"description": "A Bundle of mCODE staging Observations.", "content": {FHIR_JSON: {}}},
        "413": {"description": "OperationOutcome: the request body is too large.", "content": {FHIR_JSON: {}}},
        "415": {"description": "OperationOutcome: send application/fhir+json.", "content": {FHIR_JSON: {}}},
        "422": {"description": "OperationOutcome: what is wrong, and where.", "content": {FHIR_JSON: {}}},
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
async def stage_fhir(request: Request) -> FhirResponse:
    """Stage a FHIR R4 Bundle (AJCC 8th edition) and answer with mCODE staging Observations."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in _ACCEPTED_TYPES:
        return _outcome(415, "not-supported", f"send the Bundle as {FHIR_JSON} (got {media or 'no content type'})")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        return _outcome(413, "too-costly", f"the request body is over {MAX_BODY_BYTES:,} bytes")
    try:
        bundle = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _outcome(422, "structure", f"the request body is not valid JSON ({exc.__class__.__name__})")
    try:
        out = await run_in_threadpool(stage_bundle, bundle)
    except FhirInputError as exc:
        return FhirResponse(exc.operation_outcome(), status_code=422)
    return FhirResponse(out)
