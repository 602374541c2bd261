"""AJCC 8th-edition soft tissue sarcoma staging."""

from __future__ import annotations

from ._basis import basis_for
from ._engine import round_size_mm, stage
from ._model import CHECK_UNIT_MM, MAX_SIZE_MM, Basis, StagingInput, parse_input
from ._possible import Completion, Possible, completions, possible
from ._result import DISCLAIMER, EDITION, STAGES, Notice, StageResult, Step

__all__ = [
    "stage",
    "round_size_mm",
    "basis_for",
    "possible",
    "completions",
    "Possible",
    "Completion",
    "Basis",
    "StagingInput",
    "parse_input",
    "StageResult",
    "Notice",
    "Step",
    "STAGES",
    "EDITION",
    "DISCLAIMER",
    "CHECK_UNIT_MM",
    "MAX_SIZE_MM",
]
