"""What each page shows, gathered from the staging engine, the treatment options and the knowledge base."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from .._tables import load_table
from ..errors import StagingError
from ..kb import GlossaryTerm, KnowledgeBase, load_kb, source_date_note
from ..prognosis import NoModelFits, PrognosisResult, check_result, from_result, icon_array_svg
from ..staging import DISCLAIMER, StageResult, edition_codes, edition_label, editions, stage
from ..treatments import TreatmentPlan, shared_treatment_options
from ._case import PROGNOSIS_KEYS, WebCase, answer_rows
from ._content import size_comparison
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
    editions: list[tuple[str, str]] = field(default_factory=list)
    """The clinician setting: (edition code, label) for every staging edition."""
    edition_hidden: dict[str, str] = field(default_factory=dict)
    depth_question: str = ""
    """The depth question of an edition that reads depth (AJCC 7), and its choices (value, label)."""
    depth_choices: list[tuple[str, str]] = field(default_factory=list)


def _prognosis(view: ResultView, fields: dict[str, Any]) -> None:
    """Fill in the survival estimate, only when the reader asked for it (``prognosis=show``).

    Reads the staged result the page already has (issue 12); ``fields`` gives only the grade word.
    """
    case = view.case
    try:  # the same applicability rules as the library, CLI and API (data/prognosis/applicability.yaml)
        check_result(view.plan.stage, resectable=case.resectable)  # AJCC 8: the disease state, whatever the edition
    except NoModelFits as exc:
        prefix = f"{exc.field}: "  # the CLI's "histology: ..." prefix is not for the page
        text = exc.message[len(prefix) :] if exc.field and exc.message.startswith(prefix) else exc.message
        view.prognosis_unavailable = text[:1].upper() + text[1:]
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
        estimate = from_result(
            view.plan.stage,
            age=age,
            depth=case.get("depth") or "",
            histology=case.get("tumor_type") or "",
            grade=fields.get("grade"),
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


def _depth_question() -> dict[str, Any]:
    """The depth question (``editions.yaml``: the edition that reads depth), for the edition setting."""
    asked = [e["depth"] for e in editions()["editions"].values() if e.get("depth")]
    if not asked:
        return {}
    return {
        "depth_question": asked[0]["question"],
        "depth_choices": [(c["value"], c["label"]) for c in asked[0]["choices"]],
    }


def result_view(case: WebCase, kb: KnowledgeBase | None = None) -> ResultView:
    """Stage the case (and list its treatment options); raise :class:`StagingError` on bad input."""
    kb = kb or load_kb()
    fields = case.staging_fields()
    plan = shared_treatment_options(fields, recurrent=case.recurrent, resectable=case.resectable)  # issue 10
    # The plan (and the survival estimate) follow the disease state in AJCC 8; the stage shown is the
    # clinician's edition, kept in the URL (edition=uicc9).
    result = stage(fields) if fields.get("edition") else plan.stage
    linked = [o.kb_item for s in plan.option_sets for o in s.options if o.kb_item]
    linked += [c.kb_item for c in plan.clinician if c.kb_item]
    group_row = load_table("site_groups").require(site_group=result.site_group)
    view = ResultView(
        case=case,
        result=result,
        plan=plan,
        meanings=dict(result.plain_parts),
        chapter=group_row.get("chapter"),
        scale=size_scale(result.site_group, result.size_mm) if result.t_from == "size" else None,
        comparison=size_comparison(result.size_mm) if result.size_mm else None,
        stage_meaning=list(result.stage_meaning),
        glossary=glossary_for(kb, linked, STAGING_TERMS),
        answers=answer_rows(case, result),
        prognosis_hidden=case.without(PROGNOSIS_KEYS),
        editions=[(code, edition_label(code)) for code in edition_codes()],
        edition_hidden=case.without(("edition", "depth")),
        **_depth_question(),
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
