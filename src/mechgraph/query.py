"""Questions to a loaded graph: paths and their net effect, focus, filters, evidence.

Every function takes the :class:`~mechgraph.graph.MechGraph` and, where it helps, a
``graph`` to work on instead of ``kg.graph`` (a filtered or focused view), so that the
pieces compose: ``find_paths(kg, a, b, graph=Filter(min_level="low").apply(kg.graph))``.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
>>> best = report.paths[0]
>>> best.nodes, best.net_effect, best.weakest_evidence
(('acupuncture', 'chronic_low_back_pain'), 'decreases', 'high')
>>> report.overall
'decreases'
"""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from mechgraph.errors import MechgraphError
from mechgraph.evidence import EVIDENCE_BASES, path_grade, path_rank
from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey
from mechgraph.text import suggest
from mechgraph.vocab import (
    EVIDENCE_LEVELS,
    FILTER_FIELDS,
    FILTER_VOCABULARIES,
    LEVEL_RANK,
    RELATION_SIGN,
    STANCES,
)

__all__ = ["DIRECTIONS", "FILTER_ATTRIBUTES", "EvidenceSummary", "Filter", "PathReport",
           "Pathway", "QueryError", "compose_signs", "evidence_summary", "find_paths", "focus",
           "require_edge", "require_node"]

NetEffect = Literal["increases", "decreases", "unknown", "not_causal"]
DIRECTIONS = ("both", "downstream", "upstream")
MAX_LENGTH_LIMIT = 12
FILTER_ATTRIBUTES: dict[str, str] = {
    name: {"subjects": "subjects", "basis": "bases"}.get(name, f"{name}s")
    for name in FILTER_FIELDS}
"""The :class:`Filter` attribute of each filter field: its plural (``subjects`` already
is one)."""


class QueryError(MechgraphError):
    """A question the graph cannot answer as asked: an unknown id, a bad filter value."""


def require_node(kg: MechGraph, node: str, graph: nx.MultiDiGraph | None = None) -> str:
    """Return ``node`` if the graph has it, else raise :class:`QueryError` with the
    closest ids.

    Examples
    --------
    >>> import mechgraph
    >>> require_node(mechgraph.load_graph("graph"), "endorphin")
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: unknown node 'endorphin' (did you mean 'endorphins'?)
    """
    if node not in kg.nodes:
        raise QueryError(f"unknown node '{node}'{suggest(node, kg.nodes)}")
    if graph is not None and node not in graph:
        raise QueryError(f"node '{node}' is hidden by the filters")
    return node


def require_edge(kg: MechGraph, key: EdgeKey) -> EdgeKey:
    """Return the edge ``(source, target, relation)`` if the graph has it, else raise
    :class:`QueryError` saying which links the two nodes do have.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> require_edge(kg, ("acupuncture", "endorphins", "decreases"))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: no edge acupuncture -decreases-> endorphins; ... -increases-> ...
    """
    source, target, relation = key
    require_node(kg, source)
    require_node(kg, target)
    if (source, target, relation) in kg.edges:
        return (source, target, relation)
    have = [f"{u} -{r}-> {v}" for u, v, r in sorted(kg.graph.edges(source, keys=True))
            if v == target]
    raise QueryError(f"no edge {source} -{relation}-> {target}; the graph has: "
                     + (", ".join(have) if have else "no link between them"))


def compose_signs(relations: Iterable[str]) -> NetEffect:
    """The net effect of a chain of relations: the product of their signs.

    ``increases`` is +, ``decreases`` is -; a ``modulates`` link makes the sign unknown;
    an ``associated_with`` link makes the chain not causal (that wins over unknown).

    Examples
    --------
    >>> compose_signs(["increases", "decreases"])
    'decreases'
    >>> compose_signs(["decreases", "decreases"])
    'increases'
    >>> compose_signs(["increases", "modulates"])
    'unknown'
    >>> compose_signs(["modulates", "associated_with"])
    'not_causal'
    """
    product, unknown = 1, False
    for relation in relations:
        sign = RELATION_SIGN[relation]
        if sign is None:
            return "not_causal"
        if sign == 0:
            unknown = True
        else:
            product *= sign
    if unknown:
        return "unknown"
    return "increases" if product > 0 else "decreases"


@dataclass(frozen=True)
class Pathway:
    """One path from source to target, one edge per step (parallel edges: separate paths).

    Attributes
    ----------
    edges : tuple of (source, target, relation)
    nodes : tuple of str
    relations : tuple of str
    net_effect : str
        ``increases``, ``decreases``, ``unknown`` or ``not_causal`` (:func:`compose_signs`).
    weakest_evidence : str
        The lowest evidence level on the path (``ungraded`` if it crosses the traditional
        framework), leaving out links that hold by definition (:func:`path_grade`).
    contested : bool
        Whether any edge on it is contested.
    frameworks : tuple of str
        The frameworks its edges belong to, sorted.
    refuted, evidence_basis : bool, str
        Whether any edge on it is refuted; what its weakest link rests on (``human`` ...).
    """

    edges: tuple[EdgeKey, ...]
    nodes: tuple[str, ...]
    relations: tuple[str, ...]
    net_effect: NetEffect
    weakest_evidence: str
    contested: bool
    frameworks: tuple[str, ...]
    refuted: bool = False
    evidence_basis: str = "human"

    @property
    def length(self) -> int:
        """The number of edges."""
        return len(self.edges)

    @property
    def traditional(self) -> bool:
        """Whether the path crosses the traditional framework."""
        return "traditional" in self.frameworks

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``mechgraph paths --json``."""
        return {"nodes": list(self.nodes), "relations": list(self.relations),
                "net_effect": self.net_effect, "weakest_evidence": self.weakest_evidence,
                "contested": self.contested, "refuted": self.refuted, "length": self.length,
                "evidence_basis": self.evidence_basis, "frameworks": list(self.frameworks)}


def _path(graph: nx.MultiDiGraph, edges: tuple[EdgeKey, ...]) -> Pathway:
    data = [graph.edges[e] for e in edges]
    weakest, basis = path_grade(data)
    return Pathway(edges, (edges[0][0], *(e[1] for e in edges)), tuple(e[2] for e in edges),
                compose_signs(e[2] for e in edges), weakest, any(d["contested"] for d in data),
                tuple(sorted({d["framework"] for d in data})),
                any(d.get("refuted", False) for d in data), basis)


@dataclass(frozen=True)
class PathReport:
    """All paths from ``source`` to ``target`` and the overall effect they add up to.

    Attributes
    ----------
    paths : tuple of Pathway
        Best evidence first (by weakest link), then shortest.
    overall : str
        The effect of source on target over the biomedical paths: ``increases`` or
        ``decreases`` when every causal path of known sign agrees, ``ambiguous`` when they
        disagree, ``unknown`` when no causal path has a known sign, ``not_causal`` when
        the only paths are associations, ``none`` when there is no biomedical path.
        Paths through the traditional framework are listed but never counted.
    by_effect : dict of str to tuple of Pathway
        The biomedical paths on each side (``increases``, ``decreases``, ``unknown``,
        ``not_causal``).
    truncated : bool
        True when the search stopped at ``limit`` paths (or its step budget): then more
        paths exist than are listed.
    """

    source: str
    target: str
    max_length: int
    paths: tuple[Pathway, ...]
    overall: str
    by_effect: Mapping[str, tuple[Pathway, ...]]
    truncated: bool

    @classmethod
    def of(cls, paths: Iterable[Pathway]) -> PathReport:
        """A report over paths found elsewhere (they share a source and a target).

        Examples
        --------
        >>> import mechgraph
        >>> kg = mechgraph.load_graph("graph")
        >>> some = find_paths(kg, "acupuncture", "chronic_low_back_pain").paths[:2]
        >>> PathReport.of(some).overall
        'decreases'
        """
        paths = tuple(paths)
        if not paths:
            raise QueryError("no paths were given")
        overall, by_effect = _overall(paths)
        return cls(paths[0].nodes[0], paths[0].nodes[-1], max(p.length for p in paths),
                   paths, overall, by_effect, False)

    @property
    def by_evidence(self) -> dict[str, int]:  # so that untested paths never seem to weigh
        """How many paths rest on each kind of evidence (:data:`EVIDENCE_BASES`)."""
        return {b: sum(p.evidence_basis == b for p in self.paths) for b in EVIDENCE_BASES}

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``mechgraph paths --json`` (see the README)."""
        return {"source": self.source, "target": self.target, "max_length": self.max_length,
                "overall": self.overall, "truncated": self.truncated,
                "by_evidence": self.by_evidence, "paths": [p.to_dict() for p in self.paths]}


def _overall(paths: Iterable[Pathway]) -> tuple[str, dict[str, tuple[Pathway, ...]]]:
    sides: dict[str, list[Pathway]] = {"increases": [], "decreases": [], "unknown": [],
                                    "not_causal": []}
    for p in paths:
        if not p.traditional:
            sides[p.net_effect].append(p)
    by_effect = {k: tuple(v) for k, v in sides.items()}
    if sides["increases"] and sides["decreases"]:
        return "ambiguous", by_effect
    for effect in ("increases", "decreases", "unknown", "not_causal"):
        if sides[effect]:
            return effect, by_effect
    return "none", by_effect


def find_paths(kg: MechGraph, source: str, target: str, *, max_length: int = 6,
               limit: int = 500, graph: nx.MultiDiGraph | None = None,
               max_steps: int = 2_000_000) -> PathReport:
    """All simple paths from ``source`` to ``target`` of at most ``max_length`` edges.

    The search only walks into nodes that can still reach the target within the length
    left, so it stays bounded on dense graphs; it stops at ``limit`` paths or after
    ``max_steps`` steps, and then says so (``truncated``).

    Parameters
    ----------
    kg : MechGraph
    source, target : str
        Node ids.
    max_length : int, optional
        The most edges on a path (default 6, at most 12).
    limit : int, optional
        The most paths to return (default 500).
    graph : networkx.MultiDiGraph, optional
        A view to search instead of ``kg.graph`` (see :class:`Filter`, :func:`focus`).
    max_steps : int, optional
        A budget of search steps.

    Returns
    -------
    PathReport

    Raises
    ------
    QueryError
        For an unknown or hidden node, the same node twice, or a bad length.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> report = find_paths(kg, "acupuncture", "chronic_low_back_pain", max_length=3)
    >>> [" -> ".join(p.nodes) for p in report.paths if "endorphins" in p.nodes]
    ['acupuncture -> endorphins -> pain_signalling -> chronic_low_back_pain']
    """
    g = kg.graph if graph is None else graph
    require_node(kg, source, g)
    require_node(kg, target, g)
    if source == target:
        raise QueryError(f"source and target are the same node ('{source}')")
    if not 1 <= max_length <= MAX_LENGTH_LIMIT:
        raise QueryError(f"the path length must be between 1 and {MAX_LENGTH_LIMIT}, "
                         f"not {max_length}")
    distance = nx.single_source_shortest_path_length(g.reverse(copy=False), target,
                                                     cutoff=max_length)
    found: list[tuple[EdgeKey, ...]] = []
    truncated = False
    steps = 0
    on_path = {source}
    edges: list[EdgeKey] = []
    succ = g.succ

    def walk(node: str) -> bool:
        """Depth-first; False when the search must stop."""
        nonlocal steps, truncated
        for nbr, keydict in succ[node].items():
            if nbr in on_path:
                continue
            steps += 1
            if steps > max_steps:
                truncated = True
                return False
            if nbr == target:
                for key in keydict:
                    if len(found) >= limit:
                        truncated = True
                        return False
                    found.append((*edges, (node, nbr, key)))
            elif len(edges) + 1 + distance.get(nbr, math.inf) <= max_length:
                on_path.add(nbr)
                for key in keydict:
                    edges.append((node, nbr, key))
                    more = walk(nbr)
                    edges.pop()
                    if not more:
                        on_path.discard(nbr)
                        return False
                on_path.discard(nbr)
        return True

    if source in distance:
        walk(source)
    paths = sorted((_path(g, p) for p in found),
                   key=lambda p: (-path_rank(p.weakest_evidence), p.length, p.contested,
                                  p.nodes, p.relations))
    overall, by_effect = _overall(paths)
    return PathReport(source, target, max_length, tuple(paths), overall, by_effect, truncated)


def focus(kg: MechGraph, node: str, *, depth: int = 1, direction: str = "both",
          graph: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """The neighbourhood of ``node``: every node within ``depth`` steps, as a view.

    Parameters
    ----------
    kg : MechGraph
    node : str
    depth : int, optional
        Steps from the node (default 1; 0 is the node alone).
    direction : str, optional
        ``downstream`` (what it acts on), ``upstream`` (what acts on it) or ``both``.
    graph : networkx.MultiDiGraph, optional
        A view to work in instead of ``kg.graph``.

    Returns
    -------
    networkx.MultiDiGraph
        A read-only subgraph view with every edge among the chosen nodes.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> sorted(focus(kg, "endorphins", direction="upstream"))
    ['acupuncture', 'endorphins', 'exercise', 'spinal_manipulation']
    """
    g = kg.graph if graph is None else graph
    require_node(kg, node, g)
    if direction not in DIRECTIONS:
        raise QueryError(f"unknown direction '{direction}'{suggest(direction, DIRECTIONS)}; "
                         f"allowed: {', '.join(DIRECTIONS)}")
    if depth < 0:
        raise QueryError(f"the depth must be 0 or more, not {depth}")
    seen = {node: 0}
    queue = deque([node])
    while queue:
        current = queue.popleft()
        if seen[current] == depth:
            continue
        nexts: list[str] = []
        if direction in ("both", "downstream"):
            nexts.extend(g.successors(current))
        if direction in ("both", "upstream"):
            nexts.extend(g.predecessors(current))
        for nbr in nexts:
            if nbr not in seen:
                seen[nbr] = seen[current] + 1
                queue.append(nbr)
    return g.subgraph(seen)


def _choices(name: str, values: Iterable[str] | None, allowed: tuple[str, ...],
             ) -> frozenset[str] | None:
    if values is None:
        return None
    chosen = frozenset(values)
    for value in sorted(chosen):
        if value not in allowed:
            raise QueryError(f"unknown {name} '{value}'{suggest(value, allowed)}; "
                             f"allowed: {', '.join(allowed)}")
    return chosen


@dataclass(frozen=True)
class Filter:
    """A sub-view of the graph: which edges and nodes to keep. ``None`` keeps everything.

    Attributes
    ----------
    relations : set of str, optional
        Keep edges with these relations.
    min_level : str, optional
        Keep edges graded at least this level (``high`` ... ``none``); edges of the
        traditional framework are not graded and are then left out.
    stances, designs, subjects, comparisons : set of str, optional
        Keep edges with at least one evidence item that matches all the given ones
        (its stance, its reference's design, who its reference studied, its comparison).
        ``subjects={"animal"}`` also keeps narrative reviews of animal work, which
        ``designs={"animal"}`` misses.
    kinds : set of str, optional
        Keep nodes of these kinds (and the edges between them).
    frameworks : set of str, optional
        Keep nodes and edges of these frameworks.
    bases : set of str, optional
        Keep edges that rest on these bases (:data:`~mechgraph.vocab.BASES`: ``studied``,
        ``curated``, ``claimed``, ``traditional``).

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> view = Filter(min_level="moderate").apply(kg.graph)
    >>> sorted(e[:2] for e in view.edges if e[0] == "acupuncture")[:2]
    [('acupuncture', 'back_disability'), ('acupuncture', 'chronic_low_back_pain')]
    >>> Filter(stances=["support"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: unknown stance 'support' (did you mean 'supports'?); ...
    >>> Filter.of_fields({"subjects": ["animal"], "design": None}).subjects
    frozenset({'animal'})
    """

    relations: frozenset[str] | None = None
    min_level: str | None = None
    stances: frozenset[str] | None = None
    designs: frozenset[str] | None = None
    subjects: frozenset[str] | None = None
    comparisons: frozenset[str] | None = None
    kinds: frozenset[str] | None = None
    frameworks: frozenset[str] | None = None
    bases: frozenset[str] | None = None

    def __post_init__(self) -> None:
        for name, attr in FILTER_ATTRIBUTES.items():
            object.__setattr__(self, attr, _choices(name, getattr(self, attr),
                                                    FILTER_VOCABULARIES[name]))
        if self.min_level is not None and self.min_level not in EVIDENCE_LEVELS:
            raise QueryError(f"unknown evidence level '{self.min_level}'"
                             f"{suggest(self.min_level, EVIDENCE_LEVELS)}; allowed: "
                             f"{', '.join(EVIDENCE_LEVELS)}")

    @classmethod
    def of_fields(cls, values: Mapping[str, Iterable[str] | None],
                  min_level: str | None = None) -> Filter:
        """A filter from values keyed by filter field (``design``, ``subjects``: the
        names of :data:`~mechgraph.vocab.FILTER_FIELDS`, of the CLI options and of the
        app's URL); ``None`` or an empty collection keeps everything."""
        unknown = sorted(set(values) - set(FILTER_ATTRIBUTES))
        if unknown:
            raise QueryError(f"unknown filter '{unknown[0]}'"
                             f"{suggest(unknown[0], FILTER_ATTRIBUTES)}; allowed: "
                             f"{', '.join(FILTER_ATTRIBUTES)}")
        return cls(**{FILTER_ATTRIBUTES[name]: (frozenset(v) if v else None)
                      for name, v in values.items()}, min_level=min_level)

    @property
    def active(self) -> bool:
        """Whether the filter leaves anything out."""
        return any(getattr(self, f) is not None for f in self.__dataclass_fields__)

    def apply(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """The read-only view of ``graph`` that this filter keeps."""
        if not self.active:
            return graph
        refs = graph.graph.get("references", {})
        min_rank = None if self.min_level is None else LEVEL_RANK[self.min_level]
        by_item = (self.stances, self.designs, self.subjects, self.comparisons)

        def keep_node(n: str) -> bool:
            data = graph.nodes[n]
            return ((self.kinds is None or data["kind"] in self.kinds)
                    and (self.frameworks is None or data["framework"] in self.frameworks))

        def item_matches(item: Mapping[str, Any]) -> bool:
            ref = refs.get(item["ref"], {})
            return ((self.stances is None or item["stance"] in self.stances)
                    and (self.designs is None or ref.get("design") in self.designs)
                    and (self.subjects is None or ref.get("subjects") in self.subjects)
                    and (self.comparisons is None or item["comparison"] in self.comparisons))

        def keep_edge(u: str, v: str, k: str) -> bool:
            data = graph.edges[u, v, k]
            if self.relations is not None and data["relation"] not in self.relations:
                return False
            if self.frameworks is not None and data["framework"] not in self.frameworks:
                return False
            if self.bases is not None and data["basis"] not in self.bases:
                return False
            # path_rank: an ungraded link is below any level; a definitional one, above all.
            if min_rank is not None and path_rank(data["evidence_level"]) < min_rank:
                return False
            if any(x is not None for x in by_item):
                return any(item_matches(item) for item in data["evidence"])
            return True

        return nx.subgraph_view(graph, filter_node=keep_node, filter_edge=keep_edge)


@dataclass(frozen=True)
class EvidenceSummary:
    """What the evidence for some edges rests on, counted by distinct reference.

    Attributes
    ----------
    references : tuple of str
        The references cited, in order of first citation.
    by_design, by_stance, by_comparison : dict of str to int
        How many distinct references have each design; take each stance; make each
        comparison (a reference that both supports and refutes counts once in each).
    items : int
        The evidence items, all told.
    """

    references: tuple[str, ...]
    by_design: Mapping[str, int]
    by_stance: Mapping[str, int]
    by_comparison: Mapping[str, int]
    items: int = 0
    edges: tuple[EdgeKey, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"references": list(self.references), "by_design": dict(self.by_design),
                "by_stance": dict(self.by_stance), "by_comparison": dict(self.by_comparison),
                "items": self.items, "edges": [list(e) for e in self.edges]}


def evidence_summary(kg: MechGraph, edges: Iterable[EdgeKey] | Pathway) -> EvidenceSummary:
    """Summarise the evidence of some edges (or of a :class:`Pathway`).

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> s = evidence_summary(kg, [("acupuncture", "chronic_low_back_pain", "decreases")])
    >>> s.by_stance["refutes"], s.by_design["rct"]
    (3, 3)
    """
    keys = tuple(edges.edges if isinstance(edges, Pathway) else edges)
    cited: dict[str, None] = {}
    stances: dict[str, set[str]] = {s: set() for s in STANCES}
    comparisons: dict[str, set[str]] = {}
    items = 0
    for key in keys:
        if key not in kg.edges:
            raise QueryError(f"unknown edge {key[0]} -> {key[1]} ({key[2]})")
        for item in kg.edges[key].evidence:
            items += 1
            cited.setdefault(item.ref)
            stances[item.stance].add(item.ref)
            if item.comparison is not None:
                comparisons.setdefault(item.comparison, set()).add(item.ref)
    designs = Counter(kg.references[r].design for r in cited)
    return EvidenceSummary(tuple(cited), dict(designs),
                           {s: len(refs) for s, refs in stances.items()},
                           {c: len(refs) for c, refs in comparisons.items()}, items, keys)
