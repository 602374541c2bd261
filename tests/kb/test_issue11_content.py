"""Issue 11 content: the safety item, the ALT and soft-tissue Ewing items, drug status and cited sources."""

from __future__ import annotations

import pytest

from sarcoma.kb import load_kb
from sarcoma.treatments._data import doc

KB = load_kb()


def test_biopsy_at_a_sarcoma_center_comes_first_in_diagnosis_and_in_the_questions() -> None:
    diagnosis = [item for item in KB.items if item.topic == "diagnosis"]
    first = diagnosis[0]
    assert first.id == "biopsy-before-removal"
    text = " ".join([*first.key_points, *first.patient_body])
    for words in ("scan", "biopsy", "sarcoma center", "before anyone"):
        assert words in text
    assert "Gustafson" in (first.source.citation or "")
    assert "before anyone" in " ".join(KB.get("signs-lump").key_points)
    assert "before anyone removes the lump" in doc("questions")["before_surgery"][0].lower()


@pytest.mark.parametrize(
    ("query", "item_id"),
    [
        ("atypical lipomatous tumor", "atypical-lipomatous-tumor"),
        ("well-differentiated liposarcoma", "atypical-lipomatous-tumor"),
        ("Ewing sarcoma", "ewing-soft-tissue"),
        ("biopsy before removing a lump", "biopsy-before-removal"),
    ],
)
def test_new_items_are_found_by_search(query: str, item_id: str) -> None:
    assert KB.search(query)[0].item.id == item_id


def test_atypical_lipomatous_tumor_says_what_why_and_how_with_sources() -> None:
    item = KB.get("atypical-lipomatous-tumor")
    text = " ".join(item.patient_body)
    assert "MDM2" in text and "retroperitoneum" in text  # what it is, and its two names
    assert "not given a stage" in text  # why it is not staged like other sarcomas
    assert "surgery" in text.lower()  # how it is usually treated
    citation = item.source.citation or ""
    for source in (
        "WHO Classification",
        "Am J Clin Oncol. 2019",
        "doi:10.1002/cjp2.12",
        "staging-algorithm-eod-public",
    ):
        assert source in citation


def test_ewing_item_points_to_the_nci_ewing_summary() -> None:
    item = KB.get("ewing-soft-tissue")
    assert "https://www.cancer.gov/types/bone/patient/ewing-treatment-pdq" in (item.source.citation or "")
    assert "bone" in " ".join(item.key_points)
    assert "PDQ" not in " ".join([*item.key_points, *item.patient_body])


def test_larotrectinib_is_in_use_with_its_2018_approval() -> None:
    item = KB.get("drug-larotrectinib")
    assert item.drug_status == "in_use"
    assert "2018" in " ".join(item.patient_body) and "NTRK" in " ".join(item.key_points)
    assert "N Engl J Med. 2018;378(8):731-739" in (item.source.citation or "")
    tki = " ".join([*KB.get("targeted-tki").key_points, *KB.get("targeted-tki").patient_body])
    assert "larotrectinib is still under study" not in tki.lower()


def test_tazemetostat_label_needs_no_ini1() -> None:
    body = " ".join(KB.get("drug-tazemetostat").clinician_body)
    assert "does not require INI1" in body
    rows = {row["id"]: row for row in doc("clinician")["rows"]}
    assert "does not require INI1" in rows["tazemetostat_epithelioid"]["body"]
    assert "INI1 loss" not in rows["tazemetostat_epithelioid"]["title"]


@pytest.mark.parametrize(
    ("row_id", "reference"),
    [
        ("lms_doxorubicin_trabectedin", "N Engl J Med. 2024;391(9):789-799"),
        ("preop_rt_convention", "Radiother Oncol. 2005;75(1):48-53"),
        ("myxoid_liposarcoma", "Lancet Oncol. 2007;8(7):595-602"),
        ("sarcoma_center", "Acta Orthop Scand. 1994;65(1):47-50"),
        ("adjuvant_chemo_controversy", "Eur J Cancer. 2019;109:51-60"),
        ("imatinib_dfsp", "Eur J Surg Oncol. 2017"),
        ("imatinib_dfsp", "Clin Cancer Res. 2016"),
    ],
)
def test_clinician_rows_cite_the_checked_reference(row_id: str, reference: str) -> None:
    rows = {row["id"]: row for row in doc("clinician")["rows"]}
    assert reference in rows[row_id]["citation"]


def test_removed_claims_stay_removed() -> None:
    rows = " ".join(f"{r['body']} {r['citation']}" for r in doc("clinician")["rows"])
    kb = " ".join(" ".join(item.clinician_body) for item in KB.items)
    for text in (rows, kb):
        assert "93% vs 92%" not in text and "80% of relapses" not in text
        assert "epithelioid sarcoma and alveolar soft part sarcoma" not in text  # brain imaging claim
        assert "45% never referred" not in text and "abstract/161656" not in text
