"""``mechgraph.adjacency``: what it writes into NetworkX's private maps is what the public
API writes, and :func:`derive` never changes the graph it starts from."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mechgraph.adjacency import add_edges, derive

NODES = list("abcdef")
KEYS = ["increases", "decreases"]


def content(g: nx.MultiDiGraph) -> tuple[object, ...]:
    """Everything a reader of ``g`` can see through the public API, order aside."""
    return (
        dict(g.nodes(data=True)),
        sorted(g.edges(keys=True, data=True), key=repr),
        {n: sorted(g.in_edges(n, keys=True, data=True), key=repr) for n in g},
        {n: sorted(g.predecessors(n)) for n in g},
        {n: sorted(g.successors(n)) for n in g},
        g.number_of_edges(),
        g.graph,
    )


def shares_keydicts_like_networkx(g: nx.MultiDiGraph) -> bool:
    """NetworkX's own invariant: ``succ[u][v]`` and ``pred[v][u]`` are one key dict."""
    return all(g._pred[v][u] is keydict
               for u, out in g._succ.items() for v, keydict in out.items()) and all(
        v in g._succ[u] for v, into in g._pred.items() for u in into) and g._adj is g._succ


edge_lists = st.lists(st.tuples(st.sampled_from(NODES), st.sampled_from(NODES),
                                st.sampled_from(KEYS), st.integers(0, 9)), max_size=25)


def public_graph(edges: list[tuple[str, str, str, int]]) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(name="g")
    g.add_nodes_from((n, {"label": n.upper()}) for n in NODES)
    g.add_edges_from((u, v, k, {"w": w}) for u, v, k, w in edges)
    return g


@settings(max_examples=200, deadline=None)
@given(edge_lists)
def test_add_edges_builds_what_add_edges_from_builds(edges: list) -> None:
    fast = nx.MultiDiGraph(name="g")
    fast.add_nodes_from((n, {"label": n.upper()}) for n in NODES)
    add_edges(fast, ((u, v, k, {"w": w}) for u, v, k, w in edges))
    assert content(fast) == content(public_graph(edges))
    assert shares_keydicts_like_networkx(fast)


def test_add_edges_needs_both_ends() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a")
    with pytest.raises(KeyError):
        add_edges(g, [("a", "zz", "increases", {})])


changes = st.fixed_dictionaries({
    "remove_edges": st.lists(st.integers(0, 40), max_size=8),  # indices into the edges
    "remove_nodes": st.lists(st.sampled_from(NODES), max_size=3, unique=True),
    "nodes": st.lists(st.tuples(st.sampled_from([*NODES, "g", "h"]), st.integers(0, 9)),
                      max_size=4),
    "edges": st.lists(st.tuples(st.sampled_from([*NODES, "g", "h"]),
                                st.sampled_from([*NODES, "g", "h"]),
                                st.sampled_from(KEYS), st.integers(10, 19)), max_size=8),
})


@settings(max_examples=300, deadline=None)
@given(edge_lists, changes)
def test_derive_makes_what_the_public_api_makes_and_leaves_the_old_graph_alone(
        edges: list, change: dict) -> None:
    old = public_graph(edges)
    before = copy.deepcopy(content(old))
    existing = list(old.edges(keys=True))
    remove_edges = list(dict.fromkeys(existing[i] for i in change["remove_edges"]
                                      if i < len(existing)))
    remove_nodes = change["remove_nodes"]
    nodes = [(n, {"label": f"{n}{x}"}) for n, x in change["nodes"]]
    present = (set(NODES) - set(remove_nodes)) | {n for n, _ in nodes}
    new_edges = [(u, v, k, {"w": w}) for u, v, k, w in change["edges"]
                 if u in present and v in present]

    expected = old.copy()
    expected.remove_edges_from(remove_edges)
    expected.remove_nodes_from(remove_nodes)
    for n, attrs in nodes:
        if n in expected:
            expected.nodes[n].clear()
        expected.add_node(n, **attrs)
    expected.add_edges_from(new_edges)

    new = derive(old, remove_edges=remove_edges, remove_nodes=remove_nodes, nodes=nodes,
                 edges=new_edges)
    assert content(new) == content(expected)
    assert shares_keydicts_like_networkx(new)
    assert content(old) == before, "derive changed the graph it started from"
    assert shares_keydicts_like_networkx(old)
    # What nothing touched is shared, not copied.
    touched = {u for u, _, _ in remove_edges} | {v for _, v, _ in remove_edges} | set(
        remove_nodes) | {n for n, _ in nodes} | {u for u, *_ in new_edges} | {
        v for _, v, *_ in new_edges} | {
        m for n in remove_nodes for m in (*old.successors(n), *old.predecessors(n))}
    for n in set(NODES) - touched:
        assert new._succ[n] is old._succ[n] and new._pred[n] is old._pred[n]
        assert new._node[n] is old._node[n]


def test_derive_takes_the_graph_attributes_given() -> None:
    old = nx.MultiDiGraph(references={"r": 1})
    assert derive(old).graph == {"references": {"r": 1}}
    assert derive(old).graph is not old.graph
    assert derive(old, graph={"references": {}}).graph == {"references": {}}


def test_derive_refuses_a_missing_edge_or_end_before_changing_anything() -> None:
    old = public_graph([("a", "b", "increases", 1)])
    before = copy.deepcopy(content(old))
    with pytest.raises(KeyError):
        derive(old, remove_edges=[("a", "c", "increases")])
    with pytest.raises(KeyError):
        derive(old, edges=[("a", "zz", "increases", {})])
    assert content(old) == before
