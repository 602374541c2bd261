"""Steps that keep their results (``staging/_engine.py``) answer as if they had run afresh.

``stage()`` keeps each decision step's result by the few inputs the step reads, and each input value
the model accepted, so a case costs only the steps it has not met. These tests check that nothing a
step keeps can change an answer: the same case staged with everything dropped and with everything
kept gives the same result, field for field and in the same order; a refused case is refused again
with the same error (errors are never kept); a caller who changes a result's lists or dicts changes
only that result; and what is kept stays bounded, whatever the process is sent.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarcoma import stage
from sarcoma._staging_schema import staging_schema
from sarcoma.batch._synthetic import synthetic_table
from sarcoma.errors import RuleTableDefect, StagingError
from sarcoma.staging import _engine, _model, parse_input


def _cases(kind: str, count: int = 400) -> list[dict[str, Any]]:
    records = synthetic_table(count, seed=11, kind=kind).to_pylist()
    return [{k: v for k, v in r.items() if k != "id" and v is not None} for r in records]


def _answer(case: dict[str, Any]) -> tuple[str, Any]:
    try:
        result = stage(dict(case))
    except (StagingError, RuleTableDefect) as exc:
        return "error", (type(exc).__name__, str(exc), getattr(exc, "field", None))
    return "ok", (result.model_dump(), list(result.__dict__), result.model_fields_set)


@pytest.mark.parametrize("kind", ["registry", "adversarial"])
def test_kept_steps_give_the_same_answers_as_fresh_ones(kind: str) -> None:
    cases = _cases(kind)
    fresh = []
    for case in cases:
        _engine.forget()
        fresh.append(_answer(case))
    warm = [_answer(case) for case in cases]  # every step now kept from the pass before
    again = [_answer(case) for case in reversed(cases)][::-1]
    assert warm == fresh
    assert again == fresh
    assert any(kind == "error" for kind, _ in fresh) and any(kind == "ok" for kind, _ in fresh)


_values = st.one_of(st.none(), st.sampled_from(["", " ", "1", "3", "N0", "n1", "NX", "M1", "pM1", "x", "9", "7.3"]))


@settings(max_examples=300, deadline=None)
@given(
    site=st.sampled_from(["leg", "C49.2", "C48.0", "C49.4", "head_neck", "breast", "moon"]),
    size=st.one_of(st.none(), st.sampled_from(["0", "-2", "5", "5.05", "12", "abc", "3000"]), st.floats()),
    n=_values,
    m=_values,
    grade=_values,
    sd2=st.one_of(st.none(), st.sampled_from(["1", "2", "9"])),
)
def test_an_input_accepted_before_is_read_as_the_model_reads_it(
    site: str, size: Any, n: Any, m: Any, grade: Any, sd2: Any
) -> None:
    case = {"site": site, "size_cm": size, "n": n, "m": m, "grade": grade, "schema_discriminator_2": sd2}
    case = {k: v for k, v in case.items() if v is not None}
    first = _answer(case)
    second = _answer(case)  # its values are now remembered, its steps kept
    assert first == second
    try:
        validated = _model.StagingInput.model_validate(case)
    except ValueError:
        with pytest.raises(StagingError):
            parse_input(dict(case))
        return
    remembered = parse_input(dict(case))
    assert remembered == validated
    assert list(remembered.__dict__) == list(validated.__dict__)
    assert remembered.model_fields_set == validated.model_fields_set


def test_a_result_owns_its_lists_and_dicts() -> None:
    case = {"site": "C49.2", "histology": "8890/3", "size_cm": "12", "grade": "9"}
    first = stage(case)
    first.explanation.clear()
    first.warnings.clear()
    first.possible_stages.append("changed")
    first.plain_parts["t"] = "changed"
    second = stage(case)
    assert second.explanation and second.warnings
    assert "changed" not in second.possible_stages
    assert second.plain_parts["t"] != "changed"


def test_what_is_kept_is_bounded() -> None:
    for kept in _engine._MEMOS:
        assert kept.cache_info().maxsize == _engine._STEP_MEMO
    _engine.forget()
    for size in range(100, _model._CHECKED_MAX + 600):  # more different accepted values than are ever kept
        parse_input({"site": "leg", "size_cm": str(size / 1000)})
        assert len(_model._CHECKED) <= _model._CHECKED_MAX
    for kept in _engine._MEMOS:
        assert kept.cache_info().currsize <= _engine._STEP_MEMO


def test_each_step_keeps_its_results_by_the_inputs_the_schema_says_it_reads() -> None:
    """Each step of ``data/schemas/ajcc8.yaml`` has one evaluator, whose parameters (the key its results are
    kept by) are the inputs the schema's ``reads`` lists for the steps it evaluates, less what those steps
    set for each other. An input a step reads but the schema leaves out would let a kept result hide it."""
    steps = {step.step: step for step in staging_schema().steps}
    assert set(_engine.STEP_EVALUATORS) == set(steps)
    by_evaluator: dict[int, list[str]] = {}
    for name, evaluator in _engine.STEP_EVALUATORS.items():
        by_evaluator.setdefault(id(evaluator), []).append(name)
    for names in by_evaluator.values():
        evaluator = _engine.STEP_EVALUATORS[names[0]]
        params = list(inspect.signature(evaluator.__wrapped__).parameters)  # type: ignore[attr-defined]
        reads = {r for name in names for r in steps[name].reads} - {s for name in names for s in steps[name].sets}
        assert set(params) == reads, (names, params, sorted(reads))
