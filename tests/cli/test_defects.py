"""A defect in the rule tables is our bug: one line ``internal error: ...`` and exit code 1 (bad input is 2)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()


def test_a_table_defect_is_one_line_and_exit_1(broken_stage_table: str) -> None:
    result = runner.invoke(app, ["stage", "--site", "leg", "--size-cm", "8", "--grade", "3"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("internal error: no row of table " + broken_stage_table)
    assert "report it" in lines[0]
    assert "Traceback" not in result.output


def test_bad_input_still_exits_2() -> None:
    result = runner.invoke(app, ["stage", "--site", "elbowpit"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error:")


def test_a_table_defect_in_fhir_stage_is_one_line_and_exit_1(tmp_path: Path, broken_stage_table: str) -> None:
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps(_leg_bundle()), encoding="utf-8")
    result = runner.invoke(app, ["fhir", "stage", str(bundle)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("internal error: no row of table " + broken_stage_table)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def _leg_bundle() -> dict[str, object]:
    """A Condition on the thigh (C49.2, leiomyosarcoma) and an 8 cm size, from the FHIR tests' builders."""
    sys.path.insert(0, str(Path(__file__).parents[1] / "fhir"))
    try:
        from fhir_builders import bundle, condition, size_obs
    finally:
        sys.path.pop(0)
    return bundle(condition(), size_obs(8))
