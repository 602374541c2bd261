"""`sarcoma treatments`: human and JSON output, flags, bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from sarcoma.cli._main import app

runner = CliRunner()


def test_the_done_when_command_reads_plainly_with_sources_and_disclaimer() -> None:
    result = runner.invoke(app, ["treatments", "--site", "leg", "--size-cm", "8", "--grade", "3"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert out.index("Stage IIIA") < out.index("Options that may fit")
    for words in (
        "Why:",
        "Wide local excision",
        "Questions to ask your care team",
        "Clinical trials",
        "For clinicians",
        "Sources",
        "Based on the NCI patient summary",
        "not medical advice",
        "sarcoma kb show surgery-wide-local-excision",
    ):
        assert words in out, words
    assert "PDQ" not in out.replace("-pdq", "")


def test_json_is_the_treatment_plan() -> None:
    result = runner.invoke(
        app, ["treatments", "--site", "trunk", "--size-cm", "7", "--grade", "2", "--n", "N1", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["state"] == "node_positive"
    assert data["stage"]["stage"] == "IV"
    for key in ("option_sets", "questions", "trials", "clinician", "disclaimer", "sources", "state_explanation"):
        assert key in data


@pytest.mark.parametrize(
    ("flags", "state"),
    [(["--recurrent"], "recurrent"), (["--unresectable"], "unresectable"), (["--resectable"], "stage_ii_iii_n0")],
)
def test_flags(flags: list[str], state: str) -> None:
    result = runner.invoke(app, ["treatments", "--site", "leg", "--size-cm", "8", "--grade", "3", "--json", *flags])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["state"] == state


def test_marker_reaches_the_clinician_layer() -> None:
    result = runner.invoke(
        app,
        ["treatments", "--site", "arm", "--size-cm", "3", "--grade", "3", "--m", "M1", "--marker", "NTRK", "--json"],
    )
    assert result.exit_code == 0, result.output
    assert "ntrk_inhibitors" in {c["id"] for c in json.loads(result.stdout)["clinician"]}


@pytest.mark.parametrize(
    "args",
    [
        ["--site", "moon"],
        ["--site", "leg", "--size-cm", "-3"],
        ["--site", "stomach", "--histology", "8936/3"],
        ["--site", "leg", "--resectable", "--unresectable"],
    ],
)
def test_bad_input_exits_2_with_one_line(args: list[str]) -> None:
    result = runner.invoke(app, ["treatments", *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "error:" in result.output
