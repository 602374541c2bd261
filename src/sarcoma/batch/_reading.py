"""Strict readers for CSV and NDJSON: one row per record, never a merged row, every line accounted for.

Both readers walk the file's physical lines themselves (bytes, split on ``\\n``) and keep a
:class:`Tally` of the rows they made and the lines each row used. At the end of the file the lines
used are checked against an independent count of the file's lines (:func:`count_lines`), and the
engines check that the rows written equal the rows read (:func:`check_rows`); a difference stops the
run with :class:`BatchIntegrityError` rather than writing a file that silently lost rows.

A record that cannot be read is kept as a row with a reader error (``_sarcoma_row_error``):

- a blank line (``empty_row``), a line that is not UTF-8 (``not_utf8``), a field over
  :data:`FIELD_LIMIT` characters (``field_too_large``), a wrong number of fields (``malformed_csv``);
- a quote that is opened and never closed, or a quote in the wrong place (``csv_quote``). A quoted
  field may hold line breaks (the record then spans several lines), but only if the record then
  parses with the right number of fields and no line it runs on to holds a whole row's worth of
  commas (header columns minus one: that line is a row of its own that a stray quote would swallow).
  Otherwise the first line alone is the error row and reading starts again on the next line, so an
  unclosed quote costs one row, never the rows after it. (In a file of two or three columns, a note
  whose continued line holds that many commas is refused the same way: an error row, never a loss.)
- NDJSON: a line that is not a JSON object (``malformed_json``), or with ``--schema``, keys the
  schema does not name (``json_unknown_key``).
"""

from __future__ import annotations

import csv
import json
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InvalidInput
from ._validate import message, to_text

__all__ = [
    "FIELD_LIMIT",
    "BatchIntegrityError",
    "Tally",
    "check_rows",
    "count_lines",
    "csv_header",
    "csv_records",
    "ndjson_columns",
    "ndjson_records",
]

FIELD_LIMIT = 131_072
"""Longest field read, in characters (Python's csv default); a longer one makes its row an error."""
BOM = b"\xef\xbb\xbf"
Record = tuple[list[str | None], str | None]
"""The cells of one row and the reader's error for it (None: read cleanly)."""


class BatchIntegrityError(ValueError):
    """The rows out would not equal the records in; the run stops and writes no output.

    .. versionadded:: 0.2
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Tally:
    """What a reader consumed: rows made, and physical lines used (header included)."""

    rows: int = 0
    lines: int = 0


def count_lines(path: Path) -> int:
    """The physical lines of a file, counted apart from any parser (a last line without ``\\n`` counts)."""
    lines, last = 0, b"\n"
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


def _check_lines(path: Path, tally: Tally) -> None:
    physical = count_lines(path)
    if tally.lines != physical:
        raise BatchIntegrityError(
            f"{path}: the reader accounted for {tally.lines:,} of {physical:,} lines; no output was written"
        )


def check_rows(path: Path, written: int, tally: Tally | None) -> None:
    """Refuse a run whose rows written differ from the records the reader read."""
    if tally is not None and written != tally.rows:
        raise BatchIntegrityError(
            f"{path}: {tally.rows:,} records read but {written:,} rows staged; no output was written"
        )


def _decode(raw: bytes, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _BadLine(message("not_utf8", line=number, position=exc.start + 1)) from None


class _BadLine(Exception):
    """A line that cannot be decoded; carries the row error."""


def csv_header(path: Path) -> list[str]:
    """The header row of a CSV file: one line, UTF-8, unique column names."""
    with path.open("rb") as f:
        raw = f.readline()
    if not raw.strip(b"\r\n" + BOM):
        raise InvalidInput(f"{path}: the file is empty; it needs a header row")
    try:
        text = raw.removeprefix(BOM).decode("utf-8")
        header = next(csv.reader([text], strict=True))
    except UnicodeDecodeError as exc:
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InvalidInput(f"{path}: the file is UTF-16 text; save it as CSV in UTF-8") from None
        raise InvalidInput(f"{path}: the header row is not UTF-8 text (byte {exc.start + 1})") from None
    except csv.Error as exc:
        if b"\r" in raw.rstrip(b"\r\n"):
            raise InvalidInput(
                f"{path}: lines end with a carriage return alone (old Mac text); save it with Windows or Unix line ends"
            ) from None
        raise InvalidInput(f"{path}: the header row is not one line of CSV ({exc})") from None
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        names = ", ".join(repr(c) for c in twice)
        raise InvalidInput(f"{path}: column(s) {names} appear more than once in the header; names must be unique")
    return header


class _Lines:
    """Numbered physical lines of a binary file, with lines put back to be read again."""

    def __init__(self, f: BinaryIO, first: int) -> None:
        self._lines = enumerate(f, start=first)
        self.back: deque[tuple[int, bytes]] = deque()

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> tuple[int, bytes]:
        if self.back:
            return self.back.popleft()
        return next(self._lines)


class _OneLine:
    """Feeds one line at a time to a csv reader that is kept for the whole file (no set-up per line)."""

    def __init__(self) -> None:
        self.line: str | None = None
        self.reader = csv.reader(self, strict=True)

    def __iter__(self) -> _OneLine:
        return self

    def __next__(self) -> str:
        line, self.line = self.line, None
        if line is None:
            raise StopIteration
        return line

    def parse(self, text: str) -> list[str] | None:
        """The fields of a record on one line; None if a quoted field runs on to the next line."""
        self.line = text
        try:
            return next(self.reader)
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                return None
            raise


def _one_line(one: _OneLine, number: int, raw: bytes, width: int) -> Record | None:
    """A record whose line holds a quote, if it ends on that line (the usual case); None if it runs on."""
    try:
        parsed = one.parse(_decode(raw, number))
    except _BadLine as exc:
        return [None] * width, str(exc)
    except csv.Error as exc:
        if "field larger" in str(exc):
            return [None] * width, message("field_too_large", line=number, limit=FIELD_LIMIT)
        return [None] * width, message("csv_quote", line=number, problem=str(exc))
    if parsed is None:
        return None
    fields: list[str | None] = list(parsed)
    if len(fields) == width:
        return fields, None
    return (fields + [None] * width)[:width], message("malformed_csv", line=number, expected=width, found=len(fields))


def _quoted(lines: _Lines, number: int, raw: bytes, width: int) -> tuple[Record, int]:
    """Read a record whose quoted field runs over several lines; return it and the lines it used."""
    used = [(number, raw)]

    def feed() -> Iterator[str]:
        yield _decode(raw, number)
        for item in lines:
            used.append(item)
            if item[1].count(b",") >= width - 1:
                raise _BadLine("a whole row on the next line")
            yield _decode(item[1], item[0])

    reader = csv.reader(feed(), strict=True)
    problem: str
    try:
        fields: list[str | None] = list(next(reader))
        if len(fields) == width:
            return (fields, None), len(used)
        problem = message("malformed_csv", line=number, expected=width, found=len(fields))
        if len(used) == 1:
            return ((fields + [None] * width)[:width], problem), 1
    except csv.Error as exc:
        large = "field larger" in str(exc)
        problem = message("field_too_large", line=number, limit=FIELD_LIMIT) if large else str(exc)
        if not large:
            problem = message("csv_quote", line=number, problem=problem)
    except _BadLine as exc:
        problem = str(exc)
    if len(used) > 1:
        # The record ran over several lines and still does not parse: an unclosed quote. Keep the
        # first line as the error row and read the others again as rows of their own.
        lines.back.extendleft(reversed(used[1:]))
        problem = message("csv_quote", line=number, problem="a quote opened in this row is never closed")
    return ([None] * width, problem), 1


def _plain(number: int, raw: bytes, width: int) -> Record:
    """A line without quotes: split on commas."""
    text = _decode(raw, number).rstrip("\r\n")
    if not text.strip():
        return [None] * width, message("empty_row", line=number)
    fields: list[str | None] = list(text.split(","))
    if len(fields) != width:
        # Keep the cells that are there (padded or cut to the header) so the row can be found.
        problem = message("malformed_csv", line=number, expected=width, found=len(fields))
        return (fields + [None] * width)[:width], problem
    if len(text) > FIELD_LIMIT and any(len(x or "") > FIELD_LIMIT for x in fields):
        return [None] * width, message("field_too_large", line=number, limit=FIELD_LIMIT)
    return fields, None


def csv_records(path: Path, width: int, tally: Tally) -> Iterator[Record]:
    """Every record after the header, one per row, in order; checks the line count at the end."""
    with path.open("rb") as f:
        f.readline()
        tally.lines = 1
        lines, one = _Lines(f, 2), _OneLine()
        for number, raw in lines:
            if b'"' in raw:
                single = _one_line(one, number, raw, width)
                record, used = (single, 1) if single is not None else _quoted(lines, number, raw, width)
            else:
                try:
                    record = _plain(number, raw, width)
                except _BadLine as exc:
                    record = ([None] * width, str(exc))
                used = 1
            tally.rows += 1
            tally.lines += used
            yield record
    _check_lines(path, tally)


def _json_line(raw: bytes, number: int) -> tuple[Any, str | None]:
    """A parsed NDJSON line and its problem (None: a JSON object)."""
    try:
        text = _decode(raw, number)
    except _BadLine as exc:
        return None, str(exc)
    if not text.strip():
        return None, message("empty_row", line=number)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, message("malformed_json", line=number, problem=exc.msg)
    except RecursionError:
        return None, message("malformed_json", line=number, problem="nested too deeply")
    if not isinstance(record, dict):
        return None, message("malformed_json", line=number, problem="not a JSON object")
    return record, None


def ndjson_columns(path: Path) -> list[str]:
    """The columns of an NDJSON file: every key of every line, in order of first appearance."""
    seen: dict[str, None] = {}
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            record, _ = _json_line(raw, number)
            if record is not None:
                seen.update(dict.fromkeys(record))
    return list(seen)


def ndjson_records(path: Path, columns: Sequence[str], tally: Tally, strict_keys: bool) -> Iterator[Record]:
    """One row per line (cells as text), in order; with ``strict_keys`` a key outside ``columns`` is an error."""
    known = set(columns)
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            record, problem = _json_line(raw, number)
            if record is not None and strict_keys and not known.issuperset(record):
                extra = ", ".join(sorted(set(record) - known))
                record, problem = None, message("json_unknown_key", line=number, keys=extra)
            tally.rows += 1
            tally.lines += 1
            if record is None:
                yield [None] * len(columns), problem
            else:
                yield [to_text(record.get(c)) for c in columns], None
    _check_lines(path, tally)
