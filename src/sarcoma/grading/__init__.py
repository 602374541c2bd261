"""FNCLCC grading."""

from __future__ import annotations

from ._fnclcc import NECROSIS_LEVELS, NECROSIS_TOKENS, GradeResult, fnclcc_grade

__all__ = ["fnclcc_grade", "GradeResult", "NECROSIS_LEVELS", "NECROSIS_TOKENS"]
