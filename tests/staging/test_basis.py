"""One basis rule (data/basis.yaml, AJCC 8 general rules): the same prefixes in every interface."""

from __future__ import annotations

import pytest

from sarcoma import stage
from sarcoma._tables import load_table
from sarcoma.staging._basis import basis_for


@pytest.mark.parametrize(
    ("fields", "tnm"),
    [
        ({"basis": "clinical", "n": "N0", "m": "M0"}, "cT2 cN0 cM0"),
        ({"basis": "pathologic", "n": "N0", "m": "M0"}, "pT2 pN0 cM0"),
        ({"basis": "pathologic"}, "pT2 cN0 cM0"),  # nodes not given: not examined, so cN
        ({"basis": "pathologic", "n": "NX"}, "pT2 cN0 cM0"),
        ({"basis": "post_therapy", "n": "N1", "m": "M0"}, "ypT2 ypN1 cM0"),  # no ypM0
        ({"basis": "post_therapy"}, "ypT2 cN0 cM0"),
        ({"basis": "recurrence", "n": "N0", "m": "M0"}, "rT2 rN0 cM0"),
        ({"basis": "pathologic", "m": "M1"}, "pT2 cN0 cM1"),  # M1 not proven on pathology
        ({"basis": "pathologic", "m": "pM1"}, "pT2 cN0 pM1"),
        ({"basis": "clinical", "m": "pM1"}, "cT2 cN0 pM1"),
        ({"basis": "post_therapy", "m": "pM1"}, "ypT2 cN0 ypM1"),
    ],
)
def test_prefixes_follow_the_ajcc_general_rules(fields: dict[str, str], tnm: str) -> None:
    assert stage(site="leg", size_cm=7, **fields).tnm == tnm


def test_no_pm0_or_ypm0_anywhere() -> None:
    for basis in ("clinical", "pathologic", "post_therapy", "recurrence"):
        for m in (None, "M0", "MX"):
            assert stage(site="leg", size_cm=7, basis=basis, m=m).tnm.endswith(" cM0")


def test_recurrence_picks_the_r_basis() -> None:
    assert basis_for(None, recurrent=True).value == "recurrence"
    assert basis_for("pathologic", recurrent=True).value == "recurrence"
    assert basis_for("pathologic").value == "pathologic"
    assert basis_for(None).value == "clinical"


def test_basis_table_cites_the_ajcc_general_rules() -> None:
    table = load_table("basis")
    assert "AJCC" in table.source["document"] and "general rules" in table.source["document"]
    assert "M0 is always clinical" in table.notes


def test_several_extents_t_from_the_most_advanced() -> None:
    assert stage(site="head_neck", extent="orbit,brain").t == "T4b"
    assert stage(site="head_neck", extent=["pterygoid_muscles", "orbit"]).t == "T4a"  # a list reads the same
    assert stage(site="head_neck", size_cm=3, extent="none").t == "T2"
    assert stage(site="head_neck", size_cm=3, extent="none,brain").t_from == "extent"


def test_post_therapy_grade_warns_that_fnclcc_does_not_hold() -> None:
    """A grade read after treatment before surgery carries the fnclcc_post_therapy warning (issue 11)."""
    from sarcoma import stage

    after = stage(site="leg", size_cm=8, grade="3", basis="post_therapy")
    before = stage(site="leg", size_cm=8, grade="3", basis="clinical")
    assert "fnclcc_post_therapy" in [w.code for w in after.warnings]
    assert "fnclcc_post_therapy" not in [w.code for w in before.warnings]
    unknown = stage(site="leg", size_cm=8, grade="X", basis="post_therapy")
    assert "fnclcc_post_therapy" not in [w.code for w in unknown.warnings]


def test_a_recurrence_with_nodes_not_given_is_not_written_rn0() -> None:
    assert stage(site="leg", size_cm=7, basis="recurrence").tnm == "rT2 cN0 cM0"
    assert stage(site="leg", size_cm=7, basis="recurrence", n="N1").tnm == "rT2 rN1 cM0"
