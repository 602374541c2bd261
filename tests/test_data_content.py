"""Content under src/sarcoma/data: every file names its source, and our text is in our own words.

The own-words check compares each sentence of ours with the NCI patient summary we draw on
(shared/reference/pdq-sts-patient.txt, beside the checkout): a sentence may share facts and
medical terms with it, but not a run of ``MAX_SHARED_RUN`` or more consecutive words, and a short
sentence may not be a verbatim piece of it. Citation fields (source, section, url, ...) are exempt:
they name the source on purpose.

Reworded copies (the same words shuffled or lightly swapped) are caught too: a sentence of
``NEAR_MIN_WORDS`` words or more is near-verbatim when, against some sentence of the summary, its
token-set similarity (rapidfuzz ``token_set_ratio``) is over ``NEAR_VERBATIM`` and the two word sets
overlap by ``NEAR_MIN_JACCARD`` or more (so a short sentence is not flagged just for being a subset
of a long one). Short labels (``title`` keys) are exempt from this second check.
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
NEAR_VERBATIM = 0.8
"""Token-set similarity (0-1) above which a sentence counts as a reworded copy."""
NEAR_MIN_JACCARD = 0.7
"""...provided the two sentences' word sets also overlap this much (intersection over union)."""
NEAR_MIN_WORDS = 6
"""Sentences shorter than this are left to the verbatim-piece rule."""
LABEL_KEYS = re.compile(r"\.title$")
CITATION_KEYS = re.compile(
    r"^(source|sources|citation|section|url|href|reference|document|notes|id|ids|kb_item|title_source)$"
)


@cache
def parsed(path: Path) -> Any:
    """A data file read once for the three checks below (libyaml's safe loader where PyYAML has it)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


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


@cache
def _source_sentences() -> tuple[list[str], list[frozenset[str]]]:
    text = SOURCE_TEXT.read_text(encoding="utf-8")
    sentences = [" ".join(_words(s)) for s in re.split(r"(?<=[.!?:])\s+|\n+", text)]
    kept = [s for s in sentences if len(s.split()) >= 4]
    return kept, [frozenset(s.split()) for s in kept]


def near_verbatim(sentence: str) -> tuple[float, float, str] | None:
    """The closest summary sentence if ours is a reworded copy: (token-set score, Jaccard, sentence)."""
    from rapidfuzz import fuzz, process

    words = _words(sentence)
    if len(words) < NEAR_MIN_WORDS:
        return None
    ours, mine = " ".join(words), frozenset(words)
    source, sets = _source_sentences()
    for _, score, i in process.extract(
        ours, source, scorer=fuzz.token_set_ratio, score_cutoff=NEAR_VERBATIM * 100, limit=10
    ):
        jaccard = len(mine & sets[i]) / len(mine | sets[i])
        if jaccard >= NEAR_MIN_JACCARD:
            return score / 100, jaccard, source[i]
    return None


def copied_sentences(path: Path) -> list[str]:
    """Sentences in a data file that repeat the source summary word for word, or nearly so."""
    found = []
    for key, text in _strings(parsed(path)):
        for sentence in re.split(r"(?<=[.!?:])\s+", text):
            n = len(_words(sentence))
            run = longest_shared_run(sentence)
            if run >= MAX_SHARED_RUN or (n >= 5 and run == n):
                found.append(f"{key}: {sentence!r} ({run} words shared)")
                continue
            near = None if LABEL_KEYS.search(key) else near_verbatim(sentence)
            if near is not None:
                found.append(
                    f"{key}: {sentence!r} (near-verbatim: token-set {near[0]:.2f}, overlap {near[1]:.2f}: {near[2]!r})"
                )
    return found


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_every_data_file_names_its_source(path: Path) -> None:
    doc = parsed(path)
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


def test_the_check_catches_a_reworded_copy() -> None:
    if not SOURCE_TEXT.exists():
        pytest.skip(f"SOURCE TEXT MISSING: {SOURCE_TEXT}")
    # The sentence the review found: words swapped, no 8-word run left, still the summary's sentence.
    reworded = (
        "Substances made by the body or in a lab are used to boost, guide or restore"
        " the body's defenses against cancer."
    )
    assert longest_shared_run(reworded) < MAX_SHARED_RUN
    assert near_verbatim(reworded) is not None
    assert near_verbatim("Radiation therapy may also be given after surgery, the summary says.") is not None
    assert near_verbatim("Immunotherapy helps your own immune system fight cancer.") is None
    assert near_verbatim("Doctors treat soft tissue sarcoma in many ways.") is None


CLINICIAN_KEYS = re.compile(r"(clinician_body|body|citation)(\[\d+\])?$")


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.relative_to(DATA).as_posix())
def test_clinician_text_has_no_unverified_claims(path: Path) -> None:
    """A clinician claim whose source cannot be checked is removed, never shipped marked '(unverified)'."""
    doc = parsed(path)

    def walk(node: Any, key: str = "") -> Iterator[tuple[str, str]]:
        if isinstance(node, str):
            yield key, node
        elif isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{key}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{key}[{i}]")

    flagged = [f"{k}: {t[:80]!r}" for k, t in walk(doc) if CLINICIAN_KEYS.search(k) and "unverified" in t.lower()]
    assert not flagged, "\n".join(flagged)
