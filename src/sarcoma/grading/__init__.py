"""FNCLCC grading."""

from __future__ import annotations

from ._fnclcc import (
    MAX_MITOSES,
    NECROSIS_LEVELS,
    NECROSIS_TOKENS,
    GradeResult,
    fnclcc_grade,
    grade_caveats,
    post_therapy_warning,
)

__all__ = [
    "fnclcc_grade",
    "grade_caveats",
    "post_therapy_warning",
    "GradeResult",
    "NECROSIS_LEVELS",
    "NECROSIS_TOKENS",
    "MAX_MITOSES",
]
