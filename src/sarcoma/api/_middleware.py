"""ASGI middleware: security headers, a catch-all for errors, HEAD, body limits and a JSON access log.

Pure ASGI (no ``BaseHTTPMiddleware``) so each costs one function call per request. The order is set
in :func:`install_middleware`; :class:`SecurityHeaders` wraps everything, including the 500 answer of
:class:`CatchAll`, the 413 of :class:`BodySizeLimit` and the 429 of the rate limit.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from ._settings import BODY_LIMITS, BodyLimit

__all__ = [
    "CSP",
    "SECURITY_HEADERS",
    "MAX_BODY_BYTES",
    "NO_STORE_EXEMPT",
    "SecurityHeaders",
    "CatchAll",
    "HeadAsGet",
    "BodySizeLimit",
    "AccessLog",
    "access_logger",
    "send_error",
    "body_limit_for",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""Content-Security-Policy: same-origin only, no inline script or style, no framing."""

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)

NO_STORE_EXEMPT = ("/static/",)
"""Paths whose answers may be cached; every other answer gets ``Cache-Control: no-store`` because a
case travels in the URL (pages) or the body (API, FHIR) and must not sit in a shared or browser cache."""

MAX_BODY_BYTES = next(limit.max_bytes for limit in BODY_LIMITS if limit.prefix == "/")
"""Largest request body outside ``/fhir/`` (64 KiB); see ``BODY_LIMITS`` in ``_settings.py``."""

FHIR_JSON = "application/fhir+json"
MAX_LOGGED_PATH = 200

access_logger = logging.getLogger("sarcoma.access")
error_logger = logging.getLogger("sarcoma.api")


def _path(scope: Scope) -> str:
    return str(scope.get("path", ""))


def _relative(location: bytes) -> bytes:
    """Drop scheme and host from a redirect: the app only redirects to itself, and the host came from
    the request's Host header, which a client controls."""
    if not location.lower().startswith((b"http://", b"https://", b"//")):
        return location
    parts = urlsplit(location.decode("latin-1"))
    path = parts.path or "/"
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


class SecurityHeaders:
    """Security headers, ``no-store`` and relative redirects on every HTTP answer; HSTS over https."""

    def __init__(self, app: ASGIApp, hsts: str | None = None) -> None:
        self.app = app
        self.hsts = hsts.encode() if hsts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        no_store = not _path(scope).startswith(NO_STORE_EXEMPT)
        https = scope.get("scheme") == "https"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, _relative(value) if name.lower() == b"location" else value)
                    for name, value in message.get("headers", [])
                ]
                names = {name.lower() for name, _ in headers}
                headers += [h for h in SECURITY_HEADERS if h[0] not in names]
                if no_store and b"cache-control" not in names:
                    headers.append((b"cache-control", b"no-store"))
                if https and self.hsts is not None:
                    headers.append((b"strict-transport-security", self.hsts))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _wants_html(scope: Scope) -> bool:
    if _path(scope).startswith(("/api/", "/fhir/")):
        return False
    accept = dict(scope.get("headers", [])).get(b"accept", b"")
    return b"text/html" in accept


async def send_error(send: Send, scope: Scope, status: int, kind: str, message: str, **extra: str) -> None:
    """Answer ``status`` in the caller's format: an OperationOutcome under /fhir/, a short HTML page for
    browsers, else the API's ``{type, field, message, errors}`` JSON. ``extra`` adds headers."""
    if _path(scope).startswith("/fhir/"):
        code = {413: "too-costly", 429: "throttled", 500: "exception"}.get(status, "processing")
        issue = {"severity": "error", "code": code, "diagnostics": message}
        outcome = {"resourceType": "OperationOutcome", "issue": [issue]}
        data, media = json.dumps(outcome).encode(), FHIR_JSON.encode()
    elif _wants_html(scope):
        page = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sarcoma Navigator</title></head>'
            f"<body><main><h1>Something is not right</h1><p>{html.escape(message)}</p>"
            '<p><a href="/">Home</a></p></main></body></html>'
        )
        data, media = page.encode(), b"text/html; charset=utf-8"
    else:
        body = {"type": kind, "field": None, "message": message, "errors": [{"field": None, "message": message}]}
        data, media = json.dumps(body).encode(), b"application/json"
    headers = [(b"content-type", media), (b"content-length", str(len(data)).encode())]
    headers += [(name.replace("_", "-").encode(), value.encode()) for name, value in extra.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


class CatchAll:
    """Turn any unhandled exception into a 500 answer that still passes through :class:`SecurityHeaders`.

    Starlette's own last-resort handler sits outside every middleware, so its 500 had no security
    headers. The log line names the exception type and the path only: never its message or a
    traceback, which could hold a case.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001 - the last resort: answer 500 instead of dropping the connection
            error_logger.error("unhandled %s on %s", type(exc).__name__, _path(scope)[:MAX_LOGGED_PATH])
            if not started:
                await send_error(send, scope, 500, "InternalError", "something went wrong on our side; try again later")


class HeadAsGet:
    """Answer ``HEAD`` for every ``GET`` route: run it as GET and send the headers without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def body_limit_for(path: str, limits: tuple[BodyLimit, ...] = BODY_LIMITS) -> BodyLimit:
    """The first limit whose prefix starts ``path``."""
    return next((limit for limit in limits if path.startswith(limit.prefix)), limits[-1])


class BodySizeLimit:
    """Refuse request bodies over the path's limit with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limits: tuple[BodyLimit, ...] = BODY_LIMITS) -> None:
        self.app = app
        self.limits = limits

    async def _refuse(self, send: Send, scope: Scope, limit: BodyLimit) -> None:
        message = f"the request body is larger than {limit.max_bytes:,} bytes"
        await send_error(send, scope, 413, "PayloadTooLarge", message)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit_for(_path(scope), self.limits)
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > limit.max_bytes:
            await self._refuse(send, scope, limit)
            return
        seen = 0
        exceeded = False
        replaced = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit.max_bytes:
                    # Stop reading: the app sees an empty, final chunk and its answer is replaced below.
                    exceeded = True
                    return {"type": "http.request", "body": b"", "more_body": False}
            return message

        async def replacing_send(message: Message) -> None:
            nonlocal replaced
            if not exceeded:
                await send(message)
            elif message["type"] == "http.response.start" and not replaced:
                replaced = True
                await self._refuse(send, scope, limit)

        await self.app(scope, limited_receive, replacing_send)


def access_line(method: str, path: str, status: int, elapsed_ms: float) -> str:
    """One JSON log line. ``json.dumps`` escapes quotes and control characters, so a path holding
    ``%0a`` (a decoded newline) cannot start a forged line; long paths are cut."""
    record = {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
        "method": method[:16],
        "path": path[:MAX_LOGGED_PATH],
        "status": status,
        "ms": round(elapsed_ms, 1),
    }
    return json.dumps(record, ensure_ascii=True)


class AccessLog:
    """Log method, path, status and time for each request as a JSON line; never the query or the body.

    The page URLs carry a case in their query string, so only ``scope["path"]`` is logged.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not access_logger.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            elapsed_ms = (time.perf_counter() - start) * 1000
            method = str(scope.get("method", "?"))
            access_logger.info("%s", access_line(method, _path(scope), status, elapsed_ms))
