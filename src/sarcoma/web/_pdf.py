"""The summary PDF, rendered by WeasyPrint from a Jinja template and the local print stylesheet."""

from __future__ import annotations

from importlib import resources
from typing import Any

__all__ = ["render_pdf", "PDF_CSS"]

PDF_CSS = resources.files("sarcoma.web") / "static" / "css" / "pdf.css"


def _no_network(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
    """Refuse every fetch: the summary uses only the stylesheet passed in and inline SVG."""
    raise ValueError(f"the summary PDF does not load external resources ({url[:40]})")


def render_pdf(html: str) -> bytes:
    """Render ``html`` to PDF bytes."""
    from weasyprint import CSS, HTML

    stylesheet = CSS(string=PDF_CSS.read_text(encoding="utf-8"), url_fetcher=_no_network)
    # PDF/UA-1: a tagged PDF (structure tree, language, title) that screen readers can follow.
    document: bytes = HTML(string=html, url_fetcher=_no_network, base_url=".").write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
    return document
