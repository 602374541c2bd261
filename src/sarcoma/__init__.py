"""Sarcoma Navigator: AJCC 8th-edition soft tissue sarcoma staging, explained.

>>> from sarcoma import stage
>>> stage(site="leg", size_cm=8, grade="3").stage
'IIIA'
"""

from __future__ import annotations

import importlib
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

if TYPE_CHECKING:
    from .batch._table import stage_table
    from .grading import GradeResult, fnclcc_grade
    from .staging import EDITION, Basis, Notice, StageResult, StagingInput, Step, stage

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

_LAZY = {
    **dict.fromkeys(("stage", "StagingInput", "StageResult", "Basis", "Notice", "Step", "EDITION"), ".staging"),
    **dict.fromkeys(("fnclcc_grade", "GradeResult"), ".grading"),
    "stage_table": ".batch._table",  # needs the batch extra (pyarrow, DuckDB)
}
"""Public names loaded on first use (PEP 562): ``import sarcoma`` (and so ``sarcoma --version``, or a
command that does not stage) does not build the staging models or read the tables; the same objects as an
eager import once loaded."""


def __getattr__(name: str) -> Any:
    """Load a public name, or a subpackage (``sarcoma.staging``), the first time it is asked for."""
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value
        return value
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
