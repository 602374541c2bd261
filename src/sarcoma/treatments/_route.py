"""Route a staged case to its disease state and the treatment options that fit it.

The state comes from the data table ``treatments/routing.yaml`` (first match wins) read with the facts
of the disease: recurrence and resectability as given, and the site group, N, M, grade and stage of the
staged result. Option sets, options, questions and the clinician layer are data too; this module only
interprets them.
"""

from __future__ import annotations

from typing import Any, Literal

from .._tables import Row, normalize_token
from ..errors import InvalidInput
from ..kb import Source, summary_source
from ..staging import StageResult, StagingInput, parse_input, stage
from ..staging._site import parse_histology
from ._data import clinician_table, doc, routing_table
from ._model import ClinicianOption, Option, OptionSet, TreatmentPlan, TrialsPointer

__all__ = ["treatment_options", "Resectable"]

Resectable = Literal["yes", "no", "unknown"]
_GRADE_WORDS = {
    "G1": "low grade (grade 1)",
    "G2": "mid grade (grade 2)",
    "G3": "high grade (grade 3)",
    "GX": "of unknown grade",
}


def _facts(result: StageResult) -> dict[str, str]:
    size = f", {result.size_mm / 10:g} cm across," if result.size_mm else ""
    return {
        "site_label": result.site_label,
        "stage_label": result.stage_label,
        "t": result.t,
        "n": result.n,
        "m": result.m,
        "grade": result.grade,
        "grade_words": _GRADE_WORDS[result.grade],
        "size_words": size,
    }


def _option(option_id: str, reason: str, result: StageResult) -> Option | None:
    raw = doc("options")["options"][option_id]
    if result.site_group not in raw.get("only_site_groups", [result.site_group]):
        return None
    if result.fine_site is not None and result.fine_site in raw.get("exclude_fine_sites", []):
        return None
    return Option(
        id=option_id, title=raw["title"], description=raw["description"], kb_item=raw["kb_item"], reason=reason
    )


def _option_set(set_id: str, result: StageResult, resectable: str, facts: dict[str, str]) -> OptionSet | None:
    raw = doc("option_sets")["sets"][set_id]
    if resectable not in raw.get("show_if_resectable", ["yes", "no", "unknown"]):
        return None
    options = [o for entry in raw["options"] if (o := _option(entry["option"], entry["reason"], result))]
    if not options:
        return None
    return OptionSet(
        id=set_id,
        title=raw["title"],
        reason=raw["reason"].format(**facts),
        options=options,
        source=summary_source(raw["section"]),
    )


def _morphology(histology: str | None) -> int | None:
    return None if histology is None else parse_histology(histology)[0]


def _clinician(
    case: StagingInput, result: StageResult, state: str, state_title: str, markers: list[str]
) -> list[ClinicianOption]:
    morphology = _morphology(case.histology)
    base: dict[str, Any] = {
        "morphology": morphology,
        "site_group": result.site_group,
        "state": state,
        "grade": result.grade,
    }
    out: list[ClinicianOption] = []
    for row in clinician_table().rows:
        marker = _matching_marker(row, base, markers)
        if marker is None:
            continue
        values = {
            "histology": result.histology or "not given",
            "histology_code": case.histology or "not given",
            "site_label": result.site_label,
            "state_title": state_title,
            "marker": marker,
            "grade": result.grade,
        }
        out.append(
            ClinicianOption(
                id=row.id,
                title=row.get("title"),
                body=row.get("body"),
                citation=row.get("citation"),
                kb_item=row.get("kb_item") or None,
                applies_because=row.get("applies_because").format(**values),
            )
        )
    return out


def _matching_marker(row: Row, base: dict[str, Any], markers: list[str]) -> str | None:
    """Return the marker that makes ``row`` match ("" when the row needs none), or ``None``."""
    if "marker" not in row.sets:
        return "" if row.matches(base) else None
    for marker in markers:
        if row.matches({**base, "marker": marker}):
            return marker
    return None


def _questions(state: str) -> list[str]:
    questions = doc("questions")
    return [*questions["by_state"].get(state, []), *questions["common"]]


def _sources(option_sets: list[OptionSet]) -> list[Source]:
    table = routing_table()
    sources = [Source(section=table.title, url=table.source.get("reference", ""), date=None, citation=table.citation)]
    for option_set in option_sets:
        if option_set.source not in sources:
            sources.append(option_set.source)
    return sources


def treatment_options(
    case: StagingInput | dict[str, Any],
    *,
    recurrent: bool = False,
    resectable: Resectable = "unknown",
    markers: list[str] | None = None,
) -> TreatmentPlan:
    """Return the treatment options that fit a case, grouped into sets, each with its reason.

    Parameters
    ----------
    case
        A :class:`StagingInput` or a mapping of its fields (as for :func:`sarcoma.stage`).
    recurrent
        The sarcoma has come back after treatment.
    resectable
        Whether surgery can remove the tumor: ``"yes"``, ``"no"`` or ``"unknown"``.
    markers
        Tumor markers for the clinician layer, e.g. ``["NTRK"]``.

    Raises
    ------
    StagingError
        Any error from staging the case (bad input, unknown site, out of scope).
    """
    if resectable not in ("yes", "no", "unknown"):
        raise InvalidInput(f"resectable: {resectable!r} is not allowed; use yes, no or unknown", field="resectable")
    parsed = parse_input(case)
    result = stage(parsed)
    row = routing_table().require(
        recurrent="yes" if recurrent else "no",
        resectable=resectable,
        site_group=result.site_group,
        n=result.n,
        m=result.m,
        grade=result.grade,
        stage=result.stage,
    )
    facts = _facts(result)
    state = row.get("state")
    explanation = doc("states")["explanations"][row.get("explanation")]
    option_sets = [
        s
        for set_id in row.get("option_sets").split(",")
        if (s := _option_set(set_id.strip(), result, resectable, facts))
    ]
    trials = doc("states")["trials"]
    return TreatmentPlan(
        stage=result,
        state=state,
        state_title=explanation["title"],
        state_explanation=explanation["text"].format(**facts),
        state_kb_item=explanation["kb_item"],
        routing_rule=f"{routing_table().id}/{row.id}",
        option_sets=option_sets,
        questions=_questions(state),
        trials=TrialsPointer(text=trials["text"], url=trials["url"]),
        clinician=_clinician(parsed, result, state, explanation["title"], [normalize_token(m) for m in markers or []]),
        sources=_sources(option_sets),
    )
