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

    def take(self, *texts: object) -> list[GlossaryTerm]:
        """The terms used in ``texts`` that no earlier section showed, in glossary order."""
        text = " ".join(str(t) for t in texts if t)
        found = [t for t in self._terms if t.id not in self._shown and self._patterns[t.id].search(text)]
        names = [t.term.lower() for t in found]
        found = [t for t in found if not any(t.term.lower() in n and t.term.lower() != n for n in names)]
        self._shown.update(t.id for t in found)
        return found
