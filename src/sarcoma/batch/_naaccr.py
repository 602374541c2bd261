"""NAACCR input: flat columns named by item (primarySite or 400) and streamed NAACCR XML.

NAACCR items are mapped to the batch inputs by the tables in ``data/naaccr/`` (items, grade choice,
tumor size, EOD nodes and mets, schema id). The same tables are read in Python for the per-row
reference (:func:`naaccr_record`) and compiled to SQL for the vectorized and SQL engines
(:func:`naaccr_source_sql`). A code the tables refuse becomes the row's error.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .._tables import load_table
from ..errors import InvalidInput
from ._compile import TableCase, normalize_sql
from ._dialect import get_dialect
from ._validate import to_text

if TYPE_CHECKING:
    from ._formats import Source

__all__ = [
    "NAACCR_ERROR_COLUMN",
    "NAACCR_NS",
    "item_roles",
    "is_naaccr",
    "naaccr_record",
    "naaccr_source_sql",
    "open_naaccr_xml",
]

NAACCR_NS = "http://naaccr.org/naaccrxml"
SIZE_CODE = "^[0-9]{1,3}$"
SIZE_ERROR = "tumorSizeSummary: use a NAACCR size code of 1 to 3 digits (000-999)"
NAACCR_ERROR_COLUMN = "_sarcoma_naaccr_error"
MAPPED = ("site", "histology", "grade", "size_mm", "n", "m", "schema_discriminator_2")


def item_roles(columns: Sequence[str]) -> dict[str, str]:
    """Map role (site, morphology, ...) to the column that holds it, matching XML ids or numbers."""
    roles: dict[str, str] = {}
    for row in load_table("naaccr/items").rows:
        keys = {row.get("name").lower(), row.get("number")}
        for col in columns:
            if col.strip().lower() in keys and row.get("role") not in roles:
                roles[row.get("role")] = col
    return roles


def is_naaccr(columns: Sequence[str]) -> bool:
    """Whether a file is NAACCR-style: no ``site`` column, but Primary Site (400) by name or number."""
    return "site" not in columns and "site" in item_roles(columns)


def _clean(value: Any) -> str:
    text = to_text(value)
    return "" if text is None else text.strip()


def naaccr_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map one NAACCR record to batch inputs (and ``_sarcoma_row_error``), as the reference does."""
    roles = item_roles(list(record))
    get = {role: _clean(record.get(col)) for role, col in roles.items()}
    errors: list[str] = []
    morph, beh = get.get("morphology", ""), get.get("behavior", "")
    use = load_table("naaccr/grade").require(
        pathological=get.get("grade_pathological", ""), clinical=get.get("grade_clinical", "")
    )
    grade = get.get(f"grade_{use.get('use')}", "")
    size_code, size_mm = get.get("tumor_size", ""), ""
    if size_code:
        if not re.match(SIZE_CODE, size_code):
            errors.append(SIZE_ERROR)
        else:
            row = load_table("naaccr/tumor_size").require(code=int(size_code))
            errors.append(row.get("error"))
            size_mm = str(int(size_code)) if row.get("size_mm") == "code" else row.get("size_mm")
    nodes = load_table("naaccr/eod_nodes").require(code=get.get("eod_nodes", ""))
    mets = load_table("naaccr/eod_mets").require(code=get.get("eod_mets", ""))
    schema = load_table("naaccr/schema_id").require(schema_id=get.get("schema_id", ""))
    errors += [nodes.get("error"), mets.get("error"), schema.get("error")]
    reader_error = record.get("_sarcoma_row_error")
    first = next((e for e in [reader_error, *errors] if e), None)
    return {
        "site": get.get("site", ""),
        "histology": (morph + ("/" + beh if beh else "")) if morph else "",
        "grade": grade,
        "size_mm": size_mm,
        "n": nodes.get("n"),
        "m": mets.get("m"),
        "schema_discriminator_2": get.get("sd2") or schema.get("sd2"),
        "_sarcoma_row_error": first,
    }


def naaccr_source_sql(dialect: str, source: str, columns: Sequence[str], row_error: bool) -> tuple[str, list[str]]:
    """A FROM item that adds the mapped batch inputs to a NAACCR source; return it and its columns."""
    d = get_dialect(dialect)
    clash = [c for c in MAPPED if c in columns]
    if clash:
        raise InvalidInput(f"NAACCR input must not also have the batch column(s) {', '.join(clash)}")
    roles = item_roles(columns)
    first = {role: f"COALESCE(NULLIF(trim({d.text(d.ident(col))}), ''), '')" for role, col in roles.items()}
    layer1 = [
        f"{first.get(r, chr(39) * 2)} AS _n_{r}"
        for r in (
            "site",
            "morphology",
            "behavior",
            "grade_clinical",
            "grade_pathological",
            "tumor_size",
            "eod_nodes",
            "eod_mets",
            "schema_id",
            "sd2",
        )
    ]
    tok = {
        r: normalize_sql(d, f"_n_{r}")
        for r in ("grade_pathological", "grade_clinical", "eod_nodes", "eod_mets", "schema_id")
    }
    gc, g_idx = TableCase.build(
        d,
        "naaccr/grade",
        {"pathological": tok["grade_pathological"], "clinical": tok["grade_clinical"]},
        "_n_grade_row",
    )
    size_ok = f"COALESCE({d.match('_n_tumor_size', SIZE_CODE)}, FALSE)"
    size_int = f"CASE WHEN {size_ok} THEN CAST(_n_tumor_size AS INTEGER) END"
    sc, s_idx = TableCase.build(d, "naaccr/tumor_size", {"code": size_int}, "_n_size_row")
    nc, n_idx = TableCase.build(d, "naaccr/eod_nodes", {"code": tok["eod_nodes"]}, "_n_nodes_row")
    mc, m_idx = TableCase.build(d, "naaccr/eod_mets", {"code": tok["eod_mets"]}, "_n_mets_row")
    xc, x_idx = TableCase.build(d, "naaccr/schema_id", {"schema_id": tok["schema_id"]}, "_n_schema_row")
    layer2 = [
        f"{g_idx} AS _n_grade_row",
        f"{size_ok} AS _n_size_ok",
        f"{s_idx} AS _n_size_row",
        f"{n_idx} AS _n_nodes_row",
        f"{m_idx} AS _n_mets_row",
        f"{x_idx} AS _n_schema_row",
    ]
    size_err = (
        f"CASE WHEN _n_tumor_size = '' THEN NULL WHEN NOT _n_size_ok THEN {d.lit(SIZE_ERROR)} "
        f"ELSE {sc.out('error')} END"
    )
    size_mm = (
        f"CASE WHEN _n_tumor_size = '' OR NOT _n_size_ok THEN '' WHEN {sc.where('size_mm=code')} "
        f"THEN {d.text('CAST(_n_tumor_size AS INTEGER)')} ELSE COALESCE({sc.out('size_mm')}, '') END"
    )
    reader = d.ident("_sarcoma_row_error") if row_error else "NULL"
    use_path = gc.where("use=pathological")
    layer3 = [
        "_n_site AS site",
        "CASE WHEN _n_morphology = '' THEN '' WHEN _n_behavior = '' THEN _n_morphology "
        "ELSE _n_morphology || '/' || _n_behavior END AS histology",
        f"CASE WHEN {use_path} THEN _n_grade_pathological ELSE _n_grade_clinical END AS grade",
        f"{size_mm} AS size_mm",
        f"{nc.out('n')} AS n",
        f"{mc.out('m')} AS m",
        f"COALESCE(NULLIF(_n_sd2, ''), {xc.out('sd2')}) AS schema_discriminator_2",
        f"COALESCE({reader}, {size_err}, {nc.out('error')}, {mc.out('error')}, {xc.out('error')}) "
        f"AS {NAACCR_ERROR_COLUMN}",
    ]
    sql = f"(SELECT *, {', '.join(layer1)} FROM {source}) AS _n1"
    sql = f"(SELECT *, {', '.join(layer2)} FROM {sql}) AS _n2"
    sql = f"(SELECT *, {', '.join(layer3)} FROM {sql}) AS _n3"
    return sql, [*columns, *MAPPED]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


XML_COLUMNS = ("patientIdNumber", "tumorRecordNumber") + tuple(
    row.get("name") for row in load_table("naaccr/items").rows
)


def open_naaccr_xml(path: Path) -> Source:  # noqa: C901 - one streaming loop over XML events
    """Open a NAACCR XML file as a source of one row per Tumor (patient items copied to each tumor)."""
    from ._formats import BATCH_ROWS, Source  # noqa: F811 - imported late: _formats imports this module

    try:
        _, root = next(ET.iterparse(str(path), events=("start",)))
    except (ET.ParseError, StopIteration) as exc:
        raise InvalidInput(f"{path}: not readable NAACCR XML ({exc})") from None
    if _local(root.tag) != "NaaccrData":
        raise InvalidInput(f"{path}: not NAACCR XML (the root element is {_local(root.tag)}, not NaaccrData)")
    columns = list(XML_COLUMNS)
    schema = pa.schema([pa.field(c, pa.string()) for c in columns])

    def batches() -> Iterator[pa.RecordBatch]:
        # Memory stays flat: each Item is cleared once read, and each finished Patient is cleared and
        # detached from the root (a cleared element left on the root still costs memory per patient).
        rows: list[dict[str, str]] = []
        patient: dict[str, str] = {}
        tumor: dict[str, str] | None = None
        top: ET.Element | None = None
        try:
            for event, elem in ET.iterparse(str(path), events=("start", "end")):
                name = _local(elem.tag)
                if event == "start":
                    if top is None:
                        top = elem
                    elif name == "Patient":
                        patient = {}
                    elif name == "Tumor":
                        tumor = {}
                    continue
                if name == "Item":
                    target = tumor if tumor is not None else patient
                    target[elem.get("naaccrId", "")] = elem.text or ""
                    elem.clear()
                elif name == "Tumor" and tumor is not None:
                    rows.append({**patient, **tumor})
                    tumor = None
                    if len(rows) == BATCH_ROWS:
                        yield pa.RecordBatch.from_pylist(rows, schema=schema)
                        rows = []
                elif name == "Patient" and top is not None:
                    elem.clear()
                    del top[:]
        except ET.ParseError as exc:
            raise InvalidInput(f"{path}: NAACCR XML breaks off ({exc})") from None
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    return Source(path, "naaccr-xml", columns, schema, batches)
