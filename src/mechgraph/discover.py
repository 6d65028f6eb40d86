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
import shlex
from pathlib import Path

from mechgraph.errors import Problem

__all__ = ["find_files", "graph_signature", "no_graph_files", "not_found"]


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
