"""Readability gates for every patient text, as measured by textstat 0.7.8.

- grade 8 or lower on the mean of Flesch-Kincaid and SMOG with glossary terms masked (FK alone under
  3 sentences);
- raw Flesch-Kincaid (no masking) 9 or lower, text by text;
- raw Flesch-Kincaid 8 or lower on average over all patient texts.

Run ``pytest tests/kb/test_readability.py -s`` or ``python scripts/readability_report.py`` for the scores.
"""

from __future__ import annotations

import importlib.metadata
import statistics

import pytest

from sarcoma._texts import glossary_words, patient_texts
from sarcoma.kb._readability import MAX_GRADE, MAX_MEAN_RAW_FK, MAX_RAW_FK, mask_terms, reading_level

TEXTS = list(patient_texts())
TERMS = glossary_words()


def test_textstat_is_the_pinned_release() -> None:
    assert importlib.metadata.version("textstat") == "0.7.8"


@pytest.mark.parametrize(("name", "text"), TEXTS, ids=[n for n, _ in TEXTS])
def test_patient_text_reads_at_grade_8_or_lower(name: str, text: str) -> None:
    level = reading_level(text, TERMS)
    print(
        f"{name}: FK {level.fk:.1f} SMOG {level.smog:.1f} gate {level.grade:.1f} (raw FK {level.raw_fk:.1f} "
        f"SMOG {level.raw_smog:.1f} mean {level.raw_grade:.1f})"
    )
    assert level.grade <= MAX_GRADE, f"{name} reads at grade {level.grade:.1f}"
    assert level.raw_fk <= MAX_RAW_FK, f"{name} reads at raw Flesch-Kincaid grade {level.raw_fk:.1f}"


def test_raw_flesch_kincaid_averages_grade_8_or_lower() -> None:
    mean = statistics.mean(reading_level(text, TERMS).raw_fk for _, text in TEXTS)
    assert mean <= MAX_MEAN_RAW_FK, f"mean raw Flesch-Kincaid grade {mean:.2f}"


def test_links_are_not_scored_as_words() -> None:
    plain = reading_level("Read the guide. It is short. It helps.", TERMS)
    linked = reading_level(
        "Read the guide: https://www.cancer.gov/types/soft-tissue-sarcoma. It is short. It helps.", TERMS
    )
    assert linked.raw_fk == linked.fk
    assert abs(linked.raw_fk - plain.raw_fk) < 1.5


def test_every_kind_of_patient_text_is_gated() -> None:
    names = {n for n, _ in TEXTS}
    assert any(n.startswith("kb:stages-") for n in names)
    assert any(n.startswith("treatments:state:") for n in names)
    assert any(n.startswith("glossary:") for n in names)
    for kind in (
        "table:stage_",
        "table:messages:",
        "table:histology:",
        "web:step:",
        "web:home",
        "prognosis:",
        "prognosis:applicability:",
    ):
        assert any(n.startswith(kind) for n in names), kind


def test_masking_replaces_whole_terms_and_links_only() -> None:
    masked = mask_terms("A biopsy, not biopsylike; see https://example.org/x now.", ["biopsy"])
    assert masked == "A term, not biopsylike; see link. now."
