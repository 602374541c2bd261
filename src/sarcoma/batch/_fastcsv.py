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
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
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


_MISPLACED_QUOTE = re.compile(
    rb'(?<![^,\r\n])(?:"")+(?=[^,\r\n"])'  # a quoted field closed at once, then more text: ""x
    rb'|(?<=[^,\r\n"])"(?:"")*(?=[^,\r\n"])'  # an odd run of quotes inside text: "ab"c, "a"""c
)
"""Quotes the strict reader may refuse (``',' expected after '"'``) but pyarrow reads silently (``"ab"c``
as ``abc``). Also matches some well-formed text (a quote inside an unquoted cell, or ``,""x`` inside a
quoted cell); that only costs the slower strict reader, never a different row."""


def _lines(path: Path) -> tuple[int, bool, bool]:
    """(physical lines, whether any is blank, whether a quote may be misplaced), lines counted as
    :func:`._reading.count_lines` does."""
    lines, blank, quote, tail, carry = 0, False, False, b"\n", b""
    with path.open("rb") as f:
        while block := f.read(1 << 24):
            lines += block.count(b"\n")
            edge = tail + block[:2]  # a blank line across the block boundary
            blank = blank or b"\n\n" in edge or b"\n\r\n" in edge or b"\n\n" in block or b"\n\r\n" in block
            if not quote and (b'"' in block or b'"' in carry):
                # The search starts at the previous block's last byte before its trailing quotes, so a
                # run of quotes across the boundary is seen whole.
                quote = _MISPLACED_QUOTE.search(carry + block) is not None
            tail = block[-2:]
            stripped = block.rstrip(b'"')
            carry = block[max(len(stripped) - 1, 0) :] if len(stripped) else carry + block
    return lines + (tail[-1:] != b"\n"), blank, quote


def open_fast_csv(path: Path) -> Source:
    """A source over ``path`` parsed by pyarrow; raise :class:`Fallback` when it cannot be used."""
    header = _header(path)
    if not header or len(set(header)) != len(header) or len(header) < 2:
        raise Fallback(path)
    physical, blank, quote = _lines(path)
    if blank:
        raise Fallback("a blank line")
    if quote:
        raise Fallback("a quote inside a field")
    schema = pa.schema([pa.field(c, pa.string()) for c in header])

    def batches() -> Iterator[pa.RecordBatch]:
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
                for column in batch.columns:
                    if len(column) and (pc.max(pc.binary_length(column)).as_py() or 0) > FIELD_LIMIT:
                        raise Fallback("a field is over the field limit")
                rows += batch.num_rows
                yield batch
        except (pa.ArrowInvalid, OSError) as exc:
            raise Fallback(str(exc)) from None
        if rows != physical - 1:
            # A blank line, or a quoted field over several lines: the strict reader decides what each line is.
            raise Fallback("records and lines differ")

    return Source(path, "csv", header, schema, batches)
