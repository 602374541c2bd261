"""Batch staging of files of cases: a vectorized engine, the same rules compiled to SQL, and a per-row reference.

``stage_file`` stages CSV, Parquet, NDJSON or NAACCR (flat or XML) files with the compiled plan run
by DuckDB; ``stage_file_rowwise`` and ``stage_record`` are the per-row reference (one
:func:`sarcoma.stage` call per row); ``staging_sql`` prints the plan for DuckDB, PostgreSQL or Spark.
"""

from __future__ import annotations

from ._duckdb import stage_file
from ._formats import FORMATS
from ._naaccr import naaccr_record
from ._rowwise import (
    INPUT_COLUMNS,
    MESSAGE_SEPARATOR,
    OUTPUT_COLUMNS,
    REQUIRED_COLUMNS,
    stage_file_rowwise,
    stage_record,
    stage_records,
)
from ._sql import staging_sql

__all__ = [
    "FORMATS",
    "INPUT_COLUMNS",
    "MESSAGE_SEPARATOR",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "naaccr_record",
    "stage_file",
    "stage_file_rowwise",
    "stage_record",
    "stage_records",
    "staging_sql",
]
