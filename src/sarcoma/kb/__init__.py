"""Knowledge base: everything the NCI patient summary on adult soft tissue sarcoma explains, in our words.

>>> from sarcoma.kb import load_kb
>>> load_kb().search("core needle")[0].item.id
'biopsy-core-needle'
"""

from __future__ import annotations

from ._load import SUMMARY_URL, KnowledgeBase, load_kb, source_date_note, summary_source
from ._model import Combination, GlossaryTerm, KbItem, SearchHit, Source, StageDescription, Topic
from ._search import tokenize
from ._stages import stage_descriptions
from ._texts import glossary_words as glossary_words  # for the readability gate, not public API
from ._texts import kb_texts as kb_texts

__all__ = [
    "load_kb",
    "KnowledgeBase",
    "KbItem",
    "GlossaryTerm",
    "Source",
    "Topic",
    "SearchHit",
    "StageDescription",
    "Combination",
    "stage_descriptions",
    "summary_source",
    "source_date_note",
    "tokenize",
    "SUMMARY_URL",
]
