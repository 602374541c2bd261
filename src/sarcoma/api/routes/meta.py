"""GET /api/v1/health: a trivial endpoint (also the benchmark baseline)."""

from __future__ import annotations

from fastapi import APIRouter

from ... import __version__
from ..schemas import Health

__all__ = ["router"]

router = APIRouter(prefix="/api/v1", tags=["meta"])


@router.get("/health", response_model=Health)
def health() -> Health:
    """Say the service is up."""
    return Health(version=__version__)
