"""Words to know, placed next to where they are used: each glossary term once, in the first section that uses it."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..kb import GlossaryTerm

__all__ = ["WordsOnPage"]


class WordsOnPage:
    """Hands out glossary terms whose word (or an alias) appears in a section's text, each term only once."""

    def __init__(self, glossary: Iterable[GlossaryTerm]) -> None:
        self._terms = list(glossary)
        self._patterns = {
            term.id: re.compile(
                r"\b(?:"
                + "|".join(re.escape(w) for w in sorted({term.term, *term.aliases}, key=len, reverse=True))
                + r")\b",
                re.IGNORECASE,
            )
            for term in self._terms
        }
        self._shown: set[str] = set()
        self._longest_first = sorted(self._terms, key=lambda t: -max(len(w) for w in (t.term, *t.aliases)))

    def take(self, *texts: object) -> list[GlossaryTerm]:
        """The terms used in ``texts`` that no earlier section showed, in glossary order."""
        text = " ".join(str(t) for t in texts if t)
        used: set[str] = set()
        for term in self._longest_first:  # "lymph node" takes its words before "lymph" can match them
            pattern = self._patterns[term.id]
            if pattern.search(text):
                used.add(term.id)
                text = pattern.sub(" ", text)
        found = [t for t in self._terms if t.id in used and t.id not in self._shown]
        self._shown.update(t.id for t in found)
        return found
