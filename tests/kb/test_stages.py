"""Stage descriptions are generated from the staging tables and agree with the engine everywhere."""

from __future__ import annotations

from itertools import product

import pytest

from sarcoma import stage
from sarcoma._tables import load_table
from sarcoma.kb import StageDescription, load_kb, stage_descriptions

GROUPS = [row.get("site_group") for row in load_table("site_groups").rows]
GRADE_INPUT = {"G1": "1", "G2": "2", "G3": "3", "GX": "X"}


def _t_values(group: str) -> list[str]:
    token = group.upper().replace("_", " ")
    return [r.get("t") for r in load_table("t_categories").rows if token in r.sets["site_group"]]


@pytest.mark.parametrize("group", GROUPS)
def test_descriptions_agree_with_the_engine_on_every_combination(group: str) -> None:
    by_combo: dict[tuple[str, str, str, str], StageDescription] = {}
    for description in stage_descriptions(group):
        for c in description.combinations:
            key = (c.t, c.n, c.m, c.grade)
            assert key not in by_combo, f"{key} described twice"
            by_combo[key] = description
    checked = 0
    for t, n, m, grade in product(_t_values(group), ("N0", "N1", "NX"), ("M0", "M1", "MX"), GRADE_INPUT):
        result = stage(site=group, t=t, n=n, m=m, grade=GRADE_INPUT[grade])
        description = by_combo[(result.t, result.n, result.m, result.grade)]
        assert description.stage == result.stage, (t, n, m, grade)
        assert result.registry_summary in description.patient
        checked += 1
    assert checked == len(_t_values(group)) * 36


def test_every_stage_table_row_is_described() -> None:
    for group in GROUPS:
        table = load_table(load_table("site_groups").require(site_group=group).get("stage_table"))
        described = {row for d in stage_descriptions(group) for row in d.rows}
        assert described == {row.id for row in table.rows}, group


def test_trunk_stage_iv_covers_nodal_spread_and_retroperitoneum_iiib_does() -> None:
    trunk_iv = next(d for d in stage_descriptions("trunk_extremities") if d.stage == "IV")
    assert set(trunk_iv.rows) == {"m1", "n1"}
    rp_iiib = next(d for d in stage_descriptions("retroperitoneum") if d.stage == "IIIB")
    assert set(rp_iiib.rows) == {"n1", "iiib"}


def test_stage_items_are_generated_from_the_descriptions() -> None:
    kb = load_kb()
    for group in GROUPS:
        item = kb.get("stages-" + group.replace("_", "-"))
        assert item.generated
        body = " ".join(item.patient_body)
        for description in stage_descriptions(group):
            assert description.patient_text in body
