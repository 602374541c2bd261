"""Treatment options for each disease state, based on the NCI patient summary, plus a clinician layer.

>>> from sarcoma.treatments import treatment_options
>>> treatment_options({"site": "leg", "size_cm": 8, "grade": "3"}).state
'stage_ii_iii_n0'

A case already staged is not staged again:

>>> from sarcoma import stage
>>> from sarcoma.treatments import options_for
>>> options_for(stage(site="leg", size_cm=8, grade="3"), resectable="yes").state
'stage_ii_iii_n0'
"""

from __future__ import annotations

from ._data import patient_texts as patient_texts  # for the readability gate, not public API
from ._model import ClinicianOption, Option, OptionSet, TreatmentPlan, TrialsPointer
from ._route import Resectable, options_for, treatment_options
from ._shared import shared_options_for, shared_treatment_options

__all__ = [
    "treatment_options",
    "shared_treatment_options",
    "options_for",
    "shared_options_for",
    "TreatmentPlan",
    "OptionSet",
    "Option",
    "ClinicianOption",
    "TrialsPointer",
    "Resectable",
]
