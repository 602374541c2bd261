"""Strict loading of every YAML data file under ``sarcoma/data``.

YAML 1.1 (what PyYAML reads) turns the unquoted words ``yes``, ``no``, ``on`` and ``off`` into
booleans, so ``show_if_resectable: [yes, unknown]`` silently became ``[True, 'unknown']``. This
loader resolves only ``true`` and ``false`` as booleans and refuses the other four words, refuses
repeated keys, and then checks the document against the schema for its kind of file
(:mod:`sarcoma._schemas`), which refuses unknown keys. Every error names the file and the line.

>>> load_data_text("a: [yes]", "example.yaml")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sarcoma._data.DataFileError: example.yaml, line 1: unquoted 'yes' is a YAML 1.1 boolean; ...
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import _datacache

__all__ = ["DataFileError", "load_data", "load_data_text", "data_files", "StrictLoader"]

_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML11_BOOL = re.compile(r"^(?:yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_AMBIGUOUS_TAG = "tag:sarcoma,2026:yaml11-bool"


class DataFileError(ValueError):
    """A data file breaks the strict YAML rules or its schema; the message names the file and line.

    .. versionadded:: 0.2
    """

    def __init__(self, message: str, *, file: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        where = file if line is None else f"{file}, line {line}"
        super().__init__(f"{where}: {message}")


class StrictLoader(_BASE):  # type: ignore[misc,valid-type]
    """Safe loader that reads only ``true``/``false`` as booleans and marks yes/no/on/off for refusal."""


StrictLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in _BASE.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
StrictLoader.add_implicit_resolver(_AMBIGUOUS_TAG, _YAML11_BOOL, list("yYnNoO"))


def _check(node: Node, file: str) -> None:
    """Refuse YAML 1.1 booleans and repeated keys anywhere under ``node``."""
    if isinstance(node, ScalarNode):
        if node.tag == _AMBIGUOUS_TAG:
            raise DataFileError(
                f"unquoted {node.value!r} is a YAML 1.1 boolean; write true/false, "
                f'or quote it ("{node.value}") if you mean the word',
                file=file,
                line=node.start_mark.line + 1,
            )
    elif isinstance(node, SequenceNode):
        for child in node.value:
            _check(child, file)
    elif isinstance(node, MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, ScalarNode):
                if key.value in seen:
                    raise DataFileError(f"key {key.value!r} appears twice", file=file, line=key.start_mark.line + 1)
                seen.add(key.value)
            _check(key, file)
            _check(value, file)


def _lines(node: Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    """Record the line of every mapping key and sequence item, by path."""
    out[path] = node.start_mark.line + 1
    if isinstance(node, SequenceNode):
        for i, child in enumerate(node.value):
            _lines(child, (*path, i), out)
    elif isinstance(node, MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, ScalarNode) else str(key)
            out[(*path, name)] = key.start_mark.line + 1
            _lines(value, (*path, name), out)


def load_data_text(text: str, file: str) -> Any:
    """Parse YAML text strictly and validate it against the schema for ``file`` (a path under data/)."""
    loader = StrictLoader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise DataFileError(
                str(exc).splitlines()[0], file=file, line=None if mark is None else mark.line + 1
            ) from None
        if node is None:
            raise DataFileError("the file is empty", file=file)
        _check(node, file)
        doc = loader.construct_document(node)
        lines: dict[tuple[Any, ...], int] = {}
        _lines(node, (), lines)
    finally:
        loader.dispose()
    from ._schemas import validate

    validate(file, doc, lines)
    return doc


DATA_DIR_VARIABLE = "SARCOMA_DATA_DIR"
"""Environment variable naming another copy of the data folder (used by the data-mutation test)."""


_PACKAGE_DATA = Path(__file__).with_name("data")


def data_root() -> Any:
    """The data folder: ``sarcoma/data``, or the folder ``SARCOMA_DATA_DIR`` names (read once per process).

    Installed as plain files (the usual case) it is a folder beside this module; only a package inside
    a zip file needs :mod:`importlib.resources` (not imported otherwise: it costs a few ms of a start).
    """
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    if _PACKAGE_DATA.is_dir():
        return _PACKAGE_DATA
    from importlib import resources

    return resources.files("sarcoma") / "data"


@cache
def load_data(name: str) -> Any:
    """Load ``sarcoma/data/<name>`` (for example ``treatments/options.yaml``) strictly, once.

    A file whose exact text already passed the strict checks (under the same checking code) comes
    from :mod:`sarcoma._datacache` without being parsed and checked again; any other file is checked.
    """
    text = (data_root() / name).read_text(encoding="utf-8")
    versions = _versions()
    doc = _datacache.get(name, text, versions)
    if doc is _datacache.MISS:
        doc = load_data_text(text, name)
        _datacache.put(name, text, versions, doc)
    return doc


@cache
def _versions() -> tuple[str, ...]:
    """The versions of the libraries the strict checks use (part of the cache key)."""
    from pydantic.version import VERSION

    return (f"PyYAML {yaml.__version__} {_BASE.__name__}", f"pydantic {VERSION}")


def data_files() -> Iterator[str]:
    """Yield the path (under ``sarcoma/data``) of every YAML data file, sorted."""
    root = data_root()

    def walk(folder: Any, prefix: str) -> Iterator[str]:
        for entry in sorted(folder.iterdir(), key=lambda p: p.name):
            if entry.is_dir():
                yield from walk(entry, f"{prefix}{entry.name}/")
            elif entry.name.endswith(".yaml"):
                yield f"{prefix}{entry.name}"

    yield from walk(root, "")
