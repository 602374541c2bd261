"""Possible stages: the set from every completion of the unknowns, through the same stage tables."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from sarcoma import stage
from sarcoma._tables import load_table
from sarcoma.staging import STAGES

GROUPS = [row.get("site_group") for row in load_table("site_groups").rows]
SIZE_CM = {"trunk_extremities": 3.0, "retroperitoneum": 12.0, "head_neck": 3.0}
UNKNOWN = {"n": "NX", "m": "MX", "grade": "X"}
FILL = {"n": ("N0", "N1"), "m": ("M0", "M1"), "grade": ("1", "2", "3")}


def _t_values(group: str) -> list[str]:
    token = group.upper().replace("_", " ")
    rows = load_table("t_categories").rows
    return [r.get("t") for r in rows if token in r.sets["site_group"] and r.get("t") not in ("TX", "T0")]


def _case(group: str, t: str | None, n: str, m: str, grade: str) -> dict[str, Any]:
    case: dict[str, Any] = {"site": group, "n": n, "m": m, "grade": grade}
    if t is not None:
        case["t"] = t
    return case


@pytest.mark.parametrize("group", GROUPS)
def test_possible_stages_equal_the_engine_over_every_completion(group: str) -> None:
    """Every mix of known/unknown T, N, M, grade: the set equals staging each completion."""
    t_known = _t_values(group)[:2]
    for t, n, m, grade in product(
        [None, *t_known], ["N0", "N1", "NX", None], ["M0", "M1", "MX", None], ["1", "3", "X", None]
    ):
        case = {k: v for k, v in _case(group, t, n or "", m or "", grade or "").items() if v != ""}
        result = stage(case)
        options = {
            "t": [t] if t is not None else _t_values(group),
            "n": [n] if n in ("N0", "N1") else list(FILL["n"]),
            "m": [m] if m in ("M0", "M1") else list(FILL["m"]),
            "grade": [grade] if grade in ("1", "3") else list(FILL["grade"]),
        }
        expected = {
            stage(site=group, t=ct, n=cn, m=cm, grade=cg).stage
            for ct, cn, cm, cg in product(options["t"], options["n"], options["m"], options["grade"])
        }
        assert result.possible_stages == sorted(expected, key=STAGES.index), case
        if len(result.possible_stages) == 1:
            assert result.possible_stages == [result.stage], case
            assert result.missing == []
        else:
            assert result.missing, case
            assert set(result.missing) <= set(result.unknown), case


def test_issue_examples() -> None:
    rp = stage(site="retroperitoneum", size_cm=12, grade="X", n="N0", m="M0")
    assert (rp.stage, rp.possible_stages, rp.missing) == ("IB", ["IB", "IIIB"], ["grade"])
    leg = stage(site="leg")
    assert leg.possible_stages == ["IA", "IB", "II", "IIIA", "IIIB", "IV"]
    assert leg.stage == "I"  # the registry register is unchanged
    assert set(leg.missing) == {"size", "grade", "nodes", "distant_spread"}


def test_missing_is_most_decisive_first() -> None:
    # grade unknown and nodes unknown at the retroperitoneum: N1 or N0 with G2/G3 both give IIIB,
    # so the grade decides more than the nodes.
    result = stage(site="retroperitoneum", size_cm=12, m="M0")
    assert result.possible_stages == ["IB", "IIIB"]
    assert result.missing == ["grade", "nodes"]


def test_unknowns_that_do_not_matter_are_not_missing() -> None:
    result = stage(site="leg", size_cm=8, grade="3", m="M1")
    assert result.possible_stages == ["IV"]
    assert result.missing == []
    assert result.unknown == ["nodes"]


def test_sites_without_a_stage_group_have_one_possible_stage() -> None:
    for site in ("head_neck", "visceral"):
        result = stage(site=site)
        assert result.possible_stages == ["none"] and result.missing == []
