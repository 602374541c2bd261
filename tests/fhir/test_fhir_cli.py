"""`sarcoma fhir stage` and `sarcoma fhir validate` (the fhir sub-app, on its own Typer app)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from fhir_builders import DATA, bundle, condition, size_obs
from typer.testing import CliRunner

from sarcoma.cli import _fhir
from sarcoma.interop.fhir import validate_resource


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    app = typer.Typer()
    _fhir.register(app)

    @app.command("noop")
    def noop() -> None:  # a second command keeps `fhir` a sub-command, as in the real CLI
        """Do nothing."""

    return app


def test_stage_integrator_bundle_to_file(app: typer.Typer, tmp_path: Path) -> None:
    out = tmp_path / "staged.json"
    result = CliRunner().invoke(app, ["fhir", "stage", str(DATA / "integrator-bundle.json"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Stage IIIB | pT3 | pN0 | cM0" in result.stderr
    assert "not medical advice" in result.stderr
    staged = json.loads(out.read_text())
    assert validate_resource(staged) == []
    valid = CliRunner().invoke(app, ["fhir", "validate", str(out)])
    assert valid.exit_code == 0 and "valid" in valid.stderr


def test_stage_to_stdout_is_clean_json(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(bundle(condition(), size_obs(3))))
    result = CliRunner().invoke(app, ["fhir", "stage", str(path), "--snomed-values"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["resourceType"] == "Bundle"
    assert out["entry"][0]["resource"]["valueCodeableConcept"]["coding"][0]["code"] == "1222724007"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bundle(condition(), size_obs(3, "[in_i]")), "(inches) is not accepted"),
        ({"resourceType": "Observation"}, "expected resourceType 'Bundle'"),
        ("{oops", "not valid JSON"),
    ],
    ids=["inches", "not-a-bundle", "bad-json"],
)
def test_bad_input_exits_2_without_traceback(app: typer.Typer, tmp_path: Path, content: Any, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    result = CliRunner().invoke(app, ["fhir", "stage", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_validate_reports_problems(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"resourceType": "Observation", "status": "bogus"}))
    result = CliRunner().invoke(app, ["fhir", "validate", str(path)])
    assert result.exit_code == 2
    assert "schema: status" in result.stderr


def test_missing_file(app: typer.Typer, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["fhir", "stage", str(tmp_path / "nope.json")])
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr


def test_read_shows_where_each_fact_came_from(app: typer.Typer) -> None:
    result = CliRunner().invoke(app, ["fhir", "read", str(DATA / "integrator-bundle.json")])
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["case"]["site"] == "C49.2"
    facts = {f["field"]: f["resource"] for f in shown["report"]["facts"]}
    assert facts["size_mm"] == "Observation/size-path-1"
