"""Skip pydantic's plugin discovery in the `sarcoma` process when no installed package offers a plugin.

The first pydantic model built in a process asks :mod:`importlib.metadata` for every installed
package's ``pydantic`` entry points (``pydantic.plugin._loader.get_plugins``). Importing
``importlib.metadata`` (it brings ``email``, ``csv``, ``zipfile``) and reading the metadata of every
package costs about 15 ms, a tenth of a `sarcoma stage` start, and finds nothing unless a pydantic plugin
(logfire, for one) is installed.

:func:`no_pydantic_plugins` reads the same ``entry_points.txt`` files directly, and only when none of
them so much as mentions ``pydantic`` does :func:`skip_plugin_discovery` put a stand-in for
``pydantic.plugin._loader`` in :data:`sys.modules` whose ``get_plugins()`` gives ``()``, the answer the
real discovery would give. Anything it cannot judge (a zip or egg on ``sys.path``, a finder other than
the standard one that can list packages, the loader already imported) leaves pydantic alone. Any other
name asked of the stand-in comes from the real module, loaded then. Used only by the console script,
never by ``import sarcoma``; ``PYDANTIC_DISABLE_PLUGINS`` keeps its meaning (no plugins either way).
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
from collections.abc import Iterable
from types import ModuleType
from typing import Any

__all__ = ["LOADER", "no_pydantic_plugins", "skip_plugin_discovery"]

LOADER = "pydantic.plugin._loader"
"""The pydantic module that discovers plugins (pydantic 2.x)."""


def _mentions_pydantic(info_dir: str) -> bool:
    try:
        with open(os.path.join(info_dir, "entry_points.txt"), "rb") as f:
            return b"pydantic" in f.read().lower()
    except FileNotFoundError:
        return False
    except OSError:  # unreadable: cannot tell
        return True


def no_pydantic_plugins(paths: Iterable[str]) -> bool:
    """``True`` only when it is certain that no distribution on ``paths`` declares a ``pydantic`` entry point.

    The distributions are the ``*.dist-info`` and ``*.egg-info`` folders in each folder of ``paths``, as
    :mod:`importlib.metadata` finds them; a zip file or an ``.egg`` on the path, or a meta-path finder
    other than the standard one that can list distributions, means "cannot tell" (``False``).
    """
    for finder in sys.meta_path:
        if hasattr(finder, "find_distributions") and finder is not importlib.machinery.PathFinder:
            return False
    for entry in paths:
        folder = entry or "."
        if folder.lower().endswith(".egg"):
            return False
        try:
            children = list(os.scandir(folder))
        except (FileNotFoundError, NotADirectoryError) as exc:
            if isinstance(exc, NotADirectoryError) or os.path.exists(folder):
                return False  # a zip file (or something else that is there): cannot tell
            continue  # not there: importlib.metadata finds nothing in it either
        except OSError:
            return False
        for child in children:
            if child.name.lower().endswith((".dist-info", ".egg-info")) and child.is_dir():
                if _mentions_pydantic(child.path):
                    return False
    return True


class _StandIn(ModuleType):
    """``pydantic.plugin._loader`` when no plugin is installed: no plugins, and the real module for anything else."""

    @staticmethod
    def get_plugins() -> tuple[()]:
        """No plugins (what the real discovery finds when no package declares one)."""
        return ()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # module protocol names (__path__, __file__): not a module from a file
            raise AttributeError(name)
        real = self.__dict__.get("_real")
        if real is None:
            import importlib.util

            import pydantic.plugin

            spec = importlib.machinery.PathFinder.find_spec(LOADER, list(pydantic.plugin.__path__))
            if spec is None or spec.loader is None:  # pragma: no cover - pydantic without its loader module
                raise AttributeError(name)
            real = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(real)
            self.__dict__["_real"] = real
        return getattr(real, name)


def skip_plugin_discovery() -> bool:
    """Put the stand-in in place when that is certainly safe; return whether it was."""
    if LOADER in sys.modules or not no_pydantic_plugins(sys.path):
        return False
    sys.modules[LOADER] = _StandIn(LOADER, __doc__)
    return True
