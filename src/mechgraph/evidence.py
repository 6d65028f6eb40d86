"""Grading an edge from its evidence: its evidence level and whether it is contested.

The rules (tables in :mod:`mechgraph.vocab`):

* A reference gives the level of its design, capped by its subjects (work in animals
  or cells gives at most ``preclinical``).
* An edge's level is the best level among its *supporting* references; ``none`` if it
  has none. Evidence of stance ``partial`` (it backs part of the edge) counts as support
  of at most :data:`~mechgraph.vocab.PARTIAL_CAP`. Refuting and inconclusive evidence
  never raises the level.
* An edge that a knowledge base asserts (``curated_in``) and no evidence supports is
  ``ungraded``: it is never counted as support.
* An edge is *contested* when its best refuting reference is within
  :data:`~mechgraph.vocab.CONTESTED_MARGIN` level of its best supporting one.
* An edge is *refuted* when its best refuting reference outranks its best supporting one.
* An edge of the traditional framework is ``ungraded`` and never contested.
* An edge that holds by definition (``definitional: true``) is ``definitional``: it
  carries no evidence and is never counted as support.

Examples
--------
>>> from mechgraph.model import Edge, Reference
>>> refs = {"trial": Reference(title="T", year=2007, design="rct", pmid=1),
...         "meta": Reference(title="M", year=2018, design="meta-analysis", pmid=2)}
>>> edge = Edge(source="a", target="b", relation="decreases", evidence=[
...     {"ref": "meta", "stance": "supports", "finding": "Better than sham."},
...     {"ref": "trial", "stance": "refutes", "finding": "No better than sham."}])
>>> grade_edge(edge, refs)
Grade(level='high', contested=True, best_support='high', best_refute='moderate')
>>> grade_edge(edge, refs).refuted
False
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from mechgraph.keys import EdgeKey
from mechgraph.model import Edge, Reference
from mechgraph.vocab import CONTESTED_MARGIN, DEFINITIONAL, LEVEL_RANK, PARTIAL_CAP, UNGRADED

__all__ = ["EVIDENCE_BASES", "Grade", "edge_basis", "grade_edge", "grade_edges", "path_grade",
           "path_rank"]


class Grade(NamedTuple):
    """The derived grade of one edge."""

    level: str
    """``high`` ... ``none``, or ``ungraded`` for the traditional framework."""
    contested: bool
    """Whether refuting evidence of comparable weight exists."""
    best_support: str
    """The best level among supporting references (``none`` if there are none)."""
    best_refute: str
    """The best level among refuting references (``none`` if there are none)."""

    @property
    def refuted(self) -> bool:
        """Whether the best refuting reference outranks the best supporting one (then the
        edge is not only contested: the weightier evidence says it does not hold).

        Examples
        --------
        >>> Grade("preclinical", True, "preclinical", "high").refuted
        True
        """
        return (self.best_refute in LEVEL_RANK and self.best_support in LEVEL_RANK
                and LEVEL_RANK[self.best_refute] > LEVEL_RANK[self.best_support])


_LEVEL_BY_RANK = {rank: level for level, rank in LEVEL_RANK.items()}
_UNGRADED = Grade(UNGRADED, False, UNGRADED, UNGRADED)
_DEFINITIONAL = Grade(DEFINITIONAL, False, DEFINITIONAL, DEFINITIONAL)
_PARTIAL_RANK = LEVEL_RANK[PARTIAL_CAP]
SUPPORTING = ("supports", "partial")
"""The stances that count as support."""


def edge_basis(edge: Edge, traditional: bool = False) -> str:
    """What ``edge`` rests on (one of :data:`~mechgraph.vocab.BASES`): ``traditional``;
    else ``definitional`` when it holds by definition; else ``curated`` or ``claimed`` when
    it is marked so and no evidence supports it (its level then comes from no study:
    ``ungraded`` or ``none``); else ``studied``.

    Examples
    --------
    >>> edge_basis(Edge(source="a", target="b", relation="increases", curated_in="dismech"))
    'curated'
    >>> edge_basis(Edge(source="a", target="b", relation="increases", definitional=True))
    'definitional'
    """
    if traditional:
        return "traditional"
    if edge.definitional:
        return "definitional"
    supported = any(item.stance in SUPPORTING for item in edge.evidence)
    if edge.curated_in and not supported:
        return "curated"
    if edge.claimed_by and not supported:
        return "claimed"
    return "studied"


def grade_edge(edge: Edge, references: Mapping[str, Reference], *,
               traditional: bool = False) -> Grade:
    """Grade ``edge`` from the references its evidence cites.

    Parameters
    ----------
    edge : Edge
        The edge.
    references : mapping of str to Reference
        All references; evidence citing an unknown key is ignored.
    traditional : bool, optional
        Whether the edge belongs to the traditional framework (then ``ungraded``); else a
        definitional edge is ``definitional``.

    Returns
    -------
    Grade
    """
    if traditional:
        return _UNGRADED
    if edge.definitional:
        return _DEFINITIONAL
    return _grade(edge, {item.ref: LEVEL_RANK[references[item.ref].level]
                         for item in edge.evidence if item.ref in references})


def grade_edges(edges: Iterable[Edge], references: Mapping[str, Any],
                traditional_nodes: Collection[str] = (), *, ranked: bool = False,
                ) -> dict[EdgeKey, Grade]:
    """Grade many edges at once (the same rules as :func:`grade_edge`, faster).

    Parameters
    ----------
    edges : iterable of Edge
    references : mapping of str to Reference
    traditional_nodes : collection of str
        Ids of the traditional framework's nodes: an edge touching one is ``ungraded``.
    ranked : bool, optional
        ``references`` maps each key to its level's rank (:data:`LEVEL_RANK`) already.

    Returns
    -------
    dict of (source, target, relation) to Grade
    """
    rank = references if ranked else {key: LEVEL_RANK[ref.level]
                                      for key, ref in references.items()}
    return {edge.key: _UNGRADED if (edge.source in traditional_nodes
                                    or edge.target in traditional_nodes)
            else _DEFINITIONAL if edge.definitional
            else _grade(edge, rank) for edge in edges}


def _grade(edge: Edge, rank: Mapping[str, int]) -> Grade:
    support = refute = -1
    for item in edge.evidence:
        level = rank.get(item.ref)
        if level is None:
            continue
        if item.stance == "supports":
            support = max(support, level)
        elif item.stance == "partial":
            support = max(support, min(level, _PARTIAL_RANK))
        elif item.stance == "refutes":
            refute = max(refute, level)
    best_support = _LEVEL_BY_RANK[max(support, 0)]
    best_refute = _LEVEL_BY_RANK[max(refute, 0)]
    contested = refute >= 0 and refute >= max(support, 0) - CONTESTED_MARGIN
    level = UNGRADED if support < 0 and edge.curated_in else best_support
    return Grade(level, contested, best_support, best_refute)


EVIDENCE_BASES: tuple[str, ...] = ("human", "preclinical", "inconclusive", "untested",
                                   "curated", "definitional", "traditional")
"""What a pathway rests on, by its weakest link, in the order pathways are counted by it:
studies in people; only animal or cell studies; a link studied without support (results
unclear or against it); no study (an untested claim or idea); a curated link with no
study; only links that hold by definition; the traditional framework."""

_DEFINITIONAL_RANK = LEVEL_RANK["high"] + 1  # never the weakest link while others exist


def path_rank(level: str) -> int:
    """The rank of a pathway's weakest level, to sort by: ``ungraded`` below ``none``,
    ``definitional`` (every link holds by definition) above ``high``."""
    if level == DEFINITIONAL:
        return _DEFINITIONAL_RANK
    return -1 if level == UNGRADED else LEVEL_RANK[level]


def path_grade(edges: Sequence[Mapping[str, Any]]) -> tuple[str, str]:
    """A pathway's weakest evidence level, over its links that do not hold by definition
    (``definitional`` if all do), and what it rests on (:data:`EVIDENCE_BASES`), from its
    edges' graph attributes.

    Examples
    --------
    >>> bridge = {"evidence_level": "definitional", "framework": "biomedical", "evidence": []}
    >>> mice = {"evidence_level": "preclinical", "framework": "biomedical", "evidence": [1]}
    >>> path_grade([mice, bridge]), path_grade([bridge])
    (('preclinical', 'preclinical'), ('definitional', 'definitional'))
    """
    graded = [d["evidence_level"] for d in edges if d["evidence_level"] != DEFINITIONAL]
    weakest = min(graded, key=path_rank) if graded else DEFINITIONAL
    if any(d["framework"] == "traditional" for d in edges):
        return weakest, "traditional"
    if weakest in (UNGRADED, DEFINITIONAL):
        return weakest, "curated" if weakest == UNGRADED else DEFINITIONAL
    if LEVEL_RANK[weakest] >= LEVEL_RANK["low"]:
        return weakest, "human"
    if weakest == "preclinical":
        return weakest, "preclinical"
    studied = all(d["evidence"] for d in edges if d["evidence_level"] == weakest)
    return weakest, "inconclusive" if weakest == "none" and studied else "untested"
