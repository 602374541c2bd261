"""NAACCR flat fixed-width input and NAACCR XML output: fixed-width in, stage, XML out, read back."""

from __future__ import annotations

import csv
import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sarcoma.batch import stage_file, stage_file_rowwise
from sarcoma.batch._naaccr import NAACCR_NS
from sarcoma.batch._naaccr_flat import flat_layout
from sarcoma.batch._naaccr_out import derived_items, naaccr_stage_group
from sarcoma.errors import InvalidInput

SITES = ["C492", "C494", "C473", "C480", "C492", "C762"]
CODES = {
    "histologicTypeIcdO3": ["8890", "8802", "8935", ""],
    "behaviorCodeIcdO3": ["3", "", "1"],
    "tumorSizeSummary": ["080", "120", "999", "000", "abc", ""],
    "eodRegionalNodes": ["000", "300", "999", "555", ""],
    "eodMets": ["00", "10", "99", ""],
    "gradeClinical": ["9", "2", "C", ""],
    "gradePathological": ["3", "", "9"],
    "schemaId": ["00410", "00421", "00430", ""],
    "schemaDiscriminator2": ["", "1", "2"],
}


def _records(count: int) -> list[dict[str, str]]:
    """Records that walk through every code of each item (cycled, so that combinations vary)."""
    cycles = {name: itertools.cycle(values) for name, values in CODES.items()}
    sites = itertools.cycle(SITES)
    return [
        {"patientIdNumber": f"{i // 2:08d}", "primarySite": next(sites), **{n: next(c) for n, c in cycles.items()}}
        for i in range(count)
    ]


def _line(record: dict[str, str], width: int = 1800) -> str:
    line = [" "] * width
    for name, start, length in flat_layout():
        value = record.get(name, "").ljust(length)[:length]
        line[start - 1 : start - 1 + length] = list(value)
    return "".join(line)


def _write_flat(path: Path, records: list[dict[str, str]], extra: list[str] = ()) -> None:  # type: ignore[assignment]
    path.write_text("\n".join([*(_line(r) for r in records), *extra]) + "\n", encoding="ascii")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_layout_columns_are_the_naaccr_v18_start_columns() -> None:
    layout = {name: (start, length) for name, start, length in flat_layout()}
    assert layout["primarySite"] == (554, 4) and layout["schemaDiscriminator2"] == (1732, 1)
    assert layout["tumorSizeSummary"] == (882, 3) and layout["gradePathological"] == (1287, 1)
    spans = sorted((start, start + length) for start, length in layout.values())
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_flat_file_stages_as_the_same_items_in_csv_columns(tmp_path: Path) -> None:
    records = _records(240)
    flat, columns = tmp_path / "registry.naaccr", tmp_path / "registry.csv"
    _write_flat(flat, records)
    with columns.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(records[0]))
        writer.writeheader()
        writer.writerows(records)
    stage_file(flat, tmp_path / "flat.csv")
    stage_file(columns, tmp_path / "columns.csv")
    stage_file_rowwise(flat, tmp_path / "ref.csv")
    got, want, ref = (_read_csv(tmp_path / n) for n in ("flat.csv", "columns.csv", "ref.csv"))
    outputs = ["ajcc_t", "ajcc_n", "ajcc_m", "ajcc_grade", "ajcc_stage", "status", "message_codes", "messages"]
    assert [{k: r[k] for k in outputs} for r in got] == [{k: r[k] for k in outputs} for r in want]
    assert [{k: r[k] for k in outputs} for r in got] == [{k: r[k] for k in outputs} for r in ref]
    assert {r["status"] for r in got} == {"ok", "warning", "error"}


def test_fixed_width_round_trip_through_naaccr_xml(tmp_path: Path) -> None:
    records = _records(120)
    flat, xml, staged = tmp_path / "in.naaccr", tmp_path / "out.xml", tmp_path / "out.csv"
    _write_flat(flat, records)
    assert stage_file(flat, xml) == len(records)
    stage_file(flat, staged)
    rows = _read_csv(staged)
    ns = {"n": NAACCR_NS}
    root = ET.parse(xml).getroot()
    assert root.get("baseDictionaryUri", "").endswith("naaccr-dictionary-260.xml")
    tumors = []
    for patient in root.findall("n:Patient", ns):
        pid = {i.get("naaccrId"): i.text for i in patient.findall("n:Item", ns)}
        for tumor in patient.findall("n:Tumor", ns):
            items = {i.get("naaccrId"): i.text or "" for i in tumor.findall("n:Item", ns)}
            tumors.append({**pid, **items})
    assert len(root.findall("n:Patient", ns)) == len(records) // 2
    assert len(tumors) == len(records)
    derived = derived_items()
    for record, tumor, row in zip(records, tumors, rows, strict=True):
        assert {k: v for k, v in tumor.items() if k in record} == {k: v for k, v in record.items() if v}
        if row["status"] == "error":
            assert not set(derived.values()) & set(tumor)
        else:
            assert tumor["derivedEod2018T"] == row["ajcc_t"] and tumor["derivedEod2018M"] == row["ajcc_m"]
            assert tumor["derivedEod2018StageGroup"] == naaccr_stage_group(row["ajcc_stage"])
    # Read back: the XML stages to the same outputs as the flat file it came from.
    stage_file(xml, tmp_path / "again.csv")
    again = _read_csv(tmp_path / "again.csv")
    assert [r["ajcc_stage"] for r in again] == [r["ajcc_stage"] for r in rows]
    assert [r["message_codes"] for r in again] == [r["message_codes"] for r in rows]


def test_short_lines_are_rows_with_an_error_and_a_crlf_file_reads_the_same(tmp_path: Path) -> None:
    records = _records(3)
    flat = tmp_path / "short.naaccr"
    flat.write_bytes(("\r\n".join([_line(r) for r in records] + ["too short", ""]) + "\r\n").encode())
    assert stage_file(flat, tmp_path / "out.csv") == 5
    rows = _read_csv(tmp_path / "out.csv")
    assert [r["status"] for r in rows[3:]] == ["error", "error"]
    assert rows[3]["message_codes"] == "naaccr_flat_short_line"
    assert rows[3]["messages"] == "NAACCR flat line 4: 9 characters, but the layout reads up to column 1732"
    _write_flat(tmp_path / "lf.naaccr", records)
    stage_file(tmp_path / "lf.naaccr", tmp_path / "lf.csv")
    assert _read_csv(tmp_path / "lf.csv") == rows[:3]


@pytest.mark.parametrize(
    ("stage", "code"),
    [("I", "1"), ("IA", "1A"), ("II", "2"), ("IIIB", "3B"), ("IV", "4"), ("none", "88"), ("unknown", "99")],
)
def test_stage_groups_are_written_as_naaccr_codes(stage: str, code: str) -> None:
    assert naaccr_stage_group(stage) == code


def test_flat_output_and_empty_flat_input_are_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.naaccr"
    _write_flat(src, _records(1))
    with pytest.raises(InvalidInput, match="write the output as"):
        stage_file(src, tmp_path / "out.naaccr")
    (tmp_path / "empty.naaccr").write_text("")
    with pytest.raises(InvalidInput, match="empty"):
        stage_file(tmp_path / "empty.naaccr", tmp_path / "out.csv")
