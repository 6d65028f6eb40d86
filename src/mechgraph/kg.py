"""The loaded graph: :class:`MechGraph`, where its items were written, how its load went.

What :func:`mechgraph.load_graph` returns. The types only, without the loading
machinery, so that code which only reads a graph needs nothing else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mechgraph.vocab import (
    DEFINITIONAL,
    DESIGNS,
    EVIDENCE_LEVELS,
    FRAMEWORKS,
    NODE_KINDS,
    RELATIONS,
    UNGRADED,
)

if TYPE_CHECKING:
    import networkx as nx

    from mechgraph.evidence import Grade
    from mechgraph.model import Edge, Expectation, Node, Reference, SourceText

__all__ = ["LoadReport", "Location", "MechGraph"]


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
    """True when the graph was made from the previous graph of the folder, touching only
    the changed files' nodes and edges, instead of built anew."""


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
        keys ``("node", id)``, ``("edge", key)``, ``("reference", key)``,
        ``("source", key)``, ``("expectation", id)``.
    graph : networkx.MultiDiGraph
        Nodes carry every :class:`Node` field plus ``file``; edges (keyed by relation, so
        parallel edges with different relations both survive) carry every :class:`Edge`
        field plus ``sign``, ``framework``, ``evidence_level``, ``contested``, ``file``,
        and ``evidence`` as a list of dicts that also
        hold the cited reference's ``title``, ``year``, ``design``, ``level`` and ``links``.
        ``graph.graph["references"]`` holds every reference as a dict.
    sources : dict of str to SourceText
        The texts whose claims the graph checks, by key (never evidence; see
        :mod:`mechgraph.claims` for their verdicts).
    expectations : dict of str to Expectation
        What the graph's answers must keep, by id, in file order (see
        :mod:`mechgraph.expectations`).
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
    """What ``graph`` was built from (see :mod:`mechgraph.build`)."""
    sources: dict[str, SourceText] = field(default_factory=dict)
    expectations: dict[str, Expectation] = field(default_factory=dict)

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
            "edges_by_evidence_level": _count(levels, (*EVIDENCE_LEVELS, UNGRADED,
                                                                DEFINITIONAL)),
            "edges_by_framework": _count(edge_frameworks, FRAMEWORKS),
            "references_by_design": _count(Counter(r.design for r in self.references.values()),
                                           DESIGNS),
        }


def _count(counter: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    return {name: counter.get(name, 0) for name in order}
