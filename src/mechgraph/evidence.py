"""Grading an edge from its evidence: its evidence level and whether it is contested.

The rules (tables in :mod:`mechgraph.vocab`):

* A reference gives the level of its design, capped by its subjects (work in animals
  or cells gives at most ``preclinical``).
* An edge's level is the best level among its *supporting* references; ``none`` if it
  has none. Refuting and inconclusive evidence never raises the level.
* An edge is *contested* when its best refuting reference is within
  :data:`~mechgraph.vocab.CONTESTED_MARGIN` level of its best supporting one.
* An edge of the traditional framework is ``ungraded`` and never contested.

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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from mechgraph.model import Edge, Reference
from mechgraph.vocab import CONTESTED_MARGIN, LEVEL_RANK, UNGRADED

__all__ = ["Grade", "grade_edge"]


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


def _best(levels: list[str]) -> str:
    return max(levels, key=LEVEL_RANK.__getitem__, default="none")


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
        Whether the edge belongs to the traditional framework (then ``ungraded``).

    Returns
    -------
    Grade
    """
    if traditional:
        return Grade(UNGRADED, False, UNGRADED, UNGRADED)
    support: list[str] = []
    refute: list[str] = []
    for item in edge.evidence:
        ref = references.get(item.ref)
        if ref is None:
            continue
        if item.stance == "supports":
            support.append(ref.level)
        elif item.stance == "refutes":
            refute.append(ref.level)
    best_support, best_refute = _best(support), _best(refute)
    contested = bool(refute) and (
        LEVEL_RANK[best_refute] >= LEVEL_RANK[best_support] - CONTESTED_MARGIN)
    return Grade(best_support, contested, best_support, best_refute)
