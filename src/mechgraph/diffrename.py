"""Renames in ``mechgraph diff``: a node or reference whose id changed shows as a rename,
not as a removal plus an addition, and what merely followed it (edges, evidence, claims)
shows as no change at all.

A removed node ``a`` and an added node ``b`` are a rename when the edges move with it:
``a``'s edges, with ``a`` written ``b``, are exactly ``b``'s edges (edges to a neighbour
renamed in the same change are left out of the comparison), and either ``a`` has edges or
its fields (all but ``id``) are the same as ``b``'s. A node with no edges is a rename only
when nothing but its id changed. When several added nodes would fit, the one with the same
fields wins; if that does not decide, no rename is assumed. A removed reference ``r`` and an
added reference ``s`` are a rename when the evidence and claims citing ``r`` cite ``s`` in the
new graph (same edges, same count), and either something cites ``r`` or its fields are the
same.

:func:`renamed_view` then writes the old graph with the new names, so the ordinary diff of
:mod:`mechgraph.diff` compares each renamed item with itself: only real changes remain, and
:func:`mark_renames` turns each renamed item into one ``renamed`` change (its field changes
under it).

Examples
--------
>>> import pathlib, tempfile
>>> from mechgraph.graph import load_graph
>>> from mechgraph.diff import diff_graphs
>>> old, new = (pathlib.Path(tempfile.mkdtemp()) for _ in range(2))
>>> node = ("nodes:\\n  - {{id: {}, label: Qi, kind: concept}}\\n"
...         "  - {{id: b, label: B, kind: concept}}\\n")
>>> edge = "edges:\\n  - {{source: {}, target: b, relation: increases, claimed_by: someone}}\\n"
>>> _ = (old / "g.yaml").write_text(node.format("qi") + edge.format("qi"))
>>> _ = (new / "g.yaml").write_text(node.format("vital_energy") + edge.format("vital_energy"))
>>> print(diff_graphs(load_graph(old), load_graph(new)).to_text(), end="")
... # doctest: +NORMALIZE_WHITESPACE
old -> new
nodes (>1)
  > renamed node qi -> vital_energy
<BLANKLINE>
summary: nodes +0 -0 ~0 >1 · edges +0 -0 ~0 · evidence +0 -0 ~0 · references +0 -0 ~0
 · sources +0 -0 ~0 · claims +0 -0 ~0 · expectations +0 -0 ~0
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mechgraph.keys import EdgeKey
from mechgraph.model import EXPECTATION_NODE_FIELDS

if TYPE_CHECKING:
    from mechgraph.diff import ItemChange
    from mechgraph.graph import MechGraph
    from mechgraph.model import Edge, Expectation, Node, Reference, SourceText

__all__ = ["OldView", "Renames", "find_renames", "mark_renames", "rename_head",
           "renamed_view"]


@dataclass(frozen=True)
class Renames:
    """Old id to new id of each renamed node, old key to new key of each reference."""

    nodes: dict[str, str] = field(default_factory=dict)
    references: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.references)

    def edge(self, key: EdgeKey) -> EdgeKey:
        """An edge's identity with its ends renamed."""
        return (self.nodes.get(key[0], key[0]), self.nodes.get(key[1], key[1]), key[2])


@dataclass(frozen=True)
class OldView:
    """The old graph's items, renamed as in the new graph (what the diff compares)."""

    nodes: Mapping[str, Node]
    edges: Mapping[EdgeKey, Edge]
    references: Mapping[str, Reference]
    sources: Mapping[str, SourceText]
    expectations: Mapping[str, Expectation]


def _edges_at(kg: MechGraph) -> dict[str, set[EdgeKey]]:
    at: dict[str, set[EdgeKey]] = {}
    for key in kg.edges:
        at.setdefault(key[0], set()).add(key)
        at.setdefault(key[1], set()).add(key)
    return at


def _node_fields(node: Node) -> str:
    """A node's fields but its id, as one comparable (and hashable) text."""
    return json.dumps(node.model_dump(exclude={"id"}), sort_keys=True, default=str)


def _by_edge(nodes: list[str], at: dict[str, set[EdgeKey]]) -> dict[tuple[str, ...], set[str]]:
    """Each node of ``nodes`` under each of its edges, seen from the other end:
    ``("out", target, relation)`` for an edge it starts, ``("in", source, relation)`` for one
    it ends."""
    index: dict[tuple[str, ...], set[str]] = {}
    for b in nodes:
        for s, t, r in at.get(b, ()):
            if s == b:
                index.setdefault(("out", t, r), set()).add(b)
            if t == b:
                index.setdefault(("in", s, r), set()).add(b)
    return index


def _find_nodes(old: MechGraph, new: MechGraph) -> dict[str, str]:
    removed = sorted(set(old.nodes) - set(new.nodes))
    added = sorted(set(new.nodes) - set(old.nodes))
    if not removed or not added:
        return {}
    old_at, new_at = _edges_at(old), _edges_at(new)
    was = {a: _node_fields(old.nodes[a]) for a in removed}
    now = {b: _node_fields(new.nodes[b]) for b in added}
    by_fields: dict[str, set[str]] = {}
    for b, fields in now.items():
        by_fields.setdefault(fields, set()).add(b)
    by_edge = _by_edge(added, new_at)
    mapping: dict[str, str] = {}
    progress = True
    while progress:  # a rename can make a neighbour's edges match: go round again
        progress = False
        open_old = {a for a in removed if a not in mapping}
        open_new = {b for b in added if b not in mapping.values()}
        for a in sorted(open_old):
            # The candidates: the same fields, or an edge to the same (settled) neighbour.
            candidates = set(by_fields.get(was[a], ()))
            for s, t, r in sorted(old_at.get(a, ())):
                if s == a and t not in open_old:
                    candidates |= by_edge.get(("out", mapping.get(t, t), r), set())
                    break
                if t == a and s not in open_old:
                    candidates |= by_edge.get(("in", mapping.get(s, s), r), set())
                    break
            fits = []
            for b in sorted(candidates & open_new):
                trial = Renames({**mapping, a: b})
                mine = {trial.edge(k) for k in old_at.get(a, ())
                        if not ({k[0], k[1]} - {a}) & (open_old - {a})}
                theirs = {k for k in new_at.get(b, ())
                          if not ({k[0], k[1]} - {b}) & (open_new - {b})}
                same = was[a] == now[b]
                if mine == theirs and (mine or same):
                    fits.append((same, b))
            best = [b for same, b in fits if same] or [b for _, b in fits]
            if len(best) == 1:
                mapping[a] = best[0]
                open_new.discard(best[0])
                progress = True
    return mapping


def _citations(kg: MechGraph, nodes: Mapping[str, str] | None = None) -> dict[str, Counter]:
    """What cites each reference: the (renamed) edges of evidence items, and claims."""
    rename = Renames(dict(nodes or {}))
    cited: dict[str, Counter] = {}
    for key, edge in kg.edges.items():
        for ev in edge.evidence:
            cited.setdefault(ev.ref, Counter())[("edge", *rename.edge(key))] += 1
    for source, text in kg.sources.items():
        for claim in text.claims:
            for name in ("ref", "closest"):
                ref = getattr(claim.cites, name, None) if claim.cites else None
                if ref:
                    cited.setdefault(ref, Counter())[("claim", source, claim.id, name)] += 1
    return cited


def _find_references(old: MechGraph, new: MechGraph, nodes: dict[str, str]) -> dict[str, str]:
    removed = sorted(set(old.references) - set(new.references))
    added = sorted(set(new.references) - set(old.references))
    if not removed or not added:
        return {}
    old_cited, new_cited = _citations(old, nodes), _citations(new)
    mapping: dict[str, str] = {}
    for r in removed:
        fits = []
        for s in added:
            if s in mapping.values():
                continue
            same = old.references[r] == new.references[s]
            cites = old_cited.get(r, Counter())
            if cites == new_cited.get(s, Counter()) and (cites or same):
                fits.append((same, s))
        best = [s for same, s in fits if same] or [s for _, s in fits]
        if len(best) == 1:
            mapping[r] = best[0]
    return mapping


def find_renames(old: MechGraph, new: MechGraph) -> Renames:
    """The nodes and references renamed from ``old`` to ``new`` (see the module's rules).

    Examples
    --------
    >>> from mechgraph.graph import load_graph
    >>> kg = load_graph("graph")
    >>> bool(find_renames(kg, kg))
    False
    """
    nodes = _find_nodes(old, new)
    return Renames(nodes, _find_references(old, new, nodes))


def renamed_view(old: MechGraph, renames: Renames) -> OldView:
    """The old graph's items with every renamed id and key written the new way."""
    n, r = renames.nodes, renames.references
    if not renames:
        return OldView(old.nodes, old.edges, old.references, old.sources, old.expectations)
    nodes = {n.get(k, k): (v.model_copy(update={"id": n[k]}) if k in n else v)
             for k, v in old.nodes.items()}
    edges = {}
    for key, edge in old.edges.items():
        evidence = [e.model_copy(update={"ref": r[e.ref]}) if e.ref in r else e
                    for e in edge.evidence]
        edges[renames.edge(key)] = edge.model_copy(update={
            "source": n.get(edge.source, edge.source), "target": n.get(edge.target, edge.target),
            "evidence": evidence})
    sources = {}
    for key, text in old.sources.items():
        claims = []
        for claim in text.claims:
            refs = [e.model_copy(update={"source": n.get(e.source, e.source),
                                         "target": n.get(e.target, e.target)})
                    for e in claim.edges]
            cites = claim.cites
            if cites is not None:
                cites = cites.model_copy(update={
                    name: r[value] for name in ("ref", "closest")
                    if (value := getattr(cites, name)) in r})
            claims.append(claim.model_copy(update={"edges": refs, "cites": cites}))
        sources[key] = text.model_copy(update={"claims": claims})
    references = {r.get(k, k): v for k, v in old.references.items()}
    expectations = {}
    for key, expectation in old.expectations.items():
        update: dict[str, str | list[str]] = {}
        for name in EXPECTATION_NODE_FIELDS:
            value = getattr(expectation, name)
            update[name] = (n.get(value, value) if isinstance(value, str)
                            else [n.get(v, v) for v in value])
        expectations[key] = expectation.model_copy(update=update)
    return OldView(nodes, edges, references, sources, expectations)


def mark_renames(items: dict[str, list[ItemChange]], renames: Renames,
                 old: MechGraph, new: MechGraph) -> None:
    """Turn each renamed node and reference into one ``renamed`` change of its section
    (its field changes, found by the diff of the renamed view, kept under it)."""
    from mechgraph.diff import ItemChange

    for section, mapping, before, after in (
            ("nodes", renames.nodes, old.nodes, new.nodes),
            ("references", renames.references, old.references, new.references)):
        if not mapping:
            continue
        changed = {c.key[0]: c for c in items[section] if c.status == "changed"}
        kept = [c for c in items[section]
                if not (c.status == "changed" and c.key[0] in mapping.values())]
        for a, b in sorted(mapping.items()):
            found = changed.get(b)
            kept.append(ItemChange(section, "renamed", (b,), before[a].model_dump(),
                                   after[b].model_dump(), found.changes if found else [],
                                   old_key=(a,)))
        items[section] = kept


def rename_head(change: ItemChange, *, markdown: bool) -> str:
    """The first line of a renamed item: ``renamed node OLD -> NEW`` (in Markdown, after
    the status word: ``node `OLD` → `NEW```).

    Examples
    --------
    >>> from mechgraph.diff import ItemChange
    >>> c = ItemChange("references", "renamed", ("b2",), {}, {}, old_key=("b1",))
    >>> rename_head(c, markdown=False), rename_head(c, markdown=True)
    ('renamed reference b1 -> b2', 'reference `b1` → `b2`')
    """
    what = "node" if change.section == "nodes" else "reference"
    old = change.old_key[0] if change.old_key else "?"
    if markdown:
        return f"{what} `{old}` → `{change.key[0]}`"
    return f"renamed {what} {old} -> {change.key[0]}"
