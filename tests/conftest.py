"""Shared fixtures: the FastAPI app and a TestClient for the API and web tests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator

import pytest

if "SARCOMA_CACHE_DIR" not in os.environ:  # the tests' data cache is their own, not the user's ~/.cache/sarcoma
    _cache = tempfile.mkdtemp(prefix="sarcoma-test-cache-")
    os.environ["SARCOMA_CACHE_DIR"] = _cache
    atexit.register(shutil.rmtree, _cache, ignore_errors=True)
from fastapi import FastAPI
from starlette.exceptions import StarletteDeprecationWarning

from sarcoma.api import create_app

with warnings.catch_warnings():
    # Starlette warns at import that its TestClient will move from httpx to httpx2; the client still works.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def app() -> FastAPI:
    return create_app()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


# A test that starts Spark or needs PostgreSQL must carry the marker, so `-m "not spark"` (the fast suite)
# leaves it out: an unmarked Spark test once started a JVM (about 8 s) in every fast run.
MARKER_FOR_FIXTURE = {"spark": "spark", "postgres_url": "postgres"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse a Spark/PostgreSQL test without its marker; tests marked ``pdf`` skip loudly where no PDF can be made."""
    unmarked = [
        f"{item.nodeid} uses the {fixture!r} fixture but is not marked {marker!r}"
        for item in items
        for fixture, marker in MARKER_FOR_FIXTURE.items()
        if fixture in getattr(item, "fixturenames", ()) and not item.get_closest_marker(marker)
    ]
    if unmarked:
        raise pytest.UsageError("\n".join(unmarked))
    from sarcoma.web._pdf import pdf_unavailable

    marked = [item for item in items if item.get_closest_marker("pdf")]
    reason = pdf_unavailable() if marked else None
    if reason is None:
        return
    skip = pytest.mark.skip(reason=f"SKIPPED LOUDLY: the summary PDF cannot be made here: {reason}")
    for item in marked:
        item.add_marker(skip)


@pytest.fixture
def broken_stage_table() -> Iterator[str]:
    """A real rule-table defect: the trunk and extremities stage-group table loses its rows for one test.

    Any leg case then raises ``NoMatchingRule`` from the real engine; the rows come back afterwards.
    """
    from sarcoma._tables import load_table
    from sarcoma.staging._engine import forget as forget_steps
    from sarcoma.treatments import _route, _shared

    def forget() -> None:  # plans of earlier tests are cached per case; a defect must be met afresh
        _route._staged.cache_clear()
        forget_steps()
        _shared._cached.cache_clear()

    table = load_table("stage_trunk_extremities")
    rows = table.rows
    object.__setattr__(table, "rows", ())  # frozen dataclass: the defect is put in on purpose, then undone
    forget()
    try:
        yield table.id
    finally:
        object.__setattr__(table, "rows", rows)
        forget_steps()
