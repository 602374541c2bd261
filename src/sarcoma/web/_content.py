"""The web app's wording, read from ``sarcoma/data/web/content.yaml`` (data, not code)."""

from __future__ import annotations

from functools import cache
from typing import Any

from .._data import load_data

__all__ = ["content", "step", "step_ids", "size_comparison"]


@cache
def content() -> dict[str, Any]:
    """The whole content document."""
    doc: dict[str, Any] = load_data("web/content.yaml")
    return doc


def step_ids() -> list[str]:
    """The guided questions, in order."""
    return [str(s["id"]) for s in content()["steps"]]


def step(step_id: str) -> dict[str, Any]:
    """One guided question by id."""
    for item in content()["steps"]:
        if item["id"] == step_id:
            found: dict[str, Any] = item
            return found
    raise KeyError(step_id)


def size_comparison(size_mm: int) -> str:
    """An everyday object of about this size ("a lime")."""
    for item in content()["sizes"]["items"]:
        if size_mm <= int(item["max_mm"]):
            return str(item["label"])
    return str(content()["sizes"]["items"][-1]["label"])
