"""Message codes, the catalogue, the run summary and --fail-on: checked against the output itself."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from sarcoma.batch import stage_file, stage_file_rowwise
from sarcoma.batch._codes import UNKNOWN_CODE, catalogue, catalogue_csv, code_of
from sarcoma.batch._synthetic import synthetic_table
from sarcoma.cli._main import app

runner = CliRunner()
ROWS = 4000


@pytest.fixture(scope="module")
def random_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CSV of adversarial synthetic rows (edge and invalid values)."""
    path = tmp_path_factory.mktemp("summary") / "random.csv"
    table = synthetic_table(ROWS, seed=7)
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(table.column_names)
        for row in table.to_pylist():
            writer.writerow(["" if v is None else v for v in row.values()])
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _template(text: str) -> re.Pattern[str]:
    return re.compile("(?s)" + ".+?".join(re.escape(p) for p in re.split(r"\{\w+\}", text)))


def test_catalogue_codes_are_unique_and_listed_as_csv() -> None:
    codes = [c.code for c in catalogue()]
    assert len(codes) == len(set(codes))
    listed = list(csv.DictReader(io.StringIO(catalogue_csv())))
    assert [r["code"] for r in listed] == codes
    assert {r["kind"] for r in listed} == {"error", "warning"}
    result = runner.invoke(app, ["batch", "--list-messages"])
    assert result.exit_code == 0
    assert result.stdout == catalogue_csv()


def test_every_catalogue_text_gets_its_own_code() -> None:
    for entry in catalogue():
        filled = re.sub(r"\{\w+\}", "x", entry.message)
        assert code_of(filled) == entry.code, entry


def test_message_codes_join_back_to_messages(random_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    assert stage_file(random_csv, out) == ROWS
    texts = {c.code: _template(c.message) for c in catalogue()}
    seen = 0
    for row in _rows(out):
        messages = row["messages"].split(" | ") if row["messages"] else []
        codes = row["message_codes"].split("|") if row["message_codes"] else []
        assert len(codes) == len(messages)
        for code, message in zip(codes, messages, strict=True):
            assert code != UNKNOWN_CODE, message
            assert texts[code].fullmatch(message), (code, message)
            seen += 1
    assert seen > ROWS


def test_rowwise_and_vectorized_give_the_same_codes(random_csv: Path, tmp_path: Path) -> None:
    stage_file(random_csv, tmp_path / "fast.parquet")
    stage_file_rowwise(random_csv, tmp_path / "ref.parquet")
    fast = pq.read_table(tmp_path / "fast.parquet")
    ref = pq.read_table(tmp_path / "ref.parquet")
    for column in ("status", "message_codes", "messages"):
        assert fast[column].cast("string").to_pylist() == ref[column].to_pylist()


@pytest.mark.parametrize(
    ("mode", "present", "absent"),
    [
        ("both", ["message_codes", "messages"], []),
        ("codes", ["message_codes"], ["messages"]),
        ("text", ["messages"], ["message_codes"]),
    ],
)
def test_messages_option_chooses_the_columns(
    random_csv: Path, tmp_path: Path, mode: str, present: list[str], absent: list[str]
) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["batch", str(random_csv), "-o", str(out), "--messages", mode])
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0].split(",")
    assert header[-len(present) :] == present and not set(absent) & set(header)


def test_summary_counts_equal_the_output(random_csv: Path, tmp_path: Path) -> None:
    out, summary = tmp_path / "out.csv", tmp_path / "summary.json"
    result = runner.invoke(app, ["batch", str(random_csv), "-o", str(out), "--summary-json", str(summary)])
    assert result.exit_code == 0, result.output
    data = json.loads(summary.read_text())
    rows = _rows(out)
    status = Counter(r["status"] for r in rows)
    assert (data["rows"], data["ok"], data["warning"], data["error"]) == (
        len(rows),
        status["ok"],
        status["warning"],
        status["error"],
    )
    kinds = {c.code: c.kind for c in catalogue()}
    for kind in ("error", "warning"):
        where: dict[str, list[int]] = {}
        for number, row in enumerate(rows, start=1):
            for code in dict.fromkeys(filter(None, row["message_codes"].split("|"))):
                if kinds[code] == kind:
                    where.setdefault(code, []).append(number)
        want = sorted(where.items(), key=lambda item: (-len(item[1]), item[0]))[:10]
        got = data[f"top_{kind}s"]
        assert [(g["code"], g["rows"], g["first_rows"]) for g in got] == [(c, len(n), n[:5]) for c, n in want]
    assert data["input"] == str(random_csv) and data["output"] == str(out) and data["rows_per_second"] > 0
    assert f"error {status['error']:,}" in result.stderr


@pytest.mark.parametrize(
    ("rows", "fail_on", "code"),
    [
        ("leg,8,3\narm,-4,1\n", "never", 0),
        ("leg,8,3\narm,-4,1\n", "error", 1),
        ("leg,8,3\n", "error", 0),
        ("leg,8,3\n", "warning", 1),
        ("leg,8,3\narm,-4,1\n", "warning", 1),
    ],
)
def test_fail_on_sets_the_exit_code(tmp_path: Path, rows: str, fail_on: str, code: int) -> None:
    src = tmp_path / "in.csv"
    src.write_text("site,size_cm,grade\n" + rows)
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv"), "--fail-on", fail_on])
    assert result.exit_code == code, result.output
    assert (tmp_path / "out.csv").exists()


def test_fail_on_refuses_an_unknown_value(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("site,size_cm\nleg,8\n")
    result = runner.invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"), "--fail-on", "sometimes"])
    assert result.exit_code == 2 and "unknown --fail-on" in result.stderr


def test_docs_list_every_code_of_the_catalogue() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "batch.md").read_text()
    rows = set(re.findall(r"^\| `([a-z0-9_.]+)` \| (?:error|warning) \|", docs, flags=re.M))
    assert rows == {c.code for c in catalogue()}, "docs/batch.md: update the table from `sarcoma batch --list-messages`"
