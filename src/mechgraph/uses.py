"""Who uses a node, an edge or a reference: each use with its file, line and words.

A node is used by the edges that start or end at it and by the claims whose edges name
it; an edge by the claims that point at it (by its source, target and relation); a
reference by the evidence items (of edges and of nodes) that cite it and by the claims
whose ``cites`` names it (``ref`` or ``closest``). ``mechgraph remove`` refuses while an
item is used, naming each use; ``mechgraph rename`` rewrites every use.

Examples
--------
>>> from mechgraph import load_graph
>>> kg = load_graph("graph")
>>> for use in uses(kg, "edge", ("acupuncture", "serotonin", "modulates")):
...     print(use)
graph/claims/source_article.yaml:239: claim clinic_article/serotonin_and_pain (edge \
acupuncture -modulates-> serotonin)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mechgraph.graph import MechGraph
from mechgraph.insert import FileText, parsed
from mechgraph.yamltext import outline

__all__ = ["KINDS", "Use", "file_uses", "uses"]

KINDS = ("node", "edge", "reference")
"""What :func:`uses` can be asked about."""


@dataclass(frozen=True)
class Use:
    """One use of an item.

    Attributes
    ----------
    file : str
        The file that holds the user.
    line : int
        1-based line of the user (the edge, the evidence item, the claim's edge or
        citation).
    what : str
        The user in words: ``edge a -increases-> b``, ``evidence zhao2008 of edge ...``,
        ``claim source_article/endorphins (edge ...)``.
    kind : str
        ``edge``, ``evidence``, ``node-evidence``, ``claim-edge`` or ``cites``.
    path : tuple
        Where the user is in the file's data (keys and list indices), for editors.
    """

    file: str
    line: int
    what: str
    kind: str
    path: tuple[Any, ...]

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.what}"


def _arrow(s: Any, t: Any, r: Any) -> str:
    return f"{s} -{r}-> {t}"


def _key(item: Any) -> tuple[Any, Any, Any]:
    if not isinstance(item, dict):
        return (None, None, None)
    return (item.get("source"), item.get("target"), item.get("relation"))


def _found(data: Any, kind: str, key: Any) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    """(user kind, words, path) of each use of ``key`` in one file's data."""
    if not isinstance(data, dict):
        return
    for i, edge in enumerate(data.get("edges") or []):
        if not isinstance(edge, dict):
            continue
        arrow = _arrow(*_key(edge))
        if kind == "node" and key in (edge.get("source"), edge.get("target")):
            yield "edge", f"edge {arrow}", ("edges", i)
        if kind == "reference":
            for j, ev in enumerate(edge.get("evidence") or []):
                if isinstance(ev, dict) and ev.get("ref") == key:
                    yield "evidence", f"evidence {key} of edge {arrow}", ("edges", i,
                                                                          "evidence", j)
    if kind == "reference":
        for i, node in enumerate(data.get("nodes") or []):
            for j, ev in enumerate((node.get("evidence") or []) if isinstance(node, dict)
                                   else []):
                if isinstance(ev, dict) and ev.get("ref") == key:
                    yield "node-evidence", f"evidence {key} of node {node.get('id')}", (
                        "nodes", i, "evidence", j)
    sources = data.get("sources")
    for name, source in (sources.items() if isinstance(sources, dict) else ()):
        for c, claim in enumerate((source or {}).get("claims") or []):
            if not isinstance(claim, dict):
                continue
            where = ("sources", name, "claims", c)
            label = f"claim {name}/{claim.get('id')}"
            for e, ref in enumerate(claim.get("edges") or []):
                k = _key(ref)
                if (kind == "node" and key in k[:2]) or (kind == "edge" and k == tuple(key)):
                    yield "claim-edge", f"{label} (edge {_arrow(*k)})", (*where, "edges", e)
            cites = claim.get("cites")
            if kind == "reference" and isinstance(cites, dict) and key in (
                    cites.get("ref"), cites.get("closest")):
                yield "cites", f"{label} (cites {key})", (*where, "cites")


def _words(kind: str, key: Any) -> list[str]:
    """Strings a file must contain to hold a use (a quick test before parsing)."""
    return [str(k) for k in key[:2]] if kind == "edge" else [str(key)]


def file_uses(path: str | Path, kind: str, key: Any, text: str | None = None) -> list[Use]:
    """The uses of ``key`` (a node id, an edge's ``(source, target, relation)`` or a
    reference key) in one file, in file order."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
    if text is None:
        text = FileText.read(Path(path)).text
    if not all(w in text for w in _words(kind, key)):
        return []
    found = list(_found(parsed(text, str(path)).data, kind, key))
    if not found:
        return []
    spans = outline(text)
    out = []
    for user, what, where in found:
        span = spans[where]
        line = span.key_line if user == "cites" and span.key_line is not None else span.line
        out.append(Use(str(path), line + 1, what, user, where))
    return out


def uses(kg: MechGraph, kind: str, key: Any) -> list[Use]:
    """Every use of a node (``kind="node"``, its id), an edge (``"edge"``, its
    ``(source, target, relation)``) or a reference (``"reference"``, its key) in the
    graph's files, file by file in the graph's order.

    Parameters
    ----------
    kg : MechGraph
        The graph (its files are read again, for the lines).
    kind : {"node", "edge", "reference"}
    key : str or tuple

    Returns
    -------
    list of Use
    """
    out: list[Use] = []
    for file in kg.files:
        out += file_uses(file, kind, tuple(key) if kind == "edge" else key)
    return out
