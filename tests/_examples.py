"""Hypothesis properties in two sizes: a few examples in the fast suite, the full count with the slow tests.

``fast_and_slow(300, strategy, ...)(body)`` returns two tests of the same body: one with ``FAST_EXAMPLES``
examples (unmarked) and one marked ``slow`` with the full count, so `make test` still tries every example
the property had before while ``-m "not slow"`` stays quick.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

FAST_EXAMPLES = 60


def fast_and_slow(
    examples: int, *strategies: st.SearchStrategy[Any]
) -> Callable[[Callable[..., None]], tuple[Callable[..., None], Callable[..., None]]]:
    """Decorate ``body`` twice with ``given(*strategies)``: ``FAST_EXAMPLES`` examples, and ``examples`` (slow)."""

    def both(body: Callable[..., None]) -> tuple[Callable[..., None], Callable[..., None]]:
        fast = settings(max_examples=min(FAST_EXAMPLES, examples), deadline=None)(given(*strategies)(body))
        slow = settings(max_examples=examples, deadline=None)(given(*strategies)(body))
        return fast, pytest.mark.slow(slow)

    return both
