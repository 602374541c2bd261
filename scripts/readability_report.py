"""Print the reading level of every patient text in the knowledge base and the treatment options.

Usage: .venv/bin/python scripts/readability_report.py [--all]

Scores use textstat 0.7.8: FK = Flesch-Kincaid grade, SMOG; "gate" is their mean (FK alone under 3
sentences) with glossary terms masked; "raw" is the same without masking. The gate is 8.0.
"""

from __future__ import annotations

import statistics
import sys

from sarcoma.kb._readability import MAX_GRADE, reading_level
from sarcoma.kb._texts import glossary_words, patient_texts


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> int:
    terms = glossary_words()
    rows = [(name, reading_level(text, terms)) for name, text in patient_texts()]
    show_all = "--all" in sys.argv
    _out(f"{'text':46} {'FK':>5} {'SMOG':>5} {'gate':>5} {'raw FK':>6} {'raw SMOG':>8} {'raw':>5}")
    for name, level in sorted(rows, key=lambda r: -r[1].grade):
        if show_all or level.grade > MAX_GRADE - 1:
            _out(
                f"{name[:46]:46} {level.fk:5.1f} {level.smog:5.1f} {level.grade:5.1f} "
                f"{level.raw_fk:6.1f} {level.raw_smog:8.1f} {level.raw_grade:5.1f}"
            )
    gates = [level.grade for _, level in rows]
    raws = [level.raw_grade for _, level in rows]
    failing = [name for name, level in rows if level.grade > MAX_GRADE]
    _out(
        f"\n{len(rows)} patient texts; gate (masked) mean {statistics.mean(gates):.2f}, max {max(gates):.2f}; "
        f"raw mean {statistics.mean(raws):.2f}, max {max(raws):.2f}; over {MAX_GRADE}: {len(failing)}"
    )
    for name in failing:
        _out(f"  FAIL {name}")
    return 1 if failing else 0


if __name__ == "__main__":
    raise SystemExit(main())
