"""`sarcoma prognosis`: both models, JSON, the icon array file, exit code 2 on refusal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from sarcoma.cli import _prognosis

# The command on its own app, so these tests do not depend on the other topics' commands.
app = typer.Typer(pretty_exceptions_enable=False)


@app.callback()
def _root() -> None:
    """Test app."""


_prognosis.register(app)
runner = CliRunner()


def test_registered_on_the_sarcoma_command() -> None:
    from sarcoma.cli._main import app as main_app

    assert "prognosis" in {c.name for c in main_app.registered_commands}


CASE = ["--age", "62", "--size-cm", "9.5", "--depth", "deep", "--site", "thigh", "--histology", "UPS", "--grade", "2"]


def test_human_output_kattan2002() -> None:
    result = runner.invoke(app, ["prognosis", "--model", "kattan2002", *CASE])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for expected in (
        "within 12 years",
        "2,136 adults",
        "C-index: 0.77",
        "Assumptions made",
        "(MFH)",
        "grade 2 is counted as the model's high grade",
        "not a prediction for any one person",
        "not medical advice",
        "Kattan MW, Leung DH, Brennan MF",
    ):
        assert expected in text


def test_human_output_kattan2003() -> None:
    result = runner.invoke(app, ["prognosis", "--model", "kattan2003", *CASE])
    assert result.exit_code == 0, result.output
    text = " ".join(result.output.split())
    for expected in ("within 1 year", "within 3 years", "C-index: not reported", "Kattan MW, Heller G, Brennan MF"):
        assert expected in text


@pytest.mark.parametrize(("model", "keys"), [("kattan2002", ["12y"]), ("kattan2003", ["1y", "2y", "3y"])])
def test_json_carries_probabilities_between_0_and_1(model: str, keys: list[str]) -> None:
    result = runner.invoke(app, ["prognosis", "--model", model, *CASE, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert list(body["probabilities"]) == keys
    assert all(isinstance(p, float) and 0 <= p <= 1 for p in body["probabilities"].values())


def test_svg_file(tmp_path: Path) -> None:
    out = tmp_path / "risk.svg"
    result = runner.invoke(app, ["prognosis", *CASE, "--svg", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--age", "95", "--model", "kattan2003"], "17 to 89.5"),
        (["--histology", "GIST"], "GIST"),
        (["--site", "trunk_extremities"], "keeps apart"),
        (["--model", "other"], "not a model"),
    ],
)
def test_refusal_exits_2_without_traceback(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, ["prognosis", *CASE, *args])
    assert result.exit_code == 2
    assert fragment in " ".join(result.output.split())
    assert "Traceback" not in result.output
