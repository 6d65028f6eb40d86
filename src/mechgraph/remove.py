"""Removing and renaming nodes, edges, evidence and references (see
:mod:`mechgraph.change`, which exports these functions, for the guarantees, the cascade
and the order of writes)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mechgraph.edit import EditResult, _current, _locked, _root
from mechgraph.files import LOCK_TIMEOUT
from mechgraph.graph import MechGraph
from mechgraph.insert import EditError, FileText
from mechgraph.model import SLUG_RE
from mechgraph.replace import LineEdit, data_at
from mechgraph.stages import arrow, commit, edge_file, edge_index, evidence_index, results, unknown
from mechgraph.uses import Use, uses

__all__ = ["remove_edge", "remove_evidence", "remove_node", "remove_reference", "rename_node",
           "rename_reference"]

PathLike = str | os.PathLike[str]
CLAIMS, ITEMS, DEFINITIONS = 1, 2, 3
"""The stages of a removal: claims first, then edges and evidence, then what they used."""


class _Edits:
    """The :class:`LineEdit` of each file an edit touches, made when first needed."""

    def __init__(self) -> None:
        self.old: dict[Path, FileText] = {}
        self.edits: dict[Path, LineEdit] = {}

    def __getitem__(self, file: str | Path) -> LineEdit:
        path = Path(file)
        if path not in self.edits:
            self.old[path] = FileText.read(path)
            self.edits[path] = LineEdit(self.old[path].text, str(path))
        return self.edits[path]

    def stages(self, last: int) -> list[dict[Path, str]]:
        out: list[dict[Path, str]] = [
            {p: e.text_at(s) for p, e in self.edits.items()} for s in range(1, last)]
        return [*out, {p: e.final(last) for p, e in self.edits.items()}]


def _refuse(what: str, found: list[Use]) -> EditError:
    n = len(found)
    return EditError(f"{what} is used by {n} item{'s' if n != 1 else ''}; remove or change "
                     f"{'them' if n != 1 else 'it'} first, or remove {'them' if n != 1 else 'it'}"
                     " with it (--cascade):" + "".join(f"\n  {u}" for u in found))


def _claims(edits: _Edits, refs: Iterable[Use], listed: list[str]) -> None:
    """Remove claims' edges (a claim left with none goes as a whole)."""
    by_claim: dict[tuple[str, tuple[Any, ...]], list[Use]] = {}
    for use in refs:
        by_claim.setdefault((use.file, use.path[:-2]), []).append(use)
    for (file, claim), found in by_claim.items():
        edit = edits[file]
        edges = data_at(edit.data, claim).get("edges") or []
        if len({u.path for u in found}) == len(edges):
            edit.delete(claim, CLAIMS)
            listed.append(f"{found[0].file}:{edit.spans[claim].line + 1}: claim "
                          f"{claim[1]}/{data_at(edit.data, claim).get('id')} (no edge left)")
        else:
            for use in found:
                edit.delete(use.path, CLAIMS)
                listed.append(f"{use}: edge removed from the claim")


def _edges(kg: MechGraph, edits: _Edits, keys: Iterable[tuple[str, str, str]],
           listed: list[str]) -> None:
    """Remove edges and the claims' pointers to them."""
    refs: list[Use] = []
    for key in dict.fromkeys(keys):
        path = Path(kg.locations["edge", key].file)
        edit = edits[path]
        item = ("edges", edge_index(edit.data, key))
        edit.delete(item, ITEMS)
        listed.append(f"{path}:{edit.spans[item].line + 1}: edge {arrow(*key)}")
        refs += uses(kg, "edge", key)
    unique = {(u.file, u.path): u for u in refs}.values()
    _claims(edits, sorted(unique, key=lambda u: (u.file, u.line)), listed)


def _finish(root: Path, edits: _Edits, main: Path, summary: str, listed: list[str],
            dry_run: bool) -> EditResult:
    stages = edits.stages(DEFINITIONS)
    commit(root, edits.old, stages, dry_run=dry_run)
    extra = f" (and {len(listed) - 1} item(s) that used it)" if len(listed) > 1 else ""
    found = re.search(r":(\d+): ", listed[0])
    first = int(found.group(1)) if found else 1
    return results(edits.old, stages[-1], main, None,
                   summary + extra + "".join(f"\n  {line}" for line in listed), dry_run,
                   line=first)


def remove_node(graph_dir: PathLike, node_id: str, *, cascade: bool = False,
                dry_run: bool = False, timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Remove a node: refused while edges or claims use it, naming each (``file:line``),
    unless ``cascade``, which removes its edges and their claims' pointers too.

    Returns
    -------
    EditResult
        ``summary`` is ``removed node ID`` and, a line each, ``file:line: what`` of
        everything removed (the node first); ``others`` the other files changed.

    Raises
    ------
    EditError
        An unknown node, a node in use without ``cascade``, an item in flow style.
    GraphDataError
        The graph after the removal has problems.
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if node_id not in kg.nodes:
            raise unknown("node", node_id, kg.nodes)
        found = uses(kg, "node", node_id)
        if found and not cascade:
            raise _refuse(f"node '{node_id}'", found)
        edits = _Edits()
        main = Path(kg.locations["node", node_id].file)
        edit = edits[main]
        item = ("nodes", next(i for i, n in enumerate(edit.data["nodes"])
                              if isinstance(n, dict) and n.get("id") == node_id))
        edit.delete(item, DEFINITIONS)
        listed = [f"{main}:{edit.spans[item].line + 1}: node {node_id}"]
        _edges(kg, edits, [k for k in kg.edges if node_id in k[:2]], listed)
        return _finish(root, edits, main, f"removed node {node_id}", listed, dry_run)


def remove_edge(graph_dir: PathLike, source: str, target: str, relation: str, *,
                cascade: bool = False, dry_run: bool = False,
                timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Remove an edge with its evidence: refused while claims point at it, unless
    ``cascade``, which removes it from their ``edges`` lists (a claim left with none goes).
    Result and errors as :func:`remove_node`."""
    root = _root(graph_dir)
    key = (source, target, relation)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        main = edge_file(kg, key)
        found = uses(kg, "edge", key)
        if found and not cascade:
            raise _refuse(f"the edge {arrow(*key)}", found)
        edits, listed = _Edits(), []
        _edges(kg, edits, [key], listed)
        return _finish(root, edits, main, f"removed edge {arrow(*key)}", listed, dry_run)


def remove_evidence(graph_dir: PathLike, source: str, target: str, relation: str, ref: str,
                    *, index: int | None = None, dry_run: bool = False,
                    timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Remove the evidence item of an edge that cites ``ref`` (``index`` as in
    :func:`mechgraph.change.set_evidence`). Removing an edge's last item is refused by the
    check of the graph unless the edge needs no evidence."""
    root = _root(graph_dir)
    key = (source, target, relation)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        main = edge_file(kg, key)
        edits = _Edits()
        edit = edits[main]
        i, j = evidence_index(kg, main, edit.data, key, ref, index)
        edit.delete(("edges", i, "evidence", j), ITEMS)
        line = edit.spans[("edges", i, "evidence", j)].line + 1
        return _finish(root, edits, main, f"removed evidence {ref} of edge {arrow(*key)}",
                       [f"{main}:{line}: evidence {ref}"], dry_run)


def remove_reference(graph_dir: PathLike, key: str, *, cascade: bool = False,
                     dry_run: bool = False, timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Remove a reference: refused while evidence or claims cite it, unless ``cascade``,
    which removes the evidence items citing it, the edges left with no evidence (unless
    ``claimed_by`` or ``curated_in``) with their claims' pointers, and the ``cites`` of
    claims that name it. Result and errors as :func:`remove_node`."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if key not in kg.references:
            raise unknown("reference", key, kg.references)
        found = uses(kg, "reference", key)
        if found and not cascade:
            raise _refuse(f"reference '{key}'", found)
        edits = _Edits()
        main = Path(kg.locations["reference", key].file)
        edits[main].delete(("references", key), DEFINITIONS)
        line = (edits[main].spans[("references", key)].key_line or 0) + 1
        listed = [f"{main}:{line}: reference {key}"]
        gone = []
        for use in found:
            if use.kind == "cites":
                edits[use.file].delete(use.path, CLAIMS)
                listed.append(f"{use}: its citation removed")
            elif use.kind == "evidence":
                edge = kg.edges[tuple(data_at(edits[use.file].data, use.path[:2])[k]
                                      for k in ("source", "target", "relation"))]
                if all(ev.ref == key for ev in edge.evidence) and not (
                        edge.claimed_by or edge.curated_in):
                    gone.append(edge.key)
                else:
                    edits[use.file].delete(use.path, ITEMS)
                    listed.append(str(use))
            else:
                edits[use.file].delete(use.path, ITEMS)
                listed.append(str(use))
        _edges(kg, edits, gone, listed)
        return _finish(root, edits, main, f"removed reference {key}", listed, dry_run)


# --- rename ---------------------------------------------------------------------------------


def _new_id(kind: str, old: str, new: str, known: dict[str, Any], kg: MechGraph) -> None:
    if old not in known:
        raise unknown(kind, old, known)
    if not isinstance(new, str) or not SLUG_RE.match(new):
        raise EditError(f"'{new}' is not a valid {kind} id: use a lower-case letter, then "
                        "lower-case letters, digits or '_'")
    if new in known:
        raise EditError(f"{kg.locations[kind, new]}: {kind} '{new}' is already defined here; "
                        f"choose another {'id' if kind == 'node' else 'key'}")


def rename_node(graph_dir: PathLike, old: str, new: str, *, dry_run: bool = False,
                timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Rename a node, rewriting its id in every file: its definition, the edges that
    start or end at it and the claims that name them, in one locked step (the graph on
    disk is valid after every file written; see :mod:`mechgraph.change`).

    Returns
    -------
    EditResult
        The defining file's; the other files changed in ``others``.

    Raises
    ------
    EditError
        An unknown node, a new id that is not a slug or is taken.
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        _new_id("node", old, new, kg.nodes, kg)
        edits = _Edits()
        main = Path(kg.locations["node", old].file)
        edit = edits[main]
        item = ("nodes", next(i for i, n in enumerate(edit.data["nodes"])
                              if isinstance(n, dict) and n.get("id") == old))
        # 1 a twin node, 2 twin edges, 3 claims moved, 4 edges renamed, 5 the node renamed
        edit.copy_after(item, [((*item, "id"), new)], 1, 5)
        edit.replace((*item, "id"), new, 5)
        found = uses(kg, "node", old)
        for use in found:
            ends = [e for e in ("source", "target")
                    if data_at(edits[use.file].data, use.path).get(e) == old]
            if use.kind == "edge":
                edits[use.file].copy_after(use.path, [((*use.path, e), new) for e in ends],
                                           2, 4)
                for end in ends:
                    edits[use.file].replace((*use.path, end), new, 4)
            else:
                for end in ends:
                    edits[use.file].replace((*use.path, end), new, 3)
        stages = edits.stages(5)
        commit(root, edits.old, stages, dry_run=dry_run)
        return results(edits.old, stages[-1], main, item,
                       f"renamed node {old} to {new} ({len(found)} uses rewritten)", dry_run)


def rename_reference(graph_dir: PathLike, old: str, new: str, *, dry_run: bool = False,
                     timeout: float = LOCK_TIMEOUT) -> EditResult:
    """Rename a reference key, rewriting every evidence item and claim citation that
    names it, in one locked step. Result and errors as :func:`rename_node`."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        _new_id("reference", old, new, kg.references, kg)
        edits = _Edits()
        main = Path(kg.locations["reference", old].file)
        # 1 a twin entry, 2 the citations moved, 3 the entry renamed
        edits[main].copy_after(("references", old), [], 1, 3, key=(old, new))
        edits[main].rename_key(("references",), old, new, 3)
        found = uses(kg, "reference", old)
        for use in found:
            edit = edits[use.file]
            item = data_at(edit.data, use.path)
            for name in ("ref", "closest"):
                if item.get(name) == old:
                    edit.replace((*use.path, name), new, 2)
        stages = edits.stages(3)
        commit(root, edits.old, stages, dry_run=dry_run)
        return results(edits.old, stages[-1], main, ("references", new),
                       f"renamed reference {old} to {new} ({len(found)} uses rewritten)",
                       dry_run)
