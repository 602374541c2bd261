"""A case as it travels in the page URL: the guided answers, read into staging fields.

The query keys are the guided answers (``size`` with ``unit``, ``grade`` or the FNCLCC scores,
``n``, ``m``, ``recurrent``, ``resectable``) plus the batch/API field names, so a clinician can
also write ``/result?site=C49.2&histology=8890/3&size_cm=8&grade=3`` by hand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from ..errors import InvalidInput, StagingError
from ..staging import StageResult, basis_for, editions
from ._plain import FieldError
from ._size import size_answer, size_fields

__all__ = [
    "STEP_KEYS",
    "PASSTHROUGH_KEYS",
    "PROGNOSIS_KEYS",
    "WebCase",
    "read_case",
    "step_of_field",
    "answer_rows",
    "INCH_MM",
]

INCH_MM = 25.4

STEP_KEYS: dict[str, tuple[str, ...]] = {
    "site": ("site",),
    "size": ("size", "unit", "extent"),
    "grade": ("grade", "differentiation", "mitoses", "necrosis"),
    "nodes": ("n",),
    "spread": ("m",),
    "recurrence": ("recurrent",),
    "removable": ("resectable",),
}
"""Query keys answered on each guided step."""

PASSTHROUGH_KEYS = ("histology", "schema_discriminator_2", "size_cm", "size_mm", "t", "basis", "edition")
"""Batch/API fields a URL may carry directly."""

PROGNOSIS_KEYS = ("prognosis", "age", "depth", "tumor_type")
"""Opt-in survival estimate: ``prognosis=show`` plus the three extra facts the model needs."""

_FIELD_STEP = {
    "site": "site",
    "histology": "site",
    "schema_discriminator_2": "site",
    "size": "size",
    "size_cm": "size",
    "size_mm": "size",
    "unit": "size",
    "t": "size",
    "extent": "size",
    "grade": "grade",
    "differentiation": "grade",
    "mitoses": "grade",
    "necrosis": "grade",
    "n": "nodes",
    "m": "spread",
    "recurrent": "recurrence",
    "resectable": "removable",
}
_UNITS = {"cm", "mm", "in"}
_YES_NO = {"yes", "no"}
_RESECTABLE = {"yes", "no", "unknown"}
MAX_VALUE_CHARS = 200


def step_of_field(field: str | None) -> str | None:
    """The guided step that asks for ``field`` (``size_cm`` is asked on ``size``)."""
    return None if field is None else _FIELD_STEP.get(field.split(".")[0])


def _number(text: str, field: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a number; type a number such as 8 or 8.5", field=field) from None


def _whole(text: str, field: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise InvalidInput(f"{field}: {text!r} is not a whole number; type a number such as 12", field=field) from None


@dataclass(frozen=True)
class WebCase:
    """The answers from the URL, in a fixed key order."""

    answers: dict[str, str]

    def get(self, key: str, default: str = "") -> str:
        """One answer, or ``default``."""
        return self.answers.get(key, default)

    def query(self, **changes: str | None) -> str:
        """The URL query for these answers, with ``changes`` applied (``None`` removes a key)."""
        merged = dict(self.answers)
        for key, value in changes.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = value
        return urlencode(merged)

    def without(self, keys: tuple[str, ...]) -> dict[str, str]:
        """The answers without ``keys``."""
        return {k: v for k, v in self.answers.items() if k not in keys}

    def without_step(self, step_id: str) -> dict[str, str]:
        """The answers that other steps own (carried as hidden fields on a step page)."""
        own = set(STEP_KEYS.get(step_id, ()))
        return {k: v for k, v in self.answers.items() if k not in own}

    @property
    def extents(self) -> list[str]:
        """The extent answers (head and neck allows several); "none" (none of these, or not known) is dropped."""
        return [v.strip() for v in self.get("extent").split(",") if v.strip() and v.strip() != "none"]

    @property
    def recurrent(self) -> bool:
        """Whether the tumor has come back."""
        return self.get("recurrent") == "yes"

    @property
    def resectable(self) -> Literal["yes", "no", "unknown"]:
        """yes, no or unknown (anything else is refused by :meth:`staging_fields`)."""
        value = self.get("resectable")
        return "yes" if value == "yes" else "no" if value == "no" else "unknown"

    @property
    def inches(self) -> float | None:
        """The size in inches, when it was given in inches."""
        return _number(self.get("size"), "size") if self.get("size") and self.get("unit") == "in" else None

    def _size_fields(self) -> dict[str, Any]:
        return size_fields(self.get("size"), self.get("unit", "cm"))  # "5 cm", "8 x 5 x 4", '2"' (web/_size.py)

    def _grade_fields(self) -> dict[str, Any]:
        grade = self.get("grade")
        if grade != "scores":
            return {"grade": grade} if grade else {}
        fields: dict[str, Any] = {"necrosis": self.get("necrosis") or None}
        for key in ("differentiation", "mitoses"):
            fields[key] = _whole(self.get(key), key) if self.get(key) else None
        return fields

    def staging_fields(self) -> dict[str, Any]:
        """The :class:`sarcoma.StagingInput` fields; raise :class:`InvalidInput` for unreadable answers."""
        if "site" not in self.answers:
            raise InvalidInput("site: choose where the tumor started", field="site")
        fields: dict[str, Any] = {k: self.answers[k] for k in ("site", "n", "m") if k in self.answers}
        for key in PASSTHROUGH_KEYS:
            if key in self.answers:
                fields[key] = self.answers[key]
        for key in editions()["editions"].get(self.answers.get("edition", ""), {}).get("inputs", []):
            if self.answers.get(key):  # what the edition reads beyond T, N, M, grade (AJCC 7: depth)
                fields[key] = self.answers[key]
        if self.extents:
            fields["extent"] = ",".join(self.extents)
        fields.update(self._size_fields())
        fields.update(self._grade_fields())
        if self.get("recurrent") not in ("", *_YES_NO):
            raise InvalidInput("recurrent: use yes or no", field="recurrent")
        if self.get("resectable") not in ("", *_RESECTABLE):
            raise InvalidInput("resectable: use yes, no or unknown", field="resectable")
        if self.recurrent or "basis" in fields:
            fields["basis"] = basis_for(fields.get("basis"), recurrent=self.recurrent).value  # one rule: staging
        return fields

    def error_step(self) -> tuple[str, FieldError] | None:
        """The first step whose answers cannot be staged, with the error in plain data, or ``None``."""
        from ..staging import stage

        try:
            stage(self.staging_fields())
        except StagingError as exc:
            step = step_of_field(exc.field)
            if step is not None:
                return step, FieldError.of(exc)  # never the exception: see _plain.py
        return None


def read_case(params: Mapping[str, str]) -> WebCase:
    """Keep the known keys of a query, in a stable order, trimmed and bounded in length."""
    keys = [k for keys in STEP_KEYS.values() for k in keys] + list(PASSTHROUGH_KEYS) + list(PROGNOSIS_KEYS)
    answers: dict[str, str] = {}
    for key in keys:
        value = params.get(key)
        if value is None:
            continue
        value = value.strip()[:MAX_VALUE_CHARS]
        if value:
            answers[key] = value
    return WebCase(answers)


def _labels(step: dict[str, Any], key: str = "choices") -> dict[str, str]:
    return {str(c["value"]): str(c["label"]) for c in step.get(key, [])}


def _grade_answer(case: WebCase, step: dict[str, Any]) -> str:
    grade = case.get("grade")
    if grade != "scores":
        return _labels(step).get(grade, grade or "Not answered")
    necrosis = _labels(step, "necrosis_choices").get(case.get("necrosis"), case.get("necrosis") or "not given")
    return (
        f"Scores: differentiation {case.get('differentiation') or 'not given'}, "
        f"mitoses {case.get('mitoses') or 'not given'}, necrosis: {necrosis.lower()}"
    )


def _extent_answer(case: WebCase, step: dict[str, Any], result: StageResult) -> str | None:
    from .._tables import load_table

    if not case.extents:
        has_extent = load_table("site_groups").require(site_group=result.site_group).get("t_basis") != "size"
        return str(step.get("extent_none", "None of these, or not known")) if has_extent else None
    rows = {r.get("extent"): r.get("plain") for r in load_table("t_extent").rows}
    return " ".join(rows.get(e, e) for e in case.extents)


def answer_rows(case: WebCase, result: StageResult) -> list[tuple[str, str, str]]:
    """(question, answer in words, step id) for every answer: "Your answers" and the PDF's "My answers"."""
    from ._content import content

    steps = {str(s["id"]): s for s in content()["steps"]}
    sites = _labels(steps["site"])
    rows: list[tuple[str, str, str]] = [
        ("Where the tumor started", sites.get(case.get("site"), f"{case.get('site')} ({result.site_label})"), "site")
    ]
    if case.get("histology"):  # given in the address (from a report or another system): shown, never dropped
        kind = f"{case.get('histology')} ({result.histology})" if result.histology else case.get("histology")
        rows.append(("Type of sarcoma (ICD-O-3 code)", kind, "site"))
    if case.get("size"):
        rows.append(("Size", size_answer(case.get("size"), case.get("unit", "cm")), "size"))  # web/_size.py
    elif result.size_mm is not None:
        rows.append(("Size", f"{result.size_mm} mm", "size"))
    else:
        rows.append(("Size", "Not known", "size"))
    extent = _extent_answer(case, steps["size"], result)
    if extent is not None:
        rows.append(("How far the tumor has grown", extent, "size"))
    rows.append((str(steps["grade"]["title"]), _grade_answer(case, steps["grade"]), "grade"))
    for step_id, key in (("nodes", "n"), ("spread", "m"), ("recurrence", "recurrent"), ("removable", "resectable")):
        value = case.get(key)
        rows.append(
            (str(steps[step_id]["title"]), _labels(steps[step_id]).get(value, value or "Not answered"), step_id)
        )
    return rows
