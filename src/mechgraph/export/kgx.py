"""KGX TSV (``nodes.tsv``, ``edges.tsv``) with Biolink 4 categories, predicates and
qualifiers, for Biolink and Translator pipelines.

The mapping, one table in ``docs/export.md`` (tests check that the two agree):

- node kinds -> categories: :data:`CATEGORY`; node ids become CURIEs of the project
  prefix, ``mechgraph:acupuncture``, with their ``xrefs`` (``MESH:...``) kept;
- relations -> predicates: :data:`PREDICATE`. A signed causal relation is
  ``biolink:affects`` qualified as ``biolink:causes`` with an
  ``object_direction_qualifier`` (``increased`` / ``decreased``), the way the Biolink
  model's own examples write a causal increase or decrease;
  ``biolink:positively_correlated_with`` would say correlation, not cause. ``modulates``
  (causal, direction unknown) is plain ``biolink:affects``; ``associated_with`` is
  ``biolink:correlated_with``;
- ``knowledge_level`` from the relation and the evidence level (:func:`knowledge_level`),
  ``agent_type`` always ``manual_agent`` (every edge is curated by hand from the cited
  papers), ``primary_knowledge_source`` ``infores:mechgraph``;
- ``publications``: the references that *support* the edge, as ``PMID:...`` (or
  ``doi:...`` without a PMID). Refuting and inconclusive evidence has no Biolink slot on
  an edge: the ``json`` and ``cypher`` exports keep it.

Nodes and edges of the traditional framework (Qi, meridians) are left out: Biolink has
no way to say "a traditional explanation, not a measured effect", and a KGX consumer
would merge ``acupuncture affects Qi`` into its reasoning as biology.

Examples
--------
>>> import mechgraph
>>> files = to_kgx(mechgraph.load_graph("graph"))
>>> sorted(files)
['edges.tsv', 'nodes.tsv']
>>> edges = [line.split("\\t") for line in files["edges.tsv"].splitlines()]
>>> row = dict(zip(edges[0], next(e for e in edges if e[0].endswith(
...     "acupuncture.decreases.chronic_low_back_pain"))))
>>> row["predicate"], row["qualified_predicate"], row["object_direction_qualifier"]
('biolink:affects', 'biolink:causes', 'decreased')
>>> row["publications"].split("|")[:2]
['PMID:29198932', 'PMID:22965186']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from mechgraph.export.common import edge_record, node_record, sorted_edges, sorted_nodes
from mechgraph.graph import MechGraph
from mechgraph.vocab import DEFINITIONAL, LEVEL_RANK, UNGRADED

__all__ = [
    "AGENT_TYPE",
    "CATEGORY",
    "EDGE_CATEGORY",
    "EDGE_COLUMNS",
    "KNOWLEDGE_SOURCE",
    "NODE_COLUMNS",
    "PREDICATE",
    "PREFIX",
    "curie",
    "knowledge_level",
    "publication_curie",
    "to_kgx",
]

PREFIX = "mechgraph"
"""The CURIE prefix of our node and edge ids (not in the Biolink prefix map: local ids)."""

KNOWLEDGE_SOURCE = "infores:mechgraph"
"""The ``primary_knowledge_source`` and ``provided_by`` of everything exported (a local
information-resource id: register one in the Translator catalogue before publishing)."""

AGENT_TYPE = "manual_agent"

CATEGORY: dict[str, str] = {
    "treatment": "biolink:Procedure",
    "mediator": "biolink:MolecularEntity",
    "process": "biolink:BiologicalProcess",
    "condition": "biolink:Disease",
    "outcome": "biolink:ClinicalFinding",
    "adverse_effect": "biolink:DiseaseOrPhenotypicFeature",
    "concept": "biolink:NamedThing",
}
"""The Biolink category of each node kind."""

PREDICATE: dict[str, dict[str, str]] = {
    "increases": {"predicate": "biolink:affects", "qualified_predicate": "biolink:causes",
                  "object_direction_qualifier": "increased"},
    "decreases": {"predicate": "biolink:affects", "qualified_predicate": "biolink:causes",
                  "object_direction_qualifier": "decreased"},
    "modulates": {"predicate": "biolink:affects"},
    "associated_with": {"predicate": "biolink:correlated_with"},
}
"""The Biolink predicate and qualifiers of each relation."""

EDGE_CATEGORY: dict[str, str] = {
    "condition": "biolink:EntityToDiseaseAssociation",
    "outcome": "biolink:EntityToPhenotypicFeatureAssociation",
    "adverse_effect": "biolink:EntityToPhenotypicFeatureAssociation",
}
"""The association class by the kind of the edge's object; ``biolink:Association``
otherwise (Biolink has no narrower class for an effect on a process or a mediator)."""

NODE_COLUMNS = ("id", "category", "name", "description", "synonym", "xref", "provided_by")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "category", "qualified_predicate",
                "object_direction_qualifier", "knowledge_level", "agent_type",
                "primary_knowledge_source", "publications", "evidence_count", "description")


def curie(local_id: str) -> str:
    """Our id as a CURIE: ``mechgraph:acupuncture``."""
    return f"{PREFIX}:{local_id}"


def knowledge_level(relation: str, evidence_level: str) -> str:
    """The Biolink ``knowledge_level`` of an edge.

    ``statistical_association`` for ``associated_with``; ``logical_entailment`` for a link
    that holds by definition (``definitional``: it follows from what the target means, no
    study asserts it); ``knowledge_assertion`` when
    studies (human, animal or cell) support it; ``prediction`` when only hypotheses,
    opinions or consensus do; ``not_provided`` when nothing checked supports it (a
    ``claimed_by`` claim, or evidence that only refutes).

    Examples
    --------
    >>> knowledge_level("decreases", "high"), knowledge_level("increases", "opinion")
    ('knowledge_assertion', 'prediction')
    >>> knowledge_level("increases", "definitional")
    'logical_entailment'
    """
    if relation == "associated_with":
        return "statistical_association"
    if evidence_level == DEFINITIONAL:
        return "logical_entailment"
    if evidence_level == UNGRADED or evidence_level == "none":
        return "not_provided"
    if LEVEL_RANK[evidence_level] >= LEVEL_RANK["preclinical"]:
        return "knowledge_assertion"
    return "prediction"


def publication_curie(reference: dict[str, Any]) -> str | None:
    """A reference as a publication CURIE: ``PMID:...``, else ``doi:...``, else ``None``
    (a reference with only a URL has no CURIE)."""
    if reference.get("pmid"):
        return f"PMID:{reference['pmid']}"
    if reference.get("doi"):
        return f"doi:{reference['doi']}"
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(_cell(v).replace("|", "/") for v in value)
    return " ".join(str(value).split())  # no tab or newline inside a TSV cell


def _tsv(columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> str:
    columns = list(columns)
    lines = ["\t".join(columns)]
    lines += ["\t".join(_cell(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def to_kgx(kg: MechGraph, graph: nx.MultiDiGraph | None = None) -> dict[str, str]:
    """The graph (or the view ``graph``) as KGX TSV: ``{"nodes.tsv": ..., "edges.tsv":
    ...}``. Lists are joined with ``|``; the traditional framework is left out.

    Parameters
    ----------
    kg : MechGraph
    graph : networkx.MultiDiGraph, optional
        A view of ``kg.graph`` to export instead (see :func:`mechgraph.export.select_view`).
    """
    g = kg.graph if graph is None else graph
    refs = g.graph.get("references", {})
    nodes = [node_record(g, n) for n in sorted_nodes(g)]
    kept = {n["id"]: n for n in nodes if n["framework"] != "traditional"}
    node_rows = [{"id": curie(n["id"]), "category": CATEGORY[n["kind"]], "name": n["label"],
                  "description": n["description"] or n["plain"], "synonym": n["synonyms"],
                  "xref": n["xrefs"], "provided_by": [KNOWLEDGE_SOURCE]}
                 for n in kept.values()]
    edge_rows = []
    for key in sorted_edges(g):
        e = edge_record(g, key)
        if e["framework"] == "traditional" or e["source"] not in kept or e["target"] not in kept:
            continue
        supporting = dict.fromkeys(item["ref"] for item in g.edges[key].get("evidence") or []
                                   if item["stance"] == "supports")
        publications = [c for c in (publication_curie(refs.get(r, {})) for r in supporting) if c]
        edge_rows.append({
            "id": curie(e["id"]), "subject": curie(e["source"]), "object": curie(e["target"]),
            **PREDICATE[e["relation"]],
            "category": EDGE_CATEGORY.get(kept[e["target"]]["kind"], "biolink:Association"),
            "knowledge_level": knowledge_level(e["relation"], e["evidence_level"]),
            "agent_type": AGENT_TYPE, "primary_knowledge_source": KNOWLEDGE_SOURCE,
            "publications": list(dict.fromkeys(publications)),
            "evidence_count": e["evidence_count"], "description": e["description"]})
    return {"nodes.tsv": _tsv(NODE_COLUMNS, node_rows),
            "edges.tsv": _tsv(EDGE_COLUMNS, edge_rows)}
