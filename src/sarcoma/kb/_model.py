"""Knowledge-base records: items, glossary terms, sources, topics, search hits, stage descriptions."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Source", "KbItem", "GlossaryTerm", "Topic", "SearchHit", "Combination", "StageDescription"]


class Source(BaseModel):
    """Where an item's facts come from."""

    model_config = ConfigDict(frozen=True)

    section: str = Field(description="Section of the source document, e.g. 'Stages of Soft Tissue Sarcoma'.")
    url: str = Field(description="Address of the source document.")
    date: str | None = Field(None, description="The source's own 'updated' date (ISO), when it states one.")
    citation: str | None = Field(None, description="Full citation, for clinician facts from trials and guidelines.")


class KbItem(BaseModel):
    """One knowledge-base node: key points, a patient body and, where useful, a clinician body."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="Stable id, e.g. 'biopsy-core-needle'.")
    topic: str = Field(description="Topic id, e.g. 'diagnosis'.")
    title: str
    key_points: list[str]
    patient_body: list[str] = Field(description="Plain-language paragraphs (reading grade 8 or lower).")
    clinician_body: list[str] = Field(default_factory=list, description="Technical paragraphs; may be empty.")
    glossary_terms: list[str] = Field(default_factory=list, description="Ids of glossary terms used.")
    source: Source
    drug_status: Literal["in_use", "under_study"] | None = Field(
        None, description="For drug items: in use for soft tissue sarcoma, or under study."
    )
    generated: bool = Field(False, description="True when built from the staging tables, not written by hand.")


class GlossaryTerm(BaseModel):
    """A term defined once, in plain language."""

    model_config = ConfigDict(frozen=True)

    id: str
    term: str
    definition: str
    aliases: list[str] = Field(default_factory=list, description="Other spellings and plurals, for highlighting.")
    source: Source


class Topic(BaseModel):
    """A group of items, in reading order."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    items: list[KbItem]


class SearchHit(BaseModel):
    """One ranked search result."""

    model_config = ConfigDict(frozen=True)

    item: KbItem
    score: float


class Combination(BaseModel):
    """One T, N, M and grade combination of a stage table."""

    model_config = ConfigDict(frozen=True)

    t: str
    n: str
    m: str
    grade: str


class StageDescription(BaseModel):
    """A stage of one site group, described from the staging tables (never written by hand)."""

    model_config = ConfigDict(frozen=True)

    site_group: str
    site_label: str
    stage: str = Field(description="IA, IB, I, II, IIIA, IIIB, IV, unknown or none.")
    title: str
    patient: list[str] = Field(description="Plain sentences, one per stage-table row that gives this stage.")
    patient_text: str = Field(description="The same as one text: the first sentence, then 'Or: ...' for the rest.")
    table: str = Field(description="Stage table id.")
    rows: list[str] = Field(description="Ids of the stage-table rows that give this stage.")
    combinations: list[Combination] = Field(description="Every T, N, M, grade combination that gives this stage.")
    source: Source
