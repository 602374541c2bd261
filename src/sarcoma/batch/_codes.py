"""Stable codes for batch messages: the ``message_codes`` column and the catalogue a registry joins on.

Every message a batch row can carry comes from a table under ``sarcoma/data``: the message
catalogue (``messages.yaml``: input checks, reader errors, staging errors and warnings), the
out-of-scope rows of the routing tables and the NAACCR tables' error rows. Each has a stable
code. A row's ``message_codes`` holds one code per message, in the same order, joined with ``|``
(its ``messages`` are joined with `` | ``), so the two split and zip.

Codes are found from the message text (exact text first, then the templates with their
placeholders as wildcards: :class:`sarcoma._messages.TextMatcher`), once per distinct message, so every
engine gives the same codes.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

import pyarrow as pa
import pyarrow.compute as pc

from .._data import load_data
from .._messages import TextMatcher, entries
from .._tables import load_table

__all__ = [
    "CODE_SEPARATOR",
    "CODES_COLUMN",
    "UNKNOWN_CODE",
    "MessageCode",
    "catalogue",
    "catalogue_csv",
    "code_of",
    "codes_array",
    "codes_of",
]

CODES_COLUMN = "message_codes"
CODE_SEPARATOR = "|"
MESSAGE_SEPARATOR = " | "
UNKNOWN_CODE = "unknown"
"""The code of a message that is in no catalogue (a defect: the tests check that none occurs)."""

_ROUTING_TABLES = ("topography", "site_aliases", "schema_discriminator_2", "histology")
_NAACCR_TABLES = ("naaccr/tumor_size", "naaccr/eod_nodes", "naaccr/eod_mets", "naaccr/schema_id")


@dataclass(frozen=True)
class MessageCode:
    """One catalogue entry: the code, ``error`` or ``warning``, the text (``{placeholders}``) and its table."""

    code: str
    kind: str
    message: str
    source: str


@cache
def catalogue() -> tuple[MessageCode, ...]:
    """Every code a batch row can carry, errors first, in a stable order."""
    found: list[MessageCode] = []
    for row in entries():
        if row.get("kind") == "error":
            found.append(MessageCode(row.get("code"), "error", row.get("message"), "data/messages.yaml"))
    for table_id in _ROUTING_TABLES:
        for row in load_table(table_id).rows:
            if row.get("out_of_scope") and row.get("message"):
                found.append(MessageCode(f"{table_id}_{row.id}", "error", row.get("message"), f"data/{table_id}.yaml"))
    for table_id in _NAACCR_TABLES:
        for row in load_table(table_id).rows:
            if row.get("error"):
                code = "naaccr_" + table_id.split("/")[1] + "_" + row.id
                found.append(MessageCode(code, "error", row.get("error"), f"data/{table_id}.yaml"))
    for row in entries():
        if row.get("kind") == "warning":
            found.append(MessageCode(row.get("code"), "warning", row.get("message"), "data/messages.yaml"))
    return _with_editions(found)


def _with_editions(found: list[MessageCode]) -> tuple[MessageCode, ...]:
    """The editions' scope rules (refusals are errors, "no stage" notes warnings) and their warnings."""
    index = "data/editions/editions.yaml"
    errors = [c for c in found if c.kind == "error"]
    warnings = [c for c in found if c.kind == "warning"]
    for entry in load_data("editions/editions.yaml")["editions"].values():
        for rule in entry["scope"]:
            into = errors if rule["action"] == "refuse" else warnings
            kind = "error" if rule["action"] == "refuse" else "warning"
            if all(c.code != rule["id"] for c in found + errors + warnings):
                into.append(MessageCode(rule["id"], kind, rule["message"], index))
    for row in load_table("editions/messages").rows:
        warnings.append(MessageCode(row.get("code"), "warning", row.get("message"), "data/editions/messages.yaml"))
    return (*errors, *warnings)


@cache
def _matcher() -> TextMatcher:
    return TextMatcher((entry.code, entry.message) for entry in catalogue())


@cache
def code_of(message: str) -> str:
    """The code of one message (``unknown`` if no catalogue entry gives it)."""
    found = _matcher().match(message)
    return UNKNOWN_CODE if found is None else found[0]


def codes_of(messages: str | None) -> str:
    """The ``message_codes`` of a row's ``messages`` (empty when there are none)."""
    if not messages:
        return ""
    return CODE_SEPARATOR.join(code_of(m) for m in messages.split(MESSAGE_SEPARATOR))


def codes_array(messages: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``message_codes`` for a column of ``messages``: worked out once per distinct value."""
    array = messages.combine_chunks() if isinstance(messages, pa.ChunkedArray) else messages
    encoded = pc.dictionary_encode(array, null_encoding="encode")
    distinct = pa.array([codes_of(m) for m in encoded.dictionary.to_pylist()], pa.string())
    return distinct.take(encoded.indices)


def catalogue_csv() -> str:
    """The catalogue as CSV (code, kind, message, source), for a registry to join on."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "kind", "message", "source"])
    for entry in catalogue():
        writer.writerow([entry.code, entry.kind, entry.message, entry.source])
    return out.getvalue()


def list_messages_csv(value: bool) -> None:
    """CLI callback for ``sarcoma batch --list-messages``: print the catalogue as CSV and exit."""
    if value:
        import sys

        import typer

        sys.stdout.write(catalogue_csv())
        raise typer.Exit(0)
