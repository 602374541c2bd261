"""Print the reading level of every patient text in the knowledge base and the treatment options.

Usage: .venv/bin/python scripts/readability_report.py [--all]

Scores use textstat 0.7.8: FK = Flesch-Kincaid grade, SMOG; "gate" is their mean (FK alone under 3
sentences) with glossary terms masked; "raw" is the same without masking (web addresses count as
one word in both). Gates: gate <= 8.0 and raw FK <= 9.0 for every text; raw FK <= 8.0 on average.
Rows shown: texts within one grade of a gate (all with --all). Exit 1 if any gate fails.
"""

from __future__ import annotations

import statistics
import sys

from sarcoma._texts import glossary_words, patient_texts
from sarcoma.kb._readability import MAX_GRADE, MAX_MEAN_RAW_FK, MAX_RAW_FK, reading_level


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> int:
    terms = glossary_words()
    rows = [(name, reading_level(text, terms)) for name, text in patient_texts()]
    show_all = "--all" in sys.argv
    _out(f"{'text':46} {'FK':>5} {'SMOG':>5} {'gate':>5} {'raw FK':>6} {'raw SMOG':>8} {'raw':>5}")
    for name, level in sorted(rows, key=lambda r: -r[1].grade):
        if show_all or level.grade > MAX_GRADE - 1 or level.raw_fk > MAX_RAW_FK - 1:
            _out(
                f"{name[:46]:46} {level.fk:5.1f} {level.smog:5.1f} {level.grade:5.1f} "
                f"{level.raw_fk:6.1f} {level.raw_smog:8.1f} {level.raw_grade:5.1f}"
            )
    gates = [level.grade for _, level in rows]
    raw_fk = [level.raw_fk for _, level in rows]
    failing = [name for name, level in rows if level.grade > MAX_GRADE or level.raw_fk > MAX_RAW_FK]
    mean_raw_fk = statistics.mean(raw_fk)
    _out(
        f"\n{len(rows)} patient texts; gate (mean of FK and SMOG, glossary masked): mean {statistics.mean(gates):.2f}, "
        f"max {max(gates):.2f}, over {MAX_GRADE}: {sum(g > MAX_GRADE for g in gates)}; "
        f"raw Flesch-Kincaid: mean {mean_raw_fk:.2f}, max {max(raw_fk):.2f}, over {MAX_RAW_FK}: "
        f"{sum(f > MAX_RAW_FK for f in raw_fk)}, over 8.0: {sum(f > 8.0 for f in raw_fk)}"
    )
    for name in failing:
        _out(f"  FAIL {name}")
    return 1 if failing or mean_raw_fk > MAX_MEAN_RAW_FK else 0


if __name__ == "__main__":
    raise SystemExit(main())
