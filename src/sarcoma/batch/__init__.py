"""Batch staging of files of cases."""

from __future__ import annotations

from ._rowwise import INPUT_COLUMNS, OUTPUT_COLUMNS, REQUIRED_COLUMNS, stage_file, stage_record, stage_records

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "REQUIRED_COLUMNS", "stage_file", "stage_record", "stage_records"]
