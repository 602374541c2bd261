"""The reader never crashes: any mutation of a good Bundle gives a case or a located FhirInputError."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from fhir_builders import load
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarcoma.interop.fhir import FhirInputError, stage_bundle, validate_resource

BASE = load("integrator-bundle.json")

junk = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10_000) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


PATHS = _paths(BASE)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent: Any = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(junk)
        except (KeyError, IndexError, TypeError):
            continue
    return doc


def _never_crash(doc: dict[str, Any]) -> None:
    try:
        out = stage_bundle(doc, validate=False)
    except FhirInputError as exc:
        assert exc.issues and all(i.message for i in exc.issues)
        json.dumps(exc.operation_outcome())
        return
    assert validate_resource(out) == []


# The fast suite tries 30 mutated Bundles (~0.5 s); the slow suite the full 150 (~2.5 s).
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_bundles_never_crash(doc: dict[str, Any]) -> None:
    _never_crash(doc)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_bundles_never_crash_many_examples(doc: dict[str, Any]) -> None:
    _never_crash(doc)
