"""Building the graph: validated files (:class:`~mechgraph.read.Entry`) -> :class:`MechGraph`.

The checks across files have run (:mod:`mechgraph.checks`); this merges the files' items,
grades the edges, and builds the ``networkx.MultiDiGraph`` from the attributes each
entry prepared.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.checks import CrossChecked
from mechgraph.evidence import Grade
from mechgraph.kg import Location, MechGraph
from mechgraph.read import Basis, Entry
from mechgraph.validate import FileItems, Located
from mechgraph.vocab import LEVEL_RANK

__all__ = ["Locations", "assemble", "take_graph"]


def take_graph(previous: MechGraph) -> tuple[Any, nx.MultiDiGraph] | None:
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


def assemble(root: Path, read: list[tuple[FileItems, Any]], merged: CrossChecked,
             reusable: tuple[Any, nx.MultiDiGraph] | None = None) -> MechGraph:
    """The :class:`MechGraph` of the valid files ``read``, merged into ``merged``."""
    nodes = {i: loc.item for i, loc in merged.nodes.items()}
    references = {k: loc.item for k, loc in merged.references.items()}
    edges = {k: loc.item for k, loc in merged.edges.items()}
    basis = Basis({k: LEVEL_RANK[r.level] for k, r in references.items()},
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


def _references(files: list[tuple[str, Entry, list[dict[str, Any]]]]) -> dict[str, Any]:
    refs: dict[str, dict[str, Any]] = {}
    for _, entry, _ in files:
        for (key, _), attrs in zip(entry.references, entry.ref_attrs, strict=True):
            if key not in refs:
                refs[key] = attrs.copy()
    return refs


def _add_edges(g: nx.MultiDiGraph, entry: Entry, edge_attrs: list[dict[str, Any]]) -> None:
    succ, pred = g._succ, g._pred
    for e, attrs in zip(entry.edges, edge_attrs, strict=True):
        out = succ[e.source]
        keydict = out.get(e.target)
        if keydict is None:
            keydict = out[e.target] = {}
            pred[e.target][e.source] = keydict
        keydict[e.relation] = attrs.copy()


def _patch(g: nx.MultiDiGraph, built: list[tuple[str, Entry]],
           files: list[tuple[str, Entry, list[dict[str, Any]]]]) -> None:
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


def _build(g: nx.MultiDiGraph, files: list[tuple[str, Entry, list[dict[str, Any]]]]) -> None:
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
