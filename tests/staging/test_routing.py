"""Site routing: everyday words, ICD-O-3 topography, schema discriminator 2, histology, extent."""

from __future__ import annotations

import pytest

from sarcoma import stage

ROUTES = [
    ("leg", None, None, "trunk_extremities", "lower_extremity"),
    ("Upper arm", None, None, "trunk_extremities", "upper_extremity"),
    ("chest-wall", None, None, "trunk_extremities", "trunk"),
    ("retroperitoneal", None, None, "retroperitoneum", "retroperitoneal_intra_abdominal"),
    ("neck", None, None, "head_neck", "head_neck"),
    ("stomach", None, None, "abdomen_thoracic_visceral", "visceral"),
    ("trunk_extremities", None, None, "trunk_extremities", None),
    ("C49.2", "8890/3", None, "trunk_extremities", "lower_extremity"),
    ("C492", "88903", None, "trunk_extremities", "lower_extremity"),
    ("c47.1", "8850/3", None, "trunk_extremities", "upper_extremity"),
    ("C50.4", "9120/3", None, "trunk_extremities", "trunk"),
    ("C48.0", "8858/3", None, "retroperitoneum", "retroperitoneal_intra_abdominal"),
    ("C49.0", "9040/3", None, "head_neck", "head_neck"),
    ("C16.2", "8890/3", None, "abdomen_thoracic_visceral", "visceral"),
    ("C38.1", "8800/3", None, "abdomen_thoracic_visceral", "visceral"),
    ("C49.4", "8890/3", "1", "trunk_extremities", "trunk"),
    ("C49.4", "8890/3", "2", "abdomen_thoracic_visceral", "retroperitoneal_intra_abdominal"),
    ("C49.3", "8890/3", "8", "abdomen_thoracic_visceral", "visceral"),
]


@pytest.mark.parametrize(("site", "histology", "sd2", "group", "fine"), ROUTES)
def test_routes(site: str, histology: str | None, sd2: str | None, group: str, fine: str | None) -> None:
    result = stage(site=site, histology=histology, schema_discriminator_2=sd2, t="T1")
    assert result.site_group == group
    assert result.fine_site == fine
    assert result.explanation[0].step == "site"


def test_histology_is_named_and_traced() -> None:
    result = stage(site="C49.2", histology="8890/3", size_cm=6, grade="2")
    assert result.histology == "leiomyosarcoma"
    assert [s.step for s in result.explanation][:2] == ["site", "histology"]
    assert result.schema_id == "00410"


def test_behavior_missing_is_assumed_and_said() -> None:
    result = stage(site="leg", histology="8890", size_cm=6)
    assert "behavior_assumed" in {w.code for w in result.warnings}


def test_angiosarcoma_of_head_and_neck_is_out_but_staged_elsewhere() -> None:
    assert stage(site="leg", histology="9120/3", t="T1").histology == "angiosarcoma"
    with pytest.raises(ValueError, match="Soft Tissue Rare"):
        stage(site="head_neck", histology="9120/3", t="T1")


@pytest.mark.parametrize(
    ("site", "extent", "t"),
    [
        ("head_neck", "orbit", "T4a"),
        ("head_neck", "carotid encasement", "T4b"),
        ("visceral", "organ_confined", "T1"),
        ("visceral", "beyond-serosa", "T2b"),
        ("visceral", "another_organ", "T3"),
        ("visceral", "multifocal_gt5", "T4c"),
    ],
)
def test_extent_gives_t(site: str, extent: str, t: str) -> None:
    result = stage(site=site, extent=extent)
    assert result.t == t
    assert result.stage == "none"


def test_head_neck_extent_overrides_size() -> None:
    result = stage(site="head_neck", size_cm=1.5, extent="brain")
    assert result.t == "T4b"
    assert "t_from_extent" in {w.code for w in result.warnings}


def test_explicit_t_agreeing_with_size_is_fine() -> None:
    assert stage(site="leg", size_cm=12, t="pT3").t == "T3"


def test_explicit_t4_with_specific_extent_keeps_the_specific_category() -> None:
    assert stage(site="head_neck", t="T4", extent="orbit").t == "T4a"


def test_no_size_or_t_is_tx_with_warning() -> None:
    result = stage(site="leg", grade="1")
    assert result.t == "TX"
    assert result.stage == "I"
    assert "t_missing" in {w.code for w in result.warnings}


@pytest.mark.parametrize(
    ("basis", "tnm"),
    [
        ("clinical", "cT2 cN0 cM0"),
        ("pathologic", "pT2 pN0 cM0"),
        ("post_therapy", "ypT2 ypN0 cM0"),  # AJCC 8: M0 is always cM0 (data/basis.yaml)
        ("recurrence", "rT2 rN0 cM0"),
    ],
)
def test_basis_prefix(basis: str, tnm: str) -> None:
    assert stage(site="leg", size_cm=7, n="N0", m="M0", basis=basis).tnm == tnm


@pytest.mark.parametrize(
    ("word", "grade", "code"),
    [
        ("low", "G1", "grade_word_low"),
        ("mid", "G2", "grade_word_mid"),
        ("High grade", "G3", "grade_word_high"),
        ("C", "GX", "grade_code_a_d"),
        ("H", "GX", "grade_code_h"),
        ("9", "GX", "grade_code_9"),
    ],
)
def test_grade_words_and_registry_codes(word: str, grade: str, code: str) -> None:
    result = stage(site="leg", size_cm=3, grade=word)
    assert result.grade == grade
    assert code in {w.code for w in result.warnings}


def test_grade_from_fnclcc_scores() -> None:
    result = stage(site="leg", size_cm=3, differentiation=3, mitoses=25, necrosis="ge50")
    assert result.grade == "G3"
    assert result.stage == "II"
