"""The FastAPI application: JSON API under /api/v1, the web pages, static files and the API docs."""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ._errors import install_error_handlers
from ._middleware import AccessLog, BodySizeLimit, CatchAll, HeadAsGet, SecurityHeaders
from ._ratelimit import RateLimit
from ._settings import ServerSettings
from .routes import grading, kb, meta, prognosis, staging, treatments

__all__ = ["create_app", "operation_id", "install_middleware", "FHIR_EXTRA"]

FHIR_EXTRA = ("fhir", "fhirpathpy", "jsonschema")
"""Top-level modules of the ``fhir`` extra: without them the app runs without ``/fhir/r4/$stage``."""

log = logging.getLogger("sarcoma.api")


def operation_id(route: APIRoute) -> str:
    """Stable OpenAPI operation id ``{tag}-{name}``, e.g. ``staging-stage_case``."""
    tag = str(route.tags[0]) if route.tags else "default"
    return f"{tag}-{route.name}"


def fhir_router() -> APIRouter | None:
    """The FHIR operation's router, or ``None`` when the ``fhir`` extra is not installed."""
    try:
        from .routes import fhir
    except ImportError as exc:
        if exc.name is not None and exc.name.split(".")[0] in FHIR_EXTRA:
            return None
        raise
    return fhir.router


def install_middleware(app: FastAPI, settings: ServerSettings) -> None:
    """Wrap ``app``; the last added runs first, so the order below is from the inside out.

    Outside in: security headers (every answer, including 413, 429 and 500), the JSON access log, the
    catch-all that turns an unhandled exception into a 500 answer, HEAD for every GET, trusted hosts,
    the rate limit, and the per-route body limits.
    """
    app.add_middleware(BodySizeLimit, limits=settings.body_limits)
    app.add_middleware(RateLimit, general=settings.rate_limit, pdf=settings.pdf_rate_limit)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.trusted_hosts), www_redirect=False)
    app.add_middleware(HeadAsGet)
    app.add_middleware(CatchAll)
    app.add_middleware(AccessLog)
    hsts = f"max-age={settings.hsts_max_age}; includeSubDomains" if settings.hsts else None
    app.add_middleware(SecurityHeaders, hsts=hsts)


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    """Build the application. Nothing about a case is stored or logged; the state lives in the URL.

    ``settings`` defaults to :meth:`ServerSettings.unlimited` (tests, embedding); ``sarcoma serve``
    passes :meth:`ServerSettings.from_env` with its flags applied.
    """
    settings = settings or ServerSettings.unlimited()
    from ..web import STATIC_DIR, web_router

    app = FastAPI(
        title="Sarcoma Navigator API",
        version=__version__,
        summary="AJCC 8th-edition soft tissue sarcoma staging, FNCLCC grading, treatment options and knowledge base.",
        description=(
            "Request fields are named like the batch columns (site, size_cm, size_mm, t, n, m, grade, ...); "
            "responses carry the same fields as the CLI `--json`. Bad input gives 422 with one message per field. "
            "Not medical advice."
        ),
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        generate_unique_id_function=operation_id,
    )
    install_error_handlers(app)
    fhir = fhir_router()  # optional: needs the fhir extra
    routers = (staging.router, grading.router, treatments.router, kb.router, meta.router, fhir, prognosis.router)
    for router in routers:
        if router is not None:
            app.include_router(router)
    app.include_router(web_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_middleware(app, settings)
    return app
