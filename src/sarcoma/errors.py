"""Errors raised by Sarcoma Navigator.

Every error is a :class:`ValueError`, carries a specific, one-line ``message`` and, where it
helps, the ``field`` and the ``inputs`` that caused it::

    StagingError(ValueError)      base class
     ├── InvalidInput             a value that cannot be read, is out of range, or conflicts
     │    └── ConflictingInput    two given values that disagree (size vs T, grade vs scores)
     ├── UnknownSite              a site that no table knows
     ├── OutOfScope               a histology or site the AJCC 8 soft tissue chapters do not stage
     └── NoMatchingRule           no row of a decision table matched (a defect in the tables)

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "StagingError",
    "InvalidInput",
    "ConflictingInput",
    "UnknownSite",
    "OutOfScope",
    "NoMatchingRule",
]


class StagingError(ValueError):
    """Base class: a staging request that cannot be answered.

    Parameters
    ----------
    message
        One line that says what is wrong and, where possible, what would be right.
    field
        The input field at fault, if one is.
    inputs
        The inputs that were being read.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        inputs: Mapping[str, Any] | None = None,
        errors: list[dict[str, str | None]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.inputs = dict(inputs or {})
        self.errors: list[dict[str, str | None]] = errors or [{"field": field, "message": message}]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description of the error, with every field-level error."""
        return {"type": type(self).__name__, "field": self.field, "message": self.message, "errors": self.errors}


class InvalidInput(StagingError):
    """A value that cannot be read, is out of range, or is not allowed here."""


class ConflictingInput(InvalidInput):
    """Two given values disagree, for example a size and an explicit T."""


class UnknownSite(InvalidInput):
    """A site word or topography code that no routing table knows."""


class OutOfScope(StagingError):
    """A tumor the AJCC 8 soft tissue sarcoma chapters do not stage.

    ``reason`` is a short key (``gist``, ``kaposi``, ``uterine``, ...); the message says where
    the tumor belongs instead.
    """

    def __init__(
        self,
        message: str,
        *,
        reason: str,
        field: str | None = None,
        inputs: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, field=field, inputs=inputs)
        self.reason = reason

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description of the error, with the reason key."""
        return {**super().to_dict(), "reason": self.reason}


class NoMatchingRule(StagingError):
    """No row of a decision table matched the inputs. This points to a gap in the tables."""
