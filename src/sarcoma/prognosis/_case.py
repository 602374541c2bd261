"""Prognosis for a staged case: the model inputs read from a :class:`StageResult`, never staged again.

The web, CLI and API pass the result they already have to :func:`from_result`; the raw-field
:func:`from_case` and :func:`inputs_from_case` stage once and call the same code.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..staging import StageResult, StagingInput, basis_for, parse_input, stage
from ._applicability import Applicability, check_applicability
from ._inputs import NoModelFits, PrognosisInputError, map_histology
from ._models import predict
from ._result import PrognosisResult

__all__ = ["check_case", "check_result", "inputs_from_case", "inputs_from_result", "from_case", "from_result"]


def _case_situation(fields: Mapping[str, Any], recurrent: bool, resectable: str) -> dict[str, Any]:
    recurrence = recurrent or str(fields.get("basis") or "") == "recurrence"
    return {
        "presentation": "recurrence" if recurrence else "primary",
        "n": fields.get("n") or "NX",
        "m": fields.get("m") or "MX",
        "removed": resectable,
    }


def _result_situation(result: StageResult, resectable: str) -> dict[str, Any]:
    """The situation from the result's fields: a recurrence is basis r; N and M not known are NX and MX."""
    return {
        "presentation": "recurrence" if result.basis == "recurrence" else "primary",
        "n": result.n_code.category if result.n_code.known else "NX",
        "m": result.m_code.category if result.m_code.known else "MX",
        "removed": resectable,
    }


def _check_histology(code: str | None) -> None:
    """Refuse a tumor type no model was built for; other histology problems are left to the model run."""
    if code:
        try:
            map_histology(code)
        except NoModelFits:
            raise
        except PrognosisInputError:
            pass


def check_case(
    case: Mapping[str, Any] | StagingInput,
    *,
    recurrent: bool = False,
    resectable: str = "unknown",
    histology: str | None = None,
) -> Applicability:
    """Say which model fits a staging case, before asking for age and depth; raise :class:`NoModelFits` if none.

    Checks the situation (primary or recurrence, N, M, whether the tumor can be removed) and, when
    one is known, the tumor type (``histology`` or the case's ICD-O-3 code) against the types the
    models' cohorts did not include. Other input problems are left to :func:`from_case`. For a
    case already staged, use :func:`check_result`.
    """
    fields = case.model_dump() if isinstance(case, StagingInput) else dict(case)
    fit = check_applicability(None, **_case_situation(fields, recurrent, resectable))
    _check_histology(histology or fields.get("histology"))
    return fit


def check_result(result: StageResult, *, resectable: str = "unknown", histology: str | None = None) -> Applicability:
    """:func:`check_case` for a case already staged: the situation and tumor type come from the result's fields."""
    fit = check_applicability(None, **_result_situation(result, resectable))
    _check_histology(histology or result.histology_code)
    return fit


def inputs_from_result(
    result: StageResult,
    *,
    age: float,
    depth: str,
    histology: str | None = None,
    grade: str | None = None,
    resectable: str = "unknown",
) -> dict[str, Any]:
    """Build model inputs from a staged case (site, size, grade, histology code, N, M) plus age and depth.

    The site, size, grade and ICD-O-3 code are the result's own; ``histology`` (a name) overrides
    the code, and ``grade`` is the grade as the person gave it when it says more than the staging
    grade (``high`` or registry code ``H`` is a 2-tier high grade, but GX for staging). The
    situation (a recurrence is a result with basis ``recurrence``; N, M; ``resectable``) is checked
    before anything else: a case no model fits raises :class:`NoModelFits`.
    """
    situation = _result_situation(result, resectable)
    check_applicability(None, **situation)
    if result.fine_site is None:
        raise PrognosisInputError(
            f"site: {result.site_label} does not tell which of the model's sites applies; give arm, leg, trunk, "
            "head_neck, retroperitoneum or visceral",
            field="site",
        )
    if result.size_mm is None:
        raise PrognosisInputError("size_cm: the models need the tumor size, and the case has none", field="size_cm")
    return {
        "age": age,
        "size_cm": result.size_mm / 10,
        "depth": depth,
        "site": result.fine_site,
        "histology": histology if histology is not None else result.histology_code,
        "grade": grade or result.grade,
        **situation,
    }


def from_result(
    result: StageResult,
    *,
    age: float,
    depth: str,
    histology: str | None = None,
    grade: str | None = None,
    model: str | None = None,
    resectable: str = "unknown",
) -> PrognosisResult:
    """Run the model that fits a staged case plus age and depth (see :func:`inputs_from_result`).

    ``model`` ``None`` chooses the model from the situation; naming a model that does not fit
    raises :class:`NoModelFits`, as does a case that no model fits (M1, N1, not removable).
    """
    inputs = inputs_from_result(result, age=age, depth=depth, histology=histology, grade=grade, resectable=resectable)
    return predict(model, **inputs)


def inputs_from_case(
    case: Mapping[str, Any] | StagingInput,
    *,
    age: float,
    depth: str,
    histology: str | None = None,
    recurrent: bool = False,
    resectable: str = "unknown",
) -> dict[str, Any]:
    """Stage a case once and build the model inputs from its result (see :func:`inputs_from_result`).

    ``recurrent`` stages the case as a recurrence (basis r), as ``basis="recurrence"`` does.
    """
    parsed = parse_input(case if isinstance(case, StagingInput) else dict(case))
    if recurrent:
        parsed = parsed.model_copy(update={"basis": basis_for(parsed.basis, recurrent=True)})
    result = stage(parsed)
    return inputs_from_result(
        result,
        age=age,
        depth=depth,
        histology=histology if histology is not None else parsed.histology,
        grade=parsed.grade,
        resectable=resectable,
    )


def from_case(
    case: Mapping[str, Any] | StagingInput,
    *,
    age: float,
    depth: str,
    histology: str | None = None,
    model: str | None = None,
    recurrent: bool = False,
    resectable: str = "unknown",
) -> PrognosisResult:
    """Stage a case once and run the model that fits it plus age and depth (see :func:`from_result`)."""
    inputs = inputs_from_case(
        case, age=age, depth=depth, histology=histology, recurrent=recurrent, resectable=resectable
    )
    return predict(model, **inputs)
