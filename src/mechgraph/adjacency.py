"""The one place that writes NetworkX's private adjacency maps, for speed.

A ``networkx.MultiDiGraph`` keeps its nodes in ``G._node`` (node -> attribute dict) and its
edges twice: ``G._succ[u][v]`` and ``G._pred[v][u]`` are the same *key dict* (edge key ->
attribute dict); ``G._adj`` is ``G._succ``. Two jobs here write these maps directly:

* :func:`add_edges` fills a new graph ten times faster than ``add_edges_from``, which
  merges attributes into a fresh dict per edge and checks both ends each time;
* :func:`derive` makes the graph of the next load from the previous one in the time of
  the change, not of the graph: the new graph shares with the old every map the change
  does not touch (copy on write), and the old graph is never changed, so a caller still
  holding it keeps a valid graph.

Both write exactly what NetworkX's public methods write; ``tests/test_adjacency.py``
compares their graphs with graphs built through the public API. Graphs that share
parts must not be changed afterwards: :mod:`mechgraph.build` freezes them
(``networkx.freeze``).

Examples
--------
>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_nodes_from("abc")
>>> add_edges(g, [("a", "b", "increases", {"w": 1}), ("b", "c", "decreases", {"w": 2})])
>>> h = derive(g, remove_edges=[("a", "b", "increases")],
...            edges=[("a", "c", "increases", {"w": 3})])
>>> sorted(g.edges(keys=True))
[('a', 'b', 'increases'), ('b', 'c', 'decreases')]
>>> sorted(h.edges(keys=True))
[('a', 'c', 'increases'), ('b', 'c', 'decreases')]
>>> h.edges["b", "c", "decreases"] is g.edges["b", "c", "decreases"]  # untouched: shared
True
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

import networkx as nx

__all__ = ["add_edges", "derive"]

Attrs = dict[str, Any]
EdgeItem = tuple[Hashable, Hashable, Hashable, Attrs]
"""``(u, v, key, attributes)``: an edge of a multigraph and its attribute dict."""


def add_edges(g: nx.MultiDiGraph, edges: Iterable[EdgeItem]) -> None:
    """Add keyed edges between nodes already in ``g``; each attribute dict is stored as
    given (not copied), and replaces the dict of an edge with the same ``(u, v, key)``.

    The same graph as ``g.add_edges_from(edges)`` when each ``(u, v, key)`` is new,
    without its per-edge copies and checks. An end that is not a node yet raises
    ``KeyError`` (``add_edges_from`` would add it).
    """
    succ, pred = g._succ, g._pred
    for u, v, key, attrs in edges:
        out = succ[u]
        keydict = out.get(v)
        if keydict is None:
            keydict = out[v] = {}
            pred[v][u] = keydict
        keydict[key] = attrs


def derive(g: nx.MultiDiGraph, *, remove_edges: Iterable[tuple[Hashable, Hashable, Hashable]]
           = (), remove_nodes: Iterable[Hashable] = (),
           nodes: Iterable[tuple[Hashable, Attrs]] = (), edges: Iterable[EdgeItem] = (),
           graph: Attrs | None = None) -> nx.MultiDiGraph:
    """A new graph: ``g`` with the changes made, in this order; ``g`` is not changed.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph to start from. It and the new graph share every map the changes do not
        touch, attribute dicts included: change neither afterwards.
    remove_edges : iterable of (u, v, key)
        Edges to remove (each must exist), as ``remove_edges_from``.
    remove_nodes : iterable of node
        Nodes to remove with their edges (each must exist), as ``remove_nodes_from``.
    nodes : iterable of (node, dict)
        Nodes to add, or whose attribute dict to replace by the one given (stored as
        given, not copied).
    edges : iterable of (u, v, key, dict)
        Edges to add (or whose attribute dict to replace), between nodes of the new
        graph, as :func:`add_edges`.
    graph : dict, optional
        The new graph's ``G.graph`` (default: a copy of ``g``'s).

    Returns
    -------
    networkx.MultiDiGraph
        Of ``g``'s class, not frozen.
    """
    draft = _Draft(g)
    for u, v, key in remove_edges:
        draft.remove_edge(u, v, key)
    for n in remove_nodes:
        draft.remove_node(n)
    for n, attrs in nodes:
        draft.set_node(n, attrs)
    for u, v, key, attrs in edges:
        draft.keys(u, v, create=True)[key] = attrs
    new = g.__class__()
    new.graph = dict(g.graph) if graph is None else graph
    new._node = draft.node
    new._adj = draft.succ  # NetworkX's descriptor sets _succ to the same dict
    new._pred = draft.pred
    return new


class _Draft:
    """The maps of the new graph: the old graph's outer maps copied (one C-level copy
    each); an inner map is copied the first time the change writes to it."""

    __slots__ = ("_own_keys", "_own_pred", "_own_succ", "node", "pred", "succ")

    def __init__(self, g: nx.MultiDiGraph):
        self.node: dict[Hashable, Attrs] = dict(g._node)
        self.succ: dict[Hashable, dict[Hashable, dict[Hashable, Attrs]]] = dict(g._succ)
        self.pred: dict[Hashable, dict[Hashable, dict[Hashable, Attrs]]] = dict(g._pred)
        self._own_succ: set[Hashable] = set()
        self._own_pred: set[Hashable] = set()
        self._own_keys: set[tuple[Hashable, Hashable]] = set()

    def out(self, u: Hashable) -> dict[Hashable, dict[Hashable, Attrs]]:
        """``succ[u]``, ours to change."""
        if u not in self._own_succ:
            self.succ[u] = dict(self.succ[u])
            self._own_succ.add(u)
        return self.succ[u]

    def into(self, v: Hashable) -> dict[Hashable, dict[Hashable, Attrs]]:
        """``pred[v]``, ours to change."""
        if v not in self._own_pred:
            self.pred[v] = dict(self.pred[v])
            self._own_pred.add(v)
        return self.pred[v]

    def keys(self, u: Hashable, v: Hashable, *, create: bool = False) -> dict[Hashable, Attrs]:
        """The key dict of ``u -> v``, ours to change, in both ``succ[u]`` and ``pred[v]``
        (a new one if there is none and ``create``; else ``KeyError``)."""
        if (u, v) in self._own_keys:
            return self.succ[u][v]
        old = self.succ[u].get(v)  # KeyError if u is not a node
        if old is None and not create:
            raise KeyError((u, v))
        if old is None and v not in self.pred:
            raise KeyError(v)
        keydict = {} if old is None else dict(old)
        self.out(u)[v] = keydict
        self.into(v)[u] = keydict
        self._own_keys.add((u, v))
        return keydict

    def remove_edge(self, u: Hashable, v: Hashable, key: Hashable) -> None:
        keydict = self.keys(u, v)
        del keydict[key]
        if not keydict:
            del self.out(u)[v], self.into(v)[u]
            self._own_keys.discard((u, v))

    def remove_node(self, n: Hashable) -> None:
        for v in list(self.succ[n]):
            if v != n:
                del self.into(v)[n]
            self._own_keys.discard((n, v))
        for u in list(self.pred[n]):
            if u != n:
                del self.out(u)[n]
            self._own_keys.discard((u, n))
        del self.node[n], self.succ[n], self.pred[n]
        self._own_succ.discard(n)
        self._own_pred.discard(n)

    def set_node(self, n: Hashable, attrs: Attrs) -> None:
        if n not in self.node:
            self.succ[n], self.pred[n] = {}, {}
            self._own_succ.add(n)
            self._own_pred.add(n)
        self.node[n] = attrs
