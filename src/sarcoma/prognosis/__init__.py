"""Prognosis: the MSKCC soft tissue sarcoma nomograms, computed exactly from the published formulas.

>>> from sarcoma.prognosis import kattan2002
>>> r = kattan2002(age=60, size_cm=8, depth="deep", site="leg", histology="UPS", grade="3")
>>> r.display["12y"]
'46%'

Both models give population estimates for groups of people like the one described, never a
prediction for one person. Inputs are mapped from today's terms to the models' 2002 categories,
and each mapping is listed in ``PrognosisResult.assumptions``; inputs the models never saw are
refused with :class:`PrognosisInputError`. A situation or tumor type no model was built for
(distant or lymph node spread, a tumor that cannot be removed, DFSP, Ewing sarcoma, ...) is
refused with :class:`NoModelFits` and the reason; see :func:`check_applicability`.
"""

from __future__ import annotations

from ._applicability import Applicability, applicability_rules, check_applicability
from ._case import check_case, check_result, from_case, from_result, inputs_from_case, inputs_from_result
from ._data import MODEL_IDS
from ._data import load_mapping as load_mapping  # shared with the API and the text gate, not public API
from ._data import load_model as load_model
from ._icons import icon_array_svg
from ._inputs import NoModelFits, PrognosisInputError
from ._models import kattan2002, kattan2003, predict
from ._result import PrognosisResult, display_percent
from ._result import in_100 as in_100  # shared with the web page, not public API
from ._texts import patient_texts as patient_texts  # for the readability gate, not public API

__all__ = [
    "MODEL_IDS",
    "kattan2002",
    "kattan2003",
    "predict",
    "from_case",
    "check_case",
    "inputs_from_case",
    "from_result",
    "check_result",
    "inputs_from_result",
    "PrognosisResult",
    "PrognosisInputError",
    "NoModelFits",
    "Applicability",
    "check_applicability",
    "applicability_rules",
    "icon_array_svg",
    "display_percent",
]
