"""Batch value checks: the rules every engine applies to a row before staging it.

The per-row engine applies them here, in Python, then calls :func:`sarcoma.stage` with the cleaned
values; the SQL compiler (:mod:`._sql`) turns the same constants into SQL. The patterns use only
syntax that Python, RE2 (DuckDB), PostgreSQL and Java (Spark) read the same way: no backslashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .._messages import message as catalogue_message
from .._tables import load_table, normalize_token

__all__ = [
    "INPUT_COLUMNS",
    "SIZE_RULES",
    "SizeRule",
    "NOT_ASCII",
    "HISTOLOGY_PATTERN",
    "T_PATTERN",
    "T_PREFIX",
    "INT_PATTERN",
    "SD2_CODES",
    "BASIS_VALUES",
    "NECROSIS_TOKENS",
    "message",
    "to_text",
    "allowed_tokens",
    "prevalidate",
]

INPUT_COLUMNS = (
    "site",
    "histology",
    "schema_discriminator_2",
    "size_cm",
    "size_mm",
    "t",
    "extent",
    "n",
    "m",
    "grade",
    "differentiation",
    "mitoses",
    "necrosis",
    "basis",
)
"""Columns the engine reads, in the order they are checked; every other column passes through."""

NOT_ASCII = "[^ -~]"
HISTOLOGY_PATTERN = "^[0-9]{4}(/?[0-9])?$"
T_PATTERN = "^(YP|P|C|R|A)?T?(X|0|1|2A|2B|2|3|4A|4B|4C|4)$"
T_PREFIX = "^(YP|P|C|R|A)?T?"
INT_PATTERN = "^[0-9]{1,7}$"
SD2_CODES = ("1", "2", "8", "9")
BASIS_VALUES = ("clinical", "pathologic", "post_therapy", "recurrence")
NECROSIS_TOKENS = ("NONE", "0", "LT50", "LT 50", "1", "GE50", "GE 50", "2")


@dataclass(frozen=True)
class SizeRule:
    """How one size column is read: unit, decimal places, limit and factor to millimetres."""

    column: str
    unit: str
    places: int
    maximum: int
    to_mm: int
    example: str

    @property
    def pattern(self) -> str:
        """Unsigned or signed decimal with at most ``places`` decimals and 6 integer digits."""
        return f"^[+-]?([0-9]{{1,6}}([.][0-9]{{0,{self.places}}})?|[.][0-9]{{1,{self.places}}})$"


SIZE_RULES = (
    SizeRule("size_cm", "centimetres", 2, 300, 10, "5.25"),
    SizeRule("size_mm", "millimetres", 1, 3000, 1, "52.5"),
)


def message(code: str, **values: object) -> str:
    """Return a catalogue message with its placeholders filled."""
    return catalogue_message(code, **values)


def to_text(value: Any) -> str | None:
    """Read a cell as text the way every engine does: ``None`` stays ``None``, others ``str()``."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def allowed_tokens(table_id: str, **fixed: str) -> frozenset[str]:
    """Every non-blank token of the ``value`` column of the rows matching ``fixed`` inputs."""
    found: set[str] = set()
    for row in load_table(table_id).rows:
        if all(normalize_token(v) in row.sets.get(k, {normalize_token(v)}) for k, v in fixed.items()):
            found |= {tok for tok in row.sets.get("value", frozenset()) if tok}
    return frozenset(found)


def _size(rule: SizeRule, text: str) -> tuple[str | None, str | None]:
    """Return (cleaned decimal text, error)."""
    if not re.match(rule.pattern, text):
        return None, message(
            "size_format", column=rule.column, unit=rule.unit, places=rule.places, example=rule.example
        )
    value = Decimal(text)
    if value <= 0:
        return None, message("size_not_positive", column=rule.column)
    if value > rule.maximum:
        return None, message("size_too_large", column=rule.column)
    if (value * rule.to_mm).quantize(Decimal(1), rounding=ROUND_HALF_UP) == 0:
        return None, message("size_rounds_to_zero", column=rule.column)
    return str(value.copy_abs()), None


def _column_error(column: str, text: str, clean: dict[str, Any]) -> str | None:  # noqa: C901, PLR0911 - one check per column
    """The first failed check of one given (non-blank) column; fills ``clean`` with its read value."""
    if column == "histology" and not re.match(HISTOLOGY_PATTERN, text):
        return message("histology_format")
    if column == "schema_discriminator_2" and text not in SD2_CODES:
        return message("sd2_code")
    rule = next((r for r in SIZE_RULES if r.column == column), None)
    if rule is not None:
        clean[column], error = _size(rule, text)
        return error
    if column == "t" and not re.match(T_PATTERN, re.sub("[ _-]", "", text.upper())):
        return message("t_format")
    if column in ("n", "m") and normalize_token(text) not in allowed_tokens("nodes_metastasis", axis=column):
        return message(f"{column}_code")
    if column == "grade" and normalize_token(text) not in allowed_tokens("grade"):
        return message("grade_code")
    ranges = {"differentiation": ("differentiation_range", 1, 3), "mitoses": ("mitoses_range", 0, 10**6)}
    if column in ranges:
        code, low, high = ranges[column]
        if not re.match(INT_PATTERN, text) or not low <= int(text) <= high:
            return message(code)
        clean[column] = int(text)
    if column == "necrosis" and normalize_token(text) not in NECROSIS_TOKENS:
        return message("necrosis_code")
    if column == "basis" and text not in BASIS_VALUES:
        return message("basis_code")
    return None


def _check(fields: Mapping[str, str | None], nonascii: set[str]) -> tuple[dict[str, Any], list[str]]:
    """Every failed check: each column's first (not printable ASCII first), in column order, then across columns."""
    clean: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    errors: list[str] = []
    for column in INPUT_COLUMNS:
        text = fields.get(column)
        if column in nonascii:
            errors.append(message("not_ascii", column=column))
        elif column == "site" and text is None:
            errors.append(message("site_missing"))
        elif text is not None and (error := _column_error(column, text, clean)):
            errors.append(error)
        if column == "size_mm" and fields.get("size_cm") is not None and fields.get("size_mm") is not None:
            errors.append(message("size_both"))
    given = [fields.get(c) is not None for c in ("differentiation", "mitoses", "necrosis")]
    if any(given) and not all(given):
        errors.append(message("fnclcc_partial"))
    return clean, errors


def prevalidate(record: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Check one batch record; return (the cleaned fields for :func:`sarcoma.stage`, every error found).

    Values are read as text; blanks count as not given. Each column is checked in
    :data:`INPUT_COLUMNS` order (a character outside printable ASCII first, then the column's own
    rules; its first failure is its error), then the checks across columns (both sizes, a partial
    FNCLCC score). All errors are reported, joined with `` | ``, in that order.
    """
    texts = {c: to_text(record.get(c)) for c in INPUT_COLUMNS}
    nonascii = {c for c, t in texts.items() if t is not None and re.search(NOT_ASCII, t)}
    fields = {c: (t.strip() or None) if t is not None else None for c, t in texts.items()}
    clean, errors = _check(fields, nonascii)
    return clean, " | ".join(errors) or None
