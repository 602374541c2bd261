"""The `sarcoma` command line."""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Sequence
from types import ModuleType


class _NoPandas:
    """Refuse to import pandas in the `sarcoma` process: no command uses it, but pyarrow imports it
    (about 0.3-0.5 s) the first time it builds an array whenever it is installed. Library use
    (``sarcoma.stage_table`` in a notebook) is not affected: this runs only for the console script."""

    @staticmethod
    def find_spec(
        name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("the sarcoma command line does not use pandas", name=name)
        return None


if os.path.basename(sys.argv[0]) in ("sarcoma", "sarcoma.exe"):
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _NoPandas())
    # no pydantic plugin installed: skip looking for one (about 15 ms of a start; see _plugins.py)
    from ._plugins import skip_plugin_discovery

    skip_plugin_discovery()
