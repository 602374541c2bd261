"""The message catalogue: every error and warning a user can see, read from ``data/messages.yaml``.

Code never types a message: it names a code and fills the placeholders. The per-row engine, the
input check and the SQL compiler all read the same rows, so a text changed in the catalogue changes
every interface the same way.
"""

from __future__ import annotations

import string
from functools import cache

from ._tables import Row, load_table

__all__ = ["message", "entry", "entries", "placeholders"]

CATALOGUE = "messages"


@cache
def _by_code() -> dict[str, Row]:
    return {row.get("code"): row for row in load_table(CATALOGUE).rows}


def entry(code: str) -> Row:
    """The catalogue row for ``code`` (``KeyError`` names the code when there is none)."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"no message {code!r} in data/{CATALOGUE}.yaml") from None


def entries() -> tuple[Row, ...]:
    """Every catalogue row, in file order."""
    return load_table(CATALOGUE).rows


def message(code: str, **values: object) -> str:
    """The technical text of ``code`` with its ``{placeholders}`` filled."""
    template = entry(code).get("message")
    return template.format(**values) if values else template


@cache
def placeholders(code: str) -> tuple[str, ...]:
    """The placeholder names of a message, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(entry(code).get("message")) if name)
