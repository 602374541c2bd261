"""Change the data alone, and every engine changes the same way (issue 12, "Done when").

Each test copies ``src/sarcoma/data`` to a temporary folder, changes one rule, cut point, label,
input value or message text there, and stages the same cases in a fresh process that reads the copy
(``SARCOMA_DATA_DIR``) through three engines: the library (:func:`sarcoma.stage`), the per-row batch
reference (:func:`sarcoma.batch.stage_record`) and the compiled SQL run by DuckDB
(:func:`sarcoma.stage_table`). The per-row and SQL outputs must be equal row for row, and the change
must show in all of them. No engine code is touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

CASES: list[dict[str, str]] = [
    {"site": "leg", "size_cm": "5.5", "grade": "1", "n": "N0", "m": "M0"},  # T2 IB; T1 IA if the cut moves to 60 mm
    {"site": "leg", "size_cm": "8", "grade": "3", "n": "N1", "m": "M0"},  # IV (AJCC 8 trunk N1)
    {"site": "leg", "grade": "2", "n": "N0", "m": "M0"},  # no size: TX, the t_missing warning
    {"site": "arm", "size_cm": "3", "grade": "lowish"},  # not a grade, unless the grade table learns it
    {"site": "retroperitoneum", "size_cm": "12", "t": "T2", "grade": "2"},  # T conflicts with the size
    {"site": "thigh", "size_cm": "4", "grade": "1", "n": "N0", "m": "M0"},  # IA
    # an AJCC 7 record: T1b deep, 5.5 cm contradicts T1 (5 cm or less); staged IA if the AJCC 7 cut moves to 60 mm
    {
        "site": "leg",
        "t": "T1b",
        "size_cm": "5.5",
        "depth": "deep",
        "grade": "1",
        "n": "N0",
        "m": "M0",
        "edition": "ajcc7",
    },
    {"site": "leg", "t": "T1a", "grade": "1", "n": "N0", "m": "M0"},  # AJCC 8 refuses an AJCC 7 T, naming AJCC 7
]

_SCRIPT = r"""
import json, sys
import pyarrow as pa
import sarcoma
from sarcoma.batch import stage_record

cases = json.loads(sys.argv[1])
rowwise = [stage_record(case) for case in cases]
columns = sorted({key for case in cases for key in case})
table = pa.table({c: [case.get(c) for case in cases] for c in columns})
sql = sarcoma.stage_table(table).to_pylist()
library = []
for case in cases:
    try:
        result = sarcoma.stage(case)
        library.append({"stage": result.stage, "t": result.t, "label": result.stage_label,
                        "warnings": [w.message for w in result.warnings]})
    except ValueError as exc:
        library.append({"error": str(exc)})
print(json.dumps({"rowwise": rowwise, "sql": sql, "library": library}))
"""

OUTPUTS = ("ajcc_t", "ajcc_n", "ajcc_m", "ajcc_grade", "ajcc_stage", "status", "messages")


# Each test stages in a fresh process (library, batch and DuckDB imported: ~1.5 s). The fast suite keeps the
# cut-point test, which shows the mechanism on all three engines; the other six are marked slow.


def _run(data_dir: Path | None) -> dict[str, list[dict[str, Any]]]:
    env = {k: v for k, v in os.environ.items() if k != "SARCOMA_DATA_DIR"}
    if data_dir is not None:
        env["SARCOMA_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, json.dumps(CASES)], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    found: dict[str, list[dict[str, Any]]] = json.loads(done.stdout)
    return found


def _engines_agree(found: dict[str, list[dict[str, Any]]]) -> None:
    for i, (row, sql) in enumerate(zip(found["rowwise"], found["sql"], strict=True)):
        assert {k: row[k] for k in OUTPUTS} == {k: sql[k] or "" for k in OUTPUTS}, (i, CASES[i])


@pytest.fixture(scope="module")
def baseline() -> dict[str, list[dict[str, Any]]]:
    found = _run(None)
    _engines_agree(found)
    return found


def _mutated(tmp_path: Path, file: str, old: str, new: str) -> dict[str, list[dict[str, Any]]]:
    copy = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("sarcoma") / "data")), copy)
    path = copy / file
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text), f"{file}: {old!r} not found (the data changed; update this test)"
    path.write_text(re.sub(old, new, text, count=1), encoding="utf-8")
    found = _run(copy)
    _engines_agree(found)
    return found


def test_a_cut_point_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert baseline["rowwise"][0]["ajcc_stage"] == "IB" and baseline["library"][0]["t"] == "T2"
    found = _run_cut(tmp_path)
    assert found["rowwise"][0]["ajcc_t"] == found["sql"][0]["ajcc_t"] == found["library"][0]["t"] == "T1"
    assert found["rowwise"][0]["ajcc_stage"] == found["library"][0]["stage"] == "IA"


def _run_cut(tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    copy = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("sarcoma") / "data")), copy)
    path = copy / "t_size.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('size_mm: "1-50", t: T1', 'size_mm: "1-60", t: T1', 1)
    text = text.replace('size_mm: "51-100", t: T2', 'size_mm: "61-100", t: T2', 1)
    path.write_text(text, encoding="utf-8")
    found = _run(copy)
    _engines_agree(found)
    return found


@pytest.mark.slow
def test_a_stage_rule_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert baseline["rowwise"][1]["ajcc_stage"] == "IV"
    found = _mutated(tmp_path, "stage_trunk_extremities.yaml", r"(id: n1, n: N1, )stage: IV", r"\1stage: IIIB")
    assert found["rowwise"][1]["ajcc_stage"] == found["sql"][1]["ajcc_stage"] == found["library"][1]["stage"] == "IIIB"


@pytest.mark.slow
def test_a_message_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    new = "T is TX: nothing given sets T here (mutated text)."
    assert new not in baseline["rowwise"][2]["messages"]
    found = _mutated(
        tmp_path,
        "messages.yaml",
        r'(code: t_missing, kind: warning, group: convention, message: )"[^"]*"',
        rf'\1"{new}"',
    )
    assert new in found["rowwise"][2]["messages"] and new in found["sql"][2]["messages"]
    assert new in found["library"][2]["warnings"]


@pytest.mark.slow
def test_an_error_message_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert "contradicts the size" in baseline["rowwise"][4]["messages"]
    template = "t: {t} is not what the size {size_mm} mm gives ({t_from_size}), changed"
    found = _mutated(
        tmp_path,
        "messages.yaml",
        r'(code: t_conflicts_size, kind: error, group: staging, message: )"[^"]*"',
        rf'\1"{template}"',
    )
    expected = "t: T2 is not what the size 120 mm gives (T3), changed"
    assert found["rowwise"][4]["messages"] == found["sql"][4]["messages"] == expected
    assert found["library"][4]["error"] == expected


@pytest.mark.slow
def test_an_input_value_added_in_the_data_is_accepted_by_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert baseline["rowwise"][3]["status"] == "error" and "error" in baseline["library"][3]
    found = _mutated(tmp_path, "grade.yaml", r'value: "LOW,LOW GRADE"', 'value: "LOW,LOW GRADE,LOWISH"')
    assert found["rowwise"][3]["ajcc_grade"] == found["sql"][3]["ajcc_grade"] == "G1"
    assert found["library"][3]["stage"] == "IA"


@pytest.mark.slow
def test_a_label_changed_in_the_data_changes_the_result(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert baseline["library"][5]["label"] == "Stage IA"
    found = _mutated(tmp_path, "stage_labels.yaml", r'label: "Stage IA"', 'label: "Stage 1A (mutated)"')
    assert found["library"][5]["label"] == "Stage 1A (mutated)"


@pytest.mark.slow
def test_a_t_conflict_rule_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    assert baseline["rowwise"][4]["status"] == "error"
    # the clinician decides that an explicit T wins over the size instead of being refused
    found = _mutated(tmp_path, "t_decide.yaml", r"  - \{id: explicit_vs_size, [^\n]*\n[^\n]*\n", "")
    assert found["rowwise"][4]["ajcc_t"] == found["sql"][4]["ajcc_t"] == found["library"][4]["t"] == "T2"


@pytest.mark.slow
def test_an_ajcc7_edition_t_rule_changed_in_the_data_changes_every_engine(
    tmp_path: Path, baseline: dict[str, list[dict[str, Any]]]
) -> None:
    """The AJCC 7 5 cm cut point, read by a T given in AJCC 7 terms through editions/ajcc7/t_explicit."""
    assert baseline["rowwise"][6]["messages"] == "t: T1b contradicts the size 55 mm, which gives T2b"
    assert baseline["library"][7]["error"].startswith("t: T1a is an AJCC 7 T category")
    copy = tmp_path / "data"
    shutil.copytree(Path(str(resources.files("sarcoma") / "data")), copy)
    path = copy / "editions" / "ajcc7" / "t_size.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count('size_mm: "1-50"') == 4 and text.count('size_mm: "51-3000"') == 4
    path.write_text(
        text.replace('size_mm: "1-50"', 'size_mm: "1-60"').replace('size_mm: "51-3000"', 'size_mm: "61-3000"')
    )
    found = _run(copy)
    _engines_agree(found)
    assert found["rowwise"][6]["ajcc_t"] == found["sql"][6]["ajcc_t"] == found["library"][6]["t"] == "T1b"
    assert found["rowwise"][6]["ajcc_stage"] == found["library"][6]["stage"] == "IA"
