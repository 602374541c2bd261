"""The structured result (issue 12): prefixes, categories, labels and stage-group flags are fields.

FHIR, the web and treatments read these fields; nothing parses ``tnm`` or ``stage_label``. The
fields must say exactly what the ``tnm`` string says, for every basis and every N and M input.
"""

from __future__ import annotations

from itertools import product

import pytest

from sarcoma import stage
from sarcoma._tables import Row, load_table
from sarcoma.staging import StageResult, TNMCode

BASES = ("clinical", "pathologic", "post_therapy", "recurrence")
N_INPUTS = (None, "N0", "N1", "NX")
M_INPUTS = (None, "M0", "M1", "pM1", "MX")


def _codes(result: StageResult) -> tuple[TNMCode, TNMCode, TNMCode]:
    return result.t_code, result.n_code, result.m_code


@pytest.mark.parametrize(("basis", "n", "m"), list(product(BASES, N_INPUTS, M_INPUTS)))
def test_codes_are_the_tokens_of_tnm(basis: str, n: str | None, m: str | None) -> None:
    result = stage(site="leg", size_cm=7, grade="2", basis=basis, n=n, m=m)
    assert " ".join(c.code for c in _codes(result)) == result.tnm
    for code, axis, category in zip(_codes(result), "tnm", (result.t, result.n, result.m), strict=True):
        assert code.axis == axis and code.category == category and code.code == code.prefix + category
        assert code.label
    assert result.n_code.known is (n in ("N0", "N1"))
    assert result.m_code.known is (m in ("M0", "M1", "pM1"))
    assert result.t_code.known


def test_prefixes_as_fields() -> None:
    result = stage(site="leg", size_cm=7, basis="post_therapy", n="N1", m="pM1")
    assert [c.prefix for c in _codes(result)] == ["yp", "yp", "yp"]
    result = stage(site="leg", size_cm=7, basis="pathologic")
    assert [c.prefix for c in _codes(result)] == ["p", "c", "c"]


@pytest.mark.parametrize("row", load_table("t_categories").rows, ids=lambda r: r.id)
def test_every_t_label_comes_from_the_table(row: Row) -> None:
    group = sorted(row.sets["site_group"])[0].lower().replace(" ", "_")
    site = {"trunk_extremities": "leg", "retroperitoneum": "retroperitoneum"}.get(group, group)
    result = stage(site=site, t=row.get("t"), grade="2")
    assert result.t_code.label == row.get("label")
    assert result.t_code.known is (row.get("t") != "TX")


@pytest.mark.parametrize("row", load_table("category_labels").rows, ids=lambda r: r.id)
def test_n_m_and_grade_labels_come_from_the_table(row: Row) -> None:
    axis, category = row.get("axis"), row.get("category")
    fields = {"n": {"n": category}, "m": {"m": category}, "grade": {"grade": category}}[axis]
    result = stage(site="leg", size_cm=7, **fields)
    label = result.grade_label if axis == "grade" else getattr(result, f"{axis}_code").label
    assert label == row.get("label")


@pytest.mark.parametrize(
    ("fields", "has_group", "assigned"),
    [
        ({"site": "leg", "size_cm": 7, "grade": "3"}, True, True),
        ({"site": "leg", "t": "T0"}, True, False),  # stage unknown
        ({"site": "retroperitoneum", "grade": "3"}, True, False),  # TX with a high grade: unknown
        ({"site": "head_neck", "size_cm": 3}, False, False),  # no AJCC stage group
        ({"site": "abdomen_thoracic_visceral", "extent": "serosa"}, False, False),
    ],
)
def test_stage_group_flags(fields: dict[str, object], has_group: bool, assigned: bool) -> None:
    result = stage(fields)
    assert (result.has_stage_group, result.stage_assigned) == (has_group, assigned)
    assert result.has_stage_group is (result.stage != "none")
    assert result.stage_assigned is (result.stage not in ("none", "unknown"))


def test_histology_code_is_the_staged_icdo3_code() -> None:
    assert stage(site="leg", histology="8890").histology_code == "8890/3"
    assert stage(site="leg", histology="8890/3").histology_code == "8890/3"
    assert stage(site="leg").histology_code is None
