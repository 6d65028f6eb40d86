"""Edge keys written as text and read back (``mechgraph.keys``)."""

from __future__ import annotations

import pytest
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.keys import as_edge_key, edge_id, edge_ref, parse_edge_ref
from mechgraph.view import view_data


def test_every_edge_of_the_seed_reads_back_from_its_reference() -> None:
    kg = load_graph(GRAPH)
    for key in kg.edges:
        assert parse_edge_ref(edge_ref(key)) == key
        assert as_edge_key(edge_ref(key)) == key
        assert edge_id(*key).split(".") == [key[0], key[2], key[1]]


def test_the_picture_names_its_edges_by_reference() -> None:
    kg = load_graph(GRAPH)
    data = view_data(kg, kg.graph)
    assert {parse_edge_ref(e["id"]) for e in data["edges"]} <= set(kg.edges)


@pytest.mark.parametrize("text", ["", "qi", "qi|endorphins", "a|b|c|d", "a||c", "|b|c"])
def test_a_malformed_reference_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not an edge reference: .* \(expected "
                                         r"source\|target\|relation\)$"):
        parse_edge_ref(text)
    assert as_edge_key(text) is None
