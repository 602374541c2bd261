"""Reading level of patient text: mean of Flesch-Kincaid grade and SMOG, with glossary terms masked.

Medical words inflate readability formulas, and every such word in our patient text is a defined,
explained glossary term, so terms (and their aliases) are replaced by a one-syllable token before
scoring; the raw score is kept too. SMOG needs 3 sentences, so shorter texts are gated on the
Flesch-Kincaid grade alone. "Raw" means no glossary masking; web addresses are replaced by a
one-word link in both scores, because a reader follows them rather than reads them.

Gates (``tests/kb/test_readability.py``): every patient text scores at most ``MAX_GRADE`` (mean of
FK and SMOG, glossary masked) and at most ``MAX_RAW_FK`` raw Flesch-Kincaid; the raw
Flesch-Kincaid grade averaged over all patient texts is at most ``MAX_MEAN_RAW_FK``. Needs
``textstat==0.7.8`` (dev extra): later releases download data at run time and fail offline, and
scores differ between releases.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ReadingLevel", "mask_terms", "reading_level", "MAX_GRADE", "MAX_RAW_FK", "MAX_MEAN_RAW_FK", "MASK"]

MAX_GRADE = 8.0
"""Patient text must score at or below this grade (ux.md section 5)."""
MAX_RAW_FK = 9.0
"""...and at or below this raw (unmasked) Flesch-Kincaid grade, text by text."""
MAX_MEAN_RAW_FK = 8.0
"""The raw Flesch-Kincaid grade averaged over all patient texts must stay at or below this."""
MASK = "term"
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class ReadingLevel:
    """Scores for one text, masked and raw."""

    fk: float
    smog: float
    sentences: int
    raw_fk: float
    raw_smog: float

    @property
    def grade(self) -> float:
        """The gated score: mean of FK and SMOG, or FK alone under 3 sentences."""
        return (self.fk + self.smog) / 2 if self.sentences >= 3 else self.fk

    @property
    def raw_grade(self) -> float:
        """The same score without masking."""
        return (self.raw_fk + self.raw_smog) / 2 if self.sentences >= 3 else self.raw_fk


def mask_terms(text: str, terms: Iterable[str]) -> str:
    """Replace each term (whole words, any case, longest first) and each web address by a short token."""
    text = _URL.sub("link.", text)
    for term in sorted(set(terms), key=len, reverse=True):
        text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", MASK, text, flags=re.IGNORECASE)
    return text


def reading_level(text: str, terms: Iterable[str]) -> ReadingLevel:
    """Score ``text`` raw and with ``terms`` masked."""
    import textstat

    masked = mask_terms(text, terms)
    raw = _URL.sub("link.", text)
    return ReadingLevel(
        fk=float(textstat.flesch_kincaid_grade(masked)),
        smog=float(textstat.smog_index(masked)),
        sentences=int(textstat.sentence_count(masked)),
        raw_fk=float(textstat.flesch_kincaid_grade(raw)),
        raw_smog=float(textstat.smog_index(raw)),
    )
