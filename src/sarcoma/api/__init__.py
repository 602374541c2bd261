"""The JSON API and web app: ``create_app()`` builds the FastAPI application."""

from __future__ import annotations

from ._settings import ServerSettings
from .main import create_app

__all__ = ["create_app", "ServerSettings"]
