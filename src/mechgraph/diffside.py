"""One side of ``mechgraph diff``: a graph folder, or the graph folder at a git revision.

:func:`resolve_side` tells which a name is (an existing folder wins); :func:`load_side`
loads it, reading a revision with ``git ls-tree`` and ``git cat-file`` into a temporary
folder (the work tree, the index and HEAD are never touched). A side that does not load
raises :class:`~mechgraph.errors.GraphDataError` with its problems, files named
``REV:path`` for a revision.

Examples
--------
>>> side = resolve_side("graph", "graph")
>>> side.name, side.folder is not None, side.revision
('graph', True, None)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from mechgraph.errors import GraphDataError, MechgraphError
from mechgraph.graph import MechGraph, load_graph

__all__ = ["DiffError", "Side", "load_side", "resolve_side"]


class DiffError(MechgraphError):
    """A side of the diff cannot be read: not a folder, not a git revision (exit 1)."""


@dataclass(frozen=True)
class Side:
    """Where one side of a diff comes from: a folder, or a git revision of the graph."""

    name: str
    folder: Path | None = None
    repo: Path | None = None
    revision: str | None = None
    path: str | None = None


def resolve_side(spec: str, graph: str | os.PathLike[str]) -> Side:
    """Tell what ``spec`` names: an existing folder (or file) wins; else a git revision of
    the repository that holds ``graph``, whose folder inside the repository is ``graph``'s.

    Raises
    ------
    DiffError
        If ``spec`` is neither (with why: no such revision, or ``graph`` not in git).
    """
    if Path(spec).exists():
        return Side(spec, folder=Path(spec))
    graph = Path(graph).resolve()
    probe = graph
    while not probe.is_dir():
        probe = probe.parent
    top = _git(probe, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        raise DiffError(f"'{spec}' is not a folder, and the graph folder '{graph}' is not "
                        "in a git repository, so it cannot be a git revision either")
    repo = Path(top.stdout.strip())
    found = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
                 f"{spec}^{{commit}}", check=False)
    if found.returncode != 0:
        raise DiffError(f"'{spec}' is neither a folder nor a git revision of {repo} (try a "
                        "branch, a tag, a commit or HEAD~1)")
    path = graph.relative_to(repo.resolve()).as_posix() if graph != repo.resolve() else "."
    return Side(f"{spec}:{path}", repo=repo, revision=found.stdout.strip(), path=path)


@contextmanager
def load_side(spec: str, graph: str | os.PathLike[str]) -> Iterator[tuple[MechGraph, str]]:
    """Load one side of a diff (see :func:`resolve_side`): yield the graph and its name.

    A revision is read with ``git ls-tree`` and ``git cat-file`` into a temporary folder,
    removed afterwards; the work tree, the index and HEAD are never touched.

    Raises
    ------
    DiffError
        If ``spec`` is not a folder or a revision, or the graph folder is not in it.
    GraphDataError
        If the graph there has errors (files named ``REV:path`` for a revision).
    """
    side = resolve_side(spec, graph)
    if side.repo is None or side.revision is None or side.path is None:
        yield load_graph(side.folder or spec), side.name
        return
    tmp = Path(tempfile.mkdtemp(prefix="mechgraph-diff-"))
    try:
        root = _checkout(side.repo, side.revision, side.path, tmp)
        try:
            kg = load_graph(root, cache=False, allow_empty=True)  # the graph not begun yet
        except GraphDataError as exc:
            prefix = str(root)
            raise GraphDataError(
                replace(p, file=side.name + p.file[len(prefix):]
                        if p.file.startswith(prefix) else p.file)
                for p in exc.problems) from None
        yield kg, side.name
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _checkout(repo: Path, revision: str, path: str, dest: Path) -> Path:
    """Write the ``*.yaml`` files below ``path`` at ``revision`` into ``dest``; return
    the graph folder there."""
    if path != "." and _git(repo, "cat-file", "-e", f"{revision}:{path}",
                            check=False).returncode != 0:
        raise DiffError(f"the graph folder '{path}' does not exist at revision "
                        f"{revision[:12]}")
    listing = _git(repo, "ls-tree", "-r", "-z", revision, "--", path).stdout
    blobs = []
    for entry in filter(None, listing.split("\0")):
        meta, name = entry.split("\t", 1)
        mode, kind, sha = meta.split()
        if kind == "blob" and mode != "120000" and name.endswith(".yaml"):
            blobs.append((sha, name))
    if blobs:  # one git process for every file
        data = subprocess.run(["git", "-C", str(repo), "cat-file", "--batch"],
                              input="".join(f"{sha}\n" for sha, _ in blobs).encode(),
                              capture_output=True, check=True).stdout
        at = 0
        for _, name in blobs:
            header_end = data.index(b"\n", at)
            size = int(data[at:header_end].split()[2])
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data[header_end + 1:header_end + 1 + size])
            at = header_end + 1 + size + 1
    root = dest / path
    if not root.exists():  # a folder holding no *.yaml file
        root.mkdir(parents=True)
    return root


def _git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True,
                                text=True, check=False)
    except FileNotFoundError as exc:
        raise DiffError("git is not installed; compare two folders instead") from exc
    if check and result.returncode != 0:
        raise DiffError(f"git {args[0]} failed: {result.stderr.strip()}")
    return result
