"""What each page shows, gathered from the staging engine, the treatment options and the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .._tables import load_table
from ..errors import StagingError
from ..kb import GlossaryTerm, KnowledgeBase, load_kb, source_date_note, stage_descriptions
from ..prognosis import NoModelFits, PrognosisResult, check_case, from_case, icon_array_svg
from ..staging import DISCLAIMER, StageResult
from ..treatments import TreatmentPlan, treatment_options
from ._case import PROGNOSIS_KEYS, WebCase
from ._content import content, size_comparison
from ._plain import FieldError
from ._scale import SizeScale, size_scale
from ._survival import framings

__all__ = ["ResultView", "result_view", "glossary_for", "content_dates", "STAGING_TERMS"]

STAGING_TERMS = ("stage", "grade", "lymph-node", "metastasis", "tnm", "soft-tissue-sarcoma", "tumor")
"""Glossary ids shown on every result, when the glossary has them."""

AXES = ("t", "n", "m", "grade")
AXIS_TITLES = {"t": "Tumor size or extent (T)", "n": "Lymph nodes (N)", "m": "Distant spread (M)", "grade": "Grade"}


@dataclass
class ResultView:
    """Everything the result page and the summary PDF show."""

    case: WebCase
    result: StageResult
    plan: TreatmentPlan
    meanings: dict[str, str]
    chapter: str
    scale: SizeScale | None
    comparison: str | None
    stage_meaning: list[str]
    glossary: list[GlossaryTerm]
    answers: list[tuple[str, str, str]] = field(default_factory=list)
    prognosis: PrognosisResult | None = None
    prognosis_svg: str | None = None
    prognosis_error: FieldError | None = None
    prognosis_unavailable: str | None = None
    prognosis_hidden: dict[str, str] = field(default_factory=dict)


def _prognosis(view: ResultView, fields: dict[str, Any]) -> None:
    """Fill in the survival estimate, only when the reader asked for it (``prognosis=show``)."""
    case = view.case
    try:  # the same applicability rules as the library, CLI and API (data/prognosis/applicability.yaml)
        check_case(fields, recurrent=case.recurrent, resectable=case.resectable)
    except NoModelFits as exc:
        view.prognosis_unavailable = exc.message
        return
    except StagingError:
        pass
    if case.get("prognosis") != "show":
        return
    try:
        age = float(case.get("age")) if case.get("age") else None
    except ValueError:
        age = None
    try:
        if age is None:
            raise StagingError("age: give the age in years, as a number such as 58", field="age")
        estimate = from_case(
            fields,
            age=age,
            depth=case.get("depth") or "",
            histology=case.get("tumor_type") or "",
            recurrent=case.recurrent,
            resectable=case.resectable,
        )
    except StagingError as exc:
        view.prognosis_error = FieldError.of(exc)  # plain data only: see _plain.py
        return
    view.prognosis = estimate
    last = framings(estimate)[-1]  # the longest time frame, said as in the two framings (web/_survival.py)
    probability = estimate.probabilities[next(reversed(estimate.probabilities))]
    label = f"died of sarcoma {last.when}"
    view.prognosis_svg = icon_array_svg(probability, label=label)


def glossary_for(kb: KnowledgeBase, item_ids: list[str], extra: tuple[str, ...] = ()) -> list[GlossaryTerm]:
    """Glossary terms used by these items (and ``extra`` ids), each once, in first-use order."""
    ids: list[str] = [t for t in extra if t in kb.glossary]
    for item_id in item_ids:
        try:
            item = kb.get(item_id)
        except KeyError:
            continue
        ids.extend(t for t in item.glossary_terms if t in kb.glossary)
    return [kb.glossary[t] for t in dict.fromkeys(ids)]


def _meanings(result: StageResult) -> dict[str, str]:
    found: dict[str, str] = {}
    for step in result.explanation:
        if step.step in AXES:
            found[step.step] = step.plain
    return found


def _stage_meaning(result: StageResult) -> list[str]:
    for desc in stage_descriptions():
        if desc.site_group == result.site_group and desc.stage == result.stage:
            return [line for line in desc.patient if line != result.summary]
    return []


def _answers(case: WebCase, result: StageResult) -> list[tuple[str, str, str]]:
    """(question, answer in words, step id) for the 'your answers' list."""
    steps = {s["id"]: s for s in content()["steps"]}
    sites = {str(c["value"]): str(c["label"]) for c in steps["site"]["choices"]}
    site = sites.get(case.get("site"), f"{case.get('site')} ({result.site_label})")
    rows: list[tuple[str, str, str]] = [("Where the tumor started", site, "site")]
    if case.get("size"):
        unit = {"cm": "cm", "mm": "mm", "in": "inches"}.get(case.get("unit", "cm"), "cm")
        rows.append(("Size", f"{case.get('size')} {unit}", "size"))
    elif result.size_mm is not None:
        rows.append(("Size", f"{result.size_mm} mm", "size"))
    else:
        rows.append(("Size", "Not known", "size"))
    for step_id, key in (("nodes", "n"), ("spread", "m"), ("recurrence", "recurrent"), ("removable", "resectable")):
        labels = {str(c["value"]): str(c["label"]) for c in steps[step_id]["choices"]}
        value = case.get(key)
        rows.append((str(steps[step_id]["title"]), labels.get(value, value or "Not answered"), step_id))
    return rows


def result_view(case: WebCase, kb: KnowledgeBase | None = None) -> ResultView:
    """Stage the case (and list its treatment options); raise :class:`StagingError` on bad input."""
    kb = kb or load_kb()
    fields = case.staging_fields()
    plan = treatment_options(fields, recurrent=case.recurrent, resectable=case.resectable)
    result = plan.stage
    linked = [o.kb_item for s in plan.option_sets for o in s.options if o.kb_item]
    linked += [c.kb_item for c in plan.clinician if c.kb_item]
    group_row = load_table("site_groups").require(site_group=result.site_group)
    view = ResultView(
        case=case,
        result=result,
        plan=plan,
        meanings=_meanings(result),
        chapter=group_row.get("chapter"),
        scale=size_scale(result.site_group, result.size_mm),
        comparison=size_comparison(result.size_mm) if result.size_mm else None,
        stage_meaning=_stage_meaning(result),
        glossary=glossary_for(kb, linked, STAGING_TERMS),
        answers=_answers(case, result),
        prognosis_hidden=case.without(PROGNOSIS_KEYS),
    )
    _prognosis(view, fields)
    return view


def content_dates() -> dict[str, Any]:
    """Content version and source dates, for footers and the summary PDF."""
    tables = sorted({load_table(t).source.get("date", "") for t in ("t_size", "site_groups", "grade")})
    return {
        "version": __version__,
        "kb_source_date": source_date_note(),
        "tables_date": tables[-1] if tables else None,
        "generated": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "disclaimer": DISCLAIMER,
    }
