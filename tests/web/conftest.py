"""Skip the summary-PDF tests loudly where WeasyPrint cannot load (no Pango) or the PDF is turned off."""

from __future__ import annotations

import pytest

from sarcoma.web._pdf import pdf_unavailable

PDF_MODULES = ("test_pdf.py",)
"""Test modules that need a working WeasyPrint."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = pdf_unavailable()
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"SKIPPED LOUDLY: the summary PDF cannot be made here: {reason}")
    for item in items:
        if item.path.name in PDF_MODULES:
            item.add_marker(skip)
