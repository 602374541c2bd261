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
        app, ["treatments", "--site", "trunk", "--size-cm", "7", "--grade", "2", "--n", "N1", "--m", "M0", "--json"]
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
    case = ["--site", "leg", "--size-cm", "8", "--grade", "3", "--n", "N0", "--m", "M0"]
    result = runner.invoke(app, ["treatments", *case, "--json", *flags])
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


def test_spread_not_given_is_not_told_as_no_spread() -> None:
    """Issue 10: N and M left out are unknown to the person, not 'has not spread'."""
    result = runner.invoke(app, ["treatments", "--site", "leg", "--size-cm", "8", "--grade", "3"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "has not spread to lymph nodes or to distant parts" not in out
    assert "If it has spread to distant parts of the body" in out
    data = json.loads(
        runner.invoke(app, ["treatments", "--site", "leg", "--size-cm", "8", "--grade", "3", "--json"]).stdout
    )
    assert data["state"] == "uncertain"
