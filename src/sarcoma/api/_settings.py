"""Server settings in one place: body limits, rate limits, trusted hosts and HSTS.

``sarcoma serve`` reads them from ``SARCOMA_*`` environment variables (:meth:`ServerSettings.from_env`)
and lets its flags override them; ``create_app()`` without settings builds the app for tests and
embedding (no rate limit, any host). See docs/deploy.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

__all__ = ["ServerSettings", "BodyLimit", "BODY_LIMITS", "DEFAULT_RATE_LIMIT", "DEFAULT_PDF_RATE_LIMIT"]

DEFAULT_RATE_LIMIT = "300/minute"
"""Requests per client (static files not counted); a person using the pages makes a few a minute."""

DEFAULT_PDF_RATE_LIMIT = "10/minute"
"""Summary PDFs per client: one PDF costs about 460 health checks of server time."""


@dataclass(frozen=True)
class BodyLimit:
    """The largest request body for paths under ``prefix``; ``fhir`` answers in an OperationOutcome."""

    prefix: str
    max_bytes: int
    fhir: bool = False


BODY_LIMITS: tuple[BodyLimit, ...] = (
    BodyLimit("/fhir/", 5_000_000, fhir=True),  # real EHR Bundles run to a few MB
    BodyLimit("/", 64 * 1024),  # one case is well under 1 KiB
)
"""Per-route body limits, first matching prefix wins (declared here only)."""


def _limit(value: str | None, default: str | None) -> str | None:
    if value is None:
        return default
    value = value.strip()
    return None if value.lower() in ("", "0", "off", "none") else value


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class ServerSettings:
    """How the server protects itself; every field has a ``SARCOMA_*`` environment variable.

    ``rate_limit`` and ``pdf_rate_limit`` use the ``limits`` notation (``300/minute``, ``5/second``)
    or ``None`` for no limit. ``trusted_hosts`` lists the Host header values accepted (``*`` = any;
    ``*.example.org`` allowed). ``hsts`` adds Strict-Transport-Security to answers sent over https.
    """

    rate_limit: str | None = DEFAULT_RATE_LIMIT
    pdf_rate_limit: str | None = DEFAULT_PDF_RATE_LIMIT
    trusted_hosts: tuple[str, ...] = ("*",)
    hsts: bool = False
    hsts_max_age: int = 31_536_000
    body_limits: tuple[BodyLimit, ...] = field(default=BODY_LIMITS)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServerSettings:
        """Read ``SARCOMA_RATE_LIMIT``, ``SARCOMA_PDF_RATE_LIMIT``, ``SARCOMA_TRUSTED_HOSTS`` (comma list),
        ``SARCOMA_HSTS`` (1/0); anything unset keeps its default."""
        env = os.environ if env is None else env
        hosts = tuple(h.strip() for h in env.get("SARCOMA_TRUSTED_HOSTS", "*").split(",") if h.strip())
        return cls(
            rate_limit=_limit(env.get("SARCOMA_RATE_LIMIT"), DEFAULT_RATE_LIMIT),
            pdf_rate_limit=_limit(env.get("SARCOMA_PDF_RATE_LIMIT"), DEFAULT_PDF_RATE_LIMIT),
            trusted_hosts=hosts or ("*",),
            hsts=_flag(env.get("SARCOMA_HSTS")),
        )

    @classmethod
    def unlimited(cls) -> ServerSettings:
        """No rate limit and any host: for tests and for embedding the app in another server."""
        return cls(rate_limit=None, pdf_rate_limit=None)

    def with_changes(self, **changes: object) -> ServerSettings:
        """A copy with ``changes`` applied (flags over environment)."""
        return replace(self, **changes)  # type: ignore[arg-type]
