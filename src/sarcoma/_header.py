"""The header every data file starts with (id, title, source, dates), as a strict model.

Apart from :mod:`sarcoma._schemas` so the staging schema model (:mod:`sarcoma._staging_schema`) can
use it without building the models of every other kind of data file at import.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Strict", "SourceRef", "Header"]


class Strict(BaseModel):
    """Unknown keys are refused, values are not coerced; the model is built on first use."""

    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)


class SourceRef(Strict):
    """Where a file's facts come from."""

    document: str
    reference: str | None = None
    also: str | None = None
    code: str | None = None
    abstract: str | None = None
    date: str | None = None


class Header(Strict):
    """The fields every data file opens with."""

    id: str
    title: str
    source: SourceRef
    last_modified: str
    notes: str = ""
