"""Every edition through ``sarcoma.stage(edition=...)``, against the hand-written oracles.

The oracles are those of ``test_editions_oracle.py`` (written from the NDRS TNM 9 sheet, the UICC
TNM 8 chapter and NAACCR Collaborative Stage v02.05.50, not from the YAML tables). Here the whole
library runs: site routing, size to T, N/M/grade conventions, the edition's tables and scope.
Each edition and site group is checked over every T x N x M x G (AJCC 7: every size band x depth
x N x M x G, and explicit AJCC 8 T restated in AJCC 7); mismatches are collected per item.
"""

from __future__ import annotations

import itertools

import pytest

import sarcoma
from sarcoma.errors import ConflictingInput, InvalidInput, OutOfScope

from .test_editions_oracle import (
    GRADES,
    GROUPS,
    T_AJCC7,
    T_UICC,
    ajcc7_stage,
    ajcc7_t,
    ajcc7_t_from_ajcc8,
    ajcc7_t_given,
    ajcc8_stage,
    uicc_stage,
)

# one ICD-O-3 topography per site group that every edition stages as soft tissue (AJCC 7 too),
# and organs AJCC 7 does not stage with the soft tissue rules
SITES = {
    "trunk_extremities": ("C49.2", 492),
    "retroperitoneum": ("C48.0", 480),
    "head_neck": ("C49.0", 490),
    "abdomen_thoracic_visceral": ("C38.1", 381),
}
ORGANS = {"head_neck": ("C32.0", 320), "abdomen_thoracic_visceral": ("C16.0", 160), "trunk_extremities": ("C50.4", 504)}
N_GIVEN = {"N0": "N0", "N1": "N1", "NX": "NX", "": None}
G_GIVEN = {"G1": "1", "G2": "2", "G3": "3", "GX": "X"}
HISTOLOGY = "8890/3"


def _stage(**fields: object) -> sarcoma.StageResult:
    return sarcoma.stage(histology=HISTOLOGY, **fields)


@pytest.mark.parametrize("edition", ["ajcc8", "uicc9", "uicc8"])
@pytest.mark.parametrize("group", GROUPS)
def test_every_t_n_m_g_through_stage(edition: str, group: str) -> None:
    site, _ = SITES[group]
    oracle = ajcc8_stage if edition == "ajcc8" else uicc_stage
    wrong = []
    for t, n, m, g in itertools.product(T_UICC[group], N_GIVEN, ("M0", "M1"), GRADES):
        result = _stage(site=site, t=t, n=N_GIVEN[n], m=m, grade=G_GIVEN[g], edition=edition)
        want = oracle(group, t, "N1" if n == "N1" else "N0", m, g)
        if (result.stage, result.t) != (want, t):
            wrong.append((t, n, m, g, result.stage, want))
    assert wrong == []


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_every_size_depth_n_m_g_through_stage(group: str) -> None:
    wrong = []
    for (site, topo), size, depth, n, m, g in itertools.product(
        (SITES[group], *([ORGANS[group]] if group in ORGANS else [])),
        (1, 50, 51, 99, 3000, None),
        ("superficial", "deep", "unknown", None),
        N_GIVEN,
        ("M0", "M1"),
        GRADES,
    ):
        result = _stage(site=site, size_mm=size, n=N_GIVEN[n], m=m, grade=G_GIVEN[g], depth=depth, edition="ajcc7")
        t7 = ajcc7_t(group, size, depth or "unknown")
        want = ajcc7_stage(group, topo, t7, n or "NX", m, g)
        if (result.stage, result.t) != (want, t7):
            wrong.append((site, size, depth, n, m, g, result.t, result.stage, t7, want))
    assert wrong == []


@pytest.mark.parametrize("group", ["trunk_extremities", "retroperitoneum", "head_neck"])
def test_ajcc7_from_an_explicit_ajcc8_t(group: str) -> None:
    """An AJCC 8 T that is no AJCC 7 T (T3, T4, T4a) is restated; AJCC 7's own (T1, T2) are read as AJCC 7."""
    site, topo = SITES[group]
    wrong = []
    ajcc8_only = [t for t in T_UICC[group] if t not in T_AJCC7[group]]
    for t, depth, n, m, g in itertools.product(
        ajcc8_only, ("superficial", "deep", "unknown"), N_GIVEN, ("M0", "M1"), GRADES
    ):
        result = _stage(site=site, t=t, n=N_GIVEN[n], m=m, grade=G_GIVEN[g], depth=depth, edition="ajcc7")
        t7 = ajcc7_t_from_ajcc8(group, t, depth)
        want = ajcc7_stage(group, topo, t7, n or "NX", m, g)
        if (result.stage, result.t) != (want, t7):
            wrong.append((t, depth, n, m, g, result.t, result.stage, t7, want))
    assert wrong == []


AJCC7_T = ("TX", "T0", "T1", "T1a", "T1b", "T2", "T2a", "T2b")


def _given_t_oracle(group: str, t: str, depth: str, size: int | None) -> str:
    if t not in T_AJCC7[group] and t in T_UICC[group]:  # AJCC 8 visceral T2a/T2b: an AJCC 8 T, restated
        return ajcc7_t(group, size, depth) if size is not None else ajcc7_t_from_ajcc8(group, t, depth)
    return ajcc7_t_given(group, t, depth, size)


@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_every_explicit_ajcc7_t_n_m_g_through_stage(group: str) -> None:
    """Every AJCC 7 T (given as an AJCC 7 record has it) x depth x size x N x M x G, staged sites and organs."""
    wrong = []
    for (site, topo), t, depth, size, n, m, g in itertools.product(
        (SITES[group], *([ORGANS[group]] if group in ORGANS else [])),
        AJCC7_T,
        ("superficial", "deep", "unknown", None),
        (None, 30, 80),
        N_GIVEN,
        ("M0", "M1"),
        GRADES,
    ):
        t7 = _given_t_oracle(group, t, depth or "unknown", size)
        want: tuple[str, ...] = (
            (t7,) if t7 in ("conflict", "invalid") else (t7, ajcc7_stage(group, topo, t7, n or "NX", m, g))
        )
        fields = {"site": site, "t": t, "size_mm": size, "depth": depth, "n": N_GIVEN[n], "m": m, "grade": G_GIVEN[g]}
        try:
            result = _stage(**fields, edition="ajcc7")
            got: tuple[str, ...] = (result.t, result.stage)
        except ConflictingInput as exc:
            got = ("conflict",) if exc.field == "t" else (str(exc),)
        except InvalidInput as exc:
            got = ("invalid",) if exc.field == "t" else (str(exc),)
        if got != want:
            wrong.append((site, t, depth, size, n, m, g, got, want))
    assert wrong == []


@pytest.mark.parametrize("edition", ["ajcc8", "uicc9", "uicc8"])
@pytest.mark.parametrize("group", GROUPS)
def test_ajcc7_only_t_is_refused_in_other_editions_naming_ajcc7(edition: str, group: str) -> None:
    site, _ = SITES[group]
    for t in AJCC7_T:
        if t in T_UICC[group]:  # also an AJCC 8 T of this site group (T1, visceral T2a): read as AJCC 8
            assert _stage(site=site, t=t, grade="1", edition=edition).t == t
            continue
        with pytest.raises(InvalidInput) as caught:
            _stage(site=site, t=t, grade="1", edition=edition)
        assert caught.value.field == "t"
        assert str(caught.value) == (
            f"t: {t} is an AJCC 7 T category; to stage with it, use edition ajcc7 (sarcoma stage --edition ajcc7)"
        )


def test_the_ajcc7_t_example_of_the_issue() -> None:
    """sarcoma stage --site leg --t T1a --grade 1 --n N0 --m M0 --edition ajcc7 (a 2010-2017 record)."""
    result = sarcoma.stage(site="leg", t="T1a", grade="1", n="N0", m="M0", edition="ajcc7")
    assert (result.edition, result.t, result.stage, result.tnm, result.t_from) == (
        "AJCC 7",
        "T1a",
        "IA",
        "cT1a cN0 cM0",
        "explicit",
    )
    assert result.t_code.label == "Tumor 5 cm or less, superficial" and result.unknown == []
    assert result.warnings == []  # no "T not given" from the AJCC 8 step that did not read the T
    steps = [(s.step, s.table) for s in result.explanation]
    assert ("t", "editions/ajcc7/t_explicit") in steps and [s for s, _ in steps].count("t") == 1
    pathologic = {"t": "pT2b", "grade": "3", "n": "N0", "m": "M0", "basis": "pathologic"}
    assert sarcoma.stage(site="leg", **pathologic, edition="ajcc7").tnm == "pT2b pN0 cM0"
    assert sarcoma.stage(site="head", t="T2", grade="2", n="N0", m="M0", edition="ajcc7").stage == "IIB"  # > 5 cm


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        (
            {"t": "T1a", "depth": "deep"},
            "t: T1a contradicts the depth given (deep); in AJCC 7 the letter a means superficial and b means deep",
        ),
        ({"t": "T2b", "size_cm": 3}, "t: T2b contradicts the size 30 mm, which gives T1"),
        ({"t": "T1", "size_cm": 5.1, "depth": "deep"}, "t: T1 contradicts the size 51 mm, which gives T2b"),
        ({"t": "TX", "size_cm": 3}, "t: TX contradicts the given size 30 mm"),
    ],
)
def test_ajcc7_t_that_contradicts_the_size_or_depth_is_refused(fields: dict[str, object], text: str) -> None:
    with pytest.raises(ConflictingInput) as caught:
        sarcoma.stage(site="leg", grade="1", edition="ajcc7", **fields)
    assert str(caught.value) == text and caught.value.field == "t"


def test_an_ajcc7_t_not_for_the_site_lists_the_ajcc7_categories() -> None:
    with pytest.raises(
        InvalidInput, match=r"^t: T1a is not a T category for retroperitoneum \(use one of TX, T0, T1, T1b, T2, T2b\)$"
    ):
        sarcoma.stage(site="C48.0", t="T1a", edition="ajcc7")


def test_treatment_routing_of_an_ajcc7_t_leaves_the_t_out() -> None:
    """Routing stays on the AJCC 8 disease state, which an AJCC 7 T does not give: routed as T not given."""
    from sarcoma.staging import in_default_edition, parse_input
    from sarcoma.treatments import treatment_options

    case = parse_input(
        {"site": "leg", "t": "T1a", "size_cm": 3, "grade": "1", "n": "N0", "m": "M0", "edition": "ajcc7"}
    )
    assert in_default_edition(case).t is None and in_default_edition(case).edition == "ajcc8"
    restated = parse_input({"site": "leg", "t": "T3", "grade": "1", "edition": "ajcc7"})
    assert in_default_edition(restated).t == "T3"  # an AJCC 8 T is the default edition's own
    plan = treatment_options(case)
    assert plan.stage.edition == "AJCC 8th" and plan.stage.t == "T1"  # from the size


def test_the_issue_example_and_labels() -> None:
    case = {"site": "thigh", "size_cm": 12, "grade": "3", "n": "N1", "m": "M0"}
    ajcc8 = sarcoma.stage(**case)
    uicc9 = sarcoma.stage(**case, edition="uicc9")
    assert (ajcc8.edition, ajcc8.stage) == ("AJCC 8th", "IV")
    assert (uicc9.edition, uicc9.stage, uicc9.stage_label) == ("UICC TNM 9", "IIIB", "Stage IIIB")
    assert "uicc9_n1_stage_iiib" in [w.code for w in uicc9.warnings]
    assert uicc9.explanation[-1].table == "editions/uicc9/stage_trunk_extremities"
    assert sarcoma.stage(**case, edition="ajcc8") == ajcc8


def test_uicc_warnings_replace_the_ajcc8_wording() -> None:
    result = sarcoma.stage(site="leg", size_cm=3, grade="1", n="NX", m="MX", edition="uicc9")
    codes = [w.code for w in result.warnings]
    assert "uicc_nx_as_n0" in codes and "no_mx_as_m0" in codes
    assert "nx_as_n0" not in codes and "mx_as_m0" not in codes
    assert result.stage == "IA"


def test_ajcc7_depth_notes() -> None:
    unknown = sarcoma.stage(site="leg", size_cm=3, grade="1", n="N0", m="M0", edition="ajcc7")
    assert unknown.t == "T1" and unknown.stage == "IA" and "ajcc7_depth_unknown" in [w.code for w in unknown.warnings]
    retro = sarcoma.stage(site="C48.0", size_cm=3, grade="1", n="N0", m="M0", edition="ajcc7", depth="superficial")
    assert retro.t == "T1b" and {"ajcc7_deep_by_site", "ajcc7_depth_ignored"} <= {w.code for w in retro.warnings}


@pytest.mark.parametrize(
    ("edition", "histology", "reason"),
    [
        ("uicc9", "9120/3", "uicc_angiosarcoma"),
        ("uicc8", "8832/3", "uicc_dfsp"),
    ],
)
def test_scope_refusals_say_why(edition: str, histology: str, reason: str) -> None:
    with pytest.raises(OutOfScope) as caught:
        sarcoma.stage(site="C49.2", histology=histology, size_cm=3, grade="1", edition=edition)
    assert caught.value.reason == reason and str(caught.value).endswith(".")


def test_ajcc7_breast_has_no_stage_group_and_says_why() -> None:
    result = sarcoma.stage(site="C50.4", histology=HISTOLOGY, size_cm=3, grade="3", n="N0", m="M0", edition="ajcc7")
    assert (result.stage, result.has_stage_group) == ("none", False)
    assert "ajcc7_breast" in [w.code for w in result.warnings]
    assert sarcoma.stage(site="C50.4", histology=HISTOLOGY, size_cm=3, grade="3", n="N0", m="M0").stage == "II"


def test_bad_edition_and_depth_use_the_catalogue() -> None:
    with pytest.raises(InvalidInput, match="^edition: use ajcc8, uicc9, uicc8 or ajcc7"):
        sarcoma.stage(site="leg", edition="tnm10")
    with pytest.raises(InvalidInput, match="^depth: use superficial, deep or unknown"):
        sarcoma.stage(site="leg", depth="middle", edition="ajcc7")
    assert sarcoma.stage(site="leg", edition=" uicc9 ").edition == "UICC TNM 9"
    with pytest.raises(InvalidInput, match="^edition: "):  # exact codes, as the batch and the SQL check them
        sarcoma.stage(site="leg", edition="UICC9")


@pytest.mark.parametrize("group", GROUPS)
def test_compare_editions_explains_every_difference(group: str) -> None:
    """Every pair of editions whose answers differ gets at least one sentence, and only those pairs."""
    site, _ = SITES[group]
    unexplained = []
    for size, n, m, g in itertools.product((30, 80, None), N_GIVEN, ("M0", "M1"), GRADES):
        comparison = sarcoma.staging.compare_editions(
            site=site, histology=HISTOLOGY, size_mm=size, n=N_GIVEN[n], m=m, grade=G_GIVEN[g]
        )
        answers = {row.edition: (row.staged, row.stage) for row in comparison.editions}
        explained = {pair for d in comparison.differences for pair in d.pairs}
        for a, b in itertools.combinations(sorted(answers), 2):
            if (answers[a] != answers[b]) != (f"{a} {b}" in explained):
                unexplained.append((size, n, m, g, a, b, answers[a], answers[b]))
    assert unexplained == []
