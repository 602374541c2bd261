"""The engine builds its result without validating it again: every result must still be valid, field for field.

``stage()`` builds ``Step``, ``Notice`` and ``StageResult`` with :func:`sarcoma._trusted.trusted`.
These tests validate each built model again (the values it holds, as given) and check it equals
the validated one in value, repr, JSON and ``model_fields_set``, on registry-like and adversarial
synthetic cases.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field

from sarcoma import StageResult, stage
from sarcoma._trusted import trusted
from sarcoma.batch._synthetic import synthetic_table
from sarcoma.errors import RuleTableDefect, StagingError
from sarcoma.grading import fnclcc_grade
from sarcoma.staging._result import Notice, Step


def _cases() -> list[dict[str, Any]]:
    records = [
        *synthetic_table(600, seed=7, kind="registry").to_pylist(),
        *synthetic_table(600, seed=7, kind="adversarial").to_pylist(),
    ]
    return [{k: v for k, v in r.items() if k != "id" and v not in (None, "")} for r in records]


def _results() -> list[StageResult]:
    out = []
    for case in _cases():
        try:
            out.append(stage(case))
        except (StagingError, RuleTableDefect):  # e.g. histology 7000/3 has no histology row (reported)
            continue
    return out


RESULTS = _results()


def _revalidated(model: BaseModel) -> BaseModel:
    return type(model)(**{name: getattr(model, name) for name in model.model_fields_set})


def _same(built: BaseModel) -> None:
    checked = _revalidated(built)
    assert checked == built
    assert repr(checked) == repr(built)
    assert checked.model_dump_json() == built.model_dump_json()
    assert checked.model_fields_set == built.model_fields_set


def test_enough_cases_are_staged() -> None:
    assert len(RESULTS) > 500
    assert any(r.warnings for r in RESULTS) and any(len(r.possible_stages) > 1 for r in RESULTS)


def test_every_result_is_what_validation_would_build() -> None:
    for result in RESULTS:
        _same(result)
        for step in result.explanation:
            assert type(step) is Step
            _same(step)
        for notice in result.warnings:
            assert type(notice) is Notice
            _same(notice)


class _WithDefaults(BaseModel):
    a: str
    b: list[str] = Field(default_factory=list)
    c: str = "c"


class _Aliased(BaseModel):
    a: str = Field(alias="A")


def test_defaults_are_filled_and_fresh() -> None:
    one, two = trusted(_WithDefaults, a="x"), trusted(_WithDefaults, a="y")
    assert one == _WithDefaults(a="x") and one.model_fields_set == {"a"}
    assert one.b is not two.b
    assert repr(trusted(_WithDefaults, c="z", a="x")) == repr(_WithDefaults(c="z", a="x"))


def test_unknown_or_missing_fields_are_a_bug() -> None:
    with pytest.raises(TypeError, match="unknown fields"):
        trusted(_WithDefaults, a="x", d="no such field")
    with pytest.raises(TypeError, match=r"missing fields \['a'\]"):
        trusted(_WithDefaults, c="x")
    with pytest.raises(TypeError, match="aliases"):
        trusted(_Aliased, a="x")


def test_every_fnclcc_grade_is_what_validation_would_build() -> None:
    for d in (1, 2, 3):
        for mitoses in (0, 9, 10, 19, 20, 1_000_000):
            for necrosis in ("none", "lt50", "ge50"):
                for post_therapy in (False, True):
                    _same(fnclcc_grade(d, mitoses, necrosis, post_therapy=post_therapy))
