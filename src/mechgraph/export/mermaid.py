"""Mermaid flowcharts (``flowchart LR``) for Markdown pages: a pathway or a focus view.

Each node is ``n_<id>["label"]`` (the ``n_`` prefix keeps ids such as ``end`` from
meeting Mermaid's keywords); each edge an arrow labelled with its sign and relation
(``+ increases``, ``- decreases``, ``? modulates``, ``~ associated with``), dashed
(``-.->``) when it belongs to the traditional framework. Characters that Mermaid reads as
syntax (quotes, brackets, ``#``, ``;``, ``|``, ``<``, ``>``, ``&``, backticks) are written as
its entity codes (``#34;``), and newlines as spaces, so no text can break the chart.
Nodes are classed by kind, arrows coloured by sign.

Examples
--------
>>> import mechgraph
>>> from mechgraph.export import select_view
>>> kg = mechgraph.load_graph("graph")
>>> view = select_view(kg, source="acupuncture", target="chronic_low_back_pain", max_length=1)
>>> print(to_mermaid(kg, view))
flowchart LR
  n_acupuncture["Acupuncture"]
  n_chronic_low_back_pain["Chronic low back pain"]
  n_acupuncture -->|"- decreases"| n_chronic_low_back_pain
  classDef treatment fill:#e3f2fd,stroke:#1565c0
  classDef condition fill:#fdecea,stroke:#c62828
  class n_acupuncture treatment
  class n_chronic_low_back_pain condition
  linkStyle 0 stroke:#d62728
<BLANKLINE>
>>> mermaid_text('He said "no" [sic] #1; a<b')
'He said #34;no#34; #91;sic#93; #35;1#59; a#60;b'
"""

from __future__ import annotations

import networkx as nx

from mechgraph.export.common import sorted_edges, sorted_nodes
from mechgraph.graph import MechGraph
from mechgraph.view import EDGE_COLOURS
from mechgraph.vocab import NODE_KINDS, RELATION_STYLE

__all__ = ["ARROW_LABEL", "KIND_STYLE", "SIGN_COLOUR", "mermaid_id", "mermaid_text",
           "to_mermaid"]

ARROW_LABEL = {r: f"{style.symbol} {style.words}" for r, style in RELATION_STYLE.items()}
"""The label on each relation's arrow: its sign, then the relation."""

KIND_STYLE = {
    "treatment": "fill:#e3f2fd,stroke:#1565c0",
    "mediator": "fill:#f3e5f5,stroke:#6a1b9a",
    "process": "fill:#e8f5e9,stroke:#2e7d32",
    "condition": "fill:#fdecea,stroke:#c62828",
    "outcome": "fill:#fff8e1,stroke:#ef6c00",
    "adverse_effect": "fill:#fbe9e7,stroke:#bf360c,stroke-width:2px",
    "concept": "fill:#eeeeee,stroke:#616161,stroke-dasharray:4 3",
}
"""The ``classDef`` of each node kind."""

SIGN_COLOUR = dict(EDGE_COLOURS)
"""The arrow colour of each relation: the app's picture's colours (blue +, red -)."""

_ESCAPE = {ch: f"#{ord(ch)};" for ch in '"#;[]<>|`&'}


def mermaid_id(node: str) -> str:
    """The Mermaid id of a node: ``n_`` and the node id (ids are ``[a-z][a-z0-9_]*``)."""
    return f"n_{node}"


def mermaid_text(text: str) -> str:
    """Text as it may stand inside a quoted Mermaid label: syntax characters as entity
    codes, every run of white space (newlines too) as one space."""
    return "".join(_ESCAPE.get(ch, ch) for ch in " ".join(text.split()))


def to_mermaid(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> str:
    """The graph (or the view ``graph``: best a pathway or a focus, see
    :func:`mechgraph.export.select_view`) as a Mermaid flowchart, left to right.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        The view to draw instead of the whole graph.

    Returns
    -------
    str
        The chart, without the Markdown fence (put it in a ```` ```mermaid ```` block).
    """
    g = kg.graph if graph is None else graph
    nodes = sorted_nodes(g)
    edges = sorted_edges(g)
    lines = ["flowchart LR"]
    lines += [f'  {mermaid_id(n)}["{mermaid_text(g.nodes[n]["label"])}"]' for n in nodes]
    by_relation: dict[str, list[str]] = {}
    for index, (source, target, relation) in enumerate(edges):
        arrow = "-.->" if g.edges[source, target, relation]["framework"] == "traditional" \
            else "-->"
        lines.append(f'  {mermaid_id(source)} {arrow}|"{ARROW_LABEL[relation]}"| '
                     f"{mermaid_id(target)}")
        by_relation.setdefault(relation, []).append(str(index))
    kinds = [k for k in NODE_KINDS if any(g.nodes[n]["kind"] == k for n in nodes)]
    lines += [f"  classDef {kind} {KIND_STYLE[kind]}" for kind in kinds]
    lines += [f"  class {mermaid_id(n)} {g.nodes[n]['kind']}" for n in nodes]
    lines += [f"  linkStyle {','.join(indexes)} stroke:{SIGN_COLOUR[relation]}"
              for relation, indexes in sorted(by_relation.items())]
    return "\n".join(lines) + "\n"
