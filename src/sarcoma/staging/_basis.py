"""The c/p/yp/r prefix of each T, N and M code, read from the ``basis`` table (AJCC 8 general rules).

One rule for every interface: the library, the CLI, the API, the web pages and FHIR all write
their codes through :func:`tnm_codes`, and a recurrence (the web's "has it come back?" answer, or
the treatment API's ``recurrent``) picks its basis with :func:`basis_for`.
"""

from __future__ import annotations

from functools import cache

from .._tables import load_table, normalize_token
from ._model import Basis

__all__ = ["basis_for", "tnm_codes", "prefix_for"]


def basis_for(given: Basis | str | None, *, recurrent: bool = False) -> Basis:
    """The staging basis: a tumor that came back is staged as a recurrence (r), whatever else was given."""
    if recurrent:
        return Basis.recurrence
    return Basis(given) if given else Basis.clinical


@cache
def prefix_for(axis: str, basis: Basis, category: str, examined: bool) -> str:
    """The prefix for one code, from the first matching row of the basis table."""
    table = load_table("basis")
    row = table.require(axis=axis, basis=basis.value, category=category, examined="yes" if examined else "no")
    return row.get("prefix")


def tnm_codes(basis: Basis, t: str, n: str, m: str, *, n_given: bool, m_raw: str | None) -> str:
    """``pT2 pN0 cM0``: each category with the prefix the basis table gives it.

    ``n_given`` says N was stated (N0/N1), so nodes count as examined for pN/ypN; ``m_raw`` is the
    M value as given, so ``pM1`` (proven on pathology) keeps its p.
    """
    m_proven = m == "M1" and normalize_token(m_raw).replace(" ", "") == "PM1"
    return " ".join(
        (
            prefix_for("t", basis, t, True) + t,
            prefix_for("n", basis, n, n_given) + n,
            prefix_for("m", basis, m, m_proven) + m,
        )
    )
