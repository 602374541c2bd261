"""Plain data for templates: what a page shows about an error is strings, never the exception itself.

An exception keeps its traceback, and through it every frame that was running when it was raised.
A chained pydantic ``ValidationError`` holds its inner ``ValueError`` where the garbage collector
cannot see it, so a page context that keeps the exception closes a cycle that is never freed: each
invalid request used to keep about 20 KB for good (issue 16). Pages therefore get a
:class:`FieldError` (two strings; the message in the catalogue's plain words), and
:func:`assert_plain` refuses any context that still holds an exception, traceback or frame.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._messages import plain_of
from ..errors import StagingError

__all__ = ["FieldError", "assert_plain", "NotPlainError"]

_FORBIDDEN = (BaseException, types.TracebackType, types.FrameType, types.GeneratorType, types.CoroutineType)
_ATOMS = (str, bytes, int, float, bool, type(None))
_MAX_DEPTH = 8


@dataclass(frozen=True)
class FieldError:
    """A problem with one answer: the message in plain words and the field it is about."""

    message: str
    field: str | None = None

    @classmethod
    def of(cls, exc: StagingError) -> FieldError:
        """Copy the message and field of ``exc`` (and nothing else).

        The message is the catalogue's plain text when a catalogue template made it (data/messages.yaml
        ``plain``), else the exception's own text.
        """
        text = str(exc.message)
        return cls(plain_of(text) or text, None if exc.field is None else str(exc.field))


class NotPlainError(TypeError):
    """A template context holds an exception, traceback or frame (a programming error)."""


def _children(value: Any) -> list[Any]:
    if isinstance(value, Mapping):
        return [*value.keys(), *value.values()]
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in dataclasses.fields(value)]
    attrs = getattr(value, "__dict__", None)
    return list(attrs.values()) if isinstance(attrs, dict) and not isinstance(value, type) else []


def assert_plain(context: Mapping[str, Any], *, skip: tuple[str, ...] = ("request",)) -> None:
    """Raise :class:`NotPlainError` when ``context`` holds an exception, traceback or frame.

    Walks mappings, sequences, dataclasses and plain objects' attributes (each object once, at most
    eight levels deep). ``skip`` names keys left unchecked (Starlette adds the ``request``).
    """
    seen: set[int] = set()
    stack: list[tuple[str, Any, int]] = [(str(k), v, 0) for k, v in context.items() if k not in skip]
    while stack:
        path, value, depth = stack.pop()
        if isinstance(value, _ATOMS) or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, _FORBIDDEN):
            raise NotPlainError(f"template context {path} holds a {type(value).__name__}; pass plain data")
        if depth < _MAX_DEPTH:
            stack.extend((path, child, depth + 1) for child in _children(value))
