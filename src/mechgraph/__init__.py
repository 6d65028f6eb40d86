"""mechgraph: a curated, evidence-graded mechanism knowledge graph.

The public API. Everything here is stable; import it from ``mechgraph``.

Each name is imported from its module the first time it is used (PEP 562), so that
``import mechgraph`` and the command line start fast: ``mechgraph.load_graph`` imports
NetworkX and the models, ``mechgraph.to_kgx`` the exporters, and ``import mechgraph`` alone
neither. ``from mechgraph import X``, ``dir(mechgraph)`` and ``__all__`` work as usual.

``mechgraph.Path`` is the old name of :class:`Pathway` (one path through the graph); it
still works, with a :class:`DeprecationWarning`, and will go in a later version.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")          # doctest: +SKIP
>>> kg.graph.number_of_edges()                  # doctest: +SKIP
41
"""

from __future__ import annotations

import importlib
import sys
import types
import warnings

__version__ = "0.1.0"

_PUBLIC: dict[str, tuple[str, ...]] = {
    "mechgraph.change": ("remove_edge", "remove_evidence", "remove_node", "remove_reference",
                         "rename_node", "rename_reference", "set_edge", "set_evidence",
                         "set_node", "set_reference"),
    "mechgraph.claims": ("ClaimEdge", "ClaimVerdict", "UnknownSourceError", "claim_verdicts",
                         "claims_touching"),
    "mechgraph.compare": ("ClinicalEffect", "Comparison", "DirectEffect", "Finding", "LeftOut",
                          "PathwayGroup", "TreatmentComparison", "WeakestLink", "compare"),
    "mechgraph.diff": ("GraphDiff", "diff_graphs"),
    "mechgraph.edit": ("EditError", "EditResult", "add_edge", "add_evidence", "add_node",
                       "add_reference"),
    "mechgraph.errors": ("GraphDataError", "InternalError", "MechgraphError", "Problem"),
    "mechgraph.evidence": ("Grade", "grade_edge"),
    "mechgraph.explain": ("explain",),
    "mechgraph.export": ("ExportError", "export_graph", "select_view", "to_cypher",
                         "to_cytoscape", "to_graphml", "to_json", "to_kgx", "to_mermaid",
                         "to_neo4j_csv"),
    "mechgraph.fmt": ("FmtReport", "format_files", "format_text"),
    "mechgraph.glance": ("effect_words", "overall_words", "short_answer"),
    "mechgraph.graph": ("GraphCounts", "Location", "MechGraph", "check_graph", "find_files",
                        "graph_signature", "load_graph", "validate_graph"),
    "mechgraph.model": ("Citation", "Claim", "Edge", "EdgeRef", "Evidence", "GraphFile", "Node",
                        "Reference", "SourceText"),
    "mechgraph.query": ("EvidenceSummary", "Filter", "PathReport", "Pathway", "QueryError",
                        "compose_signs", "evidence_summary", "find_paths", "focus"),
    "mechgraph.schema": ("json_schema",),
    "mechgraph.search": ("Match", "search"),
    "mechgraph.source": ("Limits",),
    "mechgraph.uses": ("Use", "uses"),
    "mechgraph.vocab": ("COMPARISONS", "DEFINITIONAL", "DESIGNS", "EVIDENCE_LEVELS",
                        "FRAMEWORKS", "NODE_KINDS", "RELATIONS", "RELATION_SIGN", "STANCES",
                        "SUBJECTS", "UNGRADED", "VERDICTS", "VERDICT_STYLE", "design_level"),
}
"""Where each public name lives: module -> names (the one table of the public API)."""

_HOME: dict[str, str] = {name: module for module, names in _PUBLIC.items() for name in names}

_DEPRECATED: dict[str, tuple[str, str]] = {"Path": ("Pathway", "mechgraph.Pathway")}
"""Old public names: old name -> (new name, what to use instead)."""

__all__ = sorted([*_HOME, "__version__"])


def __getattr__(name: str) -> object:
    """Import a public name from its module the first time it is asked for."""
    if name in _DEPRECATED:
        new, instead = _DEPRECATED[name]
        warnings.warn(f"mechgraph.{name} is deprecated; use {instead}", DeprecationWarning,
                      stacklevel=2)
        return __getattr__(new)
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'mechgraph' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package's module type: a public name stays the function even when a submodule
    of the same name (``mechgraph.explain``, ``mechgraph.search``) is imported later, as it
    did when this file imported every name at once."""

    def __setattr__(self, name: str, value: object) -> None:
        if (isinstance(value, types.ModuleType) and _HOME.get(name) == value.__name__
                and hasattr(value, name)):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
