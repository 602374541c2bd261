"""My summary PDF (WeasyPrint), checked with pypdf."""

from __future__ import annotations

import io
from typing import Any

import pypdf

from sarcoma.staging import DISCLAIMER
from sarcoma.treatments import treatment_options

QUERY = "site=leg&size=8&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes"


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_summary_pdf_has_what_the_issue_lists(client: Any) -> None:
    response = client.get(f"/summary.pdf?{QUERY}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    plan = treatment_options({"site": "leg", "size_cm": 8, "grade": "3", "n": "no", "m": "no"}, resectable="yes")
    for phrase in (
        "My sarcoma summary",
        "Stage IIIA",
        "Generated on",
        "Content version 0.1.0",
        "NCI source date",
        "My questions",
        "My notes",
        "Sources",
        "cancer.gov/types/soft-tissue-sarcoma",
        plan.questions[0],
        plan.option_sets[0].title,
    ):
        assert phrase in text, phrase
    assert " ".join(DISCLAIMER.split()) in text


def test_summary_pdf_bad_input_is_a_page_not_a_crash(client: Any) -> None:
    response = client.get("/summary.pdf?site=leg&size=big", headers={"accept": "text/html"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")


def test_fhir_download(client: Any) -> None:
    page = client.get(f"/result?{QUERY}").text
    response = client.get(f"/result.fhir.json?{QUERY}")
    if "Download as FHIR" not in page:
        assert response.status_code == 404
        return
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    assert response.json()["resourceType"] == "Bundle"


def test_summary_pdf_is_tagged_for_screen_readers_and_links_back(client: Any) -> None:
    response = client.get(f"/summary.pdf?{QUERY}")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root, "a tagged PDF has a structure tree"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    links = [
        annot.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    ]
    assert f"http://testserver/result?{QUERY}" in links
    assert "/result?site=leg" in pdf_text(response.content).replace(" ", "")
