"""mechgraph: a curated, evidence-graded mechanism knowledge graph.

The public API. Everything here is stable; import it from ``mechgraph``.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")          # doctest: +SKIP
>>> kg.graph.number_of_edges()                  # doctest: +SKIP
41
"""

from mechgraph.diff import GraphDiff, diff_graphs
from mechgraph.edit import (
    EditError,
    EditResult,
    add_edge,
    add_evidence,
    add_node,
    add_reference,
)
from mechgraph.errors import GraphDataError, MechgraphError, Problem
from mechgraph.evidence import Grade, grade_edge
from mechgraph.explain import effect_words, explain, overall_words, short_answer
from mechgraph.export import (
    ExportError,
    export_graph,
    select_view,
    to_cypher,
    to_cytoscape,
    to_graphml,
    to_json,
    to_kgx,
    to_mermaid,
    to_neo4j_csv,
)
from mechgraph.fmt import FmtReport, format_files, format_text
from mechgraph.graph import (
    Location,
    MechGraph,
    check_graph,
    find_files,
    graph_signature,
    load_graph,
)
from mechgraph.model import Edge, Evidence, GraphFile, Node, Reference
from mechgraph.query import (
    EvidenceSummary,
    Filter,
    Path,
    PathReport,
    QueryError,
    compose_signs,
    evidence_summary,
    find_paths,
    focus,
)
from mechgraph.schema import json_schema
from mechgraph.search import Match, search
from mechgraph.source import Limits
from mechgraph.vocab import (
    COMPARISONS,
    DESIGNS,
    EVIDENCE_LEVELS,
    FRAMEWORKS,
    NODE_KINDS,
    RELATION_SIGN,
    RELATIONS,
    STANCES,
    SUBJECTS,
    UNGRADED,
    design_level,
)

__version__ = "0.1.0"

__all__ = [
    "COMPARISONS",
    "DESIGNS",
    "EVIDENCE_LEVELS",
    "FRAMEWORKS",
    "NODE_KINDS",
    "RELATIONS",
    "RELATION_SIGN",
    "STANCES",
    "SUBJECTS",
    "UNGRADED",
    "Edge",
    "EditError",
    "EditResult",
    "Evidence",
    "EvidenceSummary",
    "ExportError",
    "Filter",
    "FmtReport",
    "Grade",
    "GraphDataError",
    "GraphDiff",
    "GraphFile",
    "Limits",
    "Location",
    "Match",
    "MechGraph",
    "MechgraphError",
    "Node",
    "Path",
    "PathReport",
    "Problem",
    "QueryError",
    "Reference",
    "__version__",
    "add_edge",
    "add_evidence",
    "add_node",
    "add_reference",
    "check_graph",
    "compose_signs",
    "design_level",
    "diff_graphs",
    "effect_words",
    "evidence_summary",
    "explain",
    "export_graph",
    "find_files",
    "find_paths",
    "focus",
    "format_files",
    "format_text",
    "grade_edge",
    "graph_signature",
    "json_schema",
    "load_graph",
    "overall_words",
    "search",
    "select_view",
    "short_answer",
    "to_cypher",
    "to_cytoscape",
    "to_graphml",
    "to_json",
    "to_kgx",
    "to_mermaid",
    "to_neo4j_csv",
]
