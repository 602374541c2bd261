"""Batch staging of files of cases: a vectorized engine, the same rules compiled to SQL, and a per-row reference.

``stage_file`` stages CSV, Parquet, NDJSON or NAACCR (flat or XML) files with the compiled plan run
by DuckDB; ``stage_file_rowwise`` and ``stage_record`` are the per-row reference (one
:func:`sarcoma.stage` call per row); ``staging_sql`` prints the plan for DuckDB, PostgreSQL or Spark.
"""

from __future__ import annotations

from ._codes import list_messages_csv
from ._dialect import get_dialect
from ._duckdb import stage_file
from ._formats import FORMATS
from ._naaccr import NAACCR_ERROR_COLUMN, XML_COLUMNS, naaccr_record, naaccr_source_sql
from ._output import BatchRunError, check_memory_limit, run_failures
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
from ._summary import FAIL_ON, Summary, render_summary

__all__ = [
    "FAIL_ON",
    "FORMATS",
    "INPUT_COLUMNS",
    "MESSAGE_SEPARATOR",
    "NAACCR_ERROR_COLUMN",
    "OUTPUT_COLUMNS",
    "REQUIRED_COLUMNS",
    "XML_COLUMNS",
    "BatchRunError",
    "Summary",
    "check_memory_limit",
    "get_dialect",
    "list_messages_csv",
    "naaccr_record",
    "naaccr_source_sql",
    "render_summary",
    "run_failures",
    "stage_file",
    "stage_file_rowwise",
    "stage_record",
    "stage_records",
    "staging_sql",
]
