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

    for f in files:
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
        for loc in f.edges:
            edge = loc.item
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
            if ok and not edge.evidence and not touches_traditional:
                out.problems.append(loc.problem((), f"the edge {edge.source} -> {edge.target} "
                                        f"({edge.relation}) has no evidence; add an 'evidence' "
                                        "item citing a reference (only edges of the "
                                        "traditional framework may go without)", "no-evidence"))
            first = out.edges.get(edge.key)
            if first is not None:
                out.problems.append(loc.problem((), f"duplicate edge {edge.source} -> "
                                        f"{edge.target} ({edge.relation}) (first defined at "
                                        f"{first.where()}); keep one edge and put all the "
                                        "evidence on it", "duplicate-edge"))
            elif ok:
                out.edges[edge.key] = loc
    return out
