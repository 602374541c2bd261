"""Load the model coefficients and the input mapping from ``sarcoma/data/prognosis/*.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from .._data import load_data
from ._spline import RestrictedCubicSpline

__all__ = ["Horizon", "ModelSpec", "MODEL_IDS", "load_model", "load_mapping", "read_data"]

MODEL_IDS = ("kattan2002", "kattan2003")
"""The models this package computes, exactly as published."""


@dataclass(frozen=True)
class Horizon:
    """One prediction time: its key (``12y``), years and baseline survival per stratum."""

    key: str
    years: float
    baseline_survival: dict[str, float]


@dataclass(frozen=True)
class ModelSpec:
    """A published nomogram: metadata, age range, spline, categorical terms and baselines."""

    id: str
    title: str
    kind: str
    source: dict[str, str]
    notes: str
    population: str
    endpoint: str
    horizon_text: str
    c_index: float | None
    c_index_note: str
    stratified_by: str | None
    age_label: str
    age_min: float
    age_max: float
    age_range_source: str
    age_log_scale: bool
    intercept: float
    spline: RestrictedCubicSpline
    terms: dict[str, dict[str, float]]
    horizons: tuple[Horizon, ...]

    @property
    def citation(self) -> str:
        """The paper, with its link."""
        return f"{self.source['document']}. {self.source['reference']}"


def read_data(name: str) -> dict[str, Any]:
    """Read one ``sarcoma/data/prognosis/<name>.yaml`` file as a mapping."""
    doc = load_data(f"prognosis/{name}.yaml")
    if not isinstance(doc, dict):  # pragma: no cover - guarded by the data tests
        raise ValueError(f"prognosis data file {name}.yaml is not a mapping")
    return doc


@cache
def load_model(model_id: str) -> ModelSpec:
    """Load and check one model by id (``kattan2002`` or ``kattan2003``)."""
    if model_id not in MODEL_IDS:
        raise KeyError(model_id)
    doc = read_data(model_id)
    age = doc["age"]
    spline = doc["spline"]
    horizons = tuple(
        Horizon(str(h["key"]), float(h["years"]), {k: float(v) for k, v in h["baseline_survival"].items()})
        for h in doc["horizons"]
    )
    return ModelSpec(
        id=str(doc["id"]),
        title=str(doc["title"]),
        kind=str(doc["kind"]),
        source={k: str(v) for k, v in doc["source"].items()},
        notes=str(doc["notes"]),
        population=" ".join(str(doc["population"]).split()),
        endpoint=str(doc["endpoint"]),
        horizon_text=str(doc["horizon_text"]),
        c_index=None if doc["c_index"] is None else float(doc["c_index"]),
        c_index_note=str(doc["c_index_note"]),
        stratified_by=doc.get("stratified_by"),
        age_label=str(age["label"]),
        age_min=float(age["min"]),
        age_max=float(age["max"]),
        age_range_source=str(age["range_source"]),
        age_log_scale=age["scale"] == "log",
        intercept=float(doc["intercept"]),
        spline=RestrictedCubicSpline.from_lists(spline["linear"], spline["knots"], spline["cubic"]),
        terms={name: {k: float(v) for k, v in levels.items()} for name, levels in doc["terms"].items()},
        horizons=horizons,
    )


@cache
def load_mapping() -> dict[str, Any]:
    """Load the mapping from today's terms to the models' categories (``mapping.yaml``)."""
    return read_data("mapping")
