"""Schemas for every kind of data file under ``sarcoma/data`` (unknown keys are refused).

:func:`validate` picks the schema from the file's path, checks the document and raises
:class:`~sarcoma._data.DataFileError` naming the file, the line and the key.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ._conditions import condition_keys
from ._header import Header as _Header
from ._header import SourceRef
from ._header import Strict as _Strict

__all__ = ["validate", "schema_for"]

Scalar = str | int | float | None


class TableFile(_Header):
    """A decision table: typed input columns, output columns and rows (imsweb shape)."""

    edition: str
    inputs: dict[str, Literal["set", "range"]]
    outputs: list[str]
    site_group: str | None = None
    rows: list[dict[str, Scalar]]

    @model_validator(mode="after")
    def _row_keys(self) -> TableFile:
        allowed = {"id", *self.inputs, *self.outputs}
        for i, row in enumerate(self.rows):
            for key, value in row.items():
                if key not in allowed:
                    raise _RowError((i, key), f"unknown key {key!r}; the table's columns are {sorted(allowed)}")
                if isinstance(value, bool):  # pragma: no cover - booleans are refused while parsing
                    raise _RowError((i, key), "write the value as a quoted string")
            if "id" not in row:
                raise _RowError((i,), "row has no id")
        return self


class _RowError(ValueError):
    def __init__(self, where: tuple[Any, ...], message: str) -> None:
        super().__init__(message)
        self.where = where


def _check_conditions(value: dict[str, str]) -> dict[str, str]:
    unknown = set(value) - condition_keys()
    if unknown:
        raise ValueError(f"unknown condition {sorted(unknown)[0]!r}; use one of {sorted(condition_keys())}")
    return value


class _Conditional(_Strict):
    when: dict[str, str] = Field(default_factory=dict)

    _when = field_validator("when")(_check_conditions)


class TreatmentOption(_Conditional):
    title: str
    description: str
    kb_item: str


class OptionsFile(_Strict):
    source: str
    options: dict[str, TreatmentOption]


class SetEntry(_Strict):
    option: str
    reason: str


class OptionSetDoc(_Conditional):
    title: str
    section: str
    reason: str
    options: list[SetEntry]


class OptionSetsFile(_Strict):
    source: str
    sets: dict[str, OptionSetDoc]


class Explanation(_Strict):
    kb_item: str
    title: str
    text: str
    if_title: str | None = None


class TextLink(_Strict):
    text: str
    url: str


class StatesFile(_Strict):
    source: str
    trials: TextLink
    not_staged: str
    explanations: dict[str, Explanation]


class BasisQuestions(_Strict):
    states: list[str]
    questions: list[str]


class QuestionsFile(_Strict):
    source: str
    before_surgery: list[str]
    common: list[str]
    by_state: dict[str, list[str]]
    by_basis: dict[str, BasisQuestions] = {}


class KbItemDoc(_Strict):
    id: str
    title: str
    key_points: list[str]
    patient_body: list[str]
    clinician_body: list[str] = Field(default_factory=list)
    glossary_terms: list[str] = Field(default_factory=list)
    citation: str | None = None
    section: str | None = None
    url: str | None = None
    date: str | None = None
    drug_status: Literal["in_use", "under_study"] | None = None


class KbTopicFile(_Strict):
    topic: str
    section: str
    items: list[KbItemDoc]


class GlossaryDoc(_Strict):
    id: str
    term: str
    definition: str
    aliases: list[str] = Field(default_factory=list)
    section: str | None = None
    citation: str | None = None


class GlossaryFile(_Strict):
    section: str
    terms: list[GlossaryDoc]


class SummaryDoc(_Strict):
    title: str
    url: str
    publisher: str
    pmid: str | None = None
    updated: str | None = None
    copy_read: str | None = None
    credit: str | None = None


class TopicEntry(_Strict):
    id: str
    title: str
    file: str | None = None


class KbIndexFile(_Strict):
    summary: SummaryDoc
    topics: list[TopicEntry]


class PrognosisModelFile(_Header):
    kind: str
    population: str
    endpoint: str
    horizon_text: str
    c_index: float | None
    c_index_note: str
    stratified_by: str | None
    age: dict[str, Scalar]
    intercept: float
    spline: dict[str, Any]
    terms: dict[str, dict[str, float]]
    horizons: list[dict[str, Any]]

    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


class PrognosisMappingFile(_Header):
    size: dict[str, Any]
    depth: dict[str, Any]
    site: dict[str, Any]
    grade: list[dict[str, Any]]
    histology_labels: dict[str, str]
    histology: list[dict[str, Any]]

    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


class PrognosisApplicabilityFile(_Header):
    """Which prognosis model fits which situation (a list-input decision table with texts)."""

    inputs: list[str]
    rows: list[dict[str, Scalar]]
    defaults: dict[str, dict[str, str]]
    assumed: str
    situations: dict[str, str]
    unknown_n: str
    unknown_m: str
    wrong_model: str
    no_model: str

    @model_validator(mode="after")
    def _row_keys(self) -> PrognosisApplicabilityFile:
        allowed = {"id", "model", "reason", "assumption", *self.inputs}
        for i, row in enumerate(self.rows):
            for key in row:
                if key not in allowed:
                    raise _RowError((i, key), f"unknown key {key!r}; the table's columns are {sorted(allowed)}")
        return self


class FhirSiteCodesFile(_Header):
    body_sites: list[dict[str, str]]
    morphologies: list[dict[str, str]]
    icd10cm_out_of_scope: list[dict[str, str]]


class FhirValueCodesFile(_Header):
    values: list[dict[str, str]]
    grades: list[dict[str, str]]


class FhirStagingCodesFile(_Header):
    systems: dict[str, str]
    profiles: dict[str, str]
    observation_codes: list[dict[str, str]]
    methods: list[dict[str, str]]
    categories: dict[str, dict[str, str]]
    tumor_size: dict[str, Any]
    grade_codes: list[dict[str, str]]
    histology_codes: list[dict[str, str]]
    primary_condition_codes: list[dict[str, str]]
    profile_types: dict[str, str]
    external_value_sets: dict[str, dict[str, list[str]]]

    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


class KbSearchFile(_Strict):
    """Search aids for the Learn pages (kb/_search.py): synonyms, overviews, spelling limits, Spanish pointer."""

    section: str
    source: dict[str, str]
    notes: str = ""
    synonyms: list[list[str]]
    overview_boost: float
    overviews: list[str]
    fuzzy: dict[str, int]
    spanish: dict[str, Any]

    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)


class WebChoice(_Strict):
    value: str
    label: str
    region: str | None = None


class WebContentFile(_Header):
    home: dict[str, Any]
    steps: list[dict[str, Any]]
    sizes: dict[str, Any]
    prognosis: dict[str, Any]
    trials: dict[str, Any]
    sources: list[dict[str, str]]
    quick: dict[str, Any] | None = None
    next_steps: dict[str, Any] | None = None
    survival: dict[str, Any] | None = None
    registry_rules: dict[str, Any] | None = None
    plain_notes: dict[str, Any] | None = None

    model_config = ConfigDict(extra="forbid", strict=False, defer_build=True)

    @field_validator("steps")
    @classmethod
    def _choices(cls, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for step in steps:
            for key in ("choices", "necrosis_choices", "units"):
                for choice in step.get(key, []):
                    WebChoice.model_validate(choice)
        return steps

    @field_validator("prognosis")
    @classmethod
    def _type_choices(cls, block: dict[str, Any]) -> dict[str, Any]:
        for key in ("depth_choices", "type_choices"):
            for choice in block.get(key, []):
                WebChoice.model_validate(choice)
        return block


class EditionTables(_Strict):
    """The tables one edition uses for one site group (load_table ids)."""

    stage_table: str
    t_table: str
    t_basis: str


class EditionScopeRule(_Strict):
    """What an edition leaves out: ICD-O-3 range cells, the action and the person's message."""

    id: str
    action: Literal["refuse", "no_stage"]
    message: str
    histology: str | None = None
    topography: str | None = None
    site_groups: str | None = None
    except_topography: str | None = None


class EditionFhirMethod(_Strict):
    system: str
    code: str
    display: str
    names_edition: Literal["yes", "no"]
    note: str = ""


class EditionDepth(_Strict):
    values: list[str]
    question: str
    choices: list[WebChoice]
    unknown_gives: str
    deep_only_site_groups: list[str]
    conflict_warning: str
    deep_only_source: str


class EditionExplicitT(_Strict):
    """How an edition with its own T categories reads a T given in them (AJCC 7)."""

    table: str
    replaces_warnings: list[str]
    other_edition_error: str


class EditionDoc(_Strict):
    name: str
    label: str
    years: str
    source: SourceRef
    inputs: list[str]
    unknown_n: Literal["N0", "NX"]
    t_categories: str
    stage_labels: str
    t_from_ajcc8: str | None = None
    explicit_t: EditionExplicitT | None = None
    site_groups: dict[str, EditionTables]
    warning_overrides: dict[str, str]
    scope: list[EditionScopeRule]
    fhir_method: EditionFhirMethod
    depth: EditionDepth | None = None
    word_topography: dict[str, int] = {}


class EditionsFile(_Header):
    """``editions/editions.yaml``: each staging edition, its tables, scope and FHIR method code."""

    default: str
    editions: dict[str, EditionDoc]

    @model_validator(mode="after")
    def _default_is_an_edition(self) -> EditionsFile:
        if self.default not in self.editions:
            raise ValueError(f"default {self.default!r} is not one of {sorted(self.editions)}")
        return self


_BY_PATH: dict[str, type[BaseModel]] = {
    "treatments/options.yaml": OptionsFile,
    "treatments/option_sets.yaml": OptionSetsFile,
    "treatments/states.yaml": StatesFile,
    "treatments/questions.yaml": QuestionsFile,
    "kb/topics.yaml": KbIndexFile,
    "kb/glossary.yaml": GlossaryFile,
    "prognosis/mapping.yaml": PrognosisMappingFile,
    "prognosis/applicability.yaml": PrognosisApplicabilityFile,
    "fhir/site_codes.yaml": FhirSiteCodesFile,
    "fhir/value_codes.yaml": FhirValueCodesFile,
    "fhir/staging_codes.yaml": FhirStagingCodesFile,
    "web/content.yaml": WebContentFile,
    "kb/search.yaml": KbSearchFile,
    "editions/editions.yaml": EditionsFile,
}


def schema_for(file: str, doc: Any) -> type[BaseModel] | None:
    """The schema for a data file, by its path under ``sarcoma/data`` (``None`` when none is known yet)."""
    if file in _BY_PATH:
        return _BY_PATH[file]
    if file.startswith("schemas/"):  # a staging schema; its model imports this module's header
        from ._staging_schema import StagingSchema

        return StagingSchema
    if isinstance(doc, dict) and "rows" in doc and isinstance(doc.get("inputs"), dict):
        return TableFile
    if isinstance(doc, dict) and file.startswith("kb/") and "items" in doc:
        return KbTopicFile
    if isinstance(doc, dict) and file.startswith("prognosis/kattan"):
        return PrognosisModelFile
    return None


def _line(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            return lines[loc[:end]]
    return None


def validate(file: str, doc: Any, lines: dict[tuple[Any, ...], int]) -> None:
    """Check ``doc`` against its schema; raise ``DataFileError`` with file, line and key."""
    from ._data import DataFileError

    model = schema_for(file, doc)
    if model is None:
        return  # the data-schema test fails for a file without a schema; loading still parses strictly
    try:
        model.model_validate(doc)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        ctx = err.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, _RowError):
            loc = ("rows", *cause.where)
            message = str(cause)
        elif err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        else:
            message = f"{'.'.join(str(p) for p in loc) or 'document'}: {err['msg']}"
        raise DataFileError(message, file=file, line=_line(lines, loc)) from None
