"""The staging schema (``data/schemas/ajcc8.yaml``) and the one input check built from it.

The schema names every input of a case with its check (a pattern, a table's tokens, a list of
values, a decimal or an integer rule) and the catalogue message a failed check gives. The library
(:class:`sarcoma.StagingInput`), the API, the batch per-row reference and the SQL compiler all check
values through this module, so the same bad value gets the same message everywhere.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._header import Header as _Header
from ._messages import message
from ._tables import load_table, normalize_token

__all__ = [
    "DecimalRule",
    "IntegerRule",
    "InputSpec",
    "StagingSchema",
    "staging_schema",
    "input_spec",
    "allowed_tokens",
    "t_pattern",
    "check_text",
    "check_file_text",
    "check_number",
    "input_error",
]

SCHEMA_FILE = "schemas/ajcc8.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class DecimalRule(_Strict):
    """A size: its unit, decimals allowed in a file, maximum and factor to millimetres."""

    unit: str
    places: int
    maximum: int
    to_mm: int
    example: str

    @property
    def pattern(self) -> str:
        """Unsigned or signed decimal with at most ``places`` decimals and 6 integer digits."""
        return f"^[+-]?([0-9]{{1,6}}([.][0-9]{{0,{self.places}}})?|[.][0-9]{{1,{self.places}}})$"


class IntegerRule(_Strict):
    minimum: int
    maximum: int


class InputSpec(_Strict):
    """One input: its key, NAACCR item, check and the message a failed check gives."""

    key: str
    description: str
    check: Literal["route", "pattern", "table", "values", "decimal", "integer"]
    naaccr_item: str | None = None
    required: bool = False
    default: str | None = None
    error: str | None = None
    pattern: str | None = None
    compact: bool = False
    prefix: str | None = None
    table: str | None = None
    also_tables: tuple[str, ...] = ()
    column: str | None = None
    where: dict[str, str] | None = None
    values: tuple[str, ...] | None = None
    normalize: bool = False
    decimal: DecimalRule | None = None
    integer: IntegerRule | None = None
    file_pattern: str | None = None
    file_error: str | None = None

    def message(self, code: str | None = None) -> str:
        """The catalogue message for this input (``code`` for a decimal's other failures)."""
        code = code or self.error or ""
        if self.decimal is not None:
            rule = self.decimal
            return message(code, column=self.key, unit=rule.unit, places=rule.places, example=rule.example)
        return message(code)


class InputGroup(_Strict):
    inputs: tuple[str, ...]
    error: str


class Step(_Strict):
    step: str
    tables: tuple[str, ...]
    reads: tuple[str, ...]
    sets: tuple[str, ...]


class StagingSchema(_Header):
    """The whole schema file (the header fields every data file has, then the schema)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)

    edition: str
    inputs: tuple[InputSpec, ...]
    exclusive: tuple[InputGroup, ...] = ()
    together: tuple[InputGroup, ...] = ()
    limits: dict[str, int]
    steps: tuple[Step, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        """The input keys in the order they are checked."""
        return tuple(spec.key for spec in self.inputs)


@cache
def staging_schema() -> StagingSchema:
    """The staging schema, loaded strictly (its shape is checked by :mod:`sarcoma._schemas`)."""
    from ._data import load_data

    return StagingSchema.model_validate(load_data(SCHEMA_FILE))


@cache
def input_spec(key: str) -> InputSpec:
    """The schema entry of one input."""
    for spec in staging_schema().inputs:
        if spec.key == key:
            return spec
    raise KeyError(f"{SCHEMA_FILE}: no input {key!r}")


@cache
def allowed_tokens(key: str) -> frozenset[str]:
    """The normalized tokens a ``table`` or ``values`` input accepts (blank excluded)."""
    spec = input_spec(key)
    if spec.values is not None:
        return frozenset(normalize_token(v) if spec.normalize else v for v in spec.values)
    found: set[str] = set()
    fixed = {k: normalize_token(v) for k, v in (spec.where or {}).items()}
    for name in (spec.table or "", *spec.also_tables):
        for row in load_table(name).rows:
            if all(v in row.sets.get(k, {v}) for k, v in fixed.items()):
                found |= {tok for tok in row.sets.get(spec.column or "", frozenset()) if tok}
    return frozenset(found)


@cache
def t_pattern() -> str:
    """The pattern for a T input: an optional prefix, then one of the T categories of ``t_categories``."""
    spec = input_spec("t")
    bodies = {normalize_token(t).removeprefix("T") for t in allowed_tokens("t")}
    ordered = sorted(bodies, key=lambda b: (-len(b), b))
    return f"{spec.prefix}({'|'.join(ordered)})$"


def compact(text: str) -> str:
    """Upper case with spaces, underscores and hyphens removed (how a T value is read)."""
    return re.sub("[ _-]", "", text.upper())


def check_text(key: str, text: str) -> tuple[Any, str | None]:  # noqa: PLR0911 - one branch per kind of check
    """Check one given (non-blank, trimmed) value as text; return (the value read, the message or ``None``)."""
    spec = input_spec(key)
    if spec.check == "pattern":
        value = compact(text) if spec.compact else text
        pattern = t_pattern() if spec.key == "t" else spec.pattern or ""
        return (text, None) if re.match(pattern, value) else (None, spec.message())
    if spec.check in ("table", "values"):
        token = normalize_token(text) if spec.check == "table" or spec.normalize else text
        return (text, None) if token in allowed_tokens(key) else (None, spec.message())
    if spec.check == "integer" and spec.integer is not None:
        if not re.match("^[0-9]{1,7}$", text) or not spec.integer.minimum <= int(text) <= spec.integer.maximum:
            return None, spec.message()
        return int(text), None
    if spec.check == "decimal" and spec.decimal is not None:
        if not re.match(spec.decimal.pattern, text):
            return None, spec.message()
        return check_number(key, Decimal(text))
    return text, None


def check_file_text(key: str, text: str) -> tuple[Any, str | None]:
    """:func:`check_text`, then the checks that apply to a file's cells only (batch and SQL)."""
    value, error = check_text(key, text)
    spec = input_spec(key)
    if error is None and spec.file_pattern is not None and not re.match(spec.file_pattern, text):
        return None, message(spec.file_error or "")
    return value, error


def check_number(key: str, value: Decimal | float) -> tuple[Any, str | None]:
    """Check a size given as a number; return (its absolute value as text, the message or ``None``)."""
    spec = input_spec(key)
    rule = spec.decimal
    assert rule is not None  # noqa: S101 - only decimal inputs are numbers
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None, spec.message()
        try:
            value = Decimal(repr(value))
        except InvalidOperation:  # pragma: no cover - repr of a finite float is a decimal
            return None, spec.message()
    if value <= 0:
        return None, message("size_not_positive", column=key)
    if value > rule.maximum:
        return None, message("size_too_large", column=key)
    if (value * rule.to_mm).quantize(Decimal(1), rounding=ROUND_HALF_UP) == 0:
        return None, message("size_rounds_to_zero", column=key)
    return str(value.copy_abs()), None


def input_error(key: str, kind: str) -> str:
    """The message for a value the model could not even read (a pydantic type error) for ``key``."""
    spec = input_spec(key)
    if spec.error is None:
        return f"{key}: {kind}"
    return spec.message()
