"""Changing, removing and renaming what the graph holds, with the guarantees of adding.

Every function here, like :mod:`mechgraph.edit`'s ``add_*``, runs under the folder's
lock, changes the files' text in their own style (:mod:`mechgraph.replace`: only the
changed values' text changes, comments and the rest stay byte for byte), proves that the
new text reads as the expected data, checks the whole graph as it would be
(:func:`mechgraph.edit.write_checked`) and writes atomically, or raises and writes
nothing.

* ``set_*`` change fields of one item in place: ``changes`` maps field names to new
  values, ``None`` removes an optional field. Changing an edge's ``relation`` changes its
  identity: the claims that point at it are rewritten in the same step.
* ``remove_*`` refuse while other items use the item (:func:`mechgraph.uses.uses`), naming
  each use as ``file:line``, unless ``cascade``: then the users go too. A claim loses the
  removed edge from its ``edges`` list, and goes itself if no edge is left; a claim whose
  ``cites`` names a removed reference loses its ``cites``; an edge whose evidence all
  cites a removed reference goes (unless it is ``claimed_by`` someone or ``curated_in`` a
  knowledge base, which need no evidence).
* ``rename_*`` rewrite every use in every file in one locked step.

Several files are written one at a time, in stages ordered so that the graph on disk is
valid after every single write, even if the process is killed between two: removals go
users first (claims, then edges and evidence, then the node or reference); a rename
first adds a copy under the new id, then copies of the edges that use it, then moves the
claims, then replaces the old edges and the old item by the renamed ones in place. Every
stage is checked before the first file is written.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "graph"
>>> _ = shutil.copytree("graph", folder)
>>> print(set_node(folder, "qi", {"plain": "Yes: a # sign"}).summary)
changed node qi: plain
>>> remove_edge(folder, "acupuncture", "qi", "increases")
Traceback (most recent call last):
...
mechgraph.insert.EditError: the edge acupuncture -increases-> qi is used by 1 item; ...
>>> print(rename_node(folder, "qi", "vital_energy").summary)
renamed node qi to vital_energy (7 uses rewritten)
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from mechgraph.edit import EditResult, _current, _locked, _root
from mechgraph.files import LOCK_TIMEOUT
from mechgraph.insert import EditError, FileText
from mechgraph.model import Edge, Evidence, Node, Reference
from mechgraph.remove import (
    remove_edge,
    remove_evidence,
    remove_node,
    remove_reference,
    rename_node,
    rename_reference,
)
from mechgraph.replace import LineEdit, Surgery
from mechgraph.stages import (
    arrow,
    commit,
    edge_file,
    edge_index,
    evidence_index,
    results,
    unknown,
)
from mechgraph.uses import Use, uses

__all__ = ["FIELDS", "Use", "remove_edge", "remove_evidence", "remove_node",
           "remove_reference", "rename_node", "rename_reference", "set_edge",
           "set_evidence", "set_node", "set_reference", "uses"]

PathLike = str | os.PathLike[str]

FIELDS: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "node": (Node, ("id", "evidence")),
    "edge": (Edge, ("source", "target", "evidence")),
    "evidence": (Evidence, ()),
    "reference": (Reference, ()),
}
"""Each kind of item: its model, and the fields ``set_*`` cannot change (an id is
renamed, an edge's ends make another edge, evidence is changed item by item)."""

_FIXED_HOW = {"id": "rename the node (mechgraph rename node OLD NEW)",
              "source": "remove the edge and add the new one",
              "target": "remove the edge and add the new one",
              "evidence": "change the evidence items one by one (mechgraph set evidence)"}


# --- helpers ---------------------------------------------------------------------------------


def _checked_changes(kind: str, what: str, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes, each value as it is written (a default flag or empty list removes the
    key); every bad field named in one :class:`EditError`."""
    model, fixed = FIELDS[kind]
    fields = model.model_fields
    problems, out = [], {}
    if not changes:
        raise EditError(f"nothing to change for {what}: give at least one field")
    for name, value in changes.items():
        if name in fixed:
            problems.append(f"'{name}' cannot be changed here: {_FIXED_HOW[name]}")
        elif name not in fields:
            settable = [f for f in fields if f not in fixed]
            problems.append(f"'{name}' is not a field of a {kind} (fields: "
                            f"{', '.join(settable)})")
        elif value is None and fields[name].is_required():
            problems.append(f"'{name}' is required and cannot be removed")
        else:
            default = fields[name].get_default(call_default_factory=True)
            empty = (value is False and default is False) or (
                isinstance(value, list | tuple) and not value and default == [])
            out[name] = None if empty else (list(value) if isinstance(value, tuple)
                                            else value)
    if problems:
        raise EditError(f"cannot change {what}: " + "; ".join(problems))
    return out



# --- set -----------------------------------------------------------------------------------


def _set_one(surgery: Surgery, item: tuple[Any, ...], kind: str,
             changes: Mapping[str, Any]) -> str:
    """The file's text with the fields of the item at ``item`` changed (proven)."""
    order = list(FIELDS[kind][0].model_fields)
    for name, value in changes.items():
        surgery.set_field(item, name, value, order)
    return surgery.finish()


def set_node(graph_dir: PathLike, node_id: str, changes: Mapping[str, Any], *,
             dry_run: bool = False, timeout: float = LOCK_TIMEOUT,
             author: str | None = None) -> EditResult:
    """Change fields of a node in place (``None`` removes an optional field).

    Parameters
    ----------
    graph_dir : path
        The graph folder.
    node_id : str
        The node to change.
    changes : mapping
        Field name to new value: ``label``, ``kind``, ``framework``, ``description``,
        ``plain``, ``synonyms`` (the whole list), ``xrefs``, ``module``, ``control``.
    dry_run : bool
        Check and return what would be written, write nothing.
    timeout : float
        Seconds to wait for another edit of the folder to finish.

    Returns
    -------
    EditResult
        ``added`` holds the node's new text, ``line`` where it starts.

    Raises
    ------
    EditError
        An unknown node or field, a required field removed, an item in flow style.
    GraphDataError
        The graph after the change has problems (positioned in the new text).
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if node_id not in kg.nodes:
            raise unknown("node", node_id, kg.nodes)
        values = _checked_changes("node", f"node '{node_id}'", changes)
        path = Path(kg.locations["node", node_id].file)
        old = FileText.read(path)
        surgery = Surgery(old.text, str(path))
        i = next(n for n, item in enumerate(surgery.data["nodes"])
                 if isinstance(item, dict) and item.get("id") == node_id)
        summary = f"changed node {node_id}: {', '.join(values)}"
        text = _set_one(surgery, ("nodes", i), "node", values)
        warnings = commit(root, {path: old}, [{path: text}], dry_run=dry_run, before=kg,
                          author=author, summary=summary)
        return results({path: old}, {path: text}, path, ("nodes", i), summary, dry_run,
                       warnings=warnings)


def set_reference(graph_dir: PathLike, key: str, changes: Mapping[str, Any], *,
                  dry_run: bool = False, timeout: float = LOCK_TIMEOUT,
                  author: str | None = None) -> EditResult:
    """Change fields of a reference in place (``title``, ``authors``, ``year``,
    ``journal``, ``design``, ``subjects``, ``doi``, ``pmid``, ``url``, ``note``).
    Parameters and errors as :func:`set_node`; to change the key, :func:`rename_reference`."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if key not in kg.references:
            raise unknown("reference", key, kg.references)
        values = _checked_changes("reference", f"reference '{key}'", changes)
        path = Path(kg.locations["reference", key].file)
        summary = f"changed reference {key}: {', '.join(values)}"
        old = FileText.read(path)
        text = _set_one(Surgery(old.text, str(path)), ("references", key), "reference",
                        values)
        warnings = commit(root, {path: old}, [{path: text}], dry_run=dry_run, before=kg,
                          author=author, summary=summary)
        return results({path: old}, {path: text}, path, ("references", key), summary,
                        dry_run, warnings=warnings)


def set_edge(graph_dir: PathLike, source: str, target: str, relation: str,
             changes: Mapping[str, Any], *, dry_run: bool = False,
             timeout: float = LOCK_TIMEOUT,
             author: str | None = None) -> EditResult:
    """Change fields of an edge in place: ``description``, ``plain``, ``definitional``,
    ``claimed_by``, ``curated_in``, and ``relation`` (a new relation: the claims that
    point at the edge are rewritten in the same step, listed in the result's
    ``others``). Parameters and errors as :func:`set_node`."""
    root = _root(graph_dir)
    key = (source, target, relation)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        path = edge_file(kg, key)
        values = _checked_changes("edge", f"edge {arrow(*key)}", changes)
        new_relation = values.get("relation", relation)
        if new_relation != relation and (source, target, new_relation) in kg.edges:
            raise EditError(f"{kg.locations['edge', (source, target, new_relation)]}: the "
                            f"edge {arrow(source, target, new_relation)} is already "
                            "defined here; remove one of the two first")
        old = {path: FileText.read(path)}
        surgery = Surgery(old[path].text, str(path))
        i = edge_index(surgery.data, key)
        item = ("edges", i)
        summary = f"changed edge {arrow(*key)}: {', '.join(values)}"
        claims = uses(kg, "edge", key) if new_relation != relation else []
        if not claims:
            text = _set_one(surgery, item, "edge", values)
            warnings = commit(root, old, [{path: text}], dry_run=dry_run, before=kg,
                              author=author, summary=summary)
            return results(old, {path: text}, path, item, summary, dry_run,
                           warnings=warnings)
        # A new identity that claims point at: a twin edge first, then the claims, then
        # the edge changed in place (the graph stays valid after each write).
        edits = {path: LineEdit(old[path].text, str(path))}
        edits[path].copy_after(item, [((*item, "relation"), new_relation)], 1, 3)
        for use in claims:
            p = Path(use.file)
            if p not in edits:
                old[p] = FileText.read(p)
                edits[p] = LineEdit(old[p].text, str(p))
            edits[p].replace((*use.path, "relation"), new_relation, 2)
        final = {p: e.final(3) for p, e in edits.items()}
        final[path] = _set_one(Surgery(final[path], str(path)), item, "edge", values)
        stages = [{p: e.text_at(s) for p, e in edits.items()} for s in (1, 2)]
        warnings = commit(root, old, [*stages, final], dry_run=dry_run, before=kg,
                          author=author, summary=summary)
        return results(old, final, path, item, summary + f" ({len(claims)} claim edges "
                        "rewritten)", dry_run, warnings=warnings)


def set_evidence(graph_dir: PathLike, source: str, target: str, relation: str, ref: str,
                 changes: Mapping[str, Any], *, index: int | None = None,
                 dry_run: bool = False, timeout: float = LOCK_TIMEOUT,
                 author: str | None = None) -> EditResult:
    """Change fields of the evidence item of an edge that cites ``ref``: ``stance``,
    ``finding``, ``comparison``, ``quote``, ``ref``. ``index`` picks one of several items
    citing ``ref`` (0-based among them); without it, several are an :class:`EditError`
    listing them. Parameters and errors as :func:`set_node`."""
    root = _root(graph_dir)
    key = (source, target, relation)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        path = edge_file(kg, key)
        old = FileText.read(path)
        surgery = Surgery(old.text, str(path))
        i, j = evidence_index(kg, path, surgery.data, key, ref, index)
        values = _checked_changes("evidence", f"evidence {ref} of edge {arrow(*key)}",
                                  changes)
        item = ("edges", i, "evidence", j)
        summary = f"changed evidence {ref} of edge {arrow(*key)}: {', '.join(values)}"
        text = _set_one(surgery, item, "evidence", values)
        warnings = commit(root, {path: old}, [{path: text}], dry_run=dry_run, before=kg,
                          author=author, summary=summary)
        return results({path: old}, {path: text}, path, item, summary, dry_run,
                       warnings=warnings)
