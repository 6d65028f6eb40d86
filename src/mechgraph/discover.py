"""Which files make up a graph: every visible ``*.yaml`` under the graph folder.

:func:`find_files` lists them (one directory scan, no file opened); :func:`graph_signature`
fingerprints them by size and modification time, so a long-lived process (the app) can
tell when to load again without reading a file.

Examples
--------
>>> [path.name for path in find_files("graph")][:3]
['source_article.yaml', 'clinical.yaml', 'expectations.yaml']
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from mechgraph.cache import content_key
from mechgraph.errors import Problem
from mechgraph.limits import Limits, file_too_large, limits_key

__all__ = ["Overrides", "RawFile", "find_files", "graph_signature", "no_graph_files",
           "not_found", "read_bytes", "resolve_overrides"]


def find_files(root: str | os.PathLike[str]) -> list[Path]:
    """The graph files under ``root``: every ``*.yaml`` in it and its subfolders, sorted,
    skipping hidden files and folders (and not following links to folders). A file given
    directly is returned alone."""
    return [path for path, _ in _scan(Path(root))]


def _scan(root: Path, suffix: str = ".yaml") -> list[tuple[Path, os.DirEntry[str] | None]]:
    """The graph files under ``root`` with their directory entries (``None`` for ``root``
    given as a file), sorted by their parts below ``root``, in one directory scan. Only a
    caller that needs sizes and times (:func:`graph_signature`) stats the files.
    ``suffix``: the ending of the files to list."""
    if root.is_file():
        return [(root, None)]
    found: list[tuple[tuple[str, ...], Path, os.DirEntry[str]]] = []
    folders: list[tuple[tuple[str, ...], str]] = [((), str(root))]
    while folders:
        parts, folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = list(scan)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
                if is_dir and entry.is_symlink():
                    continue
            except OSError:
                continue
            if is_dir:
                folders.append(((*parts, entry.name), entry.path))
            elif entry.name.endswith(suffix):
                found.append(((*parts, entry.name), Path(entry.path), entry))
    found.sort(key=lambda item: item[0])
    return [(path, entry) for _, path, entry in found]


def _stat(path: Path, entry: os.DirEntry[str] | None) -> os.stat_result | None:
    try:
        return entry.stat() if entry is not None else path.stat()
    except OSError:
        return None


def graph_signature(root: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the graph files: path, size and modification time of each.

    It changes when a file is added, removed or saved, so a long-lived process (the app)
    can tell when to reload without reading any file.

    Examples
    --------
    >>> [Path(path).name for path, size, mtime in graph_signature("graph")][:2]
    ['source_article.yaml', 'clinical.yaml']
    """
    root = Path(root)
    if not root.exists():
        return ()
    stats = ((path, _stat(path, entry)) for path, entry in _scan(root))
    return tuple((str(path), info.st_size, info.st_mtime_ns)
                 for path, info in stats if info is not None)


def not_found(root: Path) -> Problem:
    """The problem of a graph folder (or file) that does not exist."""
    return Problem(str(root), None, None, "", "no such graph folder or file; give the folder "
                   "that holds the graph's *.yaml files", "not-found")


def no_graph_files(root: Path) -> Problem:
    """The problem of a folder that holds no graph file: the wrong folder, or a graph not
    started yet. It says how to fix either, and names files that end in ``.yml``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "g"
    >>> folder.mkdir()
    >>> print(no_graph_files(folder).message)  # doctest: +NORMALIZE_WHITESPACE, +ELLIPSIS
    no graph files (*.yaml) in this folder or its subfolders; point --graph at the folder
    that holds the graph, or create its first file with `mechgraph add node --graph .../g`
    >>> _ = (folder / "nodes.yml").write_text("nodes: []\\n")
    >>> print(no_graph_files(folder).message)  # doctest: +NORMALIZE_WHITESPACE, +ELLIPSIS
    no graph files (*.yaml) in this folder or its subfolders (1 file ends in .yml:
    nodes.yml; graph files must end in .yaml); point --graph at ...
    """
    yml = [path for path, _ in _scan(root, ".yml")] if root.is_dir() else []
    aside = ""
    if yml:
        names = ", ".join(str(p.relative_to(root)) for p in yml[:3]) + (
            ", ..." if len(yml) > 3 else "")
        aside = (f" ({len(yml)} file{'s end' if len(yml) > 1 else ' ends'} in .yml: "
                 f"{names}; graph files must end in .yaml)")
    return Problem(str(root), None, None, "",
                   f"no graph files (*.yaml) in this folder or its subfolders{aside}; point "
                   "--graph at the folder that holds the graph, or create its first file "
                   f"with `mechgraph add node --graph {shlex.quote(str(root))}`",
                   "no-graph-files")


@dataclass
class RawFile:
    """One graph file's bytes, its name in messages and its cache key."""

    path: Path
    name: str
    key: str
    raw: bytes
    override: bool = False
    """True for bytes given by the caller instead of the file's (never cached)."""


Overrides = Mapping[str | os.PathLike[str], bytes]
"""Files to check with other bytes than they hold on disk, by path (see
:func:`mechgraph.check_graph`)."""


def resolve_overrides(root: Path, overrides: Overrides | None) -> dict[Path, bytes]:
    """``overrides`` by resolved path; ``ValueError`` for a path that is not a visible
    ``*.yaml`` file inside the folder ``root``."""
    if not overrides:
        return {}
    if not root.is_dir():
        raise ValueError("overrides need a graph folder, not a single file")
    out = {}
    for path, raw in overrides.items():
        path = Path(path)
        real = path.resolve()
        inside = real.is_relative_to(root.resolve())
        if not inside or real.suffix != ".yaml" or any(
                part.startswith(".") for part in real.relative_to(root.resolve()).parts):
            raise ValueError(f"'{path}' is not a graph file inside '{root}'")
        out[real] = raw
    return out


def read_bytes(root: Path, limits: Limits, overrides: dict[Path, bytes] | None = None,
               ) -> tuple[list[RawFile], list[Problem]]:
    """Read every file's bytes (refusing oversized ones before reading them); the files in
    ``overrides`` (by resolved path) get the bytes given there, and exist if they did not."""
    out, problems = [], []
    paths = find_files(root)
    if overrides:
        real_root = root.resolve()
        known = {p.resolve() for p in paths}
        paths = sorted([*paths, *(root / p.relative_to(real_root) for p in overrides
                                  if p not in known)],
                       key=lambda p: p.relative_to(root).parts)
    for path in paths:
        name = str(path)
        if overrides and path.resolve() in overrides:
            raw = overrides[path.resolve()]
            out.append(RawFile(path, name, content_key(raw) + limits_key(limits), raw, True))
            continue
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                problems.append(file_too_large(name, size, limits))
                continue
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, "", f"cannot read the file: "
                                    f"{exc.strerror}", "unreadable"))
            continue
        out.append(RawFile(path, name, content_key(raw) + limits_key(limits), raw))
    return out, problems
