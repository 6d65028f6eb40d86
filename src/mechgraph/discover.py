"""Which files make up a graph: every visible ``*.yaml`` under the graph folder.

:func:`find_files` lists them (one directory scan, no file opened); :func:`graph_signature`
fingerprints them by size and modification time, so a long-lived process (the app) can
tell when to load again without reading a file.

Examples
--------
>>> [path.name for path in find_files("graph")][:3]
['clinical.yaml', 'adenosine.yaml', 'blood_flow.yaml']
"""

from __future__ import annotations

import os
from pathlib import Path

from mechgraph.errors import Problem

__all__ = ["find_files", "graph_signature", "not_found"]


def find_files(root: str | os.PathLike[str]) -> list[Path]:
    """The graph files under ``root``: every ``*.yaml`` in it and its subfolders, sorted,
    skipping hidden files and folders (and not following links to folders). A file given
    directly is returned alone."""
    return [path for path, _ in _scan(Path(root))]


def _scan(root: Path) -> list[tuple[Path, os.DirEntry[str] | None]]:
    """The graph files under ``root`` with their directory entries (``None`` for ``root``
    given as a file), sorted by their parts below ``root``, in one directory scan. Only a
    caller that needs sizes and times (:func:`graph_signature`) stats the files."""
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
            elif entry.name.endswith(".yaml"):
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
    ['clinical.yaml', 'adenosine.yaml']
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
