"""The case model: one tumor's findings, as given, checked field by field.

Field names are the batch column names and the JSON API request fields, so one vocabulary runs
through the CLI, the batch, the API and Python.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .._messages import message
from .._staging_schema import (
    IntegerRule,
    check_number,
    check_text,
    compact,
    input_error,
    input_spec,
    staging_schema,
    t_pattern,
)
from .._tables import normalize_token
from .._trusted import trusted
from ..errors import ConflictingInput, InvalidInput
from ..grading import NECROSIS_TOKENS

__all__ = ["Basis", "StagingInput", "parse_input", "checked_values", "normalize_t", "MAX_SIZE_MM", "CHECK_UNIT_MM"]

MAX_SIZE_MM = (input_spec("size_mm").decimal or input_spec("size_cm").decimal).maximum  # type: ignore[union-attr]
"""Sizes over this are refused as impossible (``data/schemas/ajcc8.yaml``)."""
CHECK_UNIT_MM = staging_schema().limits["check_unit_mm"]


def _integer_rule(key: str) -> IntegerRule:
    rule = input_spec(key).integer
    if rule is None:  # pragma: no cover - the schema file is checked when loaded
        raise RuntimeError(f"the staging schema gives {key} no integer rule")
    return rule


_SCORES = _integer_rule("differentiation")
_MITOSES = _integer_rule("mitoses")
"""Sizes over this are accepted with a warning to check the unit (``data/schemas/ajcc8.yaml``)."""


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
    import re

    match = re.match(t_pattern(), compact(value))
    if not match:
        raise ValueError(input_spec("t").message())
    body = match.group(2)
    return "T" + (body[:-1] + body[-1].lower() if body[-1].isalpha() and len(body) > 1 else body)


def _checked(key: str, value: str | None) -> str | None:
    """A text input checked by the staging schema (the same check as the batch and the SQL)."""
    if value is None:
        return None
    _, error = check_text(key, value)
    if error is not None:
        raise ValueError(error)
    return value


def _check_size(value: float | None, key: str) -> float | None:
    if value is None:
        return None
    _, error = check_number(key, value)
    if error is not None:
        raise ValueError(error)
    return value


def _group_error(values: dict[str, Any]) -> str | None:
    """The message of the first input group the values break (``exclusive``, then ``together``), or ``None``."""
    schema = staging_schema()
    for group in schema.exclusive:
        if sum(values.get(key) is not None for key in group.inputs) > 1:
            return message(group.error)
    for group in schema.together:
        given = [values.get(key) is not None for key in group.inputs]
        if any(given) and not all(given):
            return message(group.error)
    return None


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
    t: str | None = Field(None, description=input_spec("t").description)
    extent: str | None = Field(
        None,
        description="Extent descriptor for head and neck or visceral sites; several may be given, comma-separated "
        "(a JSON list is read the same way), and T comes from the most advanced.",
    )
    n: str | None = Field(None, description="N0, N1 or NX (also yes, no, unknown).")
    m: str | None = Field(None, description="M0, M1 or MX (also yes, no, unknown).")
    grade: str | None = Field(None, description="FNCLCC 1, 2, 3 or X; low, mid or high; registry codes A-D, H, 9.")
    differentiation: int | None = Field(
        None, ge=_SCORES.minimum, le=_SCORES.maximum, description="FNCLCC differentiation score 1-3."
    )
    mitoses: int | None = Field(
        None, ge=_MITOSES.minimum, le=_MITOSES.maximum, description="Mitoses per 10 high-power fields."
    )
    necrosis: str | None = Field(None, description="Tumor necrosis: none, lt50 or ge50.")
    basis: Basis = Field(Basis.clinical, description="clinical, pathologic, post_therapy or recurrence.")
    edition: str = Field(input_spec("edition").default or "ajcc8", description=input_spec("edition").description)
    depth: str | None = Field(None, description=input_spec("depth").description)

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

    @field_validator("size_cm", "size_mm")
    @classmethod
    def _size(cls, value: float | None, info: Any) -> float | None:
        return _check_size(value, str(info.field_name))

    @field_validator("t")
    @classmethod
    def _t(cls, value: str | None) -> str | None:
        return None if value is None else normalize_t(value)

    @field_validator("edition", mode="before")
    @classmethod
    def _default_edition(cls, value: Any) -> Any:
        return input_spec("edition").default if value is None else value  # blank: the default edition

    @field_validator("histology", "n", "m", "grade", "necrosis", "schema_discriminator_2", "depth", "edition")
    @classmethod
    def _by_schema(cls, value: str | None, info: Any) -> str | None:
        return _checked(str(info.field_name), value)

    @model_validator(mode="after")
    def _groups(self) -> StagingInput:
        error = _group_error(self.__dict__)
        if error is not None:
            raise ValueError(error)
        return self

    @property
    def necrosis_score(self) -> int | None:
        """The FNCLCC necrosis score 0-2, if necrosis was given."""
        return None if self.necrosis is None else NECROSIS_TOKENS[normalize_token(self.necrosis)]


_TYPE_ERRORS = ("_parsing", "_type", "greater_than", "less_than", "finite_number", "enum", "literal_error")
"""Pydantic error types that mean "a value of this input that cannot be read": the schema's message."""


def _format_error(err: Any) -> tuple[str, str]:
    loc = ".".join(str(p) for p in err.get("loc", ())) or "input"
    msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    kind = str(err.get("type", ""))
    if loc in staging_schema().keys and any(t in kind for t in _TYPE_ERRORS):
        msg = input_error(loc, msg)
    return loc, msg.removeprefix(f"{loc}: ")


_CHECKED: dict[tuple[str, type, Any], Any] = {}
"""Each input value the model has accepted, by (field, type, value as given), and what it became.

Every field is checked on its own (the validators above read no other field; the input groups are
checked again for every case), so a value accepted once is accepted the same way again. Only
accepted values are kept, and never more than :data:`_CHECKED_MAX` of them (then it starts again):
memory stays bounded whatever a server is sent.
"""
_CHECKED_MAX = 16_384


_REQUIRED_INPUTS = frozenset(name for name, info in StagingInput.model_fields.items() if info.is_required())


def forget_inputs() -> None:
    """Drop the accepted input values (for tests that change the data in place)."""
    _CHECKED.clear()


def _seen_before(data: dict[str, Any]) -> dict[str, Any] | None:
    """The given fields as accepted before, or ``None`` if any value is new (or unhashable) or the case
    breaks an input group."""
    values: dict[str, Any] = {}
    present: list[str] = []
    try:
        for key, value in data.items():
            checked = values[key] = _CHECKED[(key, type(value), value)]
            if checked is not None:
                present.append(key)
    except (KeyError, TypeError):
        return None
    if not _REQUIRED_INPUTS <= values.keys() or not _groups_kept(tuple(present)):
        return None  # validated again, for the model's own error
    return values


@lru_cache(maxsize=1024)
def _groups_kept(present: tuple[str, ...]) -> bool:
    """The inputs given (not blank) keep every input group: decided once per set of given inputs."""
    return _group_error(dict.fromkeys(present, True)) is None


_DEFAULTS = {name: None if info.is_required() else info.default for name, info in StagingInput.model_fields.items()}
"""Every field in the model's order with its default (immutable values: ``None``, a text, a :class:`Basis`)."""


def checked_values(data: StagingInput | dict[str, Any]) -> dict[str, Any]:
    """Every field of the case, checked, by name: what :func:`parse_input` would hold, without building
    the model when each value was accepted before. The caller must not change the dict."""
    if isinstance(data, StagingInput):
        return data.__dict__
    if type(data) is dict:
        given = _seen_before(data)
        if given is not None:
            values = _DEFAULTS.copy()
            values.update(given)
            return values
    return parse_input(data).__dict__


def _remember(data: dict[str, Any], case: StagingInput) -> None:
    if len(_CHECKED) + len(data) > _CHECKED_MAX:
        _CHECKED.clear()
    for key, value in data.items():
        try:
            _CHECKED[(key, type(value), value)] = getattr(case, key)
        except TypeError:  # an unhashable value (a list of extents): checked every time
            continue


def parse_input(data: StagingInput | dict[str, Any]) -> StagingInput:
    """Build a :class:`StagingInput` from a mapping, raising :class:`InvalidInput` on bad fields.

    Every value is checked by the staging schema (:mod:`sarcoma._staging_schema`), so a bad value
    gets the same message here as in the batch and the SQL (``data/messages.yaml``). A value
    accepted before is not checked again (:data:`_CHECKED`).
    """
    if isinstance(data, StagingInput):
        return data
    if type(data) is dict:
        given = _seen_before(data)
        if given is not None:
            return trusted(StagingInput, **given)
    try:
        case = StagingInput.model_validate(data)
        if type(data) is dict:
            _remember(data, case)
        return case
    except ValidationError as exc:
        errors = [_format_error(e) for e in exc.errors()]
        field, msg = errors[0]
        text = f"{field}: {msg}" if field != "input" else msg
        conflict = {message(group.error) for group in staging_schema().exclusive}
        error_cls = ConflictingInput if msg in conflict else InvalidInput
        raise error_cls(
            text,
            field=None if field == "input" else field,
            inputs=data,
            errors=[{"field": None if f == "input" else f, "message": m} for f, m in errors],
        ) from None
