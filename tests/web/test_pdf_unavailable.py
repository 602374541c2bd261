"""Issue 16 item 15: a machine with Python but without Pango (or libharfbuzz-subset0) runs the app and the
tests; the PDF link answers 503 in plain words.

A missing system library cannot be uninstalled for one test, so two stand-in ``weasyprint`` packages
reproduce what WeasyPrint 70 does at import on such a machine (the DeprecationWarning without
HarfBuzz-Subset; the banner and OSError without Pango), and a fresh interpreter imports our loader with
``-W error``, as pytest's ``filterwarnings = error`` does.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sarcoma.web import _pdf

CASE = "site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"

NO_HARFBUZZ_SUBSET = """
import warnings
warnings.warn("HarfBuzz-Subset will be required by future versions of WeasyPrint.", category=DeprecationWarning)
class HTML: ...
class CSS: ...
"""
NO_PANGO = """
print("-----  WeasyPrint could not import some external libraries.  -----")
raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")
"""
PROBE = "from sarcoma.web._pdf import pdf_unavailable; print('REASON', pdf_unavailable())"


def _probe(tmp_path: Path, stub: str) -> subprocess.CompletedProcess[str]:
    package = tmp_path / "weasyprint"
    package.mkdir()
    (package / "__init__.py").write_text(stub)
    child_env = {k: v for k, v in os.environ.items() if k != "SARCOMA_DISABLE_PDF"}
    child_env["PYTHONPATH"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-W", "error", "-c", PROBE], capture_output=True, text=True, env=child_env, timeout=120
    )


def test_missing_harfbuzz_subset_warning_is_not_an_error(tmp_path: Path) -> None:
    done = _probe(tmp_path, NO_HARFBUZZ_SUBSET)
    assert done.returncode == 0, done.stderr
    assert "REASON None" in done.stdout


def test_missing_pango_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    done = _probe(tmp_path, NO_PANGO)
    assert done.returncode == 0, done.stderr
    assert "REASON WeasyPrint cannot load (OSError" in done.stdout and "install Pango" in done.stdout
    assert "-----" not in done.stdout  # WeasyPrint's banner does not reach the server's output


@pytest.fixture
def pdf_off(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SARCOMA_DISABLE_PDF", "1")
    _pdf._weasyprint.cache_clear()
    yield
    monkeypatch.delenv("SARCOMA_DISABLE_PDF")
    _pdf._weasyprint.cache_clear()


@pytest.mark.usefixtures("pdf_off")
def test_pdf_link_answers_503_in_plain_words(client: Any) -> None:
    response = client.get(f"/summary.pdf?{CASE}", headers={"accept": "text/html"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert _pdf.NO_PDF_MESSAGE in response.text
    assert client.get(f"/result?{CASE}").status_code == 200


@pytest.mark.usefixtures("pdf_off")
def test_render_pdf_refuses_with_the_reason() -> None:
    with pytest.raises(_pdf.PdfUnavailable, match="SARCOMA_DISABLE_PDF"):
        _pdf.render_pdf("<p>x</p>")
