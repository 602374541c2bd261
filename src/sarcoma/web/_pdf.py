"""The summary PDF, rendered by WeasyPrint from a Jinja template and the local print stylesheet.

WeasyPrint is imported on first use, never with the web app: it needs the Pango system library, and
without ``libharfbuzz-subset0`` it warns at import. A machine with only Python still runs the app; the
PDF link then answers 503 in plain words (:func:`pdf_unavailable`). ``SARCOMA_DISABLE_PDF=1`` turns
the PDF off on purpose (and lets CI check the app and tests on a machine without Pango).
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import io
import os
import warnings
from importlib import resources
from types import ModuleType
from typing import Any

__all__ = ["render_pdf", "PDF_CSS", "PdfUnavailable", "pdf_unavailable", "NO_PDF_MESSAGE"]

NO_PDF_MESSAGE = (
    "This server cannot make the PDF summary right now. A program it needs is not installed. "
    "Your result page has the same facts. You can print that page from your browser."
)
"""What the PDF link says when WeasyPrint cannot load (plain words; the reason goes to the server log)."""


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot load on this machine (a missing system library) or the PDF is turned off."""


@functools.cache
def _weasyprint() -> ModuleType | str:
    """The weasyprint module, or why it cannot be loaded (checked once per process)."""
    if os.environ.get("SARCOMA_DISABLE_PDF", "").strip().lower() in ("1", "true", "yes"):
        return "turned off with SARCOMA_DISABLE_PDF"
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        # Without libharfbuzz-subset0 WeasyPrint raises a DeprecationWarning at import and still works;
        # without Pango it prints a banner and raises OSError.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return importlib.import_module("weasyprint")
        except (OSError, ImportError) as exc:
            return f"WeasyPrint cannot load ({type(exc).__name__}: {str(exc)[:160]}); install Pango"


def pdf_unavailable() -> str | None:
    """Why the PDF cannot be made here, or ``None`` when it can."""
    found = _weasyprint()
    return found if isinstance(found, str) else None


PDF_CSS = resources.files("sarcoma.web") / "static" / "css" / "pdf.css"


def _no_network(url: str, *_args: Any, **_kwargs: Any) -> dict[str, Any]:
    """Refuse every fetch: the summary uses only the stylesheet passed in and inline SVG."""
    raise ValueError(f"the summary PDF does not load external resources ({url[:40]})")


def render_pdf(html: str) -> bytes:
    """Render ``html`` to PDF bytes; raise :class:`PdfUnavailable` when WeasyPrint cannot load."""
    weasyprint = _weasyprint()
    if isinstance(weasyprint, str):
        raise PdfUnavailable(weasyprint)
    CSS, HTML = weasyprint.CSS, weasyprint.HTML

    stylesheet = CSS(string=PDF_CSS.read_text(encoding="utf-8"), url_fetcher=_no_network)
    # PDF/UA-1: a tagged PDF (structure tree, language, title) that screen readers can follow.
    document: bytes = HTML(string=html, url_fetcher=_no_network, base_url=".").write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
    return document
