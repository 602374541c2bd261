"""One case staged in every edition side by side, with a plain sentence for each difference.

The sentences are the rows of ``data/editions/differences.yaml``: for each pair of editions whose
answers differ, every row that matches the case applies (the table's own rule).
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .._tables import load_table
from ..errors import StagingError
from ._editions import edition_codes, edition_label, site_topography
from ._engine import stage
from ._model import parse_input
from ._result import StageResult

__all__ = ["EditionStage", "EditionDifference", "EditionComparison", "compare_editions"]


class EditionStage(BaseModel):
    """The case in one edition: its stage, or why the edition does not stage it."""

    model_config = ConfigDict(frozen=True)

    edition: str = Field(description="Edition code: ajcc8, uicc9, uicc8 or ajcc7.")
    label: str = Field(description="The edition in words, as StageResult.edition gives it.")
    staged: bool = Field(description="False when the edition does not classify this tumor (see refused).")
    stage: str | None = None
    stage_label: str | None = None
    tnm: str | None = None
    grade: str | None = None
    refused: str | None = Field(None, description="Why the edition does not stage this tumor.")
    result: StageResult | None = Field(None, description="The full result in this edition.")


class EditionDifference(BaseModel):
    """One way two or more editions stage this case differently, in a plain sentence."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Row id in data/editions/differences.yaml.")
    pairs: list[str] = Field(description="The pairs of editions it explains, e.g. 'ajcc8 uicc9'.")
    text: str


class EditionComparison(BaseModel):
    """The case in every edition, in the index's order (the default first), and the differences."""

    model_config = ConfigDict(frozen=True)

    editions: list[EditionStage]
    differences: list[EditionDifference]


def _n_as_given(result: StageResult) -> str:
    """N for the differences table: N0/N1 as given, NX or blank when the nodes were not assessed."""
    if result.n_code.known:
        return result.n
    return "NX" if any(w.code == "nx_as_n0" for w in result.warnings) else ""


def compare_editions(case: Any = None, /, **fields: Any) -> EditionComparison:
    """Stage ``case`` (a :class:`StagingInput` or its fields) in every edition and explain the differences.

    A bad input raises as :func:`sarcoma.stage` does; an edition that does not classify the tumor is
    reported with its reason (``refused``) instead of a stage.
    """
    given = parse_input(case if case is not None else fields).model_dump(exclude_none=True)
    given.pop("edition", None)
    base = stage(given)  # the default edition: a bad input or a tumor no edition stages raises here
    rows: list[EditionStage] = []
    for code in edition_codes():
        try:
            result = base if code == "ajcc8" else stage({**given, "edition": code})
        except StagingError as exc:
            rows.append(EditionStage(edition=code, label=edition_label(code), staged=False, refused=str(exc)))
            continue
        rows.append(
            EditionStage(
                edition=code,
                label=result.edition,
                staged=True,
                stage=result.stage,
                stage_label=result.stage_label,
                tnm=result.tnm,
                grade=result.grade,
                result=result,
            )
        )
    histology = int(base.histology_code[:4]) if base.histology_code else None
    cells = {
        "site_group": base.site_group,
        "topography": site_topography("ajcc7", str(given["site"]), base.site_group),
        "histology": histology,
        "t": base.t,
        "n": _n_as_given(base),
        "m": base.m,
        "grade": base.grade,
    }
    table = load_table("editions/differences")
    found: dict[str, EditionDifference] = {}
    by_code = {r.edition: r for r in rows}
    for first, second in combinations(by_code, 2):  # the default edition's pairs first
        a, b = sorted((first, second))
        ra, rb = by_code[a], by_code[b]
        if (ra.staged, ra.stage) == (rb.staged, rb.stage):
            continue
        for row in table.rows:
            if row.matches({**cells, "editions": f"{a} {b}"}):
                old = found.get(row.id)
                pairs = [*(old.pairs if old else []), f"{a} {b}"]
                found[row.id] = EditionDifference(id=row.id, pairs=pairs, text=row.get("text"))
    return EditionComparison(editions=rows, differences=list(found.values()))
