"""AJCC 8th-edition soft tissue sarcoma staging."""

from __future__ import annotations

from ._basis import basis_for
from ._compare import EditionComparison, EditionDifference, EditionStage, compare_editions
from ._edition_t import in_default_edition
from ._editions import edition_codes, edition_entry, edition_label, edition_template, editions
from ._engine import round_size_mm, stage
from ._model import CHECK_UNIT_MM, MAX_SIZE_MM, Basis, StagingInput, parse_input
from ._person import condition_text, piece
from ._possible import Completion, Possible, completions, possible
from ._result import DISCLAIMER, EDITION, STAGES, Notice, StageResult, Step, TNMCode
from ._site import SiteRouting, parse_histology, route_site

__all__ = [
    "stage",
    "compare_editions",
    "EditionComparison",
    "EditionStage",
    "EditionDifference",
    "edition_codes",
    "edition_entry",
    "edition_template",
    "editions",
    "in_default_edition",
    "edition_label",
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
    "TNMCode",
    "Notice",
    "Step",
    "STAGES",
    "EDITION",
    "DISCLAIMER",
    "CHECK_UNIT_MM",
    "MAX_SIZE_MM",
    "route_site",
    "parse_histology",
    "SiteRouting",
    "piece",
    "condition_text",
]
