"""The message catalogue: every error and warning a user can see, read from ``data/messages.yaml``.

Code never types a message: it names a code and fills the placeholders. The per-row engine, the
input check and the SQL compiler all read the same rows, so a text changed in the catalogue changes
every interface the same way.

The lookup also runs backwards: :func:`code_of` finds the code whose template produced a text (the
batch ``message_codes`` and the web's plain words both need it), and :func:`plain_of` gives the
catalogue's plain words for that text, with the values the text was filled with.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import cache

from ._tables import Row, load_table

__all__ = ["message", "entry", "entries", "placeholders", "plain", "code_of", "plain_of", "TextMatcher"]

CATALOGUE = "messages"


@cache
def _by_code() -> dict[str, Row]:
    return {row.get("code"): row for row in load_table(CATALOGUE).rows}


def entry(code: str) -> Row:
    """The catalogue row for ``code`` (``KeyError`` names the code when there is none)."""
    try:
        return _by_code()[code]
    except KeyError:
        raise KeyError(f"no message {code!r} in data/{CATALOGUE}.yaml") from None


def entries() -> tuple[Row, ...]:
    """Every catalogue row, in file order."""
    return load_table(CATALOGUE).rows


def message(code: str, **values: object) -> str:
    """The technical text of ``code`` with its ``{placeholders}`` filled."""
    template = entry(code).get("message")
    return template.format(**values) if values else template


@cache
def placeholders(code: str) -> tuple[str, ...]:
    """The placeholder names of a message, in order."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(entry(code).get("message")) if name)


def plain(code: str, **values: object) -> str:
    """The plain text of ``code`` (for patients) with its ``{placeholders}`` filled; empty when it has none."""
    template = entry(code).get("plain")
    return template.format(**values) if values and template else template


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class TextMatcher:
    """Finds which template produced a text, and the values its placeholders were filled with.

    ``templates`` are (code, template) pairs. A text equal to a template without placeholders is
    matched exactly (the first such template wins); otherwise the templates are tried with each
    ``{placeholder}`` as a wildcard of one or more characters, the most specific first (the most
    literal characters): "line {line}: key(s) {keys} not in ..." before "line {line}: {problem}".
    """

    def __init__(self, templates: Iterable[tuple[str, str]]) -> None:
        self._exact: dict[str, str] = {}
        found: list[tuple[int, re.Pattern[str], str, dict[str, str]]] = []
        for code, template in templates:
            parts = _PLACEHOLDER.split(template)
            if len(parts) == 1:
                self._exact.setdefault(template, code)
                continue
            pattern, groups = self._pattern(parts)
            found.append((-sum(len(p) for p in parts[::2]), re.compile(pattern), code, groups))
        found.sort(key=lambda t: t[0])  # stable: equally specific templates keep their order
        self._templates = [(pattern, code, groups) for _, pattern, code, groups in found]

    @staticmethod
    def _pattern(parts: list[str]) -> tuple[str, dict[str, str]]:
        """A regular expression for the literal and placeholder ``parts`` (alternating), and group -> name."""
        pattern = ["(?s)"]
        groups: dict[str, str] = {}
        first: dict[str, str] = {}
        for i, part in enumerate(parts):
            if i % 2 == 0:
                pattern.append(re.escape(part))
            elif part in first:  # the same placeholder again: the same text again
                pattern.append(f"(?P={first[part]})")
            else:
                key = first[part] = f"p{i}"
                groups[key] = part
                pattern.append(f"(?P<{key}>.+?)")
        return "".join(pattern), groups

    def match(self, text: str) -> tuple[str, dict[str, str]] | None:
        """The code of ``text`` and its placeholder values, or ``None`` when no template gives it."""
        if text in self._exact:
            return self._exact[text], {}
        for pattern, code, groups in self._templates:
            found = pattern.fullmatch(text)
            if found is not None:
                return code, {name: found.group(key) for key, name in groups.items()}
        return None


@cache
def _matcher() -> TextMatcher:
    return TextMatcher((row.get("code"), row.get("message")) for row in entries())


def code_of(text: str) -> str | None:
    """The code of the catalogue message ``text`` was made from (exact text first, then the templates)."""
    found = _matcher().match(text)
    return None if found is None else found[0]


def plain_of(text: str) -> str | None:
    """The plain text of the catalogue message ``text`` was made from, filled with the same values.

    ``None`` when no catalogue template gives ``text`` or its row has no plain text. A plain text names
    only placeholders of its technical text, so the values found in ``text`` fill it.
    """
    found = _matcher().match(text.strip())
    if found is None:
        return None
    code, values = found
    template = entry(code).get("plain")
    return template.format(**values) if template else None
