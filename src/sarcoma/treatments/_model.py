"""Treatment plan records: option sets, options, clinician options, the trials pointer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..kb import Source
from ..staging import DISCLAIMER, StageResult

__all__ = ["Option", "OptionSet", "ClinicianOption", "TrialsPointer", "TreatmentPlan"]


class Option(BaseModel):
    """One treatment option, linked to the knowledge-base item that explains it."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    description: str = Field(description="What the option is, in plain words.")
    kb_item: str = Field(description="Id of the knowledge-base item that explains this option.")
    reason: str = Field(description="Why this option is in its set.")
    conditions_met: list[str] = Field(
        default_factory=list, description="The conditions in the data that this case met (clinician view)."
    )


class OptionSet(BaseModel):
    """A group of options, with the reason (the state facts) that puts it in the plan."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    reason: str
    options: list[Option]
    source: Source
    conditions_met: list[str] = Field(
        default_factory=list, description="The conditions in the data that this case met (clinician view)."
    )


class ClinicianOption(BaseModel):
    """Clinician content: a histology-, marker- or site-specific option or evidence note, with its citation."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    body: str
    citation: str
    kb_item: str | None = None
    applies_because: str
    conditions_met: list[str] = Field(
        default_factory=list, description="The conditions in the data that this case met (clinician view)."
    )
    audience: str = Field("clinician", description="Always 'clinician': technical content, not patient text.")


class TrialsPointer(BaseModel):
    """Where to look for clinical trials (a link; no network call is made)."""

    model_config = ConfigDict(frozen=True)

    text: str
    url: str


class TreatmentPlan(BaseModel):
    """The treatment options that fit a case, unranked, with reasons and sources."""

    model_config = ConfigDict(frozen=True)

    stage: StageResult
    state: str = Field(description="Stable disease-state id, e.g. stage_i, node_positive, stage_iv, recurrent.")
    state_title: str
    state_explanation: str = Field(description="Why this state, in plain words.")
    state_kb_item: str = Field(description="Id of the knowledge-base item about treatment in this state.")
    routing_rule: str = Field(description="Row of treatments/routing.yaml that decided the state.")
    option_sets: list[OptionSet]
    questions: list[str] = Field(description="Questions to ask your care team.")
    trials: TrialsPointer
    clinician: list[ClinicianOption]
    disclaimer: str = DISCLAIMER
    sources: list[Source]
