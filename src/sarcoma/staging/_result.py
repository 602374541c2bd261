"""The stage result: categories, stage, warnings and the rule trace."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._trusted import trusted

if TYPE_CHECKING:
    from .._tables import Row, Table

__all__ = ["Notice", "Step", "TNMCode", "StageResult", "STAGES", "EDITION", "DISCLAIMER", "table_step"]

EDITION = "AJCC 8th"
DISCLAIMER = (
    "This result supports a conversation with your care team. It is not medical advice and does not "
    "replace the judgement of the doctors who know your case."
)
STAGES = ("IA", "IB", "I", "II", "IIA", "IIB", "III", "IIIA", "IIIB", "IV", "unknown", "none")

Stage = Literal["IA", "IB", "I", "II", "IIA", "IIB", "III", "IIIA", "IIIB", "IV", "unknown", "none"]
"""IIA, IIB and III are AJCC 7 groups (``edition="ajcc7"``)."""


class Notice(BaseModel):
    """An assumption or convention applied to this case."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(description="Stable key of the convention, e.g. nx_as_n0.")
    message: str = Field(description="What was assumed, in one sentence.")


class Step(BaseModel):
    """One step of the rule trace: which table and row decided what, and from which source."""

    model_config = ConfigDict(frozen=True)

    step: str = Field(description="site, histology, size, t, n, m, grade or stage.")
    table: str = Field(description="Decision table id (file src/sarcoma/data/<table>.yaml).")
    row: str = Field(description="Row id within the table.")
    result: str = Field(description="The value this step produced.")
    technical: str = Field(description="What the rule did, for clinicians and registrars.")
    plain: str = Field(description="The same in one plain-language sentence for patients.")
    source: str = Field(description="The source of the table: document, reference and date.")


def table_step(table: Table, row: Row, step: str, result: str, technical: str, plain: str) -> Step:
    """The trace step for ``row`` of ``table``, with the table's source; built from our own values without
    validating them again (that was a tenth of ``stage()``)."""
    return trusted(
        Step,
        step=step,
        table=table.id,
        row=row.id,
        result=result,
        technical=technical,
        plain=plain,
        source=table.citation,
    )


class TNMCode(BaseModel):
    """One T, N or M code as fields: the prefix, the category, both together, and its label."""

    model_config = ConfigDict(frozen=True)

    axis: Literal["t", "n", "m"]
    prefix: Literal["c", "p", "yp", "r"] = Field(
        description="The basis prefix from the AJCC 8 general rules (data/basis.yaml): c, p, yp or r."
    )
    category: str = Field(description="The category after the unknown-value conventions, e.g. T2, N0, M1.")
    code: str = Field(description="Prefix and category together, e.g. pT2; the same token as in ``tnm``.")
    known: bool = Field(
        description="False when the fact was not given or not known (TX, NX, MX or blank): the category is then a "
        "registry convention, not a finding."
    )
    label: str = Field(description="The category's technical label (data/t_categories.yaml, category_labels.yaml).")


class StageResult(BaseModel):
    """The staged case."""

    model_config = ConfigDict(frozen=True)

    edition: str = Field(
        EDITION, description="The edition staged: 'AJCC 8th' (default), 'UICC TNM 9', 'UICC TNM 8' or 'AJCC 7'."
    )
    site_group: str
    site_label: str = Field(description="The site group in words, e.g. 'trunk and extremities'.")
    fine_site: str | None = Field(None, description="Finer site for prognosis models, when known.")
    schema_id: str | None = Field(None, description="NAACCR schema id (3800), e.g. 00410.")
    histology: str | None = Field(None, description="Histology name when an ICD-O-3 code was given.")
    basis: str
    size_mm: int | None = Field(None, description="Greatest dimension after rounding to whole mm.")
    t: str
    n: str
    m: str
    grade: str
    stage: Stage
    stage_label: str = Field(description="The stage in words, e.g. 'Stage IIIA'.")
    tnm: str = Field(description="T, N, M with the basis prefix from the AJCC 8 general rules, e.g. 'pT2 pN0 cM0'.")
    t_code: TNMCode = Field(description="T as fields: prefix, category, code, known, label.")
    n_code: TNMCode = Field(description="N as fields: prefix, category, code, known, label.")
    m_code: TNMCode = Field(description="M as fields: prefix, category, code, known, label.")
    grade_label: str = Field(description="The grade's technical label, e.g. 'FNCLCC grade 3 (total score 6, 7 or 8)'.")
    histology_code: str | None = Field(
        None, description="The ICD-O-3 morphology and behavior staged, e.g. 8890/3 (behavior 3 when not given)."
    )
    has_stage_group: bool = Field(
        description="AJCC 8 defines a stage group for this case: false when stage is 'none' (head and neck, visceral "
        "sites, or a tumor type the tables do not stage)."
    )
    stage_assigned: bool = Field(
        description="A stage group was assigned: false when stage is 'none' or 'unknown' (T0, or TX with grade 2-3)."
    )
    t_from: Literal["size", "extent", "explicit", "missing"] = Field(
        description="Where T came from: the size, the extent, an explicit T, or nothing (TX)."
    )
    possible_stages: list[str] = Field(
        description="Every stage the case could have if each unknown input took each value it can take, in stage "
        "order; equals [stage] when the inputs settle it."
    )
    missing: list[str] = Field(
        description="The facts that would settle the stage, most decisive first: size, extent, grade, nodes, "
        "distant_spread. Empty when possible_stages holds one stage."
    )
    unknown: list[str] = Field(description="The facts not given or not known (whether or not they change the stage).")
    headline: str = Field(description="Person register: the stage, or 'Stage not known yet: IB or IIIB'.")
    summary: str = Field(
        description="Person register: plain sentences about this case from its own facts; unknowns are said to be "
        "unknown, never replaced by a registry convention."
    )
    plain_parts: dict[str, str] = Field(description="Person register: what T, N, M and grade mean for this case.")
    plain_codes: dict[str, str] = Field(
        description="Person register: T, N, M and grade, with 'not known' for unknowns."
    )
    stage_meaning: list[str] = Field(
        description="Person register: what the (possible) stage means, for this case only."
    )
    registry_summary: str = Field(
        description="Registry register: the stage table row's sentence, under the unknown-value conventions."
    )
    warnings: list[Notice]
    explanation: list[Step]
    disclaimer: str = Field(DISCLAIMER, description="Not medical advice.")
