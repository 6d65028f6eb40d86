"""What the evidence says of each claim a source text makes: the verdicts, derived.

A source (``sources:`` in a graph file, :class:`~mechgraph.model.SourceText`) is a text
that makes claims, such as a clinic web page. Each claim names the edges it asserts. Its
verdict is never written by hand: it follows from those edges' evidence, so adding or
removing evidence changes it with no edit to the claim.

One edge's verdict, checked in this order:

1. ``traditional``: the edge belongs to the traditional framework;
2. ``contradicted``: its best refuting reference is above its best supporting one;
3. ``contested``: it is contested (:func:`mechgraph.evidence.grade_edge`: refuting
   evidence at most one level below the best support);
4. ``supported``: its level is ``high``, ``moderate`` or ``low``;
5. ``preclinical``: its level is ``preclinical`` (only animals or cells);
6. ``untested``: anything else (level ``opinion`` or ``none``: no checked study backs
   it, as for an untested ``claimed_by`` link or a ``curated_in`` one).

A claim that names several edges is a chain, as strong as its weakest link, in
:data:`STRENGTH` order: supported high > moderate > low > contested > preclinical >
untested > traditional > contradicted. A claim that names no edge is ``outside`` the
graph. A citation that could not be found adds that to the verdict's words, whatever the
verdict.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> v = {c.claim: c for c in claim_verdicts(kg, "clinic_article")}
>>> v["endorphin_release"].verdict, v["endorphin_release"].level
('preclinical', 'preclinical')
>>> v["journal_of_pain_2015"].verdict, v["journal_of_pain_2015"].cites["closest"]
('contested', 'vickers2018')
>>> v["holistic"].verdict
'outside'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from mechgraph.document import year_words
from mechgraph.errors import MechgraphError
from mechgraph.evidence import SUPPORTING, edge_basis, grade_edge
from mechgraph.keys import EdgeKey
from mechgraph.kg import MechGraph
from mechgraph.model import Claim, Edge, Reference
from mechgraph.text import suggest
from mechgraph.vocab import LEVEL_RANK, VERDICT_STYLE
from mechgraph.wording import VERDICT_PLAIN, VERDICT_TEXT

__all__ = ["STRENGTH", "ClaimEdge", "ClaimVerdict", "UnknownSourceError", "claim_verdicts",
           "claims_touching", "edge_verdict", "reference_name"]

STRENGTH: tuple[tuple[str, str | None], ...] = (
    ("supported", "high"), ("supported", "moderate"), ("supported", "low"),
    ("contested", None), ("preclinical", None), ("untested", None), ("traditional", None),
    ("contradicted", None))
"""The verdicts of one link, strongest first: a chain takes its weakest link's."""

_RANK = {entry: len(STRENGTH) - i for i, entry in enumerate(STRENGTH)}


class UnknownSourceError(MechgraphError):
    """A source key that no graph file defines (the message names the closest one)."""


@dataclass(frozen=True)
class ClaimEdge:
    """What the evidence says of one edge a claim names.

    Attributes
    ----------
    edge : tuple of (str, str, str)
        ``(source, target, relation)``.
    verdict : str
        This link's verdict (see the module's docstring).
    level : str
        Its evidence level (``high`` ... ``none``, or ``ungraded``), from the evidence
        kept.
    basis : str
        What it rests on: ``studied``, ``claimed``, ``curated`` or ``traditional``.
    contested : bool
        Whether refuting evidence of comparable weight exists.
    supporting, refuting : tuple of str
        The references that support (or partly support) and refute it, strongest first.
    claimed_by : str or None
        Who claims it, for an untested claimed link.
    """

    edge: EdgeKey
    verdict: str
    level: str
    basis: str
    contested: bool
    supporting: tuple[str, ...]
    refuting: tuple[str, ...]
    claimed_by: str | None = None

    @property
    def rank(self) -> int:
        """Its place in :data:`STRENGTH` (higher is stronger)."""
        return _RANK[(self.verdict, self.level if self.verdict == "supported" else None)]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {"source": self.edge[0], "target": self.edge[1], "relation": self.edge[2],
                "verdict": self.verdict, "level": self.level, "basis": self.basis,
                "contested": self.contested, "supporting": list(self.supporting),
                "refuting": list(self.refuting), "claimed_by": self.claimed_by}


@dataclass(frozen=True)
class ClaimVerdict:
    """A claim of a source and what the evidence in the graph says of it.

    Attributes
    ----------
    source : str
        The source's key.
    claim : str
        The claim's id.
    says, where : str
        The claim in the editor's words, and where it stands in the source.
    verdict : str
        One of :data:`~mechgraph.vocab.VERDICTS`.
    level : str or None
        The evidence level of the deciding link (for ``supported``: ``high``,
        ``moderate`` or ``low``); ``None`` for ``outside``.
    words : str
        The verdict in a patient's words, with what the citation adds.
    edges : tuple of ClaimEdge
        Each link the claim names, in its order.
    deciding : tuple of edge keys
        The weakest links, which set the verdict.
    references : tuple of str
        The references of the deciding links (supporting, then refuting) and the cited
        one when it was found.
    cites : dict or None
        The citation as written (``described_as``, ``found``, ``ref``, ``closest``,
        ``differs``).
    note : str or None
        The editor's remark.
    """

    source: str
    claim: str
    says: str
    where: str
    verdict: str
    level: str | None
    words: str
    edges: tuple[ClaimEdge, ...] = field(default=())
    deciding: tuple[EdgeKey, ...] = field(default=())
    references: tuple[str, ...] = field(default=())
    cites: dict[str, Any] | None = None
    note: str | None = None

    @property
    def word(self) -> str:
        """The verdict in one word (or two: 'outside the graph')."""
        return VERDICT_STYLE[self.verdict].word

    @property
    def symbol(self) -> str:
        """The verdict's symbol."""
        return VERDICT_STYLE[self.verdict].symbol

    @property
    def label(self) -> str:
        """Symbol, word and level: '✓ supported (moderate)', '◔ preclinical'."""
        level = f" ({self.level})" if self.verdict == "supported" else ""
        return f"{self.symbol} {self.word}{level}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the shape ``mechgraph claims --json`` prints)."""
        return {"source": self.source, "claim": self.claim, "says": self.says,
                "where": self.where, "verdict": self.verdict, "word": self.word,
                "symbol": self.symbol, "level": self.level, "words": self.words,
                "edges": [e.to_dict() for e in self.edges],
                "deciding": [list(k) for k in self.deciding],
                "references": list(self.references), "cites": self.cites, "note": self.note}


def edge_verdict(kg: MechGraph, key: EdgeKey, keep: Any = None) -> ClaimEdge:
    """The verdict of one edge of ``kg`` (see the module's docstring).

    ``keep(item, reference)``, if given, says which evidence items count.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> edge_verdict(kg, ("acupuncture", "chronic_low_back_pain", "decreases")).verdict
    'contested'
    """
    edge = kg.edges[key]
    if keep is not None:
        edge = edge.model_copy(update={"evidence": [
            item for item in edge.evidence
            if item.ref in kg.references and keep(item, kg.references[item.ref])]})
    traditional = kg.framework_of(edge) == "traditional"
    grade = grade_edge(edge, kg.references, traditional=traditional)
    basis = edge_basis(edge, traditional)
    if traditional:
        verdict = "traditional"
    elif grade.contested and LEVEL_RANK[grade.best_refute] > LEVEL_RANK[grade.best_support]:
        verdict = "contradicted"
    elif grade.contested:
        verdict = "contested"
    elif grade.level in ("high", "moderate", "low"):
        verdict = "supported"
    elif grade.level == "preclinical":
        verdict = "preclinical"
    else:
        verdict = "untested"
    return ClaimEdge(key, verdict, grade.level, basis, grade.contested,
                     _cited(edge, kg.references, SUPPORTING),
                     _cited(edge, kg.references, ("refutes",)),
                     edge.claimed_by if basis == "claimed" else None)


def _cited(edge: Edge, refs: dict[str, Reference], stances: Collection[str]) -> tuple[str, ...]:
    keys = dict.fromkeys(item.ref for item in edge.evidence
                         if item.stance in stances and item.ref in refs)
    return tuple(sorted(keys, key=lambda k: -LEVEL_RANK[refs[k].level]))


def reference_name(kg: MechGraph, key: str) -> str:
    """A reference as a patient reads it: authors, year, journal.

    Examples
    --------
    >>> import mechgraph
    >>> reference_name(mechgraph.load_graph("graph"), "kong2020")
    'Kong JT, et al., 2020, JAMA Netw Open 3(10):e2022787'
    """
    ref = kg.references[key]
    parts = [p for p in (ref.authors, year_words(ref), ref.journal) if p]
    return ", ".join(parts)


def claim_verdicts(kg: MechGraph, source: str | None = None, *, filter: Any = None,
                   ) -> list[ClaimVerdict]:
    """The verdict of every claim of one source (or of every source), in file order.

    Parameters
    ----------
    kg : MechGraph
        The loaded graph.
    source : str, optional
        A source key; ``None`` for all sources.
    filter : mechgraph.query.Filter, optional
        Evidence and view filters. Only the evidence items it keeps (by stance, design,
        subjects, comparison) count towards a verdict, so ``comparisons={"sham"}`` judges
        each claim by its sham-controlled evidence alone; a claim one of whose edges the
        filter leaves out of the view (by relation, kind, framework, basis or minimum
        level) is left out.

    Returns
    -------
    list of ClaimVerdict

    Raises
    ------
    UnknownSourceError
        When ``source`` is not a source key of the graph.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> [c.verdict for c in claim_verdicts(kg) if c.claim == "qi_flow"]
    ['traditional']
    """
    if source is not None and source not in kg.sources:
        known = ", ".join(kg.sources) or "none"
        raise UnknownSourceError(f"unknown source '{source}'{suggest(source, kg.sources)}; "
                                 f"the graph's sources: {known}")
    keep, view = _filtering(kg, filter)
    out = []
    for key, text in kg.sources.items():
        if source is not None and key != source:
            continue
        for claim in text.claims:
            keys = [e.key for e in claim.edges]
            if view is not None and not all(view.has_edge(*k) for k in keys):
                continue
            out.append(_verdict(kg, key, claim, [edge_verdict(kg, k, keep) for k in keys]))
    return out


def _filtering(kg: MechGraph, filter: Any) -> tuple[Any, Any]:
    """What a filter keeps: a test of evidence items, and the view of kept edges."""
    if filter is None or not filter.active:
        return None, None
    by_item = (filter.stances, filter.designs, filter.subjects, filter.comparisons)
    keep = None
    if any(x is not None for x in by_item):
        def keep(item: Any, ref: Reference) -> bool:
            return ((filter.stances is None or item.stance in filter.stances)
                    and (filter.designs is None or ref.design in filter.designs)
                    and (filter.subjects is None or ref.subjects in filter.subjects)
                    and (filter.comparisons is None or item.comparison in filter.comparisons))
    edge_only = type(filter)(relations=filter.relations, min_level=filter.min_level,
                             kinds=filter.kinds, frameworks=filter.frameworks,
                             bases=filter.bases)
    return keep, (edge_only.apply(kg.graph) if edge_only.active else None)


def _verdict(kg: MechGraph, source: str, claim: Claim, edges: list[ClaimEdge]) -> ClaimVerdict:
    cites = claim.cites.model_dump() if claim.cites else None
    if not edges:
        verdict, level, deciding = "outside", None, ()
    else:
        weakest = min(e.rank for e in edges)
        deciding = tuple(e.edge for e in edges if e.rank == weakest)
        first = next(e for e in edges if e.rank == weakest)
        verdict, level = first.verdict, first.level
    refs: dict[str, None] = {}
    for e in edges:
        if e.edge in deciding:
            refs.update(dict.fromkeys((*e.supporting, *e.refuting)))
    if claim.cites and claim.cites.found and claim.cites.ref:
        refs.setdefault(claim.cites.ref)
    words = [VERDICT_PLAIN[f"supported_{level}" if verdict == "supported" else verdict]]
    words.extend(_citation_words(kg, claim))
    return ClaimVerdict(source, claim.id, claim.says, claim.where, verdict, level,
                        " ".join(words), tuple(edges), deciding, tuple(refs), cites,
                        claim.note)


def _citation_words(kg: MechGraph, claim: Claim) -> list[str]:
    cites = claim.cites
    if cites is None:
        return []
    if cites.found:
        return [VERDICT_TEXT["found"].format(ref=reference_name(kg, str(cites.ref)))]
    out = [VERDICT_TEXT["not_found"].format(described_as=cites.described_as)]
    if cites.closest:
        closest = reference_name(kg, cites.closest)
        out.append(VERDICT_TEXT["closest_differs" if cites.differs else "closest"].format(
            closest=closest, differs=cites.differs or ""))
    return out


def claims_touching(kg: MechGraph, edges: Iterable[EdgeKey], nodes: Iterable[str] = (),
                    ) -> dict[str, list[ClaimVerdict]]:
    """The claims of every source that has a claim naming one of ``edges`` or an edge
    that starts or ends at one of ``nodes``: each such source with all its claims.

    Examples
    --------
    >>> import mechgraph
    >>> kg = mechgraph.load_graph("graph")
    >>> list(claims_touching(kg, [], ["acupuncture"]))
    ['clinic_article']
    >>> claims_touching(kg, [], ["no_such_node"])
    {}
    """
    wanted, ends = set(edges), set(nodes)
    out: dict[str, list[ClaimVerdict]] = {}
    for key, text in kg.sources.items():
        named = {e.key for claim in text.claims for e in claim.edges}
        if named & wanted or any(k[0] in ends or k[1] in ends for k in named):
            out[key] = claim_verdicts(kg, key)
    return out
