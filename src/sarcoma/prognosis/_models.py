"""The Kattan 2002 and 2003 MSKCC sarcoma nomograms, computed from the published formulas."""

from __future__ import annotations

import math
from typing import Any

from ._applicability import SITUATION_FIELDS, check_applicability
from ._data import ModelSpec, load_model
from ._inputs import MappedInputs, PrognosisInputError, map_inputs
from ._result import PrognosisResult, display_percent, in_100

__all__ = ["kattan2002", "kattan2003", "predict", "linear_predictor"]

_TIERS = ("low", "high")


def linear_predictor(spec: ModelSpec, inputs: MappedInputs, grade: str) -> float:
    """Return the model's linear predictor for mapped inputs and a 2-tier grade."""
    x = math.log(inputs.age) if spec.age_log_scale else inputs.age
    total = spec.intercept + spec.spline(x)
    total += spec.terms["size"][inputs.size_class]
    total += spec.terms["depth"][inputs.depth]
    total += spec.terms["site"][inputs.site]
    total += spec.terms["histology"][inputs.histology]
    if "grade" in spec.terms:
        total += spec.terms["grade"][grade]
    return total


def _probabilities(spec: ModelSpec, inputs: MappedInputs, grade: str) -> dict[str, float]:
    risk = math.exp(linear_predictor(spec, inputs, grade))
    stratum = grade if spec.stratified_by == "grade" else "all"
    return {h.key: 1.0 - h.baseline_survival[stratum] ** risk for h in spec.horizons}


def _statement(spec: ModelSpec, display: dict[str, str], low: dict[str, str], ambiguous: bool) -> str:
    if spec.id == "kattan2002":
        text = (
            f"For people with these findings, the model estimates that {in_100(display['12y'])} die of their "
            "sarcoma within 12 years of surgery."
        )
    else:
        text = (
            "These figures are for people with these findings whose sarcoma came back where it started. "
            f"The model estimates that {in_100(display['1y'])} die of their sarcoma within 1 year after it came "
            f"back. By 2 years it is {in_100(display['2y'])}, and by 3 years {in_100(display['3y'])}."
        )
    if ambiguous:
        last = spec.horizons[-1]
        text += (
            " Grade 2 does not map cleanly onto the model's two grades, low and high. "
            f"If it counts as low grade, the {last.years:g}-year figure is {in_100(low[last.key])}."
        )
    return text + (
        " This is an average for a group of people, not a prediction for any one person. Some do better and some "
        "do worse, and care has changed since the model was made."
    )


def _run(model: str | None, situation: dict[str, Any], **inputs: Any) -> PrognosisResult:
    fit = check_applicability(model, **situation)
    spec = load_model(fit.model)
    mapped = map_inputs(spec, **inputs)
    by_grade = {tier: _probabilities(spec, mapped, tier) for tier in _TIERS}
    by_grade_display = {tier: {k: display_percent(p) for k, p in probs.items()} for tier, probs in by_grade.items()}
    probabilities = by_grade[mapped.grade]
    display = by_grade_display[mapped.grade]
    return PrognosisResult(
        model=spec.id,
        title=spec.title,
        population=spec.population,
        endpoint=spec.endpoint,
        horizon=spec.horizon_text,
        c_index=spec.c_index,
        c_index_note=spec.c_index_note,
        citation=spec.citation,
        source=spec.source["code"],
        inputs=mapped.categories(),
        probabilities=probabilities,
        display=display,
        grade_ambiguous=mapped.grade_ambiguous,
        by_grade=by_grade,
        by_grade_display=by_grade_display,
        situation=fit.situation,
        applicability=fit.reason,
        applicability_rule=fit.rule_id,
        assumptions=[*fit.assumptions, *mapped.assumptions],
        statement=_statement(spec, display, by_grade_display["low"], mapped.grade_ambiguous),
    )


def kattan2002(
    *,
    age: float,
    size_cm: float,
    depth: str,
    site: str,
    histology: str,
    grade: str,
    presentation: str | None = None,
    n: str | None = None,
    m: str | None = None,
    removed: str | bool | None = None,
) -> PrognosisResult:
    """Probability of death from sarcoma within 12 years after surgery (Kattan, Leung, Brennan, JCO 2002).

    Parameters
    ----------
    age
        Age at diagnosis in years, 10 to 100 (the calculator's range).
    size_cm
        Greatest tumor dimension in cm; mapped to 5 cm or less, over 5 to 10 cm, over 10 cm.
    depth
        ``deep`` or ``superficial``.
    site
        A fine site (upper_extremity, lower_extremity, trunk, head_neck, retroperitoneal_intra_abdominal,
        visceral), an everyday word (arm, thigh, ...) or an ICD-O-3 topography code.
    histology
        A tumor type by name (UPS, MPNST, myxoid liposarcoma, ...) or an ICD-O-3 code (8890/3).
    grade
        FNCLCC 1, 2 or 3, or low/high.
    presentation, n, m, removed
        The situation: ``primary`` or ``recurrence``; N0, N1 or NX; M0, M1 or MX; whether the tumor
        was or will be removed (yes, no, unknown). Not given: the model's own population is assumed
        and the result says so. The model fits only a primary tumor without spread to lymph nodes
        or distant organs that is removed (see ``data/prognosis/applicability.yaml``).

    Raises
    ------
    NoModelFits
        When the situation or the tumor type is one the model was not built for.
    PrognosisInputError
        When an input is outside the model's range or maps to no model category.
    """
    situation = {"presentation": presentation, "n": n, "m": m, "removed": removed}
    return _run(
        "kattan2002", situation, age=age, size_cm=size_cm, depth=depth, site=site, histology=histology, grade=grade
    )


def kattan2003(
    *,
    age: float,
    size_cm: float,
    depth: str,
    site: str,
    histology: str,
    grade: str,
    presentation: str | None = None,
    n: str | None = None,
    m: str | None = None,
    removed: str | bool | None = None,
) -> PrognosisResult:
    """Probability of death from sarcoma 1, 2 and 3 years after a local recurrence (Kattan, Heller, Brennan 2003).

    The inputs are those of :func:`kattan2002`, except that age is the calculator's "age at surgery"
    (17 to 89.5 years) and the risk is a cumulative incidence with other deaths as a competing risk.
    It fits only a local recurrence: a sarcoma that came back where it started, without spread to
    lymph nodes or distant organs (``presentation="recurrence"``, N0, M0).
    """
    situation = {"presentation": presentation, "n": n, "m": m, "removed": removed}
    return _run(
        "kattan2003", situation, age=age, size_cm=size_cm, depth=depth, site=site, histology=histology, grade=grade
    )


def predict(model: str | None = None, **inputs: Any) -> PrognosisResult:
    """Run ``model`` (``kattan2002``, ``kattan2003``, or ``None`` to choose from the situation).

    Keyword inputs are those of :func:`kattan2002`; the situation (``presentation``, ``n``, ``m``,
    ``removed``) is optional and decides which model fits, or that none does (:class:`NoModelFits`).
    """
    expected = {"age", "size_cm", "depth", "site", "histology", "grade"}
    unknown = sorted(set(inputs) - expected - set(SITUATION_FIELDS))
    if unknown:
        raise PrognosisInputError(f"{unknown[0]}: not an input of the prognosis models", field=unknown[0])
    missing = sorted(expected - set(inputs))
    if missing:
        raise PrognosisInputError(f"{missing[0]}: a value is required", field=missing[0])
    situation = {k: inputs.pop(k) for k in SITUATION_FIELDS if k in inputs}
    return _run(model or None, situation, **inputs)
