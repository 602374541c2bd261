"""Treatment options for each disease state, based on the NCI patient summary, plus a clinician layer.

>>> from sarcoma.treatments import treatment_options
>>> treatment_options({"site": "leg", "size_cm": 8, "grade": "3"}).state
'stage_ii_iii_n0'
"""

from __future__ import annotations

from ._model import ClinicianOption, Option, OptionSet, TreatmentPlan, TrialsPointer
from ._route import Resectable, treatment_options
from ._shared import shared_treatment_options

__all__ = [
    "treatment_options",
    "shared_treatment_options",
    "TreatmentPlan",
    "OptionSet",
    "Option",
    "ClinicianOption",
    "TrialsPointer",
    "Resectable",
]
