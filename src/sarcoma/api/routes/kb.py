"""GET /api/v1/kb/items/{id} and /api/v1/kb/search: the knowledge base."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from ...kb import KbItem, load_kb
from ..deps import NOT_FOUND
from ..schemas import SearchResults

__all__ = ["router"]

router = APIRouter(prefix="/api/v1/kb", tags=["kb"])


@router.get("/items/{item_id}", response_model=KbItem, responses=NOT_FOUND)
def item(item_id: Annotated[str, Path(max_length=100, description="Item id, e.g. biopsy-core-needle.")]) -> KbItem:
    """One knowledge-base item: key points, patient and clinician text, glossary terms, source."""
    try:
        return load_kb().get(item_id)
    except KeyError as exc:
        raise HTTPException(404, str(exc.args[0])) from None


@router.get("/search", response_model=SearchResults, responses={422: NOT_FOUND[422]})
def search(
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words to look for.")],
    limit: Annotated[int, Query(ge=1, le=50, description="Most results to return.")] = 10,
) -> SearchResults:
    """Search the knowledge base (BM25), best first."""
    hits = load_kb().search(q, limit=limit)
    return SearchResults(query=q, count=len(hits), data=hits)
