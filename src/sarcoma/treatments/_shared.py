"""Treatment options for a case with unknown facts: what every possible disease state shares.

The person register never routes an unknown grade as low grade, or unknown spread as no spread.
:func:`shared_treatment_options` routes every completion of the unknown inputs (the same completions
as the stage's ``possible_stages``) as :func:`treatment_options` routes a case, keeps the options that fit all
of them, and says which missing facts would change the list. No new routing rule is written: each
completion is routed by ``treatments/routing.yaml`` as a fully known case would be.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .._tables import Row
from ..staging import StageResult, StagingInput, completions, condition_text, parse_input, piece
from ._data import doc
from ._model import Option, OptionSet, TreatmentPlan
from ._route import Resectable, check_resectable, not_staged_row, plan_for, staged_for_treatment

__all__ = ["shared_treatment_options", "shared_options_for"]

_FACT_AXIS = {"size": "t", "extent": "t", "nodes": "n", "distant_spread": "m", "grade": "grade"}


def _completed(result: StageResult, own: Row | None) -> list[tuple[tuple[str, ...], StageResult, str]]:
    """The result as each completion of its unknowns would make it, with the stage it is routed at.

    Only the facts the routing reads change (T, N, M, grade and stage, from the same stage table
    lookup as ``possible_stages``); nothing is staged again. A type not staged (``own``) keeps its
    stage "none" and is routed at the completion's stage.
    """
    axes = {_FACT_AXIS[f] for f in result.unknown}
    known = {a: getattr(result, a) for a in ("t", "n", "m", "grade") if a not in axes}
    out: list[tuple[tuple[str, ...], StageResult, str]] = []
    for c in completions(result.site_group, known.get("t"), known.get("n"), known.get("m"), known.get("grade")):
        update: dict[str, Any] = {"t": c.t, "n": c.n, "m": c.m, "grade": c.grade, "unknown": []}
        if own is None:
            update["stage"] = c.stage
        out.append(((c.t, c.n, c.m, c.grade), result.model_copy(update=update), c.stage))
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


def _shared(
    result: StageResult, own: Row | None, routed_stage: str, resectable: Resectable, markers: list[str]
) -> TreatmentPlan:
    check_resectable(resectable)
    base = plan_for(result, own, routed_stage, resectable=resectable, markers=markers)
    if not result.unknown:
        return base
    plans = {
        key: plan_for(completed, own, stage, resectable=resectable, markers=markers)
        for key, completed, stage in _completed(result, own)
    }
    if {p.routing_rule for p in plans.values()} == {base.routing_rule}:
        return base
    return _combine(result, base, plans)


def shared_options_for(
    result: StageResult, *, resectable: Resectable = "unknown", markers: list[str] | None = None
) -> TreatmentPlan:
    """The person-register treatment options for a case already staged (see :func:`shared_treatment_options`).

    Parameters
    ----------
    result
        The result of :func:`sarcoma.stage`; it is not staged again.
    resectable, markers
        As for :func:`sarcoma.treatments.options_for`.
    """
    own, routed_stage = not_staged_row(result)
    return _shared(result, own, routed_stage, resectable, markers or [])


@lru_cache(maxsize=512)
def _cached(fields_json: str, recurrent: bool, resectable: Resectable, markers: tuple[str, ...]) -> TreatmentPlan:
    case = StagingInput.model_validate_json(fields_json)
    result, own, routed_stage = staged_for_treatment(case, recurrent=recurrent)
    return _shared(result, own, routed_stage, resectable, list(markers))


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
