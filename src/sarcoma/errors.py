"""Errors raised by Sarcoma Navigator.

Two trees. A user error (bad or out-of-scope input) is a :class:`ValueError` under
:class:`StagingError`, carries a specific, one-line ``message`` and, where it helps, the ``field``
and the ``inputs`` that caused it. A defect in the shipped rule tables is a bug, not a user error:
it is a :class:`RuntimeError` outside ``StagingError``, so ``except StagingError`` (or
``except ValueError``) never hides it (httpx keeps ``StreamError`` outside ``HTTPError`` for the
same reason)::

    StagingError(ValueError)      user error: the request cannot be answered as given
     ├── InvalidInput             a value that cannot be read, is out of range, or conflicts
     │    └── ConflictingInput    two given values that disagree (size vs T, grade vs scores)
     ├── UnknownSite              a site that no table knows
     └── OutOfScope               a histology or site the AJCC 8 soft tissue chapters do not stage

    RuleTableDefect(RuntimeError) internal error: the tables are wrong (report it)
     └── NoMatchingRule           no row of a decision table matched the inputs

The API answers a ``StagingError`` with 422 and a ``RuleTableDefect`` with 500; the CLI exits 2 and
1; the batch makes either an error row.

.. versionadded:: 0.1
.. versionchanged:: 0.1
   ``NoMatchingRule`` moved under :class:`RuleTableDefect` and no longer subclasses ``StagingError``.
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
    "RuleTableDefect",
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


class RuleTableDefect(RuntimeError):
    """Base class: a defect in the shipped decision tables (a bug to report, not bad input).

    Parameters
    ----------
    message
        One line that names the table and what was looked up.
    inputs
        The lookup inputs (they can hold a case: show them to the person who asked, never log them).

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, inputs: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.inputs = dict(inputs or {})

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description of the defect."""
        return {"type": type(self).__name__, "message": self.message, "inputs": self.inputs}


class NoMatchingRule(RuleTableDefect):
    """No row of a decision table matched the inputs. This points to a gap in the tables.

    .. versionchanged:: 0.1
       Subclasses :class:`RuleTableDefect` (a :class:`RuntimeError`), no longer :class:`StagingError`.
    """
