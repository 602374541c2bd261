"""Stage a Spark DataFrame with the compiled staging SQL: no Python UDF, so it runs on any cluster.

Example::

    from pyspark.sql import SparkSession
    import sarcoma.spark

    spark = SparkSession.builder.getOrCreate()
    staged = sarcoma.spark.stage(spark.read.parquet("registry.parquet"))
    staged.write.parquet("staged.parquet")

Needs ``pip install 'sarcoma-navigator[spark]'`` and a Java runtime.
"""

from __future__ import annotations

import itertools
from typing import Any

from ._messages import message
from .batch import staging_sql
from .errors import InvalidInput
from .staging import edition_codes

__all__ = ["stage", "staging_sql_for"]

_views = itertools.count()


def staging_sql_for(view: str, columns: list[str], edition: str | None = None) -> str:
    """The Spark SQL that stages ``view`` (with these columns), passing every column through."""
    return staging_sql("spark", f"`{view}`", columns=columns, keep=columns, edition=edition)


def stage(df: Any, edition: str | None = None) -> Any:
    """Return ``df`` with the columns ajcc_t, ajcc_n, ajcc_m, ajcc_grade, ajcc_stage, status, messages.

    The input needs a ``site`` column; other input columns (see ``sarcoma.batch.INPUT_COLUMNS``) are
    optional and any other column passes through. Values equal :func:`sarcoma.batch.stage_record`.
    ``edition`` (ajcc8, uicc9, uicc8, ajcc7) stages rows whose ``edition`` column is blank or absent in
    that edition (default AJCC 8); a row's own ``edition`` cell wins.
    """
    if edition is not None and edition not in edition_codes():
        raise InvalidInput(message("edition_code"), field="edition")
    if "site" not in df.columns:
        raise ValueError(f"stage: the DataFrame needs a site column; it has {', '.join(df.columns)}")
    view = f"_sarcoma_input_{next(_views)}"
    df.createOrReplaceTempView(view)
    return df.sparkSession.sql(staging_sql_for(view, list(df.columns), edition))
