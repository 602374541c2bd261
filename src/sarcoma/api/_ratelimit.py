"""A rate limit per client, with the ``limits`` library (sliding window counter, memory storage).

Configured in :class:`~sarcoma.api._settings.ServerSettings`: one limit for every request (static files
not counted) and a lower one for the summary PDF. Over the limit the answer is 429 with ``Retry-After``;
it passes through the security headers like every other answer. The client is ``scope["client"]``,
which uvicorn sets from ``X-Forwarded-For`` only with ``--proxy-headers`` and a trusted proxy.
"""

from __future__ import annotations

import math
import time

from limits import RateLimitItem, parse
from limits.storage import MemoryStorage
from limits.strategies import SlidingWindowCounterRateLimiter

from ._middleware import ASGIApp, Receive, Scope, Send, send_error

__all__ = ["RateLimit", "PDF_PATHS", "EXEMPT_PATHS"]

PDF_PATHS = ("/summary.pdf",)
"""Paths that also count against the PDF limit."""

EXEMPT_PATHS = ("/static/",)
"""Paths never limited (style sheets, scripts and pictures of the pages)."""


class RateLimit:
    """429 once a client has used its allowance; ``general`` and ``pdf`` use the ``limits`` notation."""

    def __init__(self, app: ASGIApp, general: str | None, pdf: str | None) -> None:
        self.app = app
        self.general: RateLimitItem | None = parse(general) if general else None
        self.pdf: RateLimitItem | None = parse(pdf) if pdf else None
        self.limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self.active = self.general is not None or self.pdf is not None

    def _refused(self, client: str, path: str) -> RateLimitItem | None:
        """The limit this request breaks (counting it), or ``None``."""
        if self.pdf is not None and path.startswith(PDF_PATHS) and not self.limiter.hit(self.pdf, "pdf", client):
            return self.pdf
        if self.general is not None and not self.limiter.hit(self.general, "all", client):
            return self.general
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if not self.active or scope["type"] != "http" or path.startswith(EXEMPT_PATHS):
            await self.app(scope, receive, send)
            return
        client = str((scope.get("client") or ("unknown",))[0])
        item = self._refused(client, path)
        if item is None:
            await self.app(scope, receive, send)
            return
        scope_name = "summary PDFs" if item is self.pdf else "requests"
        reset = self.limiter.get_window_stats(item, "pdf" if item is self.pdf else "all", client).reset_time
        retry = max(1, math.ceil(reset - time.time()))
        message = f"too many {scope_name} from your address ({item}); wait {retry} seconds and try again"
        await send_error(send, scope, 429, "TooManyRequests", message, retry_after=str(retry))
