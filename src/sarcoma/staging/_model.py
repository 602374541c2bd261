"""The case model: one tumor's findings, as given, checked field by field.

Field names are the batch column names and the JSON API request fields, so one vocabulary runs
through the CLI, the batch, the API and Python.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .._tables import load_table, normalize_token
from ..errors import ConflictingInput, InvalidInput
from ..grading import NECROSIS_TOKENS

__all__ = ["Basis", "StagingInput", "parse_input", "normalize_t", "MAX_SIZE_MM", "CHECK_UNIT_MM"]

MAX_SIZE_MM = 3000
"""Sizes over 300 cm are refused as impossible."""
CHECK_UNIT_MM = 1000
"""Sizes over 100 cm are accepted with a warning to check the unit."""

_T_PATTERN = re.compile(r"^(?:YP|P|C|R|A)?T?(X|0|1|2A|2B|2|3|4A|4B|4C|4)$")


class Basis(StrEnum):
    """When the staging facts were gathered; sets the c/p/yp/r prefix."""

    clinical = "clinical"
    pathologic = "pathologic"
    post_therapy = "post_therapy"
    recurrence = "recurrence"

    @property
    def prefix(self) -> str:
        """The AJCC prefix for T, N and M: c, p, yp or r."""
        return {"clinical": "c", "pathologic": "p", "post_therapy": "yp", "recurrence": "r"}[self.value]


def normalize_t(value: str) -> str:
    """Return the canonical T category (``T2a``) for a T value, or raise ``ValueError``."""
    token = normalize_token(value).replace(" ", "")
    match = _T_PATTERN.match(token)
    if not match:
        raise ValueError(
            f"{value!r} is not an AJCC 8 T category: use TX, T0, T1, T2, T3 or T4 "
            "(T4a/T4b for head and neck; T2a/T2b and T4a-T4c for visceral sites)"
        )
    body = match.group(1)
    return "T" + (body[:-1] + body[-1].lower() if body[-1] in "ABC" else body)


def _check_size(value: float | None, unit: str, max_in_unit: float) -> float | None:
    if value is None:
        return None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"size must be a finite number of {unit}")
    if value <= 0:
        raise ValueError(f"size must be greater than 0 {unit} (got {value:g})")
    if value > max_in_unit:
        raise ValueError(f"size {value:g} {unit} is over 300 cm, which is not a possible tumor size; check the unit")
    return value


class StagingInput(BaseModel):
    """One tumor's findings, as given.

    Blank strings count as not given. Site may be an AJCC site group, an everyday word
    (``leg``, ``arm``, ``trunk``) or an ICD-O-3 topography code (``C49.2``).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    site: str = Field(description="AJCC site group, everyday site word, or ICD-O-3 topography (C49.2).")
    histology: str | None = Field(None, description="ICD-O-3 morphology with behavior, e.g. 8890/3.")
    schema_discriminator_2: str | None = Field(
        None, description="NAACCR item 3927 for C47.3, C47.5, C49.3-C49.5: 1 external, 2 internal, 8, 9."
    )
    size_cm: float | None = Field(None, description="Greatest tumor dimension in centimetres.")
    size_mm: float | None = Field(None, description="Greatest tumor dimension in millimetres.")
    t: str | None = Field(None, description="Explicit T category (TX, T0, T1-T4, T2a/T2b, T4a-T4c).")
    extent: str | None = Field(
        None,
        description="Extent descriptor for head and neck or visceral sites; several may be given, comma-separated "
        "(a JSON list is read the same way), and T comes from the most advanced.",
    )
    n: str | None = Field(None, description="N0, N1 or NX (also yes, no, unknown).")
    m: str | None = Field(None, description="M0, M1 or MX (also yes, no, unknown).")
    grade: str | None = Field(None, description="FNCLCC 1, 2, 3 or X; low, mid or high; registry codes A-D, H, 9.")
    differentiation: int | None = Field(None, ge=1, le=3, description="FNCLCC differentiation score 1-3.")
    mitoses: int | None = Field(None, ge=0, le=1_000_000, description="Mitoses per 10 high-power fields.")
    necrosis: str | None = Field(None, description="Tumor necrosis: none, lt50 or ge50.")
    basis: Basis = Field(Basis.clinical, description="clinical, pathologic, post_therapy or recurrence.")

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: (None if isinstance(v, str) and not v.strip() else v) for k, v in data.items()}
        return data

    @field_validator("extent", mode="before")
    @classmethod
    def _extent_list(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
            return ",".join(v.strip() for v in value if v.strip()) or None
        return value

    @field_validator("size_cm")
    @classmethod
    def _size_cm(cls, value: float | None) -> float | None:
        return _check_size(value, "cm", MAX_SIZE_MM / 10)

    @field_validator("size_mm")
    @classmethod
    def _size_mm(cls, value: float | None) -> float | None:
        return _check_size(value, "mm", MAX_SIZE_MM)

    @field_validator("t")
    @classmethod
    def _t(cls, value: str | None) -> str | None:
        return None if value is None else normalize_t(value)

    @field_validator("n", "m")
    @classmethod
    def _n_m(cls, value: str | None, info: Any) -> str | None:
        if value is None:
            return None
        axis = str(info.field_name)
        if load_table("nodes_metastasis").lookup(axis=axis, value=value) is None:
            kind = "N0, N1 or NX" if axis == "n" else "M0, M1 or MX"
            raise ValueError(f"{value!r} is not a valid {axis.upper()}: use {kind}")
        return value

    @field_validator("grade")
    @classmethod
    def _grade(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if load_table("grade").lookup(value=value) is None:
            raise ValueError(
                f"{value!r} is not a grade: use FNCLCC 1, 2, 3 or X, the words low, mid or high, "
                "or a registry grade code (A-D, H, 9)"
            )
        return value

    @field_validator("necrosis")
    @classmethod
    def _necrosis(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if normalize_token(value) not in NECROSIS_TOKENS:
            raise ValueError(f"{value!r} is not a necrosis level: use none, lt50 (under 50%) or ge50 (50% or more)")
        return value

    @field_validator("schema_discriminator_2")
    @classmethod
    def _sd2(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value not in {"1", "2", "8", "9"}:
            raise ValueError(f"{value!r} is not a schema discriminator 2 code: use 1, 2, 8 or 9")
        return value

    @model_validator(mode="after")
    def _one_size(self) -> StagingInput:
        if self.size_cm is not None and self.size_mm is not None:
            raise ValueError("give size_cm or size_mm, not both")
        scores = (self.differentiation, self.mitoses, self.necrosis)
        if any(s is not None for s in scores) and not all(s is not None for s in scores):
            raise ValueError("FNCLCC scoring needs all three of differentiation, mitoses and necrosis")
        return self

    @property
    def necrosis_score(self) -> int | None:
        """The FNCLCC necrosis score 0-2, if necrosis was given."""
        return None if self.necrosis is None else NECROSIS_TOKENS[normalize_token(self.necrosis)]


def _format_error(err: Any) -> tuple[str, str]:
    loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
    msg = str(err.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    return loc, msg


def parse_input(data: StagingInput | dict[str, Any]) -> StagingInput:
    """Build a :class:`StagingInput` from a mapping, raising :class:`InvalidInput` on bad fields."""
    if isinstance(data, StagingInput):
        return data
    try:
        return StagingInput.model_validate(data)
    except ValidationError as exc:
        errors = [_format_error(e) for e in exc.errors()]
        field, msg = errors[0]
        text = f"{field}: {msg}" if field != "input" else msg
        error_cls = ConflictingInput if "not both" in msg else InvalidInput
        raise error_cls(
            text,
            field=None if field == "input" else field,
            inputs=data,
            errors=[{"field": None if f == "input" else f, "message": m} for f, m in errors],
        ) from None
