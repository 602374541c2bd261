"""Page contexts hold plain data: an invalid answer must not keep its exception (issue 16, memory leak)."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from typing import Any

import pytest

from sarcoma.errors import InvalidInput, StagingError
from sarcoma.web._plain import FieldError, NotPlainError, assert_plain

INVALID = [
    "/result?site=leg&size=8&unit=cm&grade=7",
    "/result?site=leg&size=8&unit=cm&grade=3&n=N7",
    "/check?site=leg&size=8&unit=cm&grade=7&step=nodes",
    "/result?site=uterus",
    "/result?site=leg&size=8&unit=cm&grade=3&n=no&m=no&prognosis=show&age=old",
    "/summary.pdf?site=leg&size=8&unit=cm&grade=7",
]


@dataclass
class _Holder:
    items: list[Any]


def test_field_error_copies_strings_only() -> None:
    exc = InvalidInput("grade: use 1, 2 or 3", field="grade")
    assert FieldError.of(exc) == FieldError("grade: use 1, 2 or 3", "grade")


def _traceback() -> Any:
    try:
        raise ValueError("x")
    except ValueError as exc:
        return exc.__traceback__


@pytest.mark.parametrize(
    "context",
    [
        {"error": ValueError("x")},
        {"view": _Holder([{"deep": (1, InvalidInput("bad"))}])},
        {"tb": _traceback()},
    ],
)
def test_assert_plain_refuses_exceptions_anywhere(context: dict[str, Any]) -> None:
    with pytest.raises(NotPlainError):
        assert_plain(context)


def test_assert_plain_accepts_plain_data() -> None:
    assert_plain({"error": FieldError("m", "n"), "rows": [("a", "b")], "n": 1, "view": _Holder([None, 2.5])})


@pytest.mark.parametrize("path", INVALID)
def test_invalid_answers_render_with_plain_context(client: Any, path: str) -> None:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code in (200, 422, 503), response.status_code  # 503: no PDF on this machine
    assert_plain(response.context)


def _live_staging_errors() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, StagingError))


@pytest.mark.slow  # 55 requests and two full garbage collections per path: ~2.5 s each
@pytest.mark.parametrize("path", INVALID)
def test_invalid_requests_free_their_errors(client: Any, path: str) -> None:
    for _ in range(5):
        client.get(path)
    before = _live_staging_errors()
    for _ in range(50):
        client.get(path)
    assert _live_staging_errors() - before < 5, "each invalid request keeps its exception (a reference cycle)"
