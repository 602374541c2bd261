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

from .batch import staging_sql

__all__ = ["stage", "staging_sql_for"]

_views = itertools.count()


def staging_sql_for(view: str, columns: list[str]) -> str:
    """The Spark SQL that stages ``view`` (with these columns), passing every column through."""
    return staging_sql("spark", f"`{view}`", columns=columns, keep=columns)


def stage(df: Any) -> Any:
    """Return ``df`` with the columns ajcc_t, ajcc_n, ajcc_m, ajcc_grade, ajcc_stage, status, messages.

    The input needs a ``site`` column; other input columns (see ``sarcoma.batch.INPUT_COLUMNS``) are
    optional and any other column passes through. Values equal :func:`sarcoma.batch.stage_record`.
    """
    if "site" not in df.columns:
        raise ValueError(f"stage: the DataFrame needs a site column; it has {', '.join(df.columns)}")
    view = f"_sarcoma_input_{next(_views)}"
    df.createOrReplaceTempView(view)
    return df.sparkSession.sql(staging_sql_for(view, list(df.columns)))
