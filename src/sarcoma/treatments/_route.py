"""Route a staged case to its disease state and the treatment options that fit it.

The state comes from the data table ``treatments/routing.yaml`` (first match wins) read with the facts
of the disease: histology, recurrence (or basis "recurrence") and resectability as given, and the site
group, T, N, M, grade and stage of the staged result. Option sets, options, questions and the clinician
layer are data too, each with its conditions (:mod:`sarcoma._conditions`); this module only interprets
them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Literal

from .._conditions import CaseFacts
from .._tables import Row, load_table, normalize_token
from ..errors import InvalidInput, OutOfScope
from ..kb import Source
from ..staging import (
    Notice,
    StageResult,
    StagingInput,
    basis_for,
    in_default_edition,
    parse_histology,
    parse_input,
    route_site,
    stage,
)
from ._data import doc, routing_table
from ._model import TreatmentPlan, TrialsPointer
from ._select import clinician_items, option_set

__all__ = [
    "treatment_options",
    "options_for",
    "Resectable",
    "case_facts",
    "check_resectable",
    "plan_for",
    "staged_for_treatment",
    "not_staged_row",
]

Resectable = Literal["yes", "no", "unknown"]
_GRADE_WORDS = {
    "G1": "low grade (grade 1)",
    "G2": "mid grade (grade 2)",
    "G3": "high grade (grade 3)",
    "GX": "of unknown grade",
}


def _values(result: StageResult, own: Row | None) -> dict[str, str]:
    size = f", {result.size_mm / 10:g} cm across," if result.size_mm else ""
    return {
        "site_label": result.site_label,
        "stage_label": result.stage_label,
        "t": result.t,
        "n": result.n,
        "m": result.m,
        "grade": result.grade,
        "grade_words": _GRADE_WORDS.get(result.grade, "of unknown grade"),
        "size_words": size,
        "histology": result.histology or "not given",
        "histology_text": "" if own is None else own.get("message"),
    }


def _morphology(histology: str | None) -> int | None:
    return None if histology is None else parse_histology(histology)[0]


def case_facts(result: StageResult, *, state: str | None, resectable: str, markers: list[str]) -> CaseFacts:
    """The facts the option and clinician conditions read, for one staged case (a recurrence has basis r)."""
    return CaseFacts(
        site_group=result.site_group,
        fine_site=result.fine_site,
        t=result.t,
        size_mm=result.size_mm,
        n=result.n,
        m=result.m,
        grade=result.grade,
        histology=_morphology(result.histology_code),
        state=state,
        resectable=resectable,
        basis=result.basis,
        recurrent="yes" if result.basis == "recurrence" else "no",
        marker=tuple(normalize_token(m) for m in markers),
    )


def _own_histology(case: StagingInput, error: OutOfScope) -> Row | None:
    """The histology row when staging refused the histology but treatment still has an answer for it."""
    if error.field != "histology" or case.histology is None:
        return None
    group = route_site(case.site, None, case.schema_discriminator_2).site_group
    morphology, behavior = parse_histology(case.histology)
    row = load_table("histology").lookup(
        morphology=morphology, behavior=str(3 if behavior is None else behavior), site_group=group
    )
    return row if row is not None and row.get("treat_as") else None


def _not_staged(case: StagingInput, row: Row) -> tuple[StageResult, str]:
    """Stage the case without its histology (for size, grade and spread), then mark it not staged."""
    base = stage(case.model_copy(update={"histology": None}))
    morphology, behavior = parse_histology(case.histology or "")
    notice = Notice(code="histology_not_staged", message=row.get("message"))
    result = base.model_copy(
        update={
            "histology": row.get("name"),
            "histology_code": f"{morphology}/{3 if behavior is None else behavior}",
            "has_stage_group": False,
            "stage_assigned": False,
            "stage": "none",
            "stage_label": "No AJCC stage (this tumor type is not staged)",
            "summary": f"There is no AJCC stage for {row.get('name')}.",
            # the person register follows (issue 10): no stage headline or stage lines for a type not staged
            "headline": "No AJCC stage (this tumor type is not staged)",
            "possible_stages": ["none"],
            "missing": [],
            "stage_meaning": [],
            "warnings": [*base.warnings, notice],
        }
    )
    return result, base.stage


@lru_cache(maxsize=2048)
def _staged(case: StagingInput) -> tuple[StageResult, Row | None, str]:
    """Stage a case once (the result is frozen): the result, the histology row if not staged, the routing stage.

    Routing stays on the disease state whatever the edition: the case is staged in the default
    edition (AJCC 8), which the treatment tables are written for.
    """
    case = in_default_edition(case)  # an AJCC 7 T (T1a) is left out: AJCC 8 T categories do not say the same
    try:
        result = stage(case)
    except OutOfScope as error:
        own = _own_histology(case, error)
        if own is None:
            raise
        result, routed_stage = _not_staged(case, own)
        return result, own, routed_stage
    return result, None, result.stage


def _sources(option_sets: list[Any]) -> list[Source]:
    table = routing_table()
    sources = [Source(section=table.title, url=table.source.get("reference", ""), date=None, citation=table.citation)]
    for item in option_sets:
        if item.source not in sources:
            sources.append(item.source)
    return sources


def _questions(state: str, basis: str) -> list[str]:
    """The state's questions (or the basis's, where it replaces them), then the common ones."""
    questions = doc("questions")
    own = questions.get("by_basis", {}).get(basis)
    if own is not None and state in own["states"]:
        return [*own["questions"], *questions["common"]]
    return [*questions["by_state"].get(state, []), *questions["before_surgery"], *questions["common"]]


def check_resectable(resectable: str) -> None:
    """Refuse a resectable answer other than yes, no or unknown."""
    if resectable not in ("yes", "no", "unknown"):
        raise InvalidInput(f"resectable: {resectable!r} is not allowed; use yes, no or unknown", field="resectable")


def options_for(
    result: StageResult, *, resectable: Resectable = "unknown", markers: list[str] | None = None
) -> TreatmentPlan:
    """Return the treatment options for a case already staged, read from its :class:`StageResult`.

    The result is not staged again: its site group, T, N, M, grade, stage, basis and ICD-O-3
    histology code decide the disease state (``treatments/routing.yaml``).

    Parameters
    ----------
    result
        The result of :func:`sarcoma.stage`. A sarcoma that came back is a result staged with
        ``basis="recurrence"`` (see :func:`sarcoma.staging.basis_for`).
    resectable
        Whether surgery can remove the tumor: ``"yes"``, ``"no"`` or ``"unknown"``.
    markers
        Tumor markers for the clinician layer, e.g. ``["NTRK"]``.

    Raises
    ------
    InvalidInput
        ``resectable`` is not yes, no or unknown.
    """
    check_resectable(resectable)
    own, routed_stage = not_staged_row(result)
    return plan_for(result, own, routed_stage, resectable=resectable, markers=markers or [])


def not_staged_row(result: StageResult) -> tuple[Row | None, str]:
    """The histology row and routed stage of a result marked not staged (``histology_not_staged``).

    Such a result is a plan's ``stage`` for a type the tables do not stage; with its row and the
    stage its size, grade and spread reach, :func:`options_for` gives the plan
    :func:`treatment_options` gave. Any other result gives ``(None, result.stage)``.
    """
    if result.histology_code is None or not any(w.code == "histology_not_staged" for w in result.warnings):
        return None, result.stage
    morphology, behavior = parse_histology(result.histology_code)
    row = load_table("histology").lookup(morphology=morphology, behavior=str(behavior), site_group=result.site_group)
    table = load_table(load_table("site_groups").require(site_group=result.site_group).get("stage_table"))
    routed = table.require(t=result.t, n=result.n, m=result.m, grade=result.grade).get("stage")
    return (row if row is not None and row.get("treat_as") else None), routed


def treatment_options(
    case: StagingInput | dict[str, Any],
    *,
    recurrent: bool = False,
    resectable: Resectable = "unknown",
    markers: list[str] | None = None,
) -> TreatmentPlan:
    """Stage a case and return the treatment options that fit it, grouped into sets, each with its reason.

    Parameters
    ----------
    case
        A :class:`StagingInput` or a mapping of its fields (as for :func:`sarcoma.stage`).
    recurrent
        The sarcoma has come back after treatment (``basis="recurrence"`` means the same).
    resectable
        Whether surgery can remove the tumor: ``"yes"``, ``"no"`` or ``"unknown"``.
    markers
        Tumor markers for the clinician layer, e.g. ``["NTRK"]``.

    Raises
    ------
    StagingError
        Any error from staging the case (bad input, unknown site, out of scope). A histology the
        AJCC tables do not stage but that has a treatment answer (``treat_as`` in ``histology.yaml``)
        is answered, with the stage shown as not staged.

    See Also
    --------
    options_for : the same for a case already staged.
    """
    check_resectable(resectable)
    result, own, routed_stage = staged_for_treatment(case, recurrent=recurrent)
    return plan_for(result, own, routed_stage, resectable=resectable, markers=markers or [])


def staged_for_treatment(
    case: StagingInput | dict[str, Any], *, recurrent: bool = False
) -> tuple[StageResult, Row | None, str]:
    """Stage a case once for treatment: the result, the histology row if not staged, the routing stage.

    A tumor that came back is staged with the recurrence basis (one basis rule, issue 10). A
    histology the tables refuse but treatment answers is staged without it and marked not staged.
    """
    parsed = parse_input(case)
    if recurrent:  # one basis rule (issue 10): a tumor that came back is staged as a recurrence, as on the web page
        parsed = parsed.model_copy(update={"basis": basis_for(parsed.basis, recurrent=True)})
    try:
        hash(parsed)
    except TypeError:  # pragma: no cover - every StagingInput field is hashable today
        return _staged.__wrapped__(parsed)
    return _staged(parsed)


def plan_for(
    result: StageResult, own: Row | None, routed_stage: str, *, resectable: str, markers: list[str]
) -> TreatmentPlan:
    """The plan for a staged result; ``own`` is the histology row of a type not staged, routed at ``routed_stage``."""
    facts = case_facts(result, state=None, resectable=resectable, markers=[])
    row = routing_table().require(
        morphology=facts.histology,
        treat_as=own.get("treat_as") if own is not None else "",
        recurrent=facts.recurrent,
        basis=result.basis,
        resectable=resectable,
        site_group=result.site_group,
        t=result.t,
        n=result.n,
        m=result.m,
        grade=result.grade,
        stage=routed_stage,
    )
    state = row.get("state")
    facts = case_facts(result, state=state, resectable=resectable, markers=markers)
    values = _values(result, own)
    explanation = doc("states")["explanations"][row.get("explanation")]
    text = explanation["text"].format(**values)
    if own is not None and own.get("treat_as") == "sts":
        routed_as = load_table("site_groups").require(site_group=result.site_group).get("label")
        label = f"stage {routed_stage}" if routed_stage not in ("none", "unknown") else f"{routed_as}, no stage group"
        prefix = doc("states")["not_staged"].format(histology=result.histology, routed_as=label)
        # the prefix already says there is no AJCC stage; do not repeat the label as a sentence of its own
        text = f"{prefix} {text.removeprefix(values['stage_label'] + '. ')}"
    sets = [set_id.strip() for set_id in row.get("option_sets").split(",") if set_id.strip()]
    option_sets = [found for set_id in sets if (found := option_set(set_id, facts, values))]
    trials = doc("states")["trials"]
    clinician_values = {
        **values,
        "histology_code": result.histology_code or "not given",
        "state_title": explanation["title"],
    }
    return TreatmentPlan(
        stage=result,
        state=state,
        state_title=explanation["title"],
        state_explanation=text,
        state_kb_item=(own.get("kb_item") if own is not None else "") or explanation["kb_item"],
        routing_rule=f"{routing_table().id}/{row.id}",
        option_sets=option_sets,
        questions=_questions(state, result.basis),
        trials=TrialsPointer(text=trials["text"], url=trials["url"]),
        clinician=clinician_items(facts, clinician_values),
        sources=_sources(option_sets),
    )
