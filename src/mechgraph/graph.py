"""``load_graph``: a folder of YAML files -> validated data -> ``networkx.MultiDiGraph``.

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

import gc
import os
import sys
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.cache import FileCache, content_key, default_cache_dir
from mechgraph.checks import CrossChecked, check_across, summarize
from mechgraph.errors import GraphDataError, Problem, sort_problems
from mechgraph.evidence import Grade, grade_edges
from mechgraph.model import Edge, Node, Reference
from mechgraph.source import (
    Document,
    Limits,
    limits_key,
    parse_bytes,
    read_bytes_fast,
    too_large,
)
from mechgraph.validate import FileItems, Located, validate_document
from mechgraph.vocab import (
    DESIGNS,
    EVIDENCE_LEVELS,
    FRAMEWORKS,
    LEVEL_RANK,
    NODE_KINDS,
    RELATION_SIGN,
    RELATIONS,
    UNGRADED,
)

__all__ = [
    "Location",
    "MechGraph",
    "check_graph",
    "find_files",
    "graph_signature",
    "load_graph",
]


@dataclass(frozen=True)
class Location:
    """Where an item was written: ``file:line:col``."""

    file: str
    line: int | None
    col: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class LoadReport:
    """How a load went: which files were parsed and which came from the cache.

    Attributes
    ----------
    parsed : list of str
        Files read and validated (not found in any cache).
    memory_hits, disk_hits : list of str
        Files taken from the memory or the disk cache.
    reused : bool
        True when no file changed since the last load of the same folder in this process,
        and the very same :class:`MechGraph` was returned.
    """

    parsed: list[str] = field(default_factory=list)
    memory_hits: list[str] = field(default_factory=list)
    disk_hits: list[str] = field(default_factory=list)
    reused: bool = False
    updated: bool = False
    """True when the previous graph of the folder, which nothing else referenced, was
    updated in place instead of built anew (only the changed files' items were touched)."""


@dataclass
class MechGraph:
    """A loaded, valid graph: the curated items and the NetworkX graph built from them.

    Attributes
    ----------
    root : Path
        The folder (or single file) it was loaded from.
    files : list of str
        The files read, as shown in messages.
    nodes : dict of str to Node
        Nodes by id.
    edges : dict of (source, target, relation) to Edge
        Edges by identity, in file order.
    references : dict of str to Reference
        References by key.
    grades : dict of (source, target, relation) to Grade
        Each edge's evidence level and whether it is contested.
    locations : mapping
        Where each item was written (:class:`Location`), found when first asked for:
        keys ``("node", id)``, ``("edge", key)``, ``("reference", key)``.
    graph : networkx.MultiDiGraph
        Nodes carry every :class:`Node` field plus ``file``; edges (keyed by relation, so
        parallel edges with different relations both survive) carry every :class:`Edge`
        field plus ``sign``, ``framework``, ``evidence_level``, ``contested``, ``file``,
        and ``evidence`` as a list of dicts that also
        hold the cited reference's ``title``, ``year``, ``design``, ``level`` and ``links``.
        ``graph.graph["references"]`` holds every reference as a dict.
    """

    root: Path
    files: list[str]
    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]
    references: dict[str, Reference]
    grades: dict[tuple[str, str, str], Grade]
    locations: Mapping[tuple[str, Any], Location] = field(repr=False)
    graph: nx.MultiDiGraph = field(repr=False)
    report: LoadReport = field(default_factory=LoadReport, repr=False)
    """How the last load went (which files were parsed, which came from the cache)."""
    _built: Any = field(default=None, repr=False, compare=False)
    """What ``graph`` was built from: the grading basis and each file's cache entry."""

    def framework_of(self, edge: Edge) -> str:
        """``traditional`` if the edge touches a traditional node, else ``biomedical``."""
        ends = (self.nodes[edge.source], self.nodes[edge.target])
        return "traditional" if any(n.framework == "traditional" for n in ends) else "biomedical"

    def stats(self) -> dict[str, Any]:
        """Counts by node kind, relation, evidence level and framework; references by design.

        This is the shape ``mechgraph stats --json`` prints. Every vocabulary value is
        listed, with 0 where nothing uses it.
        """
        edge_frameworks = Counter(self.framework_of(e) for e in self.edges.values())
        levels = Counter(g.level for g in self.grades.values())
        return {
            "files": len(self.files),
            "nodes": len(self.nodes),
            "edges": len(self.edges),
            "references": len(self.references),
            "evidence_items": sum(len(e.evidence) for e in self.edges.values()),
            "contested_edges": sum(g.contested for g in self.grades.values()),
            "nodes_by_kind": _count(Counter(n.kind for n in self.nodes.values()), NODE_KINDS),
            "nodes_by_framework": _count(Counter(n.framework for n in self.nodes.values()),
                                         FRAMEWORKS),
            "edges_by_relation": _count(Counter(e.relation for e in self.edges.values()),
                                        RELATIONS),
            "edges_by_evidence_level": _count(levels, (*EVIDENCE_LEVELS, UNGRADED)),
            "edges_by_framework": _count(edge_frameworks, FRAMEWORKS),
            "references_by_design": _count(Counter(r.design for r in self.references.values()),
                                           DESIGNS),
        }


def _count(counter: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    return {name: counter.get(name, 0) for name in order}


def find_files(root: Path) -> list[Path]:
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


def _not_found(root: Path) -> Problem:
    return Problem(str(root), None, None, "", "no such graph folder or file; give the folder "
                   "that holds the graph's *.yaml files", "not-found")


@dataclass
class _Raw:
    path: Path
    name: str
    key: str
    raw: bytes
    override: bool = False


Overrides = Mapping[str | os.PathLike[str], bytes]
"""Files to check with other bytes than they hold on disk, by path (see :func:`check_graph`)."""


def _resolved_overrides(root: Path, overrides: Overrides | None) -> dict[Path, bytes]:
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


def _read_bytes(root: Path, limits: Limits, overrides: dict[Path, bytes] | None = None,
                ) -> tuple[list[_Raw], list[Problem]]:
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
            out.append(_Raw(path, name, content_key(raw) + limits_key(limits), raw, True))
            continue
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                problems.extend(too_large(name, size, limits).problems)
                continue
            raw = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(name, None, None, "", f"cannot read the file: "
                                    f"{exc.strerror}", "unreadable"))
            continue
        out.append(_Raw(path, name, content_key(raw) + limits_key(limits), raw))
    return out, problems


class _Entry:
    """A validated file, ready to assemble: its models and their graph attributes.

    The memory cache keeps these. The attributes of its edges depend on other files too
    (the levels of the references they cite, which nodes are traditional): they are kept
    with the ``basis`` they were computed on, and computed again only when it changed.
    """

    __slots__ = ("_items", "basis", "edge_attrs", "edges", "grades", "node_attrs", "nodes",
                 "ref_attrs", "references", "summary")

    def __init__(self, items: FileItems):
        self.summary = summarize(items)
        self.nodes: list[Node] = [loc.item for loc in items.nodes]
        self.edges: list[Edge] = [loc.item for loc in items.edges]
        self.references = [(k, loc.item) for k, loc in items.references]
        self.node_attrs = [n.model_dump() for n in self.nodes]
        self.ref_attrs = [{**r.model_dump(), "level": r.level, "links": r.links}
                          for _, r in self.references]
        self._items: tuple[str, FileItems] | None = None
        self.basis: Any = None
        self.grades: list[Grade] = []
        self.edge_attrs: list[dict[str, Any]] = []

    def graded(self, basis: _Basis, file: str) -> tuple[list[Grade], list[dict[str, Any]]]:
        """The grades and graph attributes of the edges, on this basis, in ``file``."""
        basis_here = (basis, file)
        if self.basis != basis_here:
            traditional = basis.traditional
            grades = grade_edges(self.edges, basis.rank, traditional, ranked=True)
            self.grades = list(grades.values()) if len(grades) == len(self.edges) else [
                grades[e.source, e.target, e.relation] for e in self.edges]
            self.edge_attrs = [
                {**e.model_dump(), "sign": RELATION_SIGN[e.relation],
                 "framework": "traditional" if (e.source in traditional
                                                or e.target in traditional) else "biomedical",
                 "evidence_level": g.level, "contested": g.contested, "file": file}
                for e, g in zip(self.edges, self.grades, strict=True)]
            self.basis = basis_here
        return self.grades, self.edge_attrs

    def items(self, raw: _Raw) -> FileItems:
        """The entry as the items of ``raw``'s file, positioned lazily in it."""
        if self._items is not None and self._items[0] == raw.name:
            return self._items[1]
        doc = Document(raw.name, source=raw.path.resolve(), digest=raw.key[:40])
        items = FileItems(doc,
                         nodes=[Located(n, doc, ("nodes", i)) for i, n in enumerate(self.nodes)],
                         edges=[Located(e, doc, ("edges", i)) for i, e in enumerate(self.edges)],
                         references=[(k, Located(r, doc, ("references", k)))
                                     for k, r in self.references],
                         summary=self.summary)
        self._items = (raw.name, items)
        return items


@dataclass(frozen=True)
class _Basis:
    """What the grades of edges depend on beyond their own file."""

    rank: dict[str, int]
    traditional: frozenset[str]


def _read_all(files: list[_Raw], cache: FileCache | None, limits: Limits, report: LoadReport,
              ) -> tuple[list[tuple[FileItems, _Entry | None]], list[Problem], bool]:
    """Validate every file (or take it from the cache); say whether every file was read.

    The memory cache holds validated entries. The disk cache holds what the parser made
    of a file's bytes: a file found there skips parsing (the slow part) but is validated
    again like any other, so nothing read from disk is trusted.
    """
    problems: list[Problem] = []
    out: list[tuple[FileItems, _Entry | None]] = []
    complete = True
    for raw in files:
        if raw.override:  # bytes that are not on disk: read with positions, never cached
            doc = parse_bytes(raw.raw, raw.name, limits)
            problems.extend(doc.problems)
            items = validate_document(doc)
            problems.extend(items.problems)
            complete = complete and items.complete and not doc.problems
            out.append((items, None if items.problems or doc.problems else _Entry(items)))
            continue
        cached = cache.get(raw.key) if cache is not None else None
        if isinstance(cached, _Entry):
            report.memory_hits.append(raw.name)
            out.append((cached.items(raw), cached))
            continue
        if cached is not None:
            report.disk_hits.append(raw.name)
            doc = Document(raw.name, cached[0], source=raw.path.resolve(), digest=raw.key[:40])
        else:
            report.parsed.append(raw.name)
            doc = read_bytes_fast(raw.raw, raw.name, limits, source=raw.path.resolve(),
                                  digest=raw.key[:40])
            if doc.problems:
                problems.extend(doc.problems)
                complete = False
                continue
        items = validate_document(doc)
        problems.extend(items.problems)
        complete = complete and items.complete
        entry = None
        if not items.problems:
            entry = _Entry(items)
            if cache is None:
                pass
            elif cached is None:
                cache.put(raw.key, entry, disk_value=[doc.data])
            else:
                cache.remember(raw.key, entry)
        out.append((items, entry))
    return out, problems, complete


def check_graph(root: str | os.PathLike[str], *, limits: Limits | None = None,
                cache: FileCache | bool | None = None,
                overrides: Overrides | None = None) -> list[Problem]:
    """Return every problem of the graph at ``root`` (an empty list if it is valid).

    ``overrides`` maps files of the folder (new ones too) to bytes to check instead of
    what they hold: the graph is checked as if those files held those bytes, and
    problems in them are positioned in those bytes. Nothing is written. This is how an
    edit is validated before it is saved (:mod:`mechgraph.edit`). A path outside the
    folder, hidden, or not ending in ``.yaml`` raises ``ValueError``.

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
    return _load(Path(root), limits, cache, _resolved_overrides(Path(root), overrides))[1]


def load_graph(root: str | os.PathLike[str], *, limits: Limits | None = None,
               cache: FileCache | bool | None = None) -> MechGraph:
    """Read, validate and build the graph in ``root``.

    Files whose bytes were validated before come from the cache (see
    :mod:`mechgraph.cache`); when no file changed since the last load of the same folder
    in this process, the same :class:`MechGraph` is returned again, so treat it as
    read-only (copy ``kg.graph`` before changing it). Checks across files run on every
    load that is not such a repeat. When files did change and nothing outside the cache
    refers to the previous graph of the folder any more, that graph is updated in place
    (only the changed files' nodes and edges are touched) and returned in a new
    :class:`MechGraph`; a graph you still hold is never changed.

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

    Returns
    -------
    MechGraph

    Raises
    ------
    GraphDataError
        If anything is wrong; its ``problems`` list everything found, in file order.
    """
    kg, problems = _load(Path(root), limits, cache)
    if problems or kg is None:
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


def _load(root: Path, limits: Limits | None, cache_arg: FileCache | bool | None,
          overrides: dict[Path, bytes] | None = None,
          ) -> tuple[MechGraph | None, list[Problem]]:
    limits = limits or Limits()
    cache = _resolve_cache(cache_arg)
    if not root.exists():
        return None, [_not_found(root)]
    was_enabled = gc.isenabled()
    gc.disable()  # loading makes millions of small objects and frees none
    try:
        files, problems = _read_bytes(root, limits, overrides)
        signature = tuple(f.name + ":" + f.key for f in files)
        memo_key = (str(root.resolve()), limits_key(limits))
        previous = None
        if overrides:  # a hypothetical graph: neither taken from nor kept in the memo
            memo_key = None
        if cache is not None and not problems and memo_key is not None:
            last = cache.graphs.get(memo_key)
            if last is not None and last[0] == signature:
                last[1].report = LoadReport(memory_hits=[f.name for f in files], reused=True)
                return last[1], []
            previous = last[1] if last is not None else None
            del last
        report = LoadReport()
        read, read_problems, complete = _read_all(files, cache, limits, report)
        merged = check_across([items for items, _ in read], complete=complete and not problems)
        problems = sort_problems([*problems, *read_problems, *merged.problems])
        if problems:
            return None, problems
        reusable = None
        if previous is not None and cache is not None and memo_key is not None:
            cache.graphs.pop(memo_key, None)
            reusable = _take_graph(previous)
            del previous
        kg = _assemble(root, read, merged, reusable)
        report.updated = kg._built[2]
        kg.report = report
        if cache is not None and memo_key is not None:
            cache.remember_graph(memo_key, (signature, kg))
        return kg, []
    finally:
        if was_enabled:
            gc.enable()


def _take_graph(previous: MechGraph) -> tuple[Any, nx.MultiDiGraph] | None:
    """The previous graph of the folder, to update in place, if nothing else can see it.

    When the cache held the only reference to the previous :class:`MechGraph` and to its
    graph (CPython counts references), nobody can observe a change to that graph, so the
    new load may edit it instead of building one anew: only the changed files' nodes and
    edges are touched. Otherwise (a caller still holds the old graph) a new one is built.
    """
    if sys.implementation.name != "cpython" or previous._built is None:
        return None
    graph = previous.graph
    # NetworkX keeps the views it hands out (G.edges, G.in_edges, ...) on the graph; each
    # refers back to the graph. Besides those, expect only the MechGraph's attribute, our
    # variable and getrefcount's own argument.
    views = sum(1 for v in vars(graph).values() if getattr(v, "_graph", None) is graph)
    # The previous MechGraph: the caller's variable, our argument, getrefcount's argument.
    if sys.getrefcount(previous) > 3 or sys.getrefcount(graph) > 3 + views:
        return None
    return previous._built, graph


def _assemble(root: Path, read: list[tuple[FileItems, Any]], merged: CrossChecked,
              reusable: tuple[Any, nx.MultiDiGraph] | None = None) -> MechGraph:
    nodes = {i: loc.item for i, loc in merged.nodes.items()}
    references = {k: loc.item for k, loc in merged.references.items()}
    edges = {k: loc.item for k, loc in merged.edges.items()}
    basis = _Basis({k: LEVEL_RANK[r.level] for k, r in references.items()},
                   frozenset(i for i, n in nodes.items() if n.framework == "traditional"))
    grades: dict[tuple[str, str, str], Grade] = {}
    graded = []
    for items, entry in read:
        entry_grades, attrs = entry.graded(basis, items.doc.file)
        grades.update(zip(((e.source, e.target, e.relation) for e in entry.edges),
                          entry_grades, strict=True))
        graded.append(attrs)
    located = {"node": merged.nodes, "reference": merged.references, "edge": merged.edges}
    sources = [(items.doc.file, entry, attrs)
               for (items, entry), attrs in zip(read, graded, strict=True)]
    updated = reusable is not None and reusable[0][0] == basis
    if updated:
        graph = reusable[1]
        _patch(graph, reusable[0][1], sources)
    else:
        graph = nx.MultiDiGraph()
        _build(graph, sources)
    kg = MechGraph(root, [name for name, _, _ in sources], nodes, edges, references, grades,
                   Locations(located), graph)
    kg._built = (basis, [(name, entry) for name, entry, _ in sources], updated)
    return kg


class Locations(Mapping[tuple[str, Any], Location]):
    """Where each item was written, found only when asked (it may read the file again).

    Keys: ``("node", id)``, ``("edge", (source, target, relation))``,
    ``("reference", key)``.
    """

    def __init__(self, located: dict[str, dict[Any, Located]]):
        self._located = located

    def __getitem__(self, key: tuple[str, Any]) -> Location:
        kind, item = key
        loc = self._located[kind][item]
        return Location(loc.file, *loc.doc.position(loc.path, key=True))

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        return ((kind, key) for kind, items in self._located.items() for key in items)

    def __len__(self) -> int:
        return sum(len(items) for items in self._located.values())


def _references(files: list[tuple[str, _Entry, list[dict[str, Any]]]]) -> dict[str, Any]:
    refs: dict[str, dict[str, Any]] = {}
    for _, entry, _ in files:
        for (key, _), attrs in zip(entry.references, entry.ref_attrs, strict=True):
            if key not in refs:
                refs[key] = attrs.copy()
    return refs


def _add_edges(g: nx.MultiDiGraph, entry: _Entry, edge_attrs: list[dict[str, Any]]) -> None:
    succ, pred = g._succ, g._pred
    for e, attrs in zip(entry.edges, edge_attrs, strict=True):
        out = succ[e.source]
        keydict = out.get(e.target)
        if keydict is None:
            keydict = out[e.target] = {}
            pred[e.target][e.source] = keydict
        keydict[e.relation] = attrs.copy()


def _patch(g: nx.MultiDiGraph, built: list[tuple[str, _Entry]],
           files: list[tuple[str, _Entry, list[dict[str, Any]]]]) -> None:
    """Update a graph built from ``built`` into the graph of ``files`` (the same basis):
    remove what the changed files had, add what they have now."""
    before = dict(built)
    now = {name: entry for name, entry, _ in files}
    gone = [entry for name, entry in built if now.get(name) is not entry]
    came = [(name, entry, attrs) for name, entry, attrs in files if before.get(name) is not entry]
    succ, pred = g._succ, g._pred
    for entry in gone:
        for e in entry.edges:
            keydict = succ[e.source][e.target]
            del keydict[e.relation]
            if not keydict:
                del succ[e.source][e.target], pred[e.target][e.source]
    staying = {n.id for _, entry, _ in came for n in entry.nodes}
    # A node that no file defines any more has no edge left (or the graph would not be
    # valid), so removing it removes nothing else.
    g.remove_nodes_from([n.id for entry in gone for n in entry.nodes if n.id not in staying])
    for name, entry, attrs in came:
        for n, node_attrs in zip(entry.nodes, entry.node_attrs, strict=True):
            if n.id in g._node:
                data = g._node[n.id]
                data.clear()
                data.update(node_attrs, file=name)
            else:
                g.add_node(n.id, **node_attrs, file=name)
        _add_edges(g, entry, attrs)
    g.graph["references"] = _references(files)


def _build(g: nx.MultiDiGraph, files: list[tuple[str, _Entry, list[dict[str, Any]]]]) -> None:
    """Fill the empty graph ``g`` from the files' prepared attributes.

    Every attribute dict is copied, so graphs never share one. The adjacency is written
    the way ``MultiDiGraph.add_edges_from`` writes it (successor and predecessor maps
    share each key dict), ten times faster; ``tests/test_graph.py`` checks the result
    against a graph built with ``add_edges_from``.
    """
    g.graph["references"] = _references(files)
    for name, entry, _ in files:
        g.add_nodes_from(((n.id, attrs) for n, attrs in zip(entry.nodes, entry.node_attrs,
                                                            strict=True)), file=name)
    for _, entry, edge_attrs in files:
        _add_edges(g, entry, edge_attrs)
