"""Exception handlers: bad input is 422 with field-level messages; the API answers JSON, pages answer HTML.

A defect in the rule tables (:class:`sarcoma.errors.RuleTableDefect`, e.g. ``NoMatchingRule``) is our bug,
not bad input: it answers 500 with a plain message, no traceback and no inputs, and the log names only the
error class and the path (the message can hold a case).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from ..errors import RuleTableDefect, StagingError
from ._middleware import MAX_LOGGED_PATH, error_logger
from .schemas import error_body

__all__ = ["install_error_handlers", "validation_errors", "DEFECT_MESSAGE"]

DEFECT_MESSAGE = "internal error: our staging tables have no rule for this case; this is our bug, please report it"
"""What a person sees for a :class:`RuleTableDefect` (API 500 body and error page)."""

_LOCATIONS = {"body", "query", "path", "header", "cookie"}


def _field(loc: tuple[Any, ...] | list[Any]) -> str | None:
    parts = [str(p) for p in loc if str(p) not in _LOCATIONS]
    return ".".join(parts) or None


def validation_errors(raw: list[Any]) -> list[dict[str, str | None]]:
    """Turn pydantic/FastAPI errors into ``{field, message}`` items in the library's wording."""
    items: list[dict[str, str | None]] = []
    for err in raw:
        field = _field(err.get("loc", ()))
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        if err.get("type") == "json_invalid":
            field, msg = None, f"the body is not valid JSON ({err.get('ctx', {}).get('error', 'parse error')})"
        elif err.get("type") == "missing":
            msg = "this field is required"
        elif err.get("type") == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == r"\S":
            msg = "give a value; this field cannot be blank"
        items.append({"field": field, "message": msg})
    return items or [{"field": None, "message": "invalid request"}]


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/fhir/")) and "text/html" in request.headers.get("accept", "")


async def _validation_handler(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = validation_errors(list(exc.errors()))
    first = errors[0]
    message = f"{first['field']}: {first['message']}" if first["field"] else str(first["message"])
    body = {"type": "InvalidInput", "field": first["field"], "message": message, "errors": errors}
    return JSONResponse(body, status_code=422)


async def _staging_handler(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StagingError)
    return JSONResponse(exc.to_dict(), status_code=422)


async def _defect_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RuleTableDefect)
    error_logger.error("rule table defect %s on %s", type(exc).__name__, request.url.path[:MAX_LOGGED_PATH])
    if _wants_html(request):
        from ..web import render_error

        return render_error(request, 500, DEFECT_MESSAGE)
    return JSONResponse(error_body("InternalError", DEFECT_MESSAGE), status_code=500)


async def _http_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if _wants_html(request):
        from ..web import render_error

        return render_error(request, exc.status_code, str(exc.detail))
    if exc.status_code == 400 and request.url.path.startswith("/api/"):
        body = error_body("InvalidInput", "the body could not be read: send UTF-8 JSON")
        return JSONResponse(body, status_code=422)
    kind = "NotFound" if exc.status_code == 404 else "HTTPError"
    return JSONResponse(error_body(kind, str(exc.detail)), status_code=exc.status_code, headers=exc.headers)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StagingError, _staging_handler)
    app.add_exception_handler(RuleTableDefect, _defect_handler)
    app.add_exception_handler(HTTPException, _http_handler)
