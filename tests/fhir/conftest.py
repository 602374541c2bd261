"""Fixtures for the FHIR tests."""

from __future__ import annotations

from typing import Any

import pytest
from fhir_builders import load


@pytest.fixture
def integrator() -> dict[str, Any]:
    """The realistic integrator Bundle (tests/fhir/data/integrator-bundle.json)."""
    return load("integrator-bundle.json")
