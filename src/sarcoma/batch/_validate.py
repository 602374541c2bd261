"""Batch value checks: the rules every engine applies to a row before staging it.

Every check comes from the staging schema (``data/schemas/ajcc8.yaml``, read by
:mod:`sarcoma._staging_schema`, which the library's :class:`~sarcoma.StagingInput` uses too). The
per-row engine applies them here, in Python, then calls :func:`sarcoma.stage` with the cleaned
values; the SQL compiler (:mod:`._sql`) renders the same schema entries as SQL. The patterns use only
syntax that Python, RE2 (DuckDB), PostgreSQL and Java (Spark) read the same way: no backslashes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .._messages import message as catalogue_message
from .._staging_schema import DecimalRule, check_file_text, input_spec, staging_schema, t_pattern
from .._staging_schema import allowed_tokens as schema_tokens

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

_SCHEMA = staging_schema()
INPUT_COLUMNS = _SCHEMA.keys
"""Columns the engine reads, in the order they are checked (``data/schemas/ajcc8.yaml``); every other
column passes through."""

NOT_ASCII = "[^ -~]"
INT_PATTERN = "^[0-9]{1,7}$"
HISTOLOGY_PATTERN = input_spec("histology").pattern or ""
T_PATTERN = t_pattern()
T_PREFIX = input_spec("t").prefix or ""
SD2_CODES = tuple(sorted(schema_tokens("schema_discriminator_2")))
BASIS_VALUES = tuple(sorted(schema_tokens("basis")))
NECROSIS_TOKENS = tuple(sorted(schema_tokens("necrosis")))


class SizeRule(DecimalRule):
    """One size column of the staging schema: its decimal rule (unit, decimals, limit, factor to mm)."""

    column: str


SIZE_RULES = tuple(
    SizeRule(column=spec.key, **spec.decimal.model_dump()) for spec in _SCHEMA.inputs if spec.decimal is not None
)


def message(code: str, **values: object) -> str:
    """Return a catalogue message with its placeholders filled."""
    return catalogue_message(code, **values)


def to_text(value: Any) -> str | None:
    """Read a cell as text the way every engine does: ``None`` stays ``None``, others ``str()``."""
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def allowed_tokens(column: str) -> frozenset[str]:
    """Every token a ``table`` or ``values`` column of the staging schema accepts."""
    return schema_tokens(column)


def _column_error(column: str, text: str, clean: dict[str, Any]) -> str | None:
    """The failed check of one given (non-blank) column, from the staging schema; fills ``clean`` with
    the value read (a size as a plain decimal, a score as an integer)."""
    value, error = check_file_text(column, text)
    if error is None and input_spec(column).check in ("decimal", "integer"):
        clean[column] = value
    return error


def _check(fields: Mapping[str, str | None], nonascii: set[str]) -> tuple[dict[str, Any], list[str]]:
    """Every failed check: each column's first (not printable ASCII first), in column order, then across columns."""
    clean: dict[str, Any] = {k: v for k, v in fields.items() if v is not None}
    errors: list[str] = []
    for column in INPUT_COLUMNS:
        text = fields.get(column)
        if column in nonascii:
            errors.append(message("not_ascii", column=column))
        elif text is None and input_spec(column).required:
            errors.append(input_spec(column).message())
        elif text is not None and (error := _column_error(column, text, clean)):
            errors.append(error)
        for group in _SCHEMA.exclusive:
            if column == group.inputs[-1] and sum(fields.get(c) is not None for c in group.inputs) > 1:
                errors.append(message(group.error))
    for group in _SCHEMA.together:
        given = [fields.get(c) is not None for c in group.inputs]
        if any(given) and not all(given):
            errors.append(message(group.error))
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
