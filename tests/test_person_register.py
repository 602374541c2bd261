"""The person register never asserts a fact the inputs do not give (issue 10), in every interface.

For every site group and every mix of known and unknown T (size or extent), N, M and grade, the
sentences a person reads (library, CLI, API, web page, PDF text) are checked against the case: no
"has not spread" when N or M is unknown, no "low grade" when the grade is unknown, no size when
the size is unknown, and no single-stage headline when the unknowns leave several possible stages.
Conditional sentences ("It is IB if ...", "Stage IB would mean: ...") are not assertions.
"""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from itertools import product
from typing import Any
from urllib.parse import urlencode

import pypdf
import pytest
from typer.testing import CliRunner

from sarcoma import stage
from sarcoma.cli._main import app as cli_app
from sarcoma.treatments import shared_treatment_options

KNOWN_T = {"leg": {"size": "8"}, "retroperitoneum": {"size": "12"}, "head_neck": {"size": "3"}, "visceral": {}}
KNOWN_T_FIELDS = {
    "leg": {"size_cm": 8.0},
    "retroperitoneum": {"size_cm": 12.0},
    "head_neck": {"size_cm": 3.0},
    "visceral": {"extent": "serosa"},
}
SITES = list(KNOWN_T_FIELDS)
PATTERNS = list(product((True, False), repeat=4))
"""Known (True) or unknown for T, N, M and grade: 16 patterns per site group."""

FORBIDDEN = {
    "n": (
        "has not spread to nearby lymph",
        "has spread to nearby lymph",
        "no cancer was found in nearby lymph nodes",
        "has not spread,",
    ),
    "m": ("has not spread to distant", "has spread to distant", "or to distant parts", "has not spread,"),
    "grade": ("low grade", "is grade 1", "is grade 2", "is grade 3", "high grade", "grade 2 or 3"),
    "t": (" cm across", "cm or smaller", "larger than", "thin outer lining"),
}
"""Phrases that assert a value of each axis; allowed only when that axis is known."""
UNKNOWN_OK = ("do not know", "not known", "registries", "registry", "depend on")


def _case(site: str, known: tuple[bool, ...], *, n: str = "N0", m: str = "M0", grade: str = "3") -> dict[str, Any]:
    t_known, n_known, m_known, g_known = known
    fields: dict[str, Any] = {"site": site}
    if t_known:
        fields.update(KNOWN_T_FIELDS[site])
    fields["n"] = n if n_known else "NX"
    if m_known:
        fields["m"] = m
    fields["grade"] = grade if g_known else "X"
    return fields


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]


def _conditional(sentence: str) -> bool:
    return " if " in f" {sentence} " or "would mean" in sentence


def assert_honest(text: str, case: dict[str, Any], where: str) -> None:
    """No sentence of ``text`` states a value of an axis the case does not know."""
    unknown = {
        "t": not any(k in case for k in ("size_cm", "size", "extent", "t")),
        "n": case.get("n") in (None, "NX", "unknown"),
        "m": case.get("m") in (None, "MX", "unknown"),
        "grade": case.get("grade") in (None, "X", "unknown"),
    }
    for sentence in _sentences(text):
        low = sentence.lower()
        if _conditional(sentence) or any(w in low for w in UNKNOWN_OK):
            continue
        for axis, phrases in FORBIDDEN.items():
            if unknown[axis]:
                hit = [p for p in phrases if p in low]
                assert not hit, f"{where}: {case}: {axis} is unknown but {sentence!r} says {hit}"


def assert_headline(headline: str, possible: list[str], where: str) -> None:
    if len(possible) > 1:
        assert all(s in headline for s in possible), (where, headline, possible)
        assert "not known yet" in headline, (where, headline)


def _library_text(case: dict[str, Any]) -> tuple[str, Any]:
    result = stage(case)
    plan = shared_treatment_options(case)
    reasons = [s.reason for s in plan.option_sets] + [o.reason for s in plan.option_sets for o in s.options]
    text = " ".join(
        [result.headline, result.summary, *result.plain_parts.values(), *result.stage_meaning, plan.state_explanation]
        + reasons
    )
    return text, result


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("known", PATTERNS, ids=lambda k: "".join("K" if x else "U" for x in k))
def test_library_and_treatment_text(site: str, known: tuple[bool, ...]) -> None:
    for n, m, grade in (("N0", "M0", "3"), ("N1", "M0", "1"), ("N0", "M1", "2")):
        case = _case(site, known, n=n, m=m, grade=grade)
        text, result = _library_text(case)
        assert_honest(text, case, "library")
        assert_headline(result.headline, result.possible_stages, "library")
        if len(result.possible_stages) > 1:
            assert "so it is stage" not in result.summary.lower()
        if known[3]:  # the person said the grade: the headline and sentences use it, not a band
            assert "grade 2 or 3" not in result.summary and "grade 2 or 3" not in result.headline
            assert f"grade {grade}" in result.summary


def _cli_args(case: dict[str, Any]) -> list[str]:
    args = ["stage"]
    for key, value in case.items():
        args += [f"--{key.replace('_', '-')}", str(value)]
    return args


@pytest.mark.parametrize("site", SITES)
def test_cli_json_and_text(site: str) -> None:
    runner = CliRunner()
    for known in PATTERNS:
        case = _case(site, known)
        out = runner.invoke(cli_app, [*_cli_args(case), "--json"])
        assert out.exit_code == 0, out.output
        data = json.loads(out.stdout)
        assert data["possible_stages"] == stage(case).possible_stages
        assert_honest(" ".join([data["headline"], data["summary"], *data["plain_parts"].values()]), case, "cli json")
        text = runner.invoke(cli_app, _cli_args(case))
        assert text.exit_code == 0
        person = text.stdout.split("Assumptions made")[0].split("How this was decided")[0]
        person = "\n".join(line for line in person.splitlines() if "Registry record" not in line)
        assert_honest(person.replace("│", " "), case, "cli text")


@pytest.mark.parametrize("site", SITES)
def test_api(client: Any, site: str) -> None:
    for known in PATTERNS:
        case = _case(site, known)
        body = {k: (float(v) if k == "size_cm" else v) for k, v in case.items()}
        response = client.post("/api/v1/stage", json=body)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["possible_stages"] == stage(case).possible_stages
        assert data["missing"] == stage(case).missing
        texts = [data["headline"], data["summary"], *data["plain_parts"].values(), *data["stage_meaning"]]
        assert_honest(" ".join(texts), case, "api")
        assert_headline(data["headline"], data["possible_stages"], "api")


class _PersonText(HTMLParser):
    """Text inside the person-register parts of the result page."""

    KEEP_CLASSES = {"lead", "stage-box", "card", "option-set", "uncertain"}

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("input", "br", "img", "meta", "link"):
            return
        classes = set((dict(attrs).get("class") or "").split())
        keep = bool(classes & self.KEEP_CLASSES) or dict(attrs).get("id") == "treat-h"
        self.stack.append(keep)
        self.depth += keep

    def handle_endtag(self, tag: str) -> None:
        if tag in ("input", "br", "img", "meta", "link") or not self.stack:
            return
        self.depth -= self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.depth > 0:
            self.parts.append(data)


def _web_query(site: str, known: tuple[bool, ...]) -> tuple[dict[str, str], dict[str, Any]]:
    t_known, n_known, m_known, g_known = known
    query = {"site": site, "unit": "cm", "recurrent": "no", "resectable": "yes"}
    if t_known:
        query.update(KNOWN_T[site])
        if site == "visceral":
            query["extent"] = "serosa"
    query["n"] = "no" if n_known else "unknown"
    query["m"] = "no" if m_known else "unknown"
    query["grade"] = "3" if g_known else "X"
    return query, _case(site, known)


@pytest.mark.parametrize("site", SITES)
def test_web_result_page(client: Any, site: str) -> None:
    for known in PATTERNS:
        query, case = _web_query(site, known)
        response = client.get("/result?" + urlencode(query))
        assert response.status_code == 200, response.text[:500]
        parser = _PersonText()
        parser.feed(response.text)
        assert_honest(" ".join(parser.parts), case, f"web {query}")
        result = stage(case)
        headline = re.search(r'<span class="stage-name">(.*?)</span>', response.text)
        assert headline is not None and headline.group(1) == result.headline
        assert_headline(headline.group(1), result.possible_stages, "web")


def _pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.mark.slow  # six PDFs made and read back (~5 s); tests/web/test_pdf.py checks the PDF in the fast suite
@pytest.mark.pdf
@pytest.mark.parametrize("site", ["leg", "head_neck"])
def test_pdf_my_stage_text(client: Any, site: str) -> None:
    for known in [(True, True, True, False), (False, False, False, False), (True, False, True, True)]:
        query, case = _web_query(site, known)
        response = client.get("/summary.pdf?" + urlencode(query))
        assert response.status_code == 200
        text = _pdf_text(response.content)
        mine = text.split("My stage", 1)[1].split("My answers", 1)[0]
        mine = mine.split("Codes as a cancer registry")[0] + " " + mine.split("Part Code What this means")[-1]
        assert_honest(mine, case, f"pdf {query}")
        assert stage(case).headline in text
        answers = text.split("My answers", 1)[1]
        assert "What is the grade of the tumor?" in answers and answers.count("Change") >= 7


# The five cases of the issue, as regression tests.


def test_issue_case_1_stage_meaning_fits_the_case(client: Any) -> None:
    result = stage(site="retroperitoneum", size_cm=22, grade="3", n="no", m="no")
    assert result.stage_meaning == [
        "The tumor is larger than 10 cm, grade 2 or 3, and has not spread, so it is stage IIIB."
    ]
    page = client.get("/result?site=retroperitoneum&size=22&unit=cm&grade=3&n=no&m=no&recurrent=no&resectable=yes")
    box = page.text.split('class="stage-box"')[1].split("</section>")[0]
    assert "nearby lymph nodes" not in box
    distant = stage(site="retroperitoneum", size_cm=22, grade="3", n="no", m="yes")
    assert distant.stage == "IV" and not any("lymph nodes" in line for line in distant.stage_meaning)


def test_issue_case_2_conventions_are_not_reassurance() -> None:
    everything = stage(site="leg")
    assert everything.stage == "I"  # registry register unchanged
    assert everything.headline.startswith("Stage not known yet")
    assert "has not spread" not in everything.summary
    rp = stage(site="retroperitoneum", size_cm=12, grade="X", n="N0", m="M0")
    assert "low grade, and has not spread" not in rp.summary
    assert "It is IB if the tumor is low grade, or IIIB if it is grade 2 or 3. Ask your care team for the grade." in (
        rp.summary
    )
    plan = shared_treatment_options({"site": "retroperitoneum", "size_cm": 12, "grade": "X", "n": "N0", "m": "M0"})
    assert plan.state == "uncertain" and not any("low_risk" in s.id for s in plan.option_sets)
    out = CliRunner().invoke(cli_app, ["stage", "--site", "leg", "--size-cm", "3", "--grade", "X", "--json"])
    data = json.loads(out.stdout)
    assert "low grade" not in data["summary"] and "has not spread to lymph nodes" not in data["summary"]


def test_issue_case_3_head_and_neck_extent(client: Any) -> None:
    result = stage(site="head_neck", size_cm=3, extent="brain")
    assert result.t == "T4b" and result.t_from == "extent"
    assert result.plain_parts["t"] == "The tumor has grown into the brain."
    assert "larger than 2 cm" not in result.plain_parts["t"]
    several = stage(site="head_neck", extent="orbit,brain")
    assert several.t == "T4b"
    page = client.get("/result?site=head_neck&size=3&unit=cm&extent=none&extent=brain&grade=3&n=no&m=no")
    assert page.status_code == 200
    assert "in the T2 range" not in page.text and 'id="size-h"' not in page.text
    step = client.get("/check?site=head_neck&step=size")
    assert "Do the scans or the report say the tumor has grown into any of these?" in step.text
    boxes = re.findall(r'<input type="checkbox" id="extent-([a-z_]+)"', step.text)
    assert boxes[0] == "none" and len(boxes) == 10


def test_issue_case_4_same_codes_in_every_interface(client: Any) -> None:
    fields = {"site": "leg", "size_cm": 7.0, "n": "N0", "m": "M0", "basis": "recurrence"}
    library = stage(fields).tnm
    api = client.post("/api/v1/stage", json=fields).json()["tnm"]
    cli = json.loads(CliRunner().invoke(cli_app, [*_cli_args(fields), "--json"]).stdout)["tnm"]
    page = client.get("/result?site=leg&size=7&unit=cm&n=no&m=no&recurrent=yes&resectable=yes").text
    assert library == api == cli == "rT2 rN0 cM0"
    assert "rT2 rN0 cM0" in page
    assert stage(site="leg", size_cm=7, basis="pathologic").tnm == "pT2 cN0 cM0"
    assert stage(site="leg", size_cm=7, basis="post_therapy", m="M0").tnm == "ypT2 cN0 cM0"


def test_issue_case_5_answers_list_grade_and_extent_with_change_links(client: Any) -> None:
    page = client.get(
        "/result?site=head_neck&size=3&unit=cm&extent=brain&grade=3&n=no&m=no&recurrent=no&resectable=yes"
    )
    answers = page.text.split('id="answers-h"')[1].split("</section>")[0]
    assert "What is the grade of the tumor?" in answers and "Grade 3 (high grade)" in answers
    assert "How far the tumor has grown" in answers and "grown into the brain" in answers
    assert answers.count(">Change<") >= 8


def test_fhir_stage_group_notes_the_possible_stages() -> None:
    from sarcoma.interop.fhir import result_to_bundle
    from sarcoma.staging import StagingInput

    case = StagingInput(site="retroperitoneum", size_cm=12, grade="X", n="N0", m="M0")
    bundle = result_to_bundle(case, stage(case))
    group = next(e["resource"] for e in bundle["entry"] if "stage-group" in str(e["resource"].get("meta", {})))
    assert group["valueCodeableConcept"]["text"] == "Stage IB"  # the registry code is unchanged
    notes = " ".join(n["text"] for n in group["note"])
    assert "Possible stages given the unknown inputs: IB, IIIB" in notes and "grade" in notes


def test_openapi_documents_the_new_fields(client: Any) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["StageResult"]["properties"]
    for name in ("possible_stages", "missing", "unknown", "headline", "plain_parts", "stage_meaning", "t_from"):
        assert name in schema, name


def test_person_sentences_read_at_grade_8_or_lower() -> None:
    from sarcoma.kb._readability import MAX_GRADE, reading_level
    from sarcoma.kb._texts import glossary_words

    terms = glossary_words()
    for site, known in product(SITES, PATTERNS):
        result = stage(_case(site, known))
        for text in (result.summary, *result.plain_parts.values()):
            level = reading_level(text, terms)
            assert level.grade <= MAX_GRADE, (site, known, text, round(level.grade, 1))
