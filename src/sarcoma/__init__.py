"""Sarcoma Navigator: AJCC 8th-edition soft tissue sarcoma staging, explained.

>>> from sarcoma import stage
>>> stage(site="leg", size_cm=8, grade="3").stage
'IIIA'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import (
    ConflictingInput,
    InvalidInput,
    NoMatchingRule,
    OutOfScope,
    RuleTableDefect,
    StagingError,
    UnknownSite,
)
from .grading import GradeResult, fnclcc_grade
from .staging import EDITION, Basis, Notice, StageResult, StagingInput, Step, stage

if TYPE_CHECKING:
    from .batch._table import stage_table

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "stage",
    "fnclcc_grade",
    "StagingInput",
    "StageResult",
    "GradeResult",
    "Basis",
    "Notice",
    "Step",
    "EDITION",
    "StagingError",
    "InvalidInput",
    "ConflictingInput",
    "UnknownSite",
    "OutOfScope",
    "RuleTableDefect",
    "NoMatchingRule",
    "stage_table",
]


def __getattr__(name: str) -> Any:
    """``stage_table`` is loaded on first use: it needs the batch extra (pyarrow, DuckDB)."""
    if name == "stage_table":
        from .batch._table import stage_table

        return stage_table
    raise AttributeError(f"module 'sarcoma' has no attribute {name!r}")
