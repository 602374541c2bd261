"""Pieces of the factorized engine checked against plain Python over every shape of input."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pytest

from sarcoma.batch._factor import _holds

VALUES = [None, "", "\x01", "a\x01b", "plain", "x\x01", "\x01\x01", "no", "é\x01"]


@pytest.mark.parametrize("kind", [pa.string(), pa.large_string()])
def test_holds_equals_a_python_search_on_every_slice(kind: pa.DataType) -> None:
    array = pa.array(VALUES * 3, kind)
    for start, stop in itertools.combinations(range(len(array) + 1), 2):
        part = array.slice(start, stop - start)
        expected = [v is not None and "\x01" in v for v in part.to_pylist()]
        assert _holds(part, 1).tolist() == expected, (start, stop)


def test_holds_on_empty_and_all_null_arrays() -> None:
    assert _holds(pa.array([], pa.string()), 1).tolist() == []
    assert _holds(pa.nulls(3, pa.string()), 1).tolist() == [False] * 3
    assert not _holds(pa.array(["", ""], pa.string()), 1).any()
    assert np.asarray(_holds(pa.array(["\x01"], pa.string()), 1)).dtype == bool
