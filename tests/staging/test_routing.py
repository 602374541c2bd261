"""Site routing: everyday words, ICD-O-3 topography, schema discriminator 2, histology, extent."""

from __future__ import annotations

import pytest

from sarcoma import stage
from sarcoma.errors import InvalidInput, OutOfScope

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


# Issue 11: site words a person or registrar uses, checked against the SEER EOD schema selection.
SITE_WORDS = [
    ("mesentery", "retroperitoneum", "00440 via C48.1"),
    ("inferior vena cava", "abdomen_thoracic_visceral", "C49.4 with SD2 2 (vena cava)"),
    ("spermatic cord", "abdomen_thoracic_visceral", "C63.1"),
    ("vulva", "abdomen_thoracic_visceral", "C51"),
    ("prostate", "abdomen_thoracic_visceral", "C61.9"),
    ("groin", "trunk_extremities", "C49.5 with SD2 1"),
    ("buttock", "trunk_extremities", "C49.5 with SD2 1"),
    ("scalp", "head_neck", "C49.0"),
]


@pytest.mark.parametrize(("word", "group", "why"), SITE_WORDS)
def test_site_words_route_like_their_topography(word: str, group: str, why: str) -> None:
    assert stage(site=word, t="T1").site_group == group, why


@pytest.mark.parametrize(
    ("word", "topography", "sd2"),
    [
        ("mesentery", "C48.1", None),
        ("inferior vena cava", "C49.4", "2"),
        ("spermatic cord", "C63.1", None),
        ("vulva", "C51.9", None),
        ("prostate", "C61.9", None),
        ("groin", "C49.5", "1"),
        ("scalp", "C49.0", None),
    ],
)
def test_site_words_agree_with_their_topography_code(word: str, topography: str, sd2: str | None) -> None:
    by_code = stage(site=topography, schema_discriminator_2=sd2, t="T1")
    assert stage(site=word, t="T1").site_group == by_code.site_group


def test_pelvis_alone_asks_which_part() -> None:
    with pytest.raises(InvalidInput, match="body wall or the inside of the pelvis"):
        stage(site="pelvis", t="T1")


@pytest.mark.parametrize(("behavior", "words"), [("6", "spread to"), ("9", "not known if"), ("5", "not an ICD-O-3")])
def test_behavior_6_and_9_are_refused_with_a_clear_message(behavior: str, words: str) -> None:
    with pytest.raises(OutOfScope, match=words):
        stage(site="leg", size_cm=5, histology=f"8890/{behavior}")


def test_sd2_when_not_needed_is_ignored_with_a_warning() -> None:
    result = stage(site="leg", size_cm=8, grade="3", schema_discriminator_2="2")
    assert result.stage == "IIIA"
    assert "sd2_ignored" in [w.code for w in result.warnings]
    agreeing = stage(site="C49.2", size_cm=8, grade="3", schema_discriminator_2="1")  # as a 00410 schema id implies
    assert "sd2_ignored" not in [w.code for w in agreeing.warnings]
    needed = stage(site="C49.4", size_cm=8, grade="3", schema_discriminator_2="1")
    assert "sd2_ignored" not in [w.code for w in needed.warnings]


def test_a_visceral_site_with_a_size_does_not_say_no_size_was_given() -> None:
    result = stage(site="stomach", size_cm=8, grade="2")
    messages = " ".join(w.message for w in result.warnings)
    assert "No size" not in messages
    assert "T depends on extent, not size" in messages
