"""The web app: server-rendered pages (Jinja2), static assets and the summary PDF (WeasyPrint)."""

from __future__ import annotations

from importlib import resources

from ._pages import render_error, templates, web_router
from ._pdf import pdf_unavailable as pdf_unavailable  # for `sarcoma serve`, not public API
from ._texts import patient_texts as patient_texts  # for the readability gate, not public API

__all__ = ["web_router", "templates", "render_error", "STATIC_DIR"]

STATIC_DIR = str(resources.files("sarcoma.web") / "static")
"""Folder of the CSS, JavaScript, pictures and vendored Swagger UI files."""
