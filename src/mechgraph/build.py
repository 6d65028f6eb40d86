"""Building the graph: validated files (:class:`~mechgraph.read.Entry`) -> :class:`MechGraph`.

The checks across files have run (:mod:`mechgraph.checks`); this merges the files' items,
grades the edges, and makes the ``networkx.MultiDiGraph`` from the attributes each entry
prepared: anew, or, when the previous graph of the folder was graded on the same basis,
from that graph, touching only what the changed files had and have
(:func:`mechgraph.adjacency.derive`). The two graphs then share everything else, so every
graph made here is frozen (``networkx.freeze``): copy one to change it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.adjacency import add_edges, derive
from mechgraph.checks import CrossChecked
from mechgraph.evidence import Grade
from mechgraph.kg import LoadReport, Location, MechGraph
from mechgraph.read import Basis, Entry
from mechgraph.validate import FileItems, Located
from mechgraph.vocab import LEVEL_RANK

__all__ = ["Built", "Locations", "assemble"]

_Source = tuple[str, Entry, list[dict[str, Any]]]
"""A file of the graph: its name, its entry, and its edges' attributes on this basis."""


@dataclass(frozen=True)
class Built:
    """What a graph was made from (kept as ``MechGraph._built``): the grading basis and
    each file's name and entry, in order."""

    basis: Basis
    files: tuple[tuple[str, Entry], ...]


def assemble(root: Path, read: list[tuple[FileItems, Any]], merged: CrossChecked,
             previous: MechGraph | None = None, report: LoadReport | None = None,
             ) -> MechGraph:
    """The :class:`MechGraph` of the valid files ``read``, merged into ``merged``.

    ``previous``, the last graph of the same folder, is made into the new one when it was
    graded on the same basis (``report.updated`` then says so); it is not changed.
    """
    report = report or LoadReport()
    nodes = {i: loc.item for i, loc in merged.nodes.items()}
    references = {k: loc.item for k, loc in merged.references.items()}
    edges = {k: loc.item for k, loc in merged.edges.items()}
    basis = Basis({k: LEVEL_RANK[r.level] for k, r in references.items()},
                  frozenset(i for i, n in nodes.items() if n.framework == "traditional"))
    grades: dict[tuple[str, str, str], Grade] = {}
    sources: list[_Source] = []
    for items, entry in read:
        entry_grades, attrs = entry.graded(basis, items.doc.file)
        grades.update(zip(((e.source, e.target, e.relation) for e in entry.edges),
                          entry_grades, strict=True))
        sources.append((items.doc.file, entry, attrs))
    before = previous._built if previous is not None else None
    report.updated = isinstance(before, Built) and before.basis == basis
    graph = _derive(previous.graph, before.files, sources) if report.updated else (
        _build(sources))
    nx.freeze(graph)
    located = {"node": merged.nodes, "reference": merged.references, "edge": merged.edges,
               "source": merged.sources, "expectation": merged.expectations}
    kg = MechGraph(root, [name for name, _, _ in sources], nodes, edges, references, grades,
                   Locations(located), graph, report,
                   sources={k: loc.item for k, loc in merged.sources.items()},
                   expectations={k: loc.item for k, loc in merged.expectations.items()})
    kg._built = Built(basis, tuple((name, entry) for name, entry, _ in sources))
    return kg


class Locations(Mapping[tuple[str, Any], Location]):
    """Where each item was written, found only when asked (it may read the file again).

    Keys: ``("node", id)``, ``("edge", (source, target, relation))``,
    ``("reference", key)``, ``("source", key)``, ``("expectation", id)``.
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


def _references(files: list[_Source]) -> dict[str, Any]:
    refs: dict[str, dict[str, Any]] = {}
    for _, entry, _ in files:
        for (key, _), attrs in zip(entry.references, entry.ref_attrs, strict=True):
            if key not in refs:
                refs[key] = attrs.copy()
    return refs


def _node_items(files: list[_Source]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, entry, _ in files:
        for n, attrs in zip(entry.nodes, entry.node_attrs, strict=True):
            yield n.id, {**attrs, "file": name}


def _edge_items(files: list[_Source]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    for _, entry, edge_attrs in files:
        for e, attrs in zip(entry.edges, edge_attrs, strict=True):
            yield e.source, e.target, e.relation, attrs.copy()


def _build(files: list[_Source]) -> nx.MultiDiGraph:
    """The graph of ``files``, anew.

    Every attribute dict is copied, so no graph shares one with the cache.
    """
    g = nx.MultiDiGraph()
    g.graph["references"] = _references(files)
    g.add_nodes_from(_node_items(files))
    add_edges(g, _edge_items(files))
    return g


def _derive(old: nx.MultiDiGraph, built: tuple[tuple[str, Entry], ...],
            files: list[_Source]) -> nx.MultiDiGraph:
    """The graph of ``files`` made from ``old``, the graph of ``built`` on the same basis:
    what the changed files had is removed, what they have now is added, the rest is
    shared with ``old``, which is not changed."""
    before = dict(built)
    now = {name: entry for name, entry, _ in files}
    gone = [entry for name, entry in built if now.get(name) is not entry]
    came = [(name, entry, attrs) for name, entry, attrs in files if before.get(name) is not entry]
    staying = {n.id for _, entry, _ in came for n in entry.nodes}
    # A node that no file defines any more has no edge left (or the graph would not be
    # valid), so removing it removes nothing else.
    return derive(old,
                  remove_edges=[(e.source, e.target, e.relation)
                                for entry in gone for e in entry.edges],
                  remove_nodes=[n.id for entry in gone for n in entry.nodes
                                if n.id not in staying],
                  nodes=_node_items(came), edges=_edge_items(came),
                  graph={"references": _references(files)})
