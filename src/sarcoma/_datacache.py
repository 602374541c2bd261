"""A cache of checked data files: a start does not parse and check again YAML that did not change.

Reading a data file strictly and checking it against its schema (:mod:`sarcoma._data`) costs about
1 ms a file plus building the schema models, and ``sarcoma stage`` reads 16 files for one case. The
parsed document of a file that passed every check is kept here under a key made of

- the file's path under ``data/`` and its exact text: a changed file is a new key, so it is read
  and checked again (a broken file is refused as if there were no cache);
- the code that does the checks (the source of the modules in :data:`CHECKING_MODULES`), the
  versions of the libraries it uses (PyYAML, pydantic) and the Python version, so a change to a
  schema or to the strict loader checks every file again.

A hit is therefore the document the strict checks gave for the same text under the same rules.
Those checks must depend only on the file's own text and that code: a schema that read another data
file would need that file in the key. Anything wrong with the cache (a folder that cannot be made or
written, an entry cut short or changed, which a digest of its payload shows) is a miss, never an
error. Entries are ``marshal`` data (dicts, lists, strings, numbers): nothing in them is run.

Where: the folder ``SARCOMA_CACHE_DIR`` names (set it empty to turn the cache off), else
``$XDG_CACHE_HOME/sarcoma`` (default ``~/.cache/sarcoma``; ``%LOCALAPPDATA%\\sarcoma\\cache`` on
Windows, ``~/Library/Caches/sarcoma`` on macOS). Entries of files that later changed stay behind
(a few kB each) until there are more than :data:`MAX_ENTRIES`; deleting the folder at any time is safe.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import threading
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, Final

__all__ = ["CACHE_DIR_VARIABLE", "CHECKING_MODULES", "MAX_ENTRIES", "MISS", "cache_dir", "get", "put"]

CACHE_DIR_VARIABLE: Final = "SARCOMA_CACHE_DIR"
"""Environment variable naming the cache folder; empty turns the cache off."""

CHECKING_MODULES: Final = (
    "_data.py",
    "_datacache.py",
    "_schemas.py",
    "_header.py",
    "_conditions.py",
    "_staging_schema.py",
    "_tables.py",
    "_messages.py",
    "errors.py",
)
"""The modules whose source decides whether a file passes the strict checks: :mod:`sarcoma._data` and every
module of the package it imports, directly or not (a test checks the list is complete)."""

FORMAT: Final = b"sarcoma-data-cache 1\n"
"""First bytes of every entry; a new layout changes it."""

MISS: Final = object()
"""What :func:`get` returns when there is no good entry."""

MAX_ENTRIES: Final = 1000
"""Most entries kept (files that changed leave theirs behind); past it the older half is deleted."""

_DIGEST = 32  # bytes of sha256


def cache_dir() -> Path | None:
    """The cache folder, or ``None`` when the cache is off or no folder can be named."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override is not None:
        return Path(override) if override.strip() else None
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            return Path(local) / "sarcoma" / "cache" if local else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "sarcoma"
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "sarcoma"
    except RuntimeError:  # no home folder
        return None


@cache
def _code_fingerprint(versions: tuple[str, ...]) -> bytes | None:
    """A digest of the checking code and the library versions; ``None`` (no caching) without the sources."""
    here = Path(__file__).parent
    digest = hashlib.sha256(FORMAT)
    for part in (sys.version, str(marshal.version), *versions):
        digest.update(part.encode() + b"\0")
    try:
        for module in CHECKING_MODULES:
            digest.update(module.encode() + b"\0" + (here / module).read_bytes() + b"\0")
    except OSError:  # installed without sources: a change of code could not be seen
        return None
    return digest.digest()


def _entry(name: str, text: str, versions: tuple[str, ...]) -> Path | None:
    folder = cache_dir()
    code = _code_fingerprint(versions)
    if folder is None or code is None:
        return None
    key = hashlib.sha256(code + name.encode() + b"\0" + text.encode("utf-8")).hexdigest()
    return folder / f"{key[:40]}.marshal"


def get(name: str, text: str, versions: tuple[str, ...]) -> Any:
    """The checked document of data file ``name`` with this exact ``text``, or :data:`MISS`."""
    path = _entry(name, text, versions)
    if path is None:
        return MISS
    try:
        blob = path.read_bytes()
    except OSError:
        return MISS
    head = len(FORMAT)
    digest, payload = blob[head : head + _DIGEST], blob[head + _DIGEST :]
    if blob[:head] != FORMAT or hashlib.sha256(payload).digest() != digest:
        return MISS  # cut short or changed: read and check the file again
    try:
        return marshal.loads(payload)
    except (ValueError, EOFError, TypeError):  # pragma: no cover - the digest matched what was written
        return MISS


def put(name: str, text: str, versions: tuple[str, ...], doc: Any) -> bool:
    """Keep the checked ``doc`` of ``name``; ``False`` (and nothing kept) when it cannot be written."""
    path = _entry(name, text, versions)
    if path is None:
        return False
    try:
        payload = marshal.dumps(doc)
    except ValueError:  # a value marshal cannot hold (a YAML date, say): not cached
        return False
    blob = FORMAT + hashlib.sha256(payload).digest() + payload
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp.write_bytes(blob)
        os.replace(tmp, path)  # whole entries only, also with several processes at once
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        return False
    _prune(path.parent)
    return True


def _prune(folder: Path) -> None:
    """Past :data:`MAX_ENTRIES` entries, delete the older half (by time written); a deleted entry is a miss."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(".marshal")]
        if len(entries) <= MAX_ENTRIES:
            return
        entries.sort(key=lambda e: e.stat().st_mtime)
    except OSError:
        return
    for entry in entries[: len(entries) - MAX_ENTRIES // 2]:
        with suppress(OSError):
            os.unlink(entry.path)
