"""Content under src/sarcoma/data: every file names its source, and our text is in our own words.

The own-words check compares each sentence of ours with the NCI patient summary we draw on
(shared/reference/pdq-sts-patient.txt, beside the checkout): a sentence may share facts and
medical terms with it, but not a run of ``MAX_SHARED_RUN`` or more consecutive words, and a short
sentence may not be a verbatim piece of it. Citation fields (source, section, url, ...) are exempt:
they name the source on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sarcoma" / "data"
_REFERENCE_DIRS = [ROOT.parent / "shared" / "reference", Path("/work/shared/reference")]
SOURCE_TEXT = next(
    (d / "pdq-sts-patient.txt" for d in _REFERENCE_DIRS if (d / "pdq-sts-patient.txt").exists()),
    _REFERENCE_DIRS[0] / "pdq-sts-patient.txt",
)
"""The NCI patient summary: CI lays shared/ beside the checkout; developers have it under /work."""
DATA_FILES = sorted(p for p in DATA.rglob("*.yaml") if "mcode" not in p.parts)
MAX_SHARED_RUN = 8
"""A sentence of ours may share at most 7 consecutive words with the source."""
CITATION_KEYS = re.compile(
    r"^(source|sources|citation|section|url|href|reference|document|notes|id|ids|kb_item|title_source)$"
)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _strings(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield key, node
    elif isinstance(node, dict):
        for k, v in node.items():
            if not CITATION_KEYS.match(str(k)):
                yield from _strings(v, f"{key}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{key}[{i}]")


@cache
def _source_index() -> tuple[list[str], dict[tuple[str, ...], list[int]]]:
    words = _words(SOURCE_TEXT.read_text(encoding="utf-8"))
    index: dict[tuple[str, ...], list[int]] = {}
    for i in range(len(words) - 4):
        index.setdefault(tuple(words[i : i + 5]), []).append(i)
    return words, index


def longest_shared_run(sentence: str) -> int:
    """Longest run of consecutive words the sentence shares with the source summary (0 if under 5)."""
    source, index = _source_index()
    words = _words(sentence)
    best = 0
    for i in range(len(words) - 4):
        for j in index.get(tuple(words[i : i + 5]), ()):
            n = 5
            while i + n < len(words) and j + n < len(source) and words[i + n] == source[j + n]:
                n += 1
            best = max(best, n)
    return best


def copied_sentences(path: Path) -> list[str]:
    """Sentences in a data file that repeat the source summary word for word."""
    found = []
    for key, text in _strings(yaml.safe_load(path.read_text(encoding="utf-8"))):
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            n = len(_words(sentence))
            run = longest_shared_run(sentence)
            if run >= MAX_SHARED_RUN or (n >= 5 and run == n):
                found.append(f"{key}: {sentence!r} ({run} words shared)")
    return found


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_data_file_names_its_source(path: Path) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if path.parent.name == "kb":
        # Knowledge-base files name the summary section per file and per item; the loader turns
        # that into each item's Source (checked item by item in tests/kb/test_content.py).
        assert doc.get("section") or doc.get("summary"), path
    else:
        source = doc.get("source")
        assert source, f"{path} has no source"


@pytest.mark.skipif(not SOURCE_TEXT.exists(), reason=f"SOURCE TEXT MISSING: {SOURCE_TEXT} (CI copies shared/)")
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_text_is_in_our_own_words(path: Path) -> None:
    copied = copied_sentences(path)
    assert not copied, "copied from the NCI summary:\n" + "\n".join(copied)


def test_the_check_catches_a_copied_sentence() -> None:
    if not SOURCE_TEXT.exists():
        pytest.skip(f"SOURCE TEXT MISSING: {SOURCE_TEXT}")
    assert longest_shared_run("Surgery is the most common treatment for soft tissue sarcoma.") >= 9
    assert longest_shared_run("Most people with this cancer have an operation first.") < MAX_SHARED_RUN
