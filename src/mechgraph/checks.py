"""Checks across files: duplicates, dangling ids, missing evidence.

Each check has a stable code (used in ``--json`` output and ``docs/format.md``):

``duplicate-node``, ``duplicate-reference``, ``duplicate-edge``
    The same node id, reference key or (source, target, relation) edge twice; the
    message names both places.
``unknown-node``, ``unknown-reference``
    An edge endpoint or evidence ``ref`` that no file defines, with the closest id.
``self-loop``
    An edge from a node to itself.
``no-evidence``
    A biomedical edge without evidence (edges touching a traditional node may have none).
"""

from __future__ import annotations

from collections.abc import Iterable

from mechgraph.errors import Problem
from mechgraph.validate import FileItems, Located, suggest

__all__ = ["CrossChecked", "check_across"]


class FileSummary:
    """The ids a file defines and uses, for checking a whole file at once.

    Checking across files then costs a few set operations per file; only a file that
    fails one is checked item by item, to say exactly what is wrong and where.
    """

    __slots__ = ("bare", "cited", "edge_keys", "endpoints", "node_ids", "ref_keys",
                 "self_loop", "unique")

    def __init__(self, items: FileItems):
        self.node_ids = [loc.item.id for loc in items.nodes]
        self.ref_keys = [key for key, _ in items.references]
        edges = [loc.item for loc in items.edges]
        self.edge_keys = [(e.source, e.target, e.relation) for e in edges]
        self.endpoints = {e.source for e in edges} | {e.target for e in edges}
        self.cited = {item.ref for e in edges for item in e.evidence}
        self.bare = [(e.source, e.target) for e in edges
                     if not e.evidence and not e.claimed_by]
        self.self_loop = any(e.source == e.target for e in edges)
        self.unique = (len(set(self.node_ids)) == len(self.node_ids)
                       and len(set(self.edge_keys)) == len(self.edge_keys))


def summarize(items: FileItems) -> FileSummary:
    """The file's :class:`FileSummary` (computed once, then kept on ``items``)."""
    if items.summary is None:
        items.summary = FileSummary(items)
    return items.summary


class CrossChecked:
    """The merged, de-duplicated items of all files and the problems found merging them."""

    def __init__(self) -> None:
        self.nodes: dict[str, Located] = {}
        self.references: dict[str, Located] = {}
        self.edges: dict[tuple[str, str, str], Located] = {}
        self.problems: list[Problem] = []


def check_across(files: Iterable[FileItems], *, complete: bool = True) -> CrossChecked:
    """Merge the valid items of every file, checking what no single file can.

    Parameters
    ----------
    files : iterable of FileItems
        The validated files, in a stable order (the first definition wins).
    complete : bool, optional
        False when some file could not be read at all: an id it defines is then not known,
        so unknown ids are not reported (they would only echo that file's error).

    Returns
    -------
    CrossChecked
    """
    files = list(files)
    out = CrossChecked()
    invalid_ids: set[str] = set().union(*(f.invalid_ids for f in files)) if files else set()
    invalid_refs: set[str] = set().union(*(f.invalid_refs for f in files)) if files else set()

    nodes, references, edges = out.nodes, out.references, out.edges
    for f in files:
        summary = summarize(f)
        if summary.unique and nodes.keys().isdisjoint(summary.node_ids) \
                and references.keys().isdisjoint(summary.ref_keys):
            nodes.update(zip(summary.node_ids, f.nodes, strict=True))
            references.update(f.references)
            continue
        for loc in f.nodes:
            node_id = loc.item.id
            first = out.nodes.get(node_id)
            if first is not None:
                out.problems.append(loc.problem(("id",), f"duplicate node id '{node_id}' (first "
                                        f"defined at {first.where()}); rename one or merge them",
                                        "duplicate-node"))
            else:
                out.nodes[node_id] = loc
        for key, loc in f.references:
            first = out.references.get(key)
            if first is not None:
                out.problems.append(loc.problem((), f"duplicate reference key '{key}' (first "
                                        f"defined at {first.where()}); cite the first one or "
                                        "rename this one", "duplicate-reference"))
            else:
                out.references[key] = loc

    traditional = {i for i, loc in out.nodes.items() if loc.item.framework == "traditional"}
    for f in files:
        summary = summarize(f)
        if (summary.unique and not summary.self_loop and summary.endpoints <= nodes.keys()
                and summary.cited <= references.keys()
                and edges.keys().isdisjoint(summary.edge_keys)
                and all(s in traditional or t in traditional for s, t in summary.bare)):
            edges.update(zip(summary.edge_keys, f.edges, strict=True))  # nothing to report
            continue
        for loc in f.edges:
            edge = loc.item
            source, target = edge.source, edge.target
            key = (source, target, edge.relation)
            if (source in nodes and target in nodes and source != target and key not in edges
                    and (edge.evidence or edge.claimed_by or source in traditional
                         or target in traditional)
                    and all(item.ref in references for item in edge.evidence)):
                edges[key] = loc  # the usual case: nothing to report
                continue
            ok = True
            for end in ("source", "target"):
                node_id = getattr(edge, end)
                if node_id not in out.nodes:
                    ok = False
                    if complete and node_id not in invalid_ids:
                        out.problems.append(loc.problem((end,), f"unknown node '{node_id}'"
                                                f"{suggest(node_id, out.nodes)}",
                                                "unknown-node"))
            if edge.source == edge.target:
                out.problems.append(loc.problem(("target",), f"the edge points from "
                                        f"'{edge.source}' to itself; an edge joins two "
                                        "different nodes", "self-loop"))
            for i, item in enumerate(edge.evidence):
                if complete and item.ref not in out.references and item.ref not in invalid_refs:
                    out.problems.append(loc.problem(("evidence", i, "ref"), f"unknown reference "
                                            f"'{item.ref}'{suggest(item.ref, out.references)}; "
                                            "add it under 'references:' in any file",
                                            "unknown-reference"))
            touches_traditional = edge.source in traditional or edge.target in traditional
            if ok and not edge.evidence and not edge.claimed_by and not touches_traditional:
                out.problems.append(loc.problem((), f"the edge {edge.source} -> {edge.target} "
                                        f"({edge.relation}) has no evidence; add an 'evidence' "
                                        "item citing a reference, or mark an untested claim "
                                        "with 'claimed_by'", "no-evidence"))
            first = out.edges.get(edge.key)
            if first is not None:
                out.problems.append(loc.problem((), f"duplicate edge {edge.source} -> "
                                        f"{edge.target} ({edge.relation}) (first defined at "
                                        f"{first.where()}); keep one edge and put all the "
                                        "evidence on it", "duplicate-edge"))
            elif ok:
                out.edges[edge.key] = loc
    return out
