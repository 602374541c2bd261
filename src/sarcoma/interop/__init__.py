"""Interoperability: FHIR R4 / mCODE (``sarcoma.interop.fhir``)."""

from __future__ import annotations

__all__: list[str] = []
