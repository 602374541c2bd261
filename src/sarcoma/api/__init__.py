"""The JSON API and web app: ``create_app()`` builds the FastAPI application."""

from __future__ import annotations

from .main import create_app

__all__ = ["create_app"]
