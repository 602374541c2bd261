"""The clinician edition setting on the result page: kept in the URL, the plan stays on AJCC 8 (issue 15)."""

from __future__ import annotations

import re
from typing import Any

QUERY = "site=thigh&size=12&unit=cm&grade=3&n=yes&m=no"


def test_default_result_offers_the_editions_with_ajcc8_selected(client: Any) -> None:
    page = client.get(f"/result?{QUERY}")
    assert page.status_code == 200
    assert '<option value="ajcc8" selected>AJCC 8th</option>' in page.text
    for code in ("uicc9", "uicc8", "ajcc7"):
        assert f'<option value="{code}">' in page.text
    assert "Stage IV" in page.text


def test_edition_in_the_url_stages_in_that_edition_and_keeps_the_treatment_plan(client: Any) -> None:
    ajcc8 = client.get(f"/result?{QUERY}").text
    uicc9 = client.get(f"/result?{QUERY}&edition=uicc9")
    assert uicc9.status_code == 200
    assert "UICC TNM 9 edition" in uicc9.text and '<option value="uicc9" selected>' in uicc9.text
    assert "Stage IIIB" in uicc9.text
    start, end = '<section aria-labelledby="treat-h">', '<section aria-labelledby="questions-h">'
    terms = re.compile(r"<li>\s*<details class=\"term\".*?</li>", re.DOTALL)  # glossary of words on the page
    plan_8 = terms.sub("", ajcc8[ajcc8.index(start) : ajcc8.index(end)]).split()
    assert plan_8 == terms.sub("", uicc9.text[uicc9.text.index(start) : uicc9.text.index(end)]).split()
    # the other answers are carried as hidden fields, the edition is not (the select sets it)
    assert '<input type="hidden" name="site" value="thigh">' in uicc9.text
    assert '<input type="hidden" name="edition"' not in uicc9.text


def test_ajcc7_reads_the_depth_answer(client: Any) -> None:
    page = client.get(f"/result?{QUERY}&edition=ajcc7&depth=superficial")
    assert page.status_code == 200
    assert "AJCC 7 edition" in page.text and "cT2a" in page.text
    assert "Is the tumor under the muscle covering (deep) or just under the skin?" in page.text
    assert 'id="edition-depth-superficial" name="depth" value="superficial" checked' in page.text
    assert 'value="unknown"' in page.text and "Not known" in page.text
    unknown = client.get(f"/result?{QUERY}&edition=ajcc7&depth=unknown")
    assert unknown.status_code == 200 and "cT2 " in unknown.text  # no letter; the same stage


def test_fhir_download_names_the_edition(client: Any) -> None:
    bundle = client.get(f"/result.fhir.json?{QUERY}&edition=ajcc7").json()
    methods = {
        c["code"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Observation" and "coding" in e["resource"].get("method", {})
        for c in e["resource"]["method"]["coding"]
    }
    assert methods == {"443830009"}


def test_a_bad_edition_is_a_plain_error_not_a_crash(client: Any) -> None:
    page = client.get(f"/result?{QUERY}&edition=tnm5")
    assert page.status_code in (200, 422) and "Traceback" not in page.text


def test_an_ajcc7_t_in_the_url(client: Any) -> None:
    """A T from an AJCC 7 record: staged with edition ajcc7 (plan on AJCC 8 without it), refused in AJCC 8."""
    record = "site=thigh&t=T1a&grade=1&n=no&m=no"
    page = client.get(f"/result?{record}&edition=ajcc7")
    assert page.status_code == 200, page.text[:500]
    assert "AJCC 7 edition" in page.text and "cT1a" in page.text and "Stage IA" in page.text
    refused = client.get(f"/result?{record}")
    assert "T1a is a T stage from another edition of the staging rules (AJCC 7)" in " ".join(refused.text.split())
