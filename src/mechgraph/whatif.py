"""What if a node or an edge were blocked? The same questions, asked of the graph with
those parts taken out, and what that changes.

:func:`blocked` gives the graph without some nodes and edges, as a
:class:`~mechgraph.graph.MechGraph` every query takes: its ``graph`` leaves the blocked
parts out (an edge touching a blocked node is blocked too), so paths, neighbourhoods and
comparisons never cross them. Its ``nodes``, ``edges``, ``references`` and ``sources``
stay whole: they are the curated record, which blocking does not change (a blocked node
can still be named, and a source's claim about a blocked edge keeps its verdict). The view
is read-only and shares everything with the loaded graph, which is not changed. It never
enters the load cache (which holds what was read from the folder) and has no build data
(``_built``), so a later load of the folder cannot take it for the folder's graph. Caches
keyed on a graph object (the app's ``memo``) must be given the loaded graph, with the
blocked ids in their key, not the view.

:func:`what_if` asks ``find_paths`` before and after and says what changed: the pathways
lost (each named), those kept, the overall effect before and after, and the evidence each
side rests on.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> change = what_if(kg, "acupuncture", "chronic_low_back_pain",
...                  without_nodes=["endorphins", "mu_opioid_receptor_availability"])
>>> len(change.before.paths), len(change.after.paths)
(14, 12)
>>> [chain(p) for p in change.lost]  # doctest: +NORMALIZE_WHITESPACE
['acupuncture -(+)-> endorphins -(-)-> pain_signalling -(+)-> chronic_low_back_pain',
 'acupuncture -(+)-> mu_opioid_receptor_availability -(-)-> pain_signalling -(+)->
  chronic_low_back_pain']
>>> print(change_sentence(change))  # doctest: +NORMALIZE_WHITESPACE
With endorphins and mu_opioid_receptor_availability blocked: 12 of 14 pathways remain;
the overall effect stays ↓ decreases.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx

from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey, edge_ref, parse_edge_ref
from mechgraph.listing import EFFECT, chain, plural
from mechgraph.query import (
    EvidenceSummary,
    Filter,
    PathReport,
    Pathway,
    QueryError,
    evidence_summary,
    find_paths,
    require_edge,
    require_node,
)

if TYPE_CHECKING:
    from mechgraph.compare import Comparison

__all__ = ["Blocked", "CompareWhatIf", "WhatIf", "blocked", "change_lines", "change_sentence",
           "check_ends", "compare_what_if", "parse_blocked_edge", "what_if"]


@dataclass(frozen=True)
class Blocked:
    """The parts of a graph to leave out: node ids and edges ``(source, target, relation)``.

    Make one with :meth:`of`, which checks every id against the graph.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> Blocked.of(kg, ["endorphin"])
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: unknown node 'endorphin' (did you mean 'endorphins'?)
    >>> b = Blocked.of(kg, ["qi"], [("acupuncture", "endorphins", "increases")])
    >>> b.to_dict()
    {'nodes': ['qi'], 'edges': [['acupuncture', 'endorphins', 'increases']]}
    >>> b.blocks(("qi", "chronic_low_back_pain", "decreases")), b.empty
    (True, False)
    """

    nodes: frozenset[str] = frozenset()
    edges: frozenset[EdgeKey] = frozenset()

    @classmethod
    def of(cls, kg: MechGraph, nodes: Iterable[str] = (),
           edges: Iterable[EdgeKey] = ()) -> Blocked:
        """The blocked parts, each checked: an unknown node or edge is a
        :class:`~mechgraph.query.QueryError` naming the closest ids."""
        node_set = frozenset(require_node(kg, n) for n in nodes)
        edge_set = frozenset(require_edge(kg, tuple(e)) for e in edges)  # type: ignore[arg-type]
        return cls(node_set, edge_set)

    @property
    def empty(self) -> bool:
        """Whether nothing is blocked."""
        return not self.nodes and not self.edges

    def blocks(self, key: EdgeKey) -> bool:
        """Whether the edge ``key`` is blocked (itself, or one of its ends)."""
        return key in self.edges or key[0] in self.nodes or key[1] in self.nodes

    def apply(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """The read-only view of ``graph`` without the blocked parts."""
        if self.empty:
            return graph
        return nx.subgraph_view(graph, filter_node=lambda n: n not in self.nodes,
                                filter_edge=lambda u, v, k: not self.blocks((u, v, k)))

    def names(self) -> list[str]:
        """Each blocked part as text: node ids, then edges as ``source|target|relation``."""
        return sorted(self.nodes) + sorted(edge_ref(e) for e in self.edges)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the ``without`` member of ``--json`` output."""
        return {"nodes": sorted(self.nodes), "edges": [list(e) for e in sorted(self.edges)]}


def blocked(kg: MechGraph, nodes: Iterable[str] = (), edges: Iterable[EdgeKey] = (),
            ) -> MechGraph:
    """The graph without ``nodes`` and ``edges`` (and without the edges of those nodes).

    Parameters
    ----------
    kg : MechGraph
    nodes : iterable of str
        Node ids to block.
    edges : iterable of (source, target, relation)
        Edges to block.

    Returns
    -------
    MechGraph
        A view of ``kg`` whose ``graph`` leaves the parts out (``kg`` itself when nothing
        is blocked).

    Raises
    ------
    QueryError
        For an unknown node or edge (with the closest ids).

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> view = blocked(kg, ["endorphins"])
    >>> "endorphins" in view.graph, "endorphins" in kg.graph, "endorphins" in view.nodes
    (False, True, True)
    >>> view.graph.has_edge("endorphins", "pain_signalling")
    False
    >>> blocked(kg, edges=[("acupuncture", "qi", "decreases")])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: no edge acupuncture -decreases-> qi; the graph has: ...
    """
    return _view(kg, Blocked.of(kg, nodes, edges))


def _view(kg: MechGraph, parts: Blocked) -> MechGraph:
    if parts.empty:
        return kg
    return dataclasses.replace(kg, graph=parts.apply(kg.graph), _built=None)


def parse_blocked_edge(text: str) -> EdgeKey:
    """An edge to block as written on the command line: ``source,target,relation`` (or
    the edge reference ``source|target|relation`` of the app's URL).

    Examples
    --------
    >>> parse_blocked_edge("endorphins,pain_signalling,decreases")
    ('endorphins', 'pain_signalling', 'decreases')
    >>> parse_blocked_edge("endorphins,pain_signalling")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: edge 'endorphins,pain_signalling': write it as SOURCE,...
    """
    try:
        return parse_edge_ref(text.replace(",", "|").replace(" ", ""))
    except ValueError:
        raise QueryError(f"edge '{text}': write it as SOURCE,TARGET,RELATION (e.g. "
                         "endorphins,pain_signalling,decreases)") from None


@dataclass(frozen=True)
class WhatIf:
    """A question asked before and after blocking some parts of the graph.

    Attributes
    ----------
    without : Blocked
        What was blocked.
    before, after : PathReport
        The paths in the whole (filtered) graph, and with the parts blocked.
    lost : tuple of Pathway
        The paths of ``before`` that cross a blocked part, in ``before``'s order.
    kept : tuple of Pathway
        The paths of ``after`` (the same as the paths of ``before`` that are not lost,
        unless ``before`` stopped early at its limit).
    evidence_before, evidence_after : EvidenceSummary
        The evidence of the edges on the paths, before and after.
    """

    without: Blocked
    before: PathReport
    after: PathReport
    lost: tuple[Pathway, ...]
    kept: tuple[Pathway, ...]
    evidence_before: EvidenceSummary
    evidence_after: EvidenceSummary

    @property
    def overall_changed(self) -> bool:
        """Whether the overall effect is not the same after blocking."""
        return self.before.overall != self.after.overall

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the ``what_if`` member of ``mechgraph paths --json``."""
        return {
            "without": self.without.to_dict(),
            "pathways_before": len(self.before.paths),
            "pathways_after": len(self.after.paths),
            "overall_before": self.before.overall,
            "overall_after": self.after.overall,
            "lost": [p.to_dict() for p in self.lost],
            "evidence_before": _evidence_counts(self.evidence_before),
            "evidence_after": _evidence_counts(self.evidence_after),
            "summary": change_sentence(self),
        }


def _evidence_counts(summary: EvidenceSummary) -> dict[str, int]:
    return {"edges": len(summary.edges), "references": len(summary.references),
            "items": summary.items}


def _path_evidence(kg: MechGraph, report: PathReport) -> EvidenceSummary:
    edges = dict.fromkeys(e for p in report.paths for e in p.edges)
    return evidence_summary(kg, edges)


def what_if(kg: MechGraph, source: str, target: str, *, without_nodes: Iterable[str] = (),
            without_edges: Iterable[EdgeKey] = (), filter: Filter | None = None,
            max_length: int = 6, limit: int = 500) -> WhatIf:
    """The paths from ``source`` to ``target`` before and after blocking some parts.

    Parameters
    ----------
    kg : MechGraph
    source, target : str
        Node ids (neither may be blocked).
    without_nodes : iterable of str
        Nodes to block.
    without_edges : iterable of (source, target, relation)
        Edges to block.
    filter : Filter, optional
        Ask both questions in this view of the graph.
    max_length, limit : int, optional
        As for :func:`~mechgraph.query.find_paths`.

    Returns
    -------
    WhatIf

    Raises
    ------
    QueryError
        For an unknown id, or a blocked source or target.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> what_if(kg, "acupuncture", "chronic_low_back_pain", without_nodes=["acupuncture"])
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: cannot block 'acupuncture': it is the source of the question
    >>> change = what_if(kg, "acupuncture", "chronic_low_back_pain",
    ...                  without_edges=[("acupuncture", "chronic_low_back_pain", "decreases")])
    >>> [chain(p) for p in change.lost]
    ['acupuncture -(-)-> chronic_low_back_pain']
    """
    parts = Blocked.of(kg, without_nodes, without_edges)
    check_ends(parts, source=source, target=target)
    flt = filter or Filter()
    before = find_paths(kg, source, target, max_length=max_length, limit=limit,
                        graph=flt.apply(kg.graph))
    view = _view(kg, parts)
    after = find_paths(view, source, target, max_length=max_length, limit=limit,
                       graph=flt.apply(view.graph))
    lost = tuple(p for p in before.paths if any(parts.blocks(e) for e in p.edges))
    return WhatIf(parts, before, after, lost, after.paths, _path_evidence(kg, before),
                  _path_evidence(kg, after))


def check_ends(parts: Blocked, **ends: str) -> None:
    """Refuse to block a node the question is about (``source=...``, ``condition=...``).

    Examples
    --------
    >>> check_ends(Blocked(frozenset({"qi"})), target="qi")
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: cannot block 'qi': it is the target of the question
    """
    for role, node in ends.items():
        if node in parts.nodes:
            raise QueryError(f"cannot block '{node}': it is the {role} of the question")


def _names(parts: Blocked) -> str:
    """The blocked parts for a sentence: node ids, then links as ``s -relation-> t``."""
    names = sorted(parts.nodes) + [f"{s} -{r}-> {t}" for s, t, r in sorted(parts.edges)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def change_sentence(change: WhatIf, names: str | None = None) -> str:
    """What blocking changed, in one sentence (the app's and the CLI's first line);
    ``names`` says what is blocked (default: the ids).

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> print(change_sentence(what_if(kg, "acupuncture", "chronic_low_back_pain",
    ...                               without_nodes=["endorphins"])))
    With endorphins blocked: 13 of 14 pathways remain; the overall effect stays ↓ decreases.
    """
    before, after = change.before, change.after
    if change.without.empty:
        return "Nothing is blocked."
    if not before.paths:
        return (f"With {names or _names(change.without)} blocked: nothing changes; there was "
                "no pathway to begin with.")
    count = (f"{len(after.paths)} of {plural(len(before.paths), 'pathway')} remain"
             if after.paths else f"none of the {plural(len(before.paths), 'pathway')} remain")
    if len(after.paths) == 1:
        count = count.replace(" remain", " remains")
    if change.overall_changed:
        effect = (f"the overall effect changes from {EFFECT[before.overall]} to "
                  f"{EFFECT[after.overall]}")
    else:
        effect = f"the overall effect stays {EFFECT[before.overall]}"
    return f"With {names or _names(change.without)} blocked: {count}; {effect}."


def change_lines(change: WhatIf) -> list[str]:
    """The "what changed" block the CLI prints after the answer: the sentence, each path
    lost, and the evidence before and after.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> print("\\n".join(change_lines(what_if(kg, "acupuncture", "chronic_low_back_pain",
    ...                                         without_nodes=["qi"]))))
    ... # doctest: +NORMALIZE_WHITESPACE
    what changed (without qi):
      With qi blocked: 13 of 14 pathways remain; the overall effect stays ↓ decreases.
      pathways lost (1):
        acupuncture -(+)-> qi -(-)-> chronic_low_back_pain
      evidence on the pathways: 23 references (53 items) before, 22 references (51 items)
      after
    """
    b, a = change.evidence_before, change.evidence_after
    lines = [f"what changed (without {', '.join(change.without.names())}):",
             f"  {change_sentence(change)}", f"  pathways lost ({len(change.lost)}):"]
    lines += [f"    {chain(p)}" for p in change.lost] or ["    none"]
    lines.append(f"  evidence on the pathways: {plural(len(b.references), 'reference')} "
                 f"({plural(b.items, 'item')}) before, "
                 f"{plural(len(a.references), 'reference')} ({plural(a.items, 'item')}) after")
    return lines


@dataclass(frozen=True)
class CompareWhatIf:
    """A comparison of treatments made before and after blocking some parts.

    Attributes
    ----------
    without : Blocked
    before, after : Comparison
        :func:`~mechgraph.compare.compare` on the whole graph and on :func:`blocked`'s.
    """

    without: Blocked
    before: Comparison
    after: Comparison

    def rows(self) -> list[dict[str, Any]]:
        """One dict per treatment of ``before``: its rank, clinical level and number of
        mechanism pathways before and after (``None`` after when it no longer reaches the
        condition)."""
        after = {t.id: t for t in self.after.treatments}
        out = []
        for t in self.before.treatments:
            a = after.get(t.id)
            out.append({"id": t.id, "rank_before": t.rank,
                         "rank_after": None if a is None else a.rank,
                         "clinical_level_before": t.clinical_level,
                         "clinical_level_after": None if a is None else a.clinical_level,
                         "pathways_before": t.pathway_count,
                         "pathways_after": None if a is None else a.pathway_count})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of the ``what_if`` member of ``mechgraph compare --json``."""
        return {"without": self.without.to_dict(), "treatments": self.rows()}

    def lines(self) -> list[str]:
        """The "what changed" block ``mechgraph compare`` prints after the table."""
        out = [f"what changed (without {', '.join(self.without.names())}):"]
        for row in self.rows():
            if row["rank_after"] is None:
                out.append(f"  {row['id']}: no longer reaches {self.before.condition} "
                           f"(was rank {row['rank_before']})")
                continue
            parts = [f"pathways {row['pathways_before']} -> {row['pathways_after']}"]
            if row["clinical_level_before"] != row["clinical_level_after"]:
                parts.append(f"clinical evidence {row['clinical_level_before']} -> "
                             f"{row['clinical_level_after']}")
            if row["rank_before"] != row["rank_after"]:
                parts.append(f"rank {row['rank_before']} -> {row['rank_after']}")
            out.append(f"  {row['id']}: {', '.join(parts)}")
        return out


def compare_what_if(kg: MechGraph, condition: str, treatments: Iterable[str] | None = None,
                    filter: Filter | None = None, *, without_nodes: Iterable[str] = (),
                    without_edges: Iterable[EdgeKey] = (), max_length: int = 6,
                    limit: int = 500) -> CompareWhatIf:
    """:func:`~mechgraph.compare.compare` before and after blocking some parts.

    Raises
    ------
    QueryError
        For an unknown id, a blocked condition or treatment asked for, or when no
        treatment reaches the condition once the parts are blocked.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> change = compare_what_if(kg, "chronic_low_back_pain", ["acupuncture"],
    ...                          without_nodes=["endorphins"])
    >>> change.lines()
    ['what changed (without endorphins):', '  acupuncture: pathways 13 -> 12']
    """
    from mechgraph.compare import compare

    parts = Blocked.of(kg, without_nodes, without_edges)
    asked = [] if treatments is None else [treatments] if isinstance(treatments, str) \
        else list(treatments)
    check_ends(parts, condition=condition)
    for node in asked:
        check_ends(parts, treatment=node)
    before = compare(kg, condition, treatments, filter, max_length=max_length, limit=limit)
    after = compare(_view(kg, parts), condition, treatments, filter, max_length=max_length,
                    limit=limit)
    return CompareWhatIf(parts, before, after)
