"""NAACCR XML output: the staged rows as NAACCR XML (v26 dictionary), so a registry can load them back.

Each row becomes a ``Tumor``; consecutive rows with the same ``patientIdNumber`` share one
``Patient`` (as NAACCR XML input is read). The row's NAACCR items are written back as they were
read, and the derived AJCC 8 T, N, M and stage group go into the Derived EOD 2018 items
(``data/naaccr/xml_output.yaml``: 785, 815, 795, 818). Columns that are not NAACCR items (batch
columns, ``status``, ``messages``) are not written; keep a CSV or Parquet output for those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pyarrow as pa

from .._tables import load_table
from ._naaccr import NAACCR_NS

__all__ = ["DICTIONARY_URI", "derived_items", "naaccr_stage_group", "write_naaccr_xml"]

DICTIONARY_URI = "http://naaccr.org/naaccrxml/naaccr-dictionary-260.xml"
PATIENT_ITEMS = ("patientIdNumber",)
STAGE_CODES = {"none": "88", "unknown": "99"}


def derived_items() -> dict[str, str]:
    """Output column -> NAACCR XML id of the derived item it is written to."""
    return {r.get("output"): r.get("naaccr_id") for r in load_table("naaccr/xml_output").rows}


def naaccr_stage_group(stage: str) -> str:
    """An AJCC stage group as NAACCR codes it: IIIA as 3A, IV as 4, none as 88, unknown as 99."""
    if stage in STAGE_CODES:
        return STAGE_CODES[stage]
    match = re.fullmatch(r"(IV|I{1,3})([A-C]?)", stage)
    if match is None:
        return stage
    return str({"I": 1, "II": 2, "III": 3, "IV": 4}[match.group(1)]) + match.group(2)


def _naaccr_ids() -> set[str]:
    ids = {r.get("name") for r in load_table("naaccr/items").rows}
    ids |= {r.get("naaccr_id") for r in load_table("naaccr/flat_layout").rows}
    return ids | {"patientIdNumber", "tumorRecordNumber"}


def _items(pairs: list[tuple[str, str | None]], indent: str) -> str:
    return "".join(
        f"{indent}<Item naaccrId={quoteattr(name)}>{escape(value)}</Item>\n" for name, value in pairs if value
    )


def write_naaccr_xml(chunks: Iterator[pa.Table], path: Path) -> None:
    """Write the staged chunks to ``path`` as NAACCR XML (UTF-8)."""
    derived, ids = derived_items(), _naaccr_ids()
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(
            f'<NaaccrData baseDictionaryUri="{DICTIONARY_URI}" recordType="I" '
            f'specificationVersion="1.8" xmlns="{NAACCR_NS}">\n'
        )
        open_patient: str | None = None
        for chunk in chunks:
            names = [c for c in chunk.column_names if c in ids]
            tumor_names = [c for c in names if c not in PATIENT_ITEMS]
            for row in chunk.select([*names, "status", *derived]).to_pylist():
                patient = row.get("patientIdNumber") or ""
                if open_patient is None or patient != open_patient or not patient:
                    if open_patient is not None:
                        f.write("  </Patient>\n")
                    f.write("  <Patient>\n")
                    f.write(_items([(c, row.get(c)) for c in PATIENT_ITEMS], "    "))
                    open_patient = patient
                pairs = [(c, row.get(c)) for c in tumor_names]
                if row["status"] != "error":
                    for column, item in derived.items():
                        value = row.get(column) or ""
                        pairs.append((item, naaccr_stage_group(value) if column == "ajcc_stage" else value))
                f.write("    <Tumor>\n" + _items(pairs, "      ") + "    </Tumor>\n")
        if open_patient is not None:
            f.write("  </Patient>\n")
        f.write("</NaaccrData>\n")
