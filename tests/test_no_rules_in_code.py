"""No rule, cut point, category, label or message text in the engine or the compiler (issue 12).

The per-row engine and the SQL compiler only interpret the data (``src/sarcoma/data``): this test
reads their source with ``ast`` and refuses any string or number that the data defines — a T, N, M,
grade or stage value, a site group, a T cut point or size limit, a label, a plain sentence, or a
fixed piece of a catalogue message. Change a rule in the data and nothing in code disagrees.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sarcoma._messages import entries
from sarcoma._staging_schema import staging_schema
from sarcoma._tables import load_table

SRC = Path(__file__).resolve().parents[1] / "src" / "sarcoma"
ENGINE_AND_COMPILER = (
    "staging/_engine.py",
    "staging/_decide.py",
    "staging/_site.py",
    "staging/_model.py",
    "staging/_basis.py",
    "_staging_schema.py",
    "batch/_validate.py",
    "batch/_sql.py",
    "batch/_sql_outcome.py",
    "batch/_compile.py",
    "batch/_rowwise.py",
    "staging/_editions.py",
    "staging/_edition_t.py",
    "batch/_sql_editions.py",
)

ALLOWED: dict[str, set[str | int]] = {
    # The Basis enum names the schema's basis values for typed Python callers; a test below checks
    # that they equal the schema's list, so the schema stays the one source.
    "staging/_model.py": {"clinical", "pathologic", "post_therapy", "recurrence"},
}


def _vocabulary() -> set[str]:
    words: set[str] = set()
    for row in (*load_table("t_categories").rows, *load_table("editions/ajcc7/t_categories").rows):
        words.add(row.get("t"))
        if len(row.get("t")) > 2:  # a lettered T, also as its upper-case body (2A in T2A)
            words.add(row.get("t")[1:].upper())
    for row in load_table("stage_labels").rows:
        words.add(row.get("stage"))
    for row in load_table("grade").rows:
        words.add(row.get("grade"))
    for row in load_table("nodes_metastasis").rows:
        words.add(row.get("category"))
    for row in load_table("site_groups").rows:
        words.add(row.id)
    for row in load_table("t_extent").rows:
        words.add(row.get("extent"))
    return {w for w in words if w}


def _numbers() -> set[int]:
    found: set[int] = set()
    for row in load_table("t_size").rows:
        for low, high in row.ranges["size_mm"]:
            found |= {low, high, high + 1}
    schema = staging_schema()
    found |= set(schema.limits.values())
    for spec in schema.inputs:
        if spec.decimal is not None:
            found.add(spec.decimal.maximum)
        if spec.integer is not None:
            found |= {spec.integer.maximum}
    return {n for n in found if n > 3}


def _texts() -> set[str]:
    pieces: set[str] = set()
    for row in entries():
        pieces |= {p.strip() for p in re.split(r"\{\w+\}", row.get("message")) if len(p.strip()) >= 16}
    for table_id in ("t_categories", "stage_labels", "site_groups", "nodes_metastasis", "grade", "t_decide"):
        for row in load_table(table_id).rows:
            for column in ("label", "plain", "technical"):
                if len(row.get(column)) >= 16:
                    pieces.add(row.get(column))
    return pieces


def _constants(path: Path) -> list[tuple[int, str | int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    from sarcoma import StageResult

    field_keys = {  # the result's field names as keys of the dict ``stage()`` builds it from: names, not rules
        id(key)
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and key.value in StageResult.model_fields
    }
    found: list[tuple[int, str | int]] = []
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in field_keys:
            continue
        if isinstance(node, ast.Constant) and not isinstance(node.value, bool):
            if isinstance(node.value, str | int):
                found.append((node.lineno, node.value))
    return found


@pytest.mark.parametrize("module", ENGINE_AND_COMPILER)
def test_the_engine_and_the_compiler_hold_no_rule(module: str) -> None:
    vocabulary, numbers, texts = _vocabulary(), _numbers(), _texts()
    allowed = ALLOWED.get(module, set())
    problems: list[str] = []
    for line, value in _constants(SRC / module):
        if value in allowed:
            continue
        if isinstance(value, int) and value in numbers:
            problems.append(f"{module}:{line}: the number {value} is a cut point or limit of the data")
        elif isinstance(value, str) and value.strip() in vocabulary:
            problems.append(f"{module}:{line}: {value!r} is a category or value the data defines")
        elif isinstance(value, str) and (quoted := set(re.findall(r"'([^']+)'", value)) & vocabulary):
            problems.append(f"{module}:{line}: SQL literal(s) {sorted(quoted)} are values the data defines")
        elif isinstance(value, str) and any(piece in value for piece in texts):
            problems.append(f"{module}:{line}: {value[:60]!r} is text of the data (a message, label or sentence)")
    assert not problems, "\n".join(problems)


def test_the_basis_enum_is_the_schemas_list() -> None:
    from sarcoma.staging import Basis

    schema_values = next(spec.values for spec in staging_schema().inputs if spec.key == "basis")
    assert tuple(b.value for b in Basis) == schema_values


@pytest.mark.parametrize(
    "case",
    [
        {"site": "C49.2", "histology": "8890/3", "size_cm": "8", "n": "N0", "m": "M0", "grade": "3"},
        {"site": "head_neck", "extent": "orbit", "differentiation": "3", "mitoses": "25", "necrosis": "ge50"},
        {"site": "C49.4", "schema_discriminator_2": "1", "t": "T2"},
    ],
)
def test_the_trace_follows_the_schemas_step_order(case: dict[str, str]) -> None:
    from sarcoma import stage

    order = [step.step for step in staging_schema().steps]
    seen = [step.step for step in stage(case).explanation]
    positions = [order.index(name) for name in seen]
    assert positions == sorted(positions), (seen, order)
    for step in staging_schema().steps:  # every table a step names exists (or is the per-site stage table)
        for table_id in step.tables:
            assert table_id.startswith("stage_<") or load_table(table_id).rows
