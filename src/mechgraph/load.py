"""The load pipeline: :func:`load_graph`, :func:`check_graph` and :func:`validate_graph`.

Files (:mod:`mechgraph.discover`) -> bytes and validated files, from the cache when their
bytes were seen before (:mod:`mechgraph.read`) -> checks across files
(:mod:`mechgraph.checks`) -> the graph (:mod:`mechgraph.build`). This module decides which
cache to use, returns the previous graph when nothing changed, and pauses the garbage
collector while a load makes its millions of small objects. Checking alone
(:func:`check_graph`, :func:`validate_graph`) stops before the graph is built, and so
never imports NetworkX.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "g.yaml").write_text('''
... nodes:
...   - {id: acupuncture, label: Acupuncture, kind: treatment}
...   - {id: endorphins, label: Endorphins, kind: mediator}
... edges:
...   - source: acupuncture
...     target: endorphins
...     relation: increases
...     evidence:
...       - {ref: han2004, stance: supports, finding: Electroacupuncture released opioids.}
... references:
...   han2004: {title: Acupuncture and endorphins, year: 2004, design: narrative-review,
...             subjects: animal, doi: 10.1016/j.neulet.2003.12.019}
... ''')
>>> kg = load_graph(folder)
>>> kg.graph.number_of_nodes(), kg.graph.number_of_edges()
(2, 1)
>>> kg.graph.edges["acupuncture", "endorphins", "increases"]["evidence_level"]
'preclinical'
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mechgraph.cache import FileCache, code_fingerprint, content_key, default_cache_dir
from mechgraph.discover import (
    Overrides,
    RawFile,
    no_graph_files,
    not_found,
    read_bytes,
    resolve_overrides,
)
from mechgraph.errors import GraphDataError, Problem, sort_problems
from mechgraph.kg import LoadReport, MechGraph
from mechgraph.limits import Limits, limits_key

__all__ = ["GraphCounts", "check_graph", "default_cache", "load_graph", "validate_graph"]


def check_graph(root: str | os.PathLike[str], *, limits: Limits | None = None,
                cache: FileCache | bool | None = None, overrides: Overrides | None = None,
                allow_empty: bool = False) -> list[Problem]:
    """Return every problem of the graph at ``root`` (an empty list if it is valid).

    ``overrides`` maps files of the folder (new ones too) to bytes to check instead of
    what they hold: the graph is checked as if those files held those bytes, and
    problems in them are positioned in those bytes. Nothing is written. This is how an
    edit is validated before it is saved (:mod:`mechgraph.edit`). A path outside the
    folder, hidden, or not ending in ``.yaml`` raises ``ValueError``. The other arguments
    are :func:`load_graph`'s.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text("edges:\\n  - {source: a, target: b, relation: up}\\n")
    >>> for p in check_graph(folder):
    ...     print(p.code, p.path, p.line, p.col)
    unknown-value edges[0].relation 2 38
    >>> new = b"nodes:\\n  - {id: a, label: A, kind: treatment}\\n"
    >>> [p.code for p in check_graph(folder, overrides={folder / "a.yaml": new})]
    []
    """
    return _load(Path(root), limits, cache, resolve_overrides(Path(root), overrides),
                 allow_empty=allow_empty, build=False)[1]


def checked_graph(root: str | os.PathLike[str], overrides: Overrides, *,
                  allow_empty: bool = True) -> tuple[MechGraph | None, list[Problem]]:
    """The graph at ``root`` as if the files of ``overrides`` held those bytes, built,
    with its problems: ``(graph, [])`` or ``(None, problems)``, as :func:`check_graph`
    words them. An edit checks and then asks questions of the graph it would make
    (expectations, the record of what changed) from this one reading. Nothing is written
    and the result is not memoised.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> new = b"nodes:\\n  - {id: a, label: A, kind: treatment}\\n"
    >>> kg, problems = checked_graph(folder, {folder / "a.yaml": new})
    >>> sorted(kg.nodes), problems
    (['a'], [])
    """
    found, problems = _load(Path(root), None, None, resolve_overrides(Path(root), overrides),
                            allow_empty=allow_empty, build=True)
    return (found if isinstance(found, MechGraph) else None), problems


@dataclass(frozen=True)
class GraphCounts:
    """How much a valid graph holds: its files, nodes, edges and references."""

    files: int
    nodes: int
    edges: int
    references: int


def validate_graph(root: str | os.PathLike[str], *, limits: Limits | None = None,
                   cache: FileCache | bool | None = None,
                   ) -> tuple[GraphCounts | None, list[Problem]]:
    """Check the graph at ``root`` as :func:`load_graph` does, without building it: what
    ``mechgraph validate`` prints.

    Returns
    -------
    tuple of (GraphCounts or None, list of Problem)
        The counts of a valid graph and no problems, or ``None`` and every problem.

    Examples
    --------
    >>> counts, problems = validate_graph("graph")
    >>> problems, counts.nodes == len(load_graph("graph").nodes)
    ([], True)
    """
    counts, problems = _load(Path(root), limits, cache, build=False)
    if problems or not isinstance(counts, GraphCounts):
        return None, problems
    return counts, []


def load_graph(root: str | os.PathLike[str], *, limits: Limits | None = None,
               cache: FileCache | bool | None = None, allow_empty: bool = False,
               ) -> MechGraph:
    """Read, validate and build the graph in ``root``.

    Files whose bytes were validated before come from the cache (see
    :mod:`mechgraph.cache`); when no file changed since the last load of the same folder
    in this process, the same :class:`MechGraph` is returned again. Checks across files run
    on every load that is not such a repeat. When files did change, the new graph is made
    from the previous one of the folder (when the changes leave every edge's grade as it
    was): only the changed files' nodes and edges are touched, and the two graphs share
    the rest. So graphs come frozen (``networkx.freeze``); treat their attributes as
    read-only too, and copy one to change it (``networkx.MultiDiGraph(kg.graph)``). A
    graph you still hold stays valid and unchanged.

    Parameters
    ----------
    root : str or path
        The graph folder (every ``*.yaml`` below it is read) or a single YAML file.
    limits : Limits, optional
        Bounds on file size, nesting depth and alias expansion.
    cache : FileCache or bool, optional
        ``None`` (default): the process-wide cache, on disk in the user's cache folder
        (``MECHGRAPH_CACHE_DIR`` sets it; ``off`` turns the disk part off). ``False``: no
        cache at all. Or a :class:`~mechgraph.cache.FileCache` of your own.
    allow_empty : bool, optional
        False (default): a folder without any graph file is a problem (code
        ``no-graph-files``: most likely the wrong folder). True: it is an empty graph, as
        ``mechgraph add`` needs to write a graph's first file.

    Returns
    -------
    MechGraph

    Raises
    ------
    GraphDataError
        If anything is wrong; its ``problems`` list everything found, in file order.
    """
    kg, problems = _load(Path(root), limits, cache, allow_empty=allow_empty)
    if problems or not isinstance(kg, MechGraph):
        raise GraphDataError(problems)
    return kg


_DEFAULT_CACHE: FileCache | None = None


def default_cache() -> FileCache:
    """The process-wide cache (made again if ``MECHGRAPH_CACHE_DIR`` changed)."""
    global _DEFAULT_CACHE
    directory = default_cache_dir()
    if _DEFAULT_CACHE is None or _DEFAULT_CACHE.directory != directory:
        _DEFAULT_CACHE = FileCache(directory)
    return _DEFAULT_CACHE


def _resolve_cache(cache: FileCache | bool | None) -> FileCache | None:
    if cache is None or cache is True:
        return default_cache()
    return cache or None


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a load makes millions of small objects and
    frees none, so its passes would only walk them again and again (``bare parse gc off``
    in ``benchmarks/README.md``). It is restored whatever happens."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(root: Path, limits: Limits | None, cache_arg: FileCache | bool | None,
          overrides: dict[Path, bytes] | None = None, *, allow_empty: bool = False,
          build: bool = True) -> tuple[MechGraph | GraphCounts | None, list[Problem]]:
    """Read, check and (``build``) make the graph; without ``build``, its counts."""
    limits = limits or Limits()
    cache = _resolve_cache(cache_arg)
    if not root.exists():
        return None, [not_found(root)]
    with _gc_paused():
        files, problems = read_bytes(root, limits, overrides)
        if not files and not problems and not allow_empty:
            return None, [no_graph_files(root)]
        signature = tuple(f.name + ":" + f.key for f in files)
        memo_key = (str(root.resolve()), limits_key(limits))
        previous = None
        if overrides:  # a hypothetical graph: neither taken from nor kept in the memo
            memo_key = None
        if cache is not None and not problems and memo_key is not None:
            last = cache.graphs.get(memo_key)
            if last is not None and last[0] == signature:
                if not build:
                    return _counts(last[1]), []
                last[1].report = LoadReport(memory_hits=[f.name for f in files], reused=True)
                return last[1], []
            previous = last[1] if last is not None else None
        verdict = None  # a valid graph's counts, kept for the same bytes and code
        if cache is not None and memo_key is not None and not problems:
            verdict = _verdict_key(files, limits, allow_empty)
            known = None if build else cache.get_verdict(verdict)
            if isinstance(known, list) and len(known) == 4:
                return GraphCounts(*known), []
        # Validation and the checks across files, imported only when files must be read.
        from mechgraph.checks import check_across
        from mechgraph.read import read_all

        report = LoadReport()
        read, read_problems, complete = read_all(files, cache, limits, report)
        merged = check_across([items for items, _ in read], complete=complete and not problems)
        problems = sort_problems([*problems, *read_problems, *merged.problems])
        if problems:
            return None, problems
        counts = GraphCounts(len(files), len(merged.nodes), len(merged.edges),
                             len(merged.references))
        found = list(dataclasses.astuple(counts))
        if cache is not None and verdict is not None and cache.get_verdict(verdict) != found:
            cache.put_verdict(verdict, found)  # written once per set of bytes, not per load
        if not build:
            return counts, []
        from mechgraph.build import assemble  # NetworkX, only when a graph is made

        kg = assemble(root, read, merged, previous, report)
        if cache is not None and memo_key is not None:
            cache.remember_graph(memo_key, (signature, kg))
        return kg, []


def _verdict_key(files: list[RawFile], limits: Limits, allow_empty: bool) -> str:
    """The key of the verdict on exactly these files' bytes, read with these limits and
    checked by this code (:func:`~mechgraph.cache.code_fingerprint`)."""
    parts = ["graph-verdict", code_fingerprint(), limits_key(limits), str(allow_empty),
             *(f.name + ":" + f.key for f in files)]
    return content_key("\n".join(parts).encode())


def _counts(kg: MechGraph) -> GraphCounts:
    return GraphCounts(len(kg.files), len(kg.nodes), len(kg.edges), len(kg.references))
