"""Comparing treatments for one condition: what each was compared with in studies, how
sure that is, what its suggested mechanisms rest on, its recorded harms, and what is not
known; ranked by the clinical evidence alone.

A patient asks "acupuncture, exercise or pills?". :func:`compare` answers from the direct
edges ``treatment -> condition`` (the trials), grouped by what the treatment was compared
with (:data:`COMPARISON_GROUPS`); the mechanism pathways are counted by what they rest on
but never change the rank (:data:`RANKING_RULE`): many animal pathways do not make a
treatment work better in people.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> result = compare(kg, "chronic_low_back_pain", ["acupuncture"])
>>> acu = result.treatments[0]
>>> acu.rank, acu.clinical_level, acu.clinical_contested
(1, 'high', True)
>>> sham = acu.clinical["placebo_or_sham"]
>>> sham.best_support, sham.best_refute, sham.contested
('high', 'moderate', True)
>>> {name: group.count for name, group in acu.pathways_by_level.items()}
{'human': 1, 'animal_or_cell': 8, 'inconclusive': 1, 'untested': 2, 'unrecorded': 0, \
'traditional': 1}
>>> acu.best_pathway.nodes[1], acu.weakest_link.level
('expectation_and_context', 'moderate')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import networkx as nx

from mechgraph.compare_words import citation, unknowns
from mechgraph.evidence import grade_edge
from mechgraph.glance import path_basis
from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey
from mechgraph.model import Evidence
from mechgraph.query import (
    MAX_LENGTH_LIMIT,
    Filter,
    Pathway,
    QueryError,
    find_paths,
    require_node,
)
from mechgraph.text import suggest
from mechgraph.vocab import LEVEL_RANK, UNGRADED

__all__ = ["COMPARISON_GROUPS", "PATHWAY_GROUPS", "RANKING_RULE", "ClinicalEffect",
           "Comparison", "DirectEffect", "Finding", "LeftOut", "PathwayGroup",
           "TreatmentComparison", "WeakestLink", "compare", "level_rank"]

COMPARISON_GROUPS: dict[str, tuple[str | None, ...]] = {
    "placebo_or_sham": ("placebo", "sham"),
    "usual_care": ("usual_care", "no_treatment"),
    "active": ("active",),
    "other": ("none", None),
}
"""The groups of :attr:`TreatmentComparison.clinical`: each evidence item goes to the group
of its ``comparison`` (``None``: the item does not say). ``usual_care`` and
``no_treatment`` share a group (both answer "better than what I would get anyway?"); each
:class:`Finding` keeps its own ``comparison``, so the two stay apart in the detail."""

PATHWAY_GROUPS: dict[str, tuple[str, ...]] = {
    "human": ("human",),
    "animal_or_cell": ("preclinical",),
    "inconclusive": ("inconclusive",),
    "untested": ("untested", "curated", "definitional"),
    "unrecorded": ("unrecorded",),
    "traditional": ("traditional",),
}
"""The groups of :attr:`TreatmentComparison.pathways_by_level`, by what a pathway's weakest
link rests on (:data:`mechgraph.evidence.EVIDENCE_BASES`): studies in people (``high``,
``moderate``, ``low``), animal or cell studies only (``preclinical``), a link studied
without support (results unclear or against it), nothing tested (``none``, ``opinion``, a
claim, a knowledge base's assertion with no study, a link that holds by definition),
studies whose design or subjects were not recorded, or the traditional framework."""

RANKING_RULE = (
    "Ranked by the clinical evidence only: first by the evidence level of the direct link "
    "'treatment decreases condition' (high, moderate, low, preclinical, opinion, none); on a "
    "tie, a link that is not contested before a contested one; then by the best level of "
    "studies against placebo or sham; then against usual care or no treatment; then by "
    "name. The number of mechanism pathways never changes the rank.")
"""The rule of :func:`compare`'s order, in words (also in the JSON)."""

CONTROL_LEFT_OUT = ("a sham or placebo used as the comparison in trials (control: true), not "
                    "a treatment offered to patients; ask for it by id to compare it")
"""Why a control is left out of a comparison that names no treatments."""

_NO_LEVEL = -1


def level_rank(level: str) -> int:
    """The rank of an evidence level for sorting: ``high`` 5 ... ``none`` 0, ``ungraded``
    -1.

    >>> level_rank("moderate") > level_rank("preclinical") > level_rank("ungraded")
    True
    """
    return _NO_LEVEL if level == UNGRADED else LEVEL_RANK[level]


@dataclass(frozen=True)
class Finding:
    """One evidence item of a direct edge, with what a reader needs to weigh it.

    Attributes
    ----------
    ref : str
        The reference key.
    citation : str
        First author and year ('Vickers 2018'); the title's start when no author is
        recorded; 'year unknown' when the year is.
    stance : str
        ``supports``, ``partial``, ``refutes`` or ``inconclusive``.
    comparison : str or None
        What the treatment was compared with, as curated (``None``: not said).
    finding : str
        The curated finding, numbers and all.
    level : str
        The best level its reference can give (its design capped by its subjects).
    design, subjects : str
        The reference's design and who it studied.
    """

    ref: str
    citation: str
    stance: str
    comparison: str | None
    finding: str
    level: str
    design: str
    subjects: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the keys are the attributes)."""
        return {"ref": self.ref, "citation": self.citation, "stance": self.stance,
                "comparison": self.comparison, "finding": self.finding, "level": self.level,
                "design": self.design, "subjects": self.subjects}


@dataclass(frozen=True)
class ClinicalEffect:
    """The clinical evidence against one comparison group (:data:`COMPARISON_GROUPS`).

    Attributes
    ----------
    group : str
        ``placebo_or_sham``, ``usual_care``, ``active`` or ``other``.
    best_support : str
        The best level among supporting items (``partial`` capped as in grading);
        ``none`` when no item supports.
    best_refute : str
        The best level among refuting items; ``none`` when no item refutes.
    contested : bool
        Refuting evidence within one level of the best support (the grading rule).
    findings : tuple of Finding
        The items, in file order.
    """

    group: str
    best_support: str
    best_refute: str
    contested: bool
    findings: tuple[Finding, ...]

    @property
    def tested(self) -> bool:
        """Whether any study made this comparison."""
        return bool(self.findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"group": self.group, "best_support": self.best_support,
                "best_refute": self.best_refute, "contested": self.contested,
                "findings": [f.to_dict() for f in self.findings]}


@dataclass(frozen=True)
class DirectEffect:
    """One direct edge from the treatment: to the condition, to an outcome or to an
    adverse effect (a harm), graded, with its findings by comparison group.

    Attributes
    ----------
    edge : (source, target, relation)
    target, target_label : str
    level : str
        The edge's evidence level (:func:`mechgraph.evidence.grade_edge`).
    contested : bool
    clinical : dict of str to ClinicalEffect
        Its items by comparison group (every group present, empty when untested).
    """

    edge: EdgeKey
    target: str
    target_label: str
    level: str
    contested: bool
    clinical: Mapping[str, ClinicalEffect]

    @property
    def relation(self) -> str:
        """The edge's relation."""
        return self.edge[2]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every item of the edge, group by group."""
        return tuple(f for group in self.clinical.values() for f in group.findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"edge": list(self.edge), "target": self.target,
                "target_label": self.target_label, "relation": self.relation,
                "level": self.level, "contested": self.contested,
                "clinical": {k: v.to_dict() for k, v in self.clinical.items()}}


@dataclass(frozen=True)
class PathwayGroup:
    """The mechanism pathways of one kind of basis (:data:`PATHWAY_GROUPS`)."""

    group: str
    pathways: tuple[Pathway, ...]

    @property
    def count(self) -> int:
        """How many pathways."""
        return len(self.pathways)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``count`` and the pathways (as ``mechgraph paths --json``)."""
        return {"count": self.count, "pathways": [p.to_dict() for p in self.pathways]}


@dataclass(frozen=True)
class WeakestLink:
    """The weakest edge of a pathway: where its evidence is thinnest."""

    edge: EdgeKey
    level: str
    contested: bool

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"edge": list(self.edge), "level": self.level, "contested": self.contested}


@dataclass(frozen=True)
class TreatmentComparison:
    """One treatment's row of a :class:`Comparison`.

    Attributes
    ----------
    id, label : str
    rank : int
        1 is the best clinical evidence (:data:`RANKING_RULE`).
    clinical_level : str
        The best level of the direct edges that decrease the condition (``none`` with no
        such edge; ``ungraded`` for one asserted by a knowledge base with no study).
    clinical_contested : bool
        Whether that edge is contested.
    clinical : dict of str to ClinicalEffect
        The items of those edges by comparison group (every group present).
    direct : tuple of DirectEffect
        Every direct edge from the treatment to the condition, whatever its relation.
    outcomes : tuple of DirectEffect
        Direct edges from the treatment to nodes of kind ``outcome`` that are linked to
        the condition (an edge either way) or to no condition at all (disability, say);
        shown beside, never ranked.
    pathways_by_level : dict of str to PathwayGroup
        The mechanism pathways (two or more steps, the direct edge left out) by basis.
    truncated : bool
        Whether the pathway search stopped early (more pathways exist).
    best_pathway : Pathway or None
        The best-evidenced mechanism pathway outside the traditional framework.
    weakest_link : WeakestLink or None
        The weakest edge of ``best_pathway``.
    harms : tuple of DirectEffect
        Edges from the treatment to nodes of kind ``adverse_effect``.
    unknowns : tuple of str
        Plain sentences of what is not known.
    unknown_codes : tuple of str
        The kind of each sentence of ``unknowns``, in the same order (the keys of
        :data:`mechgraph.compare_words.UNKNOWN`: ``no_sham``, ``no_harms``, ...), so that a
        page can leave out what its table already says.
    """

    id: str
    label: str
    rank: int
    clinical_level: str
    clinical_contested: bool
    clinical: Mapping[str, ClinicalEffect]
    direct: tuple[DirectEffect, ...]
    outcomes: tuple[DirectEffect, ...]
    pathways_by_level: Mapping[str, PathwayGroup]
    truncated: bool
    best_pathway: Pathway | None
    weakest_link: WeakestLink | None
    harms: tuple[DirectEffect, ...]
    unknowns: tuple[str, ...]
    unknown_codes: tuple[str, ...] = ()
    direct_hidden: bool = False
    """Whether the whole graph has a direct edge to the condition that the filter hides."""

    @property
    def pathway_count(self) -> int:
        """How many mechanism pathways, all groups."""
        return sum(g.count for g in self.pathways_by_level.values())

    def sort_key(self) -> tuple[Any, ...]:
        """The key of :data:`RANKING_RULE` (smaller ranks first)."""
        return (-level_rank(self.clinical_level), self.clinical_contested,
                -level_rank(self.clinical["placebo_or_sham"].best_support),
                -level_rank(self.clinical["usual_care"].best_support),
                self.label.casefold(), self.id)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (see the README's ``compare --json``)."""
        return {
            "id": self.id, "label": self.label, "rank": self.rank,
            "clinical_level": self.clinical_level,
            "clinical_contested": self.clinical_contested,
            "clinical": {k: v.to_dict() for k, v in self.clinical.items()},
            "direct": [d.to_dict() for d in self.direct],
            "outcomes": [d.to_dict() for d in self.outcomes],
            "pathways_by_level": {k: v.to_dict() for k, v in self.pathways_by_level.items()},
            "pathway_count": self.pathway_count,
            "truncated": self.truncated,
            "best_pathway": None if self.best_pathway is None else self.best_pathway.to_dict(),
            "weakest_link": None if self.weakest_link is None else self.weakest_link.to_dict(),
            "harms": [h.to_dict() for h in self.harms],
            "unknowns": list(self.unknowns),
            "unknown_codes": list(self.unknown_codes),
            "direct_hidden": self.direct_hidden,
        }


@dataclass(frozen=True)
class LeftOut:
    """A treatment asked for (or found) that is not in the comparison, and why."""

    id: str
    label: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"id": self.id, "label": self.label, "reason": self.reason}


@dataclass(frozen=True)
class Comparison:
    """Treatments for one condition, ranked by their clinical evidence.

    Attributes
    ----------
    condition, condition_label : str
    filter : Filter or None
        The filter the comparison was made under (``None``: the whole graph).
    treatments : tuple of TreatmentComparison
        Ranked: ``treatments[0].rank == 1``.
    ranking_rule : str
        :data:`RANKING_RULE`.
    left_out : tuple of LeftOut
        Treatments asked for that do not reach the condition (in the view).
    """

    condition: str
    condition_label: str
    filter: Filter | None
    treatments: tuple[TreatmentComparison, ...]
    ranking_rule: str
    left_out: tuple[LeftOut, ...]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``mechgraph compare --json`` (see the README)."""
        return {"condition": self.condition, "condition_label": self.condition_label,
                "filter": _filter_dict(self.filter), "ranking_rule": self.ranking_rule,
                "treatments": [t.to_dict() for t in self.treatments],
                "left_out": [x.to_dict() for x in self.left_out]}


def _filter_dict(flt: Filter | None) -> dict[str, Any] | None:
    if flt is None or not flt.active:
        return None
    out: dict[str, Any] = {}
    for name in flt.__dataclass_fields__:
        value = getattr(flt, name)
        if value is not None:
            out[name] = value if isinstance(value, str) else sorted(value)
    return out


def _group_of(comparison: str | None) -> str:
    return next((g for g, members in COMPARISON_GROUPS.items() if comparison in members),
                "other")


def _by_group(kg: MechGraph, keys: list[EdgeKey]) -> dict[str, ClinicalEffect]:
    """The evidence items of the edges ``keys`` by comparison group, each group graded by
    :func:`mechgraph.evidence.grade_edge` as if its items were the edge's only ones."""
    groups: dict[str, list[Evidence]] = {g: [] for g in COMPARISON_GROUPS}
    for key in keys:
        for item in kg.edges[key].evidence:
            if item.ref in kg.references:
                groups[_group_of(item.comparison)].append(item)
    out = {}
    for group, items in groups.items():
        if not items:
            out[group] = ClinicalEffect(group, "none", "none", False, ())
            continue
        only = kg.edges[keys[0]].model_copy(update={"evidence": items, "curated_in": None})
        grade = grade_edge(only, kg.references)
        out[group] = ClinicalEffect(group, grade.best_support, grade.best_refute,
                                    grade.contested, tuple(_finding(kg, i) for i in items))
    return out


def _finding(kg: MechGraph, item: Evidence) -> Finding:
    ref = kg.references[item.ref]
    return Finding(item.ref, citation(kg, item.ref), item.stance, item.comparison,
                   " ".join(item.finding.split()), ref.level, ref.design, ref.subjects)


def _direct(kg: MechGraph, key: EdgeKey) -> DirectEffect:
    grade = kg.grades[key]
    return DirectEffect(key, key[1], kg.nodes[key[1]].label, grade.level, grade.contested,
                        _by_group(kg, [key]))


def _out_edges(view: nx.MultiDiGraph, node: str) -> list[EdgeKey]:
    return sorted(view.out_edges(node, keys=True))


def _outcome_targets(kg: MechGraph, view: nx.MultiDiGraph, condition: str) -> set[str]:
    """Outcome nodes linked to the condition, or to no condition at all."""
    out = set()
    for node, data in view.nodes(data=True):
        if data["kind"] != "outcome":
            continue
        linked = [n for n in (*view.successors(node), *view.predecessors(node))
                  if kg.nodes[n].kind == "condition"]
        if not linked or condition in linked:
            out.add(node)
    return out


def _weakest(kg: MechGraph, path: Pathway) -> WeakestLink:
    """The edge of lowest level (a contested one first on a tie); an edge marked
    ``definitional`` (true by definition, not graded) is passed over when others exist."""
    graded = [k for k in path.edges if not getattr(kg.edges[k], "definitional", False)]
    key = min(graded or path.edges, key=lambda k: (level_rank(kg.grades[k].level),
                                                   not kg.grades[k].contested))
    return WeakestLink(key, kg.grades[key].level, kg.grades[key].contested)


def _treatment(kg: MechGraph, view: nx.MultiDiGraph, treatment: str, condition: str,
               outcomes: set[str], max_length: int, limit: int) -> TreatmentComparison | None:
    report = find_paths(kg, treatment, condition, graph=view, max_length=max_length,
                        limit=limit)
    edges = _out_edges(view, treatment)
    direct = tuple(_direct(kg, k) for k in edges if k[1] == condition)
    if not report.paths and not direct:
        return None
    benefit = [d for d in direct if d.relation == "decreases"]
    best = max(benefit, key=lambda d: (level_rank(d.level), not d.contested), default=None)
    clinical = _by_group(kg, [d.edge for d in benefit])
    ways = [p for p in report.paths if p.length > 1]
    basis = {p: path_basis(p, kg) for p in ways}
    groups = {g: PathwayGroup(g, tuple(p for p in ways if basis[p] in members))
              for g, members in PATHWAY_GROUPS.items()}
    best_path = next((p for p in ways if not p.traditional), None)
    harms = tuple(_direct(kg, k) for k in edges
                  if kg.nodes[k[1]].kind == "adverse_effect")
    row = TreatmentComparison(
        treatment, kg.nodes[treatment].label, 0,
        best.level if best else "none", best.contested if best else False, clinical,
        direct, tuple(_direct(kg, k) for k in edges if k[1] in outcomes), groups,
        report.truncated, best_path, None if best_path is None else _weakest(kg, best_path),
        harms, (), (), not direct and kg.graph.has_edge(treatment, condition))
    said = unknowns(kg, row, condition)
    return replace(row, unknowns=tuple(text for _, text in said),
                   unknown_codes=tuple(code for code, _ in said))


def compare(kg: MechGraph, condition: str, treatments: Iterable[str] | None = None,
            filter: Filter | None = None, *, max_length: int = 6,
            limit: int = 500) -> Comparison:
    """Compare treatments for ``condition`` by their clinical evidence.

    Parameters
    ----------
    kg : MechGraph
    condition : str
        A node id (of kind ``condition`` or ``outcome``).
    treatments : iterable of str, optional
        Treatment ids; by default every node of kind ``treatment`` that reaches the
        condition.
    filter : Filter, optional
        Compare in this view of the graph (its edges, evidence and pathways).
    max_length, limit : int, optional
        The pathway search's bounds (:func:`~mechgraph.query.find_paths`).

    Returns
    -------
    Comparison

    Raises
    ------
    QueryError
        For an unknown id (with the closest ids), a node that is not a treatment or not a
        condition, or when no treatment reaches the condition.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> compare(kg, "chronic_low_back_pain", ["acupunture"])
    Traceback (most recent call last):
    ...
    mechgraph.query.QueryError: unknown node 'acupunture' (did you mean 'acupuncture'?)
    >>> result = compare(kg, "chronic_low_back_pain")
    >>> [t.id for t in result.treatments]
    ['exercise', 'acupuncture', 'nsaids', 'spinal_manipulation']
    >>> [(x.id, x.reason.split(" (")[0]) for x in result.left_out]
    [('sham_acupuncture', 'a sham or placebo used as the comparison in trials')]
    """
    require_node(kg, condition)
    if kg.nodes[condition].kind not in ("condition", "outcome"):
        raise QueryError(f"'{condition}' is a {kg.nodes[condition].kind}, not a condition; "
                         "compare treatments for a node of kind condition or outcome"
                         + _kind_hint(kg, condition, "condition"))
    if not 1 <= max_length <= MAX_LENGTH_LIMIT:
        raise QueryError(f"the path length must be between 1 and {MAX_LENGTH_LIMIT}, "
                         f"not {max_length}")
    view = kg.graph if filter is None else filter.apply(kg.graph)
    if condition not in view:
        raise QueryError(f"the condition '{condition}' is hidden by the filters")
    if isinstance(treatments, str):
        treatments = [treatments]
    asked = treatments is not None
    ids = (list(dict.fromkeys(treatments)) if treatments is not None
           else sorted(n for n, node in kg.nodes.items()
                       if node.kind == "treatment" and not node.control))
    controls = [] if asked else [
        LeftOut(n, node.label, CONTROL_LEFT_OUT) for n, node in sorted(kg.nodes.items())
        if node.kind == "treatment" and node.control]
    for node in ids:
        require_node(kg, node)
        if kg.nodes[node].kind != "treatment":
            raise QueryError(f"'{node}' is a {kg.nodes[node].kind}, not a treatment"
                             + _kind_hint(kg, node, "treatment"))
    if asked and not ids:
        raise QueryError("no treatment was given")
    outcomes = _outcome_targets(kg, view, condition)
    reach = nx.single_source_shortest_path_length(view.reverse(copy=False), condition,
                                                  cutoff=max_length)
    rows, left = [], []
    for node in ids:
        row = (_treatment(kg, view, node, condition, outcomes, max_length, limit)
               if node in reach else None)
        if row is None:
            reason = ("hidden by the filters" if node not in view
                      else "no direct link or pathway reaches the condition")
            left.append(LeftOut(node, kg.nodes[node].label, reason))
        else:
            rows.append(row)
    if not rows:
        names = ", ".join(x.id for x in left) or "none in the graph"
        raise QueryError(f"no treatment reaches '{condition}'"
                         + (" in the filtered view" if filter is not None and filter.active
                            else "") + f" (treatments looked at: {names})")
    rows.sort(key=TreatmentComparison.sort_key)
    ranked = tuple(replace(r, rank=i) for i, r in enumerate(rows, 1))
    return Comparison(condition, kg.nodes[condition].label,
                      filter if filter is not None and filter.active else None, ranked,
                      RANKING_RULE, tuple(left if asked else controls))


def _kind_hint(kg: MechGraph, node: str, kind: str) -> str:
    """'(did you mean ...?)' among the nodes of ``kind``."""
    return suggest(node, [n for n, x in kg.nodes.items() if x.kind == kind])
