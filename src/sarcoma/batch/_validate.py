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
    template = load_table("batch/messages").require(code=code).get("message")
    return template.format(**values)


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


def _check(fields: Mapping[str, str | None]) -> tuple[dict[str, Any], str | None]:  # noqa: C901 - one check per column
    clean: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    if fields.get("site") is None:
        return clean, message("site_missing")
    histology = fields.get("histology")
    if histology is not None and not re.match(HISTOLOGY_PATTERN, histology):
        return clean, message("histology_format")
    sd2 = fields.get("schema_discriminator_2")
    if sd2 is not None and sd2 not in SD2_CODES:
        return clean, message("sd2_code")
    for rule in SIZE_RULES:
        text = fields.get(rule.column)
        if text is not None:
            clean[rule.column], error = _size(rule, text)
            if error:
                return clean, error
    if fields.get("size_cm") is not None and fields.get("size_mm") is not None:
        return clean, message("size_both")
    t = fields.get("t")
    if t is not None and not re.match(T_PATTERN, re.sub("[ _-]", "", t.upper())):
        return clean, message("t_format")
    for axis in ("n", "m"):
        value = fields.get(axis)
        if value is not None and normalize_token(value) not in allowed_tokens("nodes_metastasis", axis=axis):
            return clean, message(f"{axis}_code")
    grade = fields.get("grade")
    if grade is not None and normalize_token(grade) not in allowed_tokens("grade"):
        return clean, message("grade_code")
    for column, code, high in (("differentiation", "differentiation_range", 3), ("mitoses", "mitoses_range", 10**6)):
        text = fields.get(column)
        if text is not None:
            if not re.match(INT_PATTERN, text) or not (column == "mitoses" or int(text) >= 1) or int(text) > high:
                return clean, message(code)
            clean[column] = int(text)
    necrosis = fields.get("necrosis")
    if necrosis is not None and normalize_token(necrosis) not in NECROSIS_TOKENS:
        return clean, message("necrosis_code")
    basis = fields.get("basis")
    if basis is not None and basis not in BASIS_VALUES:
        return clean, message("basis_code")
    given = [fields.get(c) is not None for c in ("differentiation", "mitoses", "necrosis")]
    if any(given) and not all(given):
        return clean, message("fnclcc_partial")
    return clean, None


def prevalidate(record: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Check one batch record; return (the cleaned fields for :func:`sarcoma.stage`, the first error).

    Values are read as text; anything outside printable ASCII is refused, then blanks count as not
    given and each column is checked in :data:`INPUT_COLUMNS` order.
    """
    texts = {c: to_text(record.get(c)) for c in INPUT_COLUMNS}
    for column, text in texts.items():
        if text is not None and re.search(NOT_ASCII, text):
            return {}, message("not_ascii", column=column)
    fields = {c: (t.strip() or None) if t is not None else None for c, t in texts.items()}
    return _check(fields)
