"""`sarcoma kb dump`, `sarcoma kb show` and `sarcoma kb search`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from sarcoma.cli._main import app
from sarcoma.kb import load_kb

runner = CliRunner()


def test_dump_is_every_item_and_term_as_one_json_document() -> None:
    result = runner.invoke(app, ["kb", "dump"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["items"]) == len(load_kb().items)
    assert {t["id"] for t in data["glossary"]} == set(load_kb().glossary)
    assert data["items"][0]["source"]["url"].startswith("https://www.cancer.gov/")


def test_show_prints_key_points_body_terms_source_and_disclaimer() -> None:
    result = runner.invoke(app, ["kb", "show", "biopsy-core-needle"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    for words in ("Core needle biopsy", "Key points", "Words to know", "Source:", "not medical advice"):
        assert words in out


def test_show_json() -> None:
    result = runner.invoke(app, ["kb", "show", "drug-cediranib", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["drug_status"] == "under_study"


def test_show_unknown_id_exits_2_with_one_line_and_close_ids() -> None:
    result = runner.invoke(app, ["kb", "show", "biopsy-core"])
    assert result.exit_code == 2
    assert "biopsy-core-needle" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_search_ranks_the_biopsy_item_first() -> None:
    result = runner.invoke(app, ["kb", "search", "core needle"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split()[1] == "biopsy-core-needle"


def test_search_json_and_no_hits() -> None:
    result = runner.invoke(app, ["kb", "search", "pazopanib", "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) <= 2 and hits[0]["id"] == "drug-pazopanib"
    result = runner.invoke(app, ["kb", "search", "zzzzqqq"])
    assert result.exit_code == 0 and "No items match" in result.output
