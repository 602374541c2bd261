"""Treatment options for a case with unknown facts: what every possible disease state shares.

The person register never routes an unknown grade as low grade, or unknown spread as no spread.
:func:`shared_treatment_options` routes every completion of the unknown inputs (the same completions
as the stage's ``possible_stages``) with :func:`treatment_options`, keeps the options that fit all
of them, and says which missing facts would change the list. No new routing rule is written: each
completion is routed by ``treatments/routing.yaml`` as a fully known case would be.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import OutOfScope
from ..staging import StageResult, StagingInput, completions, parse_input, stage
from ..staging._person import condition_text, piece
from ._data import doc
from ._model import Option, OptionSet, TreatmentPlan
from ._route import Resectable, treatment_options

__all__ = ["shared_treatment_options"]

_FACT_AXIS = {"size": "t", "extent": "t", "nodes": "n", "distant_spread": "m", "grade": "grade"}
_GRADE_INPUT = {"G1": "1", "G2": "2", "G3": "3"}


def _completed_cases(case: StagingInput, result: StageResult) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    axes = {_FACT_AXIS[f] for f in result.unknown}
    known = {a: getattr(result, a) for a in ("t", "n", "m", "grade") if a not in axes}
    out: list[tuple[tuple[str, ...], dict[str, Any]]] = []
    for c in completions(result.site_group, known.get("t"), known.get("n"), known.get("m"), known.get("grade")):
        fields = case.model_dump(exclude_none=True)
        if "t" in axes:
            fields.update(t=c.t)
            fields.pop("extent", None)
        if "n" in axes:
            fields["n"] = c.n
        if "m" in axes:
            fields["m"] = c.m
        if "grade" in axes:
            for key in ("differentiation", "mitoses", "necrosis"):
                fields.pop(key, None)
            fields["grade"] = _GRADE_INPUT[c.grade]
        out.append(((c.t, c.n, c.m, c.grade), fields))
    return out


def _deciding(plans: dict[tuple[str, ...], TreatmentPlan], axes: list[str]) -> list[str]:
    """The axes whose value changes the options when everything else is held the same."""
    order = ("t", "n", "m", "grade")
    out = []
    for axis in axes:
        i = order.index(axis)
        seen: dict[tuple[str, ...], set[str]] = {}
        for key, plan in plans.items():
            rest = key[:i] + key[i + 1 :]
            seen.setdefault(rest, set()).add(plan.routing_rule)
        if any(len(v) > 1 for v in seen.values()):
            out.append(axis)
    return out


def _shared_sets(plans: list[TreatmentPlan]) -> list[OptionSet]:
    """One set: the options that every plan lists, in the order the first plan lists them."""
    shared = set.intersection(*({o.id for s in p.option_sets for o in s.options} for p in plans))
    options: list[Option] = []
    source = None
    for plan in plans:
        for option_set in plan.option_sets:
            for o in option_set.options:
                if o.id in shared and o.id not in {x.id for x in options}:
                    options.append(o.model_copy(update={"reason": ""}))
                    source = source or option_set.source
    if not options or source is None:
        return []
    title, reason = piece("treat_shared_title"), piece("treat_set_reason")
    return [OptionSet(id="shared", title=title, reason=reason, options=options, source=source)]


_ORDER = ("t", "n", "m", "grade")


def _scenario(site_group: str, keys: list[tuple[str, ...]], every: list[tuple[str, ...]], deciding: list[str]) -> str:
    """When a plan applies, e.g. 'it has spread to nearby lymph nodes and it has not spread to distant parts'.

    Said axis by axis when the plan's cases are exactly a product of per-axis values (the usual case);
    otherwise by the stages those cases reach.
    """
    values = {a: sorted({k[_ORDER.index(a)] for k in keys}) for a in deciding}
    all_values = {a: {k[_ORDER.index(a)] for k in every} for a in deciding}
    size = 1
    for v in values.values():
        size *= len(v)
    if size == len({tuple(k[_ORDER.index(a)] for a in deciding) for k in keys}):
        try:
            parts = [condition_text(site_group, a, v) for a, v in values.items() if set(v) != all_values[a]]
        except ValueError:  # a T category with no size band (extent)
            parts = []
        if parts:
            return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", and " + parts[-1]
    return ""


def _if_title(state_title: str) -> str:
    """The state's title after "If <condition>:" (``if_title`` in states.yaml where the plain title would not fit)."""
    for explanation in doc("states")["explanations"].values():
        if explanation["title"] == state_title and explanation.get("if_title"):
            return str(explanation["if_title"])
    return state_title


def _scenario_sets(
    result: StageResult, plans: dict[tuple[str, ...], TreatmentPlan], deciding: list[str], shared: set[str]
) -> list[OptionSet]:
    """One set per way the unknowns could turn out that changes the plan, named by its condition."""
    by_rule: dict[str, list[tuple[str, ...]]] = {}
    for key, plan in plans.items():
        by_rule.setdefault(plan.routing_rule, []).append(key)
    out: list[OptionSet] = []
    for keys in by_rule.values():
        plan = plans[keys[0]]
        options = list({o.id: o for s in plan.option_sets for o in s.options if o.id not in shared}.values())
        if not options:
            continue
        when = _scenario(result.site_group, keys, list(plans), deciding)
        title = piece("treat_if_title", when=when, state=_if_title(plan.state_title)) if when else plan.state_title
        out.append(
            OptionSet(
                id=f"if_{plan.state}",
                title=title,
                reason=piece("treat_if_reason"),
                options=options,
                source=plan.option_sets[0].source,
            )
        )
    return out


def _combine(result: StageResult, base: TreatmentPlan, plans: dict[tuple[str, ...], TreatmentPlan]) -> TreatmentPlan:
    unique = list({p.routing_rule: p for p in plans.values()}.values())
    sets = _shared_sets(unique)
    axes = [_FACT_AXIS[f] for f in result.unknown]
    deciding = _deciding(plans, axes)
    facts = [f for f in result.unknown if _FACT_AXIS[f] in deciding]
    shared_ids = {o.id for s in sets for o in s.options}
    lines = []
    if len(result.possible_stages) > 1:
        lines.append(
            piece("treat_stages", stages=", ".join(result.possible_stages[:-1]) + " or " + result.possible_stages[-1])
        )
    else:
        lines.append(piece("treat_no_group"))
    if not sets:
        lines = [piece("treat_none_shared")]
    if facts:
        about = [piece(f"about_{f}") for f in facts]
        joined = about[0] if len(about) == 1 else ", ".join(about[:-1]) + " and " + about[-1]
        lines.append(piece("treat_depends", facts=joined))
    questions = [q for q in unique[0].questions if all(q in p.questions for p in unique)]
    clinician = [c for c in unique[0].clinician if all(c.id in {x.id for x in p.clinician} for p in unique)]
    sources = [s for p in unique for s in p.sources]
    return base.model_copy(
        update={
            "stage": result,
            "state": "uncertain",
            "state_title": piece("treat_title"),
            "state_explanation": " ".join(lines),
            "routing_rule": " + ".join(p.routing_rule for p in unique),
            "option_sets": sets + _scenario_sets(result, plans, [a for a in _ORDER if a in deciding], shared_ids),
            "questions": questions,
            "clinician": clinician,
            "sources": list({s.model_dump_json(): s for s in sources}.values()),
        }
    )


@lru_cache(maxsize=512)
def _cached(fields_json: str, recurrent: bool, resectable: Resectable, markers: tuple[str, ...]) -> TreatmentPlan:
    case = StagingInput.model_validate_json(fields_json)
    base = treatment_options(case, recurrent=recurrent, resectable=resectable, markers=list(markers))
    try:
        result = stage(case)
    except OutOfScope:  # a histology the tables do not stage: treatment_options staged it without the histology
        result = base.stage
    if not result.unknown or base.stage.stage != result.stage:  # a tumor type the tables do not stage
        return base
    plans = {
        key: treatment_options(fields, recurrent=recurrent, resectable=resectable, markers=list(markers))
        for key, fields in _completed_cases(case, result)
    }
    if len({p.routing_rule for p in plans.values()}) <= 1 and {p.routing_rule for p in plans.values()} == {
        base.routing_rule
    }:
        return base
    return _combine(base.stage, base, plans)


def shared_treatment_options(
    case: StagingInput | dict[str, Any],
    *,
    recurrent: bool = False,
    resectable: Resectable = "unknown",
    markers: list[str] | None = None,
) -> TreatmentPlan:
    """The treatment options for the person register: only those that fit every possible state.

    Parameters
    ----------
    case, recurrent, resectable, markers
        As for :func:`treatment_options`.

    Returns
    -------
    TreatmentPlan
        The plan of :func:`treatment_options` when the unknown facts do not change the routing;
        otherwise state ``uncertain``: the options every completion of the unknowns shares, and
        which missing facts would change them.
    """
    parsed = parse_input(case)
    return _cached(parsed.model_dump_json(exclude_none=True), recurrent, resectable, tuple(markers or []))
