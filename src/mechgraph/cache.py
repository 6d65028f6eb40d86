"""A cache of validated files, keyed by the hash of their bytes: in memory and on disk.

A file whose bytes were seen before is not parsed or validated again. The memory cache
serves the app and any long-lived process; the disk cache serves the next process. The
disk cache lives in the user's cache folder (``$MECHGRAPH_CACHE_DIR``, else
``$XDG_CACHE_HOME/mechgraph``, else ``~/.cache/mechgraph``), never inside the graph.

Safety:

* an entry is written to a temporary file and renamed into place, so two processes
  writing the same entry at once each leave a whole file (the same bytes) and a reader
  never sees half an entry;
* every entry carries a checksum of its payload and the versions it was made with; an
  entry that is truncated, corrupt, or from another version of mechgraph or Python is
  ignored and rebuilt, never trusted;
* entries hold plain data read with :mod:`marshal` (no code is ever loaded), and only
  files that validated cleanly are cached.

Set ``MECHGRAPH_CACHE_DIR=off`` (or pass ``cache=False`` to :func:`mechgraph.load_graph`)
to turn the disk cache off.

Examples
--------
>>> import tempfile
>>> cache = FileCache(Path(tempfile.mkdtemp()))
>>> key = content_key(b"nodes: []\\n")
>>> cache.get(key) is None
True
>>> cache.put(key, {"nodes": [], "edges": [], "references": []})
>>> cache.get(key)
{'nodes': [], 'edges': [], 'references': []}
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import sys
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mechgraph.files import atomic_write

__all__ = ["CacheStats", "FileCache", "code_fingerprint", "content_key", "default_cache_dir"]

CACHE_FORMAT = 2
"""Bump when the shape of cached entries changes."""
_MAGIC = b"MGC1"
_DIGEST = 32


def content_key(raw: bytes) -> str:
    """The cache key of a file's bytes (BLAKE2b, hex).

    Examples
    --------
    >>> len(content_key(b"x"))
    40
    """
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def default_cache_dir() -> Path | None:
    """The disk cache folder, or ``None`` when ``MECHGRAPH_CACHE_DIR=off``."""
    env = os.environ.get("MECHGRAPH_CACHE_DIR")
    if env is not None and env.strip().lower() in ("off", "0", "none", "false"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "mechgraph"


@functools.cache
def code_fingerprint() -> str:
    """What a verdict on a graph depends on besides its files: the size and time of every
    module of this package and of the parsers and validators it uses.

    A stored verdict (:meth:`FileCache.get_verdict`) is keyed by it, so editing a rule in
    a development install, or upgrading pydantic or PyYAML, makes every verdict stale.
    It reads no file: a few dozen ``stat`` calls, once per process (the code a process
    runs is the code it imported).
    """
    import importlib.util

    parts = []
    with os.scandir(os.path.dirname(__file__)) as scan:
        for entry in scan:
            if entry.name.endswith(".py"):
                stat = entry.stat()
                parts.append(f"{entry.name}:{stat.st_mtime_ns}:{stat.st_size}")
    for name in ("pydantic", "pydantic_core", "yaml"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec is not None else None
        try:
            stat = os.stat(origin) if origin else None
        except OSError:
            stat = None
        parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{name}:-")
    return content_key("\n".join(sorted(parts)).encode())


def _version_tag() -> str:
    from mechgraph import __version__

    return f"{CACHE_FORMAT}-{__version__}-py{sys.version_info[0]}{sys.version_info[1]}"


@dataclass
class CacheStats:
    """What the cache did: counts of memory hits, disk hits, misses and rejected entries."""

    memory_hits: int = 0
    disk_hits: int = 0
    misses: int = 0
    rejected: int = 0
    """Disk entries that were corrupt or from another version, and were ignored."""
    write_errors: list[str] = field(default_factory=list)


class FileCache:
    """Validated file contents by content key, in memory (LRU) and on disk.

    Parameters
    ----------
    directory : Path or None
        The disk cache folder (``None``: memory only).
    memory_entries : int
        How many files to keep in memory.
    """

    def __init__(self, directory: Path | None, memory_entries: int = 512):
        self.directory = directory
        self.memory_entries = memory_entries
        self._memory: OrderedDict[str, Any] = OrderedDict()
        self.graphs: OrderedDict[Any, Any] = OrderedDict()
        """The last graphs built, by folder: ``load_graph`` returns one again when none of
        its files changed."""
        self.stats = CacheStats()
        self._verdicts: dict[str, Any] = {}
        self._tag = _version_tag()

    def _path(self, directory: Path, key: str) -> Path:
        if key.startswith("v"):  # a verdict on a whole graph, apart from the files
            return directory / self._tag / "verdicts" / f"{key[1:]}.verdict"
        return directory / self._tag / key[:2] / f"{key}.bin"

    def get(self, key: str) -> Any | None:
        """The cached value for ``key``, or ``None``."""
        if key in self._memory:
            self._memory.move_to_end(key)
            self.stats.memory_hits += 1
            return self._memory[key]
        value = self._read_disk(key)
        if value is None:
            self.stats.misses += 1
            return None
        self.stats.disk_hits += 1
        self._remember(key, value)
        return value

    def put(self, key: str, value: Any, *, disk_value: Any = None) -> None:
        """Keep ``value`` in memory and write ``disk_value`` (default ``value``) to disk.

        The disk value must be plain data (dicts, lists, str, int, float, bool, None).
        Writing never fails loudly: a read-only or full disk only costs speed.
        """
        self._remember(key, value)
        if self.directory is not None:
            self._write_disk(self.directory, key, value if disk_value is None else disk_value)

    def get_verdict(self, key: str) -> Any | None:
        """The verdict stored under ``key`` (see :meth:`put_verdict`), or ``None``.

        Verdicts do not count in :attr:`stats`, which tell about files.
        """
        if key in self._verdicts:
            return self._verdicts[key]
        return self._read_disk("v" + key)

    def put_verdict(self, key: str, value: Any) -> None:
        """Keep ``value`` (plain data) as the verdict on the files that ``key`` names.

        A verdict is what checking a whole graph found (:func:`mechgraph.validate_graph`
        keeps the counts of a valid graph), so that checking the same bytes again with the
        same code (:func:`code_fingerprint` is part of the key) need not read them.
        """
        self._verdicts[key] = value
        if self.directory is not None:
            self._write_disk(self.directory, "v" + key, value)

    def remember_graph(self, key: Any, value: Any, keep: int = 4) -> None:
        """Keep the last graph built for ``key`` (a folder), and a few others."""
        self.graphs[key] = value
        self.graphs.move_to_end(key)
        while len(self.graphs) > keep:
            self.graphs.popitem(last=False)

    def remember(self, key: str, value: Any) -> None:
        """Keep ``value`` in memory only."""
        self._remember(key, value)

    def _remember(self, key: str, value: Any) -> None:
        self._memory[key] = value
        self._memory.move_to_end(key)
        while len(self._memory) > self.memory_entries:
            self._memory.popitem(last=False)

    def _read_disk(self, key: str) -> Any | None:
        if self.directory is None:
            return None
        path = self._path(self.directory, key)
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        value = _decode(blob, key)
        if value is None:
            self.stats.rejected += 1
        return value

    def _write_disk(self, directory: Path, key: str, value: Any) -> None:
        path = self._path(directory, key)
        try:
            payload = marshal.dumps((key, value))
            blob = _MAGIC + hashlib.blake2b(payload, digest_size=_DIGEST).digest() + payload
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, blob, durable=False)
        except (OSError, ValueError) as exc:
            self.stats.write_errors.append(f"{path}: {exc}")


def _decode(blob: bytes, key: str) -> Any | None:
    """The value of a disk entry, or ``None`` if it is not a whole, matching entry."""
    head = len(_MAGIC) + _DIGEST
    if len(blob) < head or not blob.startswith(_MAGIC):
        return None
    payload = blob[head:]
    if hashlib.blake2b(payload, digest_size=_DIGEST).digest() != blob[len(_MAGIC):head]:
        return None
    try:
        stored_key, value = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return value if stored_key == key else None
