"""FHIR input errors with resource-level locations.

::

    InvalidInput (sarcoma.errors)
     └── FhirInputError    a Bundle that cannot be staged; each issue names the resource and element

.. versionadded:: 0.1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...errors import InvalidInput

__all__ = ["Issue", "FhirInputError", "MAX_ISSUES"]

MAX_ISSUES = 100
"""Most issues listed in an answer; a last issue says how many more were found."""


@dataclass(frozen=True)
class Issue:
    """One problem in the input: where it is, what it is, and its FHIR issue type.

    ``resource`` is the resource's ``Type/id`` (or ``Bundle``), ``expression`` the FHIRPath of the
    element from the Bundle root (``Bundle.entry[2].resource.valueQuantity.code``), ``code`` the
    FHIR OperationOutcome issue type (``required``, ``invalid``, ``conflict``, ``not-supported``,
    ``structure``, ``value``).
    """

    message: str
    resource: str | None = None
    expression: str | None = None
    code: str = "invalid"
    field: str | None = None

    def text(self) -> str:
        """The message with its location in front."""
        where = ", ".join(p for p in (self.resource, self.expression) if p)
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, str | None]:
        """JSON-ready form, with the StagingError ``field``/``message`` keys."""
        return {
            "field": self.field,
            "message": self.text(),
            "resource": self.resource,
            "expression": self.expression,
            "code": self.code,
        }


class FhirInputError(InvalidInput):
    """A Bundle that cannot be read or staged, with the resource and element at fault.

    ``issues`` lists every problem found (the message names the first and counts the rest);
    ``reason`` carries the out-of-scope key when the tumor is outside these chapters.
    """

    def __init__(self, issues: list[Issue], *, reason: str | None = None) -> None:
        if not issues:
            raise ValueError("FhirInputError needs at least one issue")
        first = issues[0]
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        super().__init__(first.text() + more, field=first.field, errors=[i.to_dict() for i in _shown(issues)])
        self.issues = list(issues)
        self.reason = reason
        self.resource = first.resource
        self.expression = first.expression

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready description, with each issue's location."""
        return {**super().to_dict(), "reason": self.reason}

    def operation_outcome(self) -> dict[str, Any]:
        """The errors as a FHIR R4 OperationOutcome."""
        return {
            "resourceType": "OperationOutcome",
            "issue": [
                {
                    "severity": "error",
                    "code": issue.code,
                    "diagnostics": issue.text(),
                    **({"expression": [issue.expression]} if issue.expression else {}),
                }
                for issue in _shown(self.issues)
            ],
        }


def _shown(issues: list[Issue]) -> list[Issue]:
    """At most :data:`MAX_ISSUES` issues, the last one counting those left out (a bounded answer)."""
    if len(issues) <= MAX_ISSUES:
        return issues
    hidden = len(issues) - (MAX_ISSUES - 1)
    return [
        *issues[: MAX_ISSUES - 1],
        Issue(f"{hidden:,} more issues not shown; fix the ones above first", code="too-costly"),
    ]
