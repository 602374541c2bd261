"""The fast CSV reader of the vectorized engine: pyarrow's C++ parser, every column as text.

A well-formed CSV file (the usual registry export: one record per line) is parsed in C++ with no
Python work per row. A file the fast parser might read differently from the strict reader of
:mod:`._reading` (a row with the wrong number of fields, text that is not UTF-8, a field over
``FIELD_LIMIT``, a header it cannot use, a quote that may be misplaced (``"ab"c``, which pyarrow
reads as ``abc``), or records that do not match the file's lines one to one: a blank line or a
quoted field over several lines) raises :class:`Fallback`, and the engine stages
the file again with the strict reader, which keeps each malformed line as a row with its own error.
Blank and missing cells are read as null, which the staging rules read as blank, as they do an
empty string.
"""

from __future__ import annotations

import csv
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv

from ._formats import Source
from ._reading import FIELD_LIMIT

__all__ = ["BLOCK_BYTES", "Fallback", "open_fast_csv"]

BLOCK_BYTES = 1 << 20
"""Bytes parsed per block. pyarrow's streaming reader reads up to 32 blocks ahead of the batch it
returns, so this bounds the memory the reader holds (16 MB blocks held the first 512 MB of the file:
peak RSS grew with the file up to that). 1 MB blocks parse a 10M-row file as fast (1.5 s against 2.3 s)."""


class Fallback(Exception):
    """The fast reader cannot read this file as the Python reader would; use that one."""


def _header(path: Path) -> list[str] | None:
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            return next(csv.reader(f), None)
    except (UnicodeDecodeError, csv.Error):
        return None


_AFTER_CLOSING = np.zeros(256, dtype=bool)
_AFTER_CLOSING[list(b',"\r\n')] = True
"""Bytes that may follow a closing quote; any other is text after the quote."""
_BEFORE_OPENING = np.zeros(256, dtype=bool)
_BEFORE_OPENING[list(b',"\n')] = True
"""Bytes that may come before an opening quote (``"``: the second quote of an escaped pair)."""


def _quote_may_be_misplaced(lines: bytes) -> bool:
    """Whether a quote may be read differently by pyarrow and the strict reader. ``lines``: whole lines.

    In a line the fast reader keeps (a quoted cell over several lines sends the file to the strict
    reader by its record count), the 1st, 3rd ... quote opens a cell and the 2nd, 4th ... closes it;
    an escaped ``""`` inside a cell is a closing quote followed by a quote and an opening quote after
    one. Flagged: a closing quote followed by text (``"ab"c``, ``""c``, ``"a,"c``), which pyarrow joins
    silently (``abc``) and the strict reader refuses, and an opening quote that does not start a
    cell (``ab"c``): both readers keep that one as text, but it shifts the count for the rest of the
    line. A flag only costs the slower strict reader, never a different row.
    """
    data = np.frombuffer(lines, dtype=np.uint8)
    quotes = np.flatnonzero(data == ord('"'))
    if not len(quotes):
        return False
    ends = np.flatnonzero(data == ord("\n"))
    before = np.searchsorted(ends, quotes)  # line of each quote
    starts = np.where(before > 0, ends[np.maximum(before - 1, 0)] + 1, 0)
    opening = (np.arange(len(quotes)) - np.searchsorted(quotes, starts)) % 2 == 0
    closing = quotes[~opening & (quotes + 1 < len(data))]
    inner = quotes[opening & (quotes > starts)]
    return bool(np.any(~_AFTER_CLOSING[data[closing + 1]]) or np.any(~_BEFORE_OPENING[data[inner - 1]]))


def _lines(path: Path) -> tuple[int, bool, bool, int]:
    """(physical lines, whether any is blank, whether a quote is misplaced, the longest line in bytes),
    lines counted as :func:`._reading.count_lines` does."""
    lines, blank, quote, tail, pending = 0, False, False, b"\n", b""
    longest, run = 0, 0  # run: the bytes since the last line end
    with path.open("rb") as f:
        while block := f.read(1 << 22):
            lines += block.count(b"\n")
            ends = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == ord("\n"))
            if len(ends):
                inner = int(np.diff(ends).max(initial=1)) - 1
                longest, run = max(longest, run + int(ends[0]), inner), len(block) - int(ends[-1]) - 1
            else:
                run += len(block)
            edge = tail + block[:2]  # a blank line across the block boundary
            blank = blank or b"\n\n" in edge or b"\n\r\n" in edge or b"\n\n" in block or b"\n\r\n" in block
            tail = block[-2:]
            if quote or (b'"' not in block and b'"' not in pending):
                pending = b""
                continue
            # Whole lines only: the part after the last line end waits for the next block.
            cut = block.rfind(b"\n") + 1
            whole, pending = (pending + block[:cut], block[cut:]) if cut else (b"", pending + block)
            quote = _quote_may_be_misplaced(whole) or len(pending) > 1 << 22
    if pending and not quote:
        quote = _quote_may_be_misplaced(pending + b"\n")
    return lines + (tail[-1:] != b"\n"), blank, quote, max(longest, run)


class _Scan:
    """:func:`_lines` on a thread, while pyarrow parses the file (its reader is C++ on other threads)."""

    def __init__(self, path: Path) -> None:
        self._found: list[tuple[int, bool, bool, int] | BaseException] = []
        self._thread = threading.Thread(target=self._run, args=(path,), name="sarcoma-scan", daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            self._found.append(_lines(path))
        except BaseException as exc:  # noqa: BLE001 - handed to the reader's thread by result()
            self._found.append(exc)

    def result(self) -> tuple[int, bool, bool, int]:
        self._thread.join()
        found = self._found[0]
        if isinstance(found, BaseException):
            raise found
        return found


def open_fast_csv(path: Path) -> Source:
    """A source over ``path`` parsed by pyarrow; raise :class:`Fallback` when it cannot be used.

    The line scan (:func:`_lines`) runs while the file is parsed; what it finds is checked when the
    parser is done, before the stream ends (a run that was already writing starts again with the
    strict reader, as for any :class:`Fallback`).
    """
    header = _header(path)
    if not header or len(set(header)) != len(header) or len(header) < 2:
        raise Fallback(path)
    schema = pa.schema([pa.field(c, pa.string()) for c in header])

    def batches() -> Iterator[pa.RecordBatch]:
        scan = _Scan(path)
        try:
            reader = pcsv.open_csv(
                path,
                read_options=pcsv.ReadOptions(column_names=header, skip_rows=1, block_size=BLOCK_BYTES),
                parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
                convert_options=pcsv.ConvertOptions(
                    column_types=dict.fromkeys(header, pa.string()),
                    strings_can_be_null=True,
                    quoted_strings_can_be_null=True,
                    null_values=[""],
                ),
            )
            rows = 0
            for batch in reader:
                rows += batch.num_rows
                yield batch
        except (pa.ArrowInvalid, OSError) as exc:
            raise Fallback(str(exc)) from None
        physical, blank, quote, longest = scan.result()
        if longest > FIELD_LIMIT:  # no field is longer than its line
            raise Fallback("a field may be over the field limit")
        if blank:
            raise Fallback("a blank line")
        if quote:
            raise Fallback("a quote inside a field")
        if rows != physical - 1:
            # A blank line, or a quoted field over several lines: the strict reader decides what each line is.
            raise Fallback("records and lines differ")

    return Source(path, "csv", header, schema, batches)
