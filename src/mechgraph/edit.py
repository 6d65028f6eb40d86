"""Adding nodes, edges, evidence and references to the graph files, safely.

Every edit inserts text into one file and leaves everything else in it byte for byte
(comments, ordering, quoting, blank lines): the new item is appended at the end of the
file's ``nodes:`` or ``edges:`` list, ``references:`` mapping or an edge's ``evidence:``
list, indented the way the file indents its items. Before anything is written:

* duplicates are refused (a node id, a reference key, an edge's source-target-relation);
* the whole graph is checked as if the file held the new text
  (:func:`mechgraph.check_graph` with ``overrides``), so a bad value, an unknown node or
  reference, or a broken file refuses the edit with positioned problems;
* the new text is read back and must give exactly the old data plus the new item, so
  no value can change its meaning through YAML 1.1 (``yes``, ``1e3``, ``: `` or ``#`` in
  text) or disturb its neighbours.

Writes are atomic (:func:`mechgraph.files.atomic_write`), and read-check-write runs
under a lock of the graph folder (:func:`mechgraph.files.folder_lock`:
``<graph>/.mechgraph.lock``, which the loader never reads, like every hidden file), so two
editors never lose each other's edits. This module plans the edits and checks the graph;
:mod:`mechgraph.insert` finds where the text goes and proves it reads back, and
:mod:`mechgraph.yamltext` writes it.

Examples
--------
>>> import pathlib, shutil, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp()) / "graph"
>>> _ = shutil.copytree("graph", folder)
>>> result = add_edge(folder, {"source": "acupuncture", "target": "serotonin",
...     "relation": "associated_with", "evidence": [{"ref": "zhang2014",
...     "stance": "inconclusive", "finding": "Example: yes, no: 1e3 # not a comment"}]},
...     dry_run=True)
>>> print(result.added, end="")
<BLANKLINE>
  - source: acupuncture
    target: serotonin
    relation: associated_with
    evidence:
      - ref: zhang2014
        stance: inconclusive
        finding: "Example: yes, no: 1e3 # not a comment"
>>> result.path.name, result.written
('neurotransmitters.yaml', False)
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mechgraph.errors import GraphDataError
from mechgraph.files import LOCK_NAME, LOCK_TIMEOUT, atomic_write, folder_lock, lock_file
from mechgraph.graph import MechGraph, load_graph
from mechgraph.insert import EditError, FileText, Plan, insert_all, parsed
from mechgraph.load import checked_graph
from mechgraph.model import Edge, Evidence, Node, Reference

__all__ = [
    "LOCK_NAME",
    "EditError",
    "EditResult",
    "add_edge",
    "add_evidence",
    "add_node",
    "add_reference",
    "default_file",
]

_SECTION_MODEL: dict[str, type[BaseModel]] = {"nodes": Node, "edges": Edge,
                                              "references": Reference}


@dataclass(frozen=True)
class EditResult:
    """What an edit did (or, for a dry run, would do).

    Attributes
    ----------
    path : Path
        The file written (or that would be written), built on the graph folder given.
    line : int
        1-based line where the new item starts in the new text.
    added : str
        The text inserted, exactly: ``after`` is ``before`` with ``added`` inserted at one
        place (with a line break added first if ``before`` did not end with one).
    before, after : str
        The file's whole text before (``""`` for a new file) and after.
    created, written : bool
        Whether the file is new; whether it was written (``False`` for a dry run).
    summary : str
        One line for people: ``added edge acupuncture -increases-> endorphins (1 evidence)``.
    others : tuple of EditResult
        The other files changed in the same step (the new references of
        :func:`add_edge` or :func:`add_evidence`), in the order they are written.
    warnings : tuple of str
        The expectations the edit breaks (they held before it and fail after it), one
        line each: ``file:line: warning: this edit would break expectation ID: ...``
        (see :func:`mechgraph.expectations.broken_by`). The edit is made all the same.
    """

    path: Path
    line: int
    added: str
    before: str
    after: str
    created: bool
    written: bool
    summary: str = ""
    others: tuple[EditResult, ...] = ()
    warnings: tuple[str, ...] = ()


# --- the items to add ------------------------------------------------------------------


def _as_data(section: str, item: Any) -> dict[str, Any]:
    """The item as the mapping to write: a model's fields that differ from the defaults,
    or a given mapping's valid model's (the mapping itself, keys in the model's order,
    when it is not valid: the check of the graph then words the problems)."""
    model = _SECTION_MODEL[section] if section != "evidence" else Evidence
    if isinstance(item, BaseModel):
        return _dump(item)
    if not isinstance(item, Mapping):
        raise EditError(f"expected a {model.__name__} or a mapping of its fields, got "
                        f"{type(item).__name__}")
    given = {k: v for k, v in item.items()  # unset optional fields left out
             if k not in model.model_fields or (v is not None and v != [] and v != {})}
    try:
        return _dump(model.model_validate(given))
    except ValidationError:
        order = list(model.model_fields)
        return dict(sorted(given.items(),
                           key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def _dump(model: BaseModel) -> dict[str, Any]:
    data = model.model_dump(exclude_defaults=True)
    if isinstance(model, Edge):  # evidence items: their own fields, defaults left out
        data["evidence"] = [_dump(e) for e in model.evidence] if model.evidence else []
        if not data["evidence"]:
            del data["evidence"]
    return data


def _apply(root: Path, plan: Plan, *, dry_run: bool, before: MechGraph,
           author: str | None) -> EditResult:
    """Insert, prove, check the whole graph, and write (unless ``dry_run``)."""
    return _apply_all(root, [plan], dry_run=dry_run, before=before, author=author)


def _apply_all(root: Path, plans: list[Plan], *, dry_run: bool, before: MechGraph,
               author: str | None) -> EditResult:
    """:func:`_apply` for several items, inserted in order into their files, checked
    together (the graph as if every file held its new text) and written only if all pass,
    file by file in the order of ``plans``. The result is the last item's file, with
    every text inserted there; the other files' results are in its ``others``. The edit
    is recorded with ``author`` (see :func:`write_checked`)."""
    by_file: dict[Path, list[Plan]] = {}
    for plan in plans:
        by_file.setdefault(plan.path, []).append(plan)
    results = {path: insert_all(path, file_plans) for path, file_plans in by_file.items()}
    warnings: list[str] = []
    write_checked(root, {path: r.blob for path, r in results.items()}, dry_run=dry_run,
                  before=before, author=author, summary="; ".join(p.summary for p in plans),
                  warn=warnings.append)
    done = {path: EditResult(path, r.line, r.added, r.before, r.after, r.created,
                             not dry_run, "; ".join(p.summary for p in by_file[path]))
            for path, r in results.items()}
    last = plans[-1].path
    others = tuple(result for path, result in done.items() if path != last)
    return dataclasses.replace(done[last], others=others, warnings=tuple(warnings))


def write_checked(root: Path, blobs: Mapping[Path, bytes], *, dry_run: bool,
                  before: MechGraph | None = None, author: str | None = None,
                  summary: str = "", warn: Callable[[str], object] | None = None,
                  ) -> MechGraph:
    """The one way every edit (add, set, remove, rename) reaches the disk: check the whole
    graph as if each file of ``blobs`` held its new bytes (new files too), refuse with the
    positioned problems, else write every file atomically, in the order given (nothing
    for a dry run). Returns the graph the edit makes. The caller holds the folder's lock.

    ``warn``, when given, is called before anything is written with each expectation the
    edit breaks (:func:`mechgraph.expectations.broken_by`); the edit is made all the same.
    Expectations are checked only when the graph has some, and the graph before the edit
    only when one fails after it.

    A written edit is recorded (:mod:`mechgraph.editlog`): ``author`` (``"unknown"`` if
    None), the UTC time, ``summary`` and the ``mechgraph diff`` text from ``before`` (the
    graph the caller read under the lock; read here if not given) to the new graph.
    :func:`write_staged` is the same for an edit written in several steps."""
    return write_staged(root, [blobs], dry_run=dry_run, before=before, author=author,
                        summary=summary, warn=warn)


def write_staged(root: Path, stages: Sequence[Mapping[Path, bytes]], *, dry_run: bool,
                 before: MechGraph | None = None, author: str | None = None,
                 summary: str = "", warn: Callable[[str], object] | None = None,
                 ) -> MechGraph:
    """:func:`write_checked` for an edit written in stages (a rename, a cascade), so that
    the graph on disk is valid after every single file written: the graph as it would be
    after each stage (every stage so far applied) is checked first, the expectations on
    the last, and only then are the stages written, file by file, in order; the edit is
    recorded once. Returns the graph after the last stage."""
    cumulative: dict[Path, bytes] = {}
    after: MechGraph | None = None
    for stage in stages:
        cumulative.update(stage)
        after, problems = checked_graph(root, dict(cumulative))
        if problems or after is None:
            raise GraphDataError(problems)
    if after is None:
        raise EditError("the edit changes nothing")
    if warn is not None and after.expectations:
        from mechgraph.expectations import broken_by

        for line in broken_by(after, lambda: before if before is not None else _before(root)):
            warn(line)
    if not dry_run:
        if before is None:
            before = _current(root)
        for stage in stages:
            for path, blob in stage.items():
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(path, blob)
        _record(root, before, after, author=author, summary=summary)
    return after


def _record(root: Path, before: MechGraph, after: MechGraph, *, author: str | None,
            summary: str) -> None:
    """Append the edit's record to the folder's log (see :mod:`mechgraph.editlog`)."""
    from mechgraph.diff import diff_graphs
    from mechgraph.editlog import LOG_NAME, append_record

    diff = diff_graphs(before, after, old_name="before", new_name="after").to_text()
    try:
        append_record(root, author=author, summary=summary, diff=diff)
    except OSError as exc:
        raise EditError(f"{root / LOG_NAME}: the edit was saved, but it could not be "
                        f"recorded ({exc.strerror or exc}); make the file writable, and "
                        "note who made this edit by hand") from None


def _before(root: Path) -> MechGraph | None:
    """The graph as the files hold it before an edit (``None`` if it cannot be read)."""
    try:
        return _current(root)
    except GraphDataError:
        return None


def _locked(root: Path, timeout: float,
            dry_run: bool) -> contextlib.AbstractContextManager[None]:
    """Hold the folder's lock (none for a dry run, which writes nothing)."""
    if dry_run:
        return contextlib.nullcontext()
    return folder_lock(lock_file(root), timeout, error=EditError)


def _root(graph_dir: str | os.PathLike[str]) -> Path:
    root = Path(graph_dir)
    if not root.is_dir():
        raise EditError(f"{root}: no such graph folder; give the folder that holds the "
                        "graph's *.yaml files")
    return root


def _target(root: Path, file: str | os.PathLike[str]) -> Path:
    """The file to write, built on ``root``: ``file`` as given (from the working folder)
    or inside the graph folder; refused unless it is a visible ``*.yaml`` file in it."""
    real_root = root.resolve()
    for candidate in (Path(file), root / file):
        real = candidate.resolve()
        if real.is_relative_to(real_root):
            rel = real.relative_to(real_root)
            if real.suffix != ".yaml" or any(p.startswith(".") for p in rel.parts):
                raise EditError(f"{file}: a graph file must end in .yaml and not be hidden "
                                "(names starting with '.' are not read)")
            if real.is_dir():
                raise EditError(f"{file}: is a folder; give a .yaml file")
            return root / rel
    raise EditError(f"{file}: is outside the graph folder '{root}'; give a file inside it")


def _current(root: Path) -> MechGraph:
    """The graph as it is now (every file read again; none yet is an empty graph)."""
    return load_graph(root, allow_empty=True)


def _field(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def _arrow(source: Any, target: Any, relation: Any) -> str:
    return f"{source} -{relation}-> {target}"


def _evidence_command(source: str, target: str, relation: str) -> str:
    return (f"mechgraph add evidence --source {source} --target {target} --relation "
            f"{relation} --ref KEY --stance STANCE --finding TEXT")


# --- the public API ----------------------------------------------------------------------


def default_file(graph_dir: str | os.PathLike[str], item_kind: str, item: Any = None, *,
                 kg: MechGraph | None = None) -> Path:
    """The file an item goes to when none is given.

    * ``node``: ``nodes.yaml`` of the folder (the shared nodes).
    * ``reference``: ``references.yaml`` if it exists, else the file holding the most
      references, else a new ``references.yaml``.
    * ``edge`` (``item`` gives its ``source`` and ``target``): the file that already holds
      the edge's neighbours: the edges at its ends (and, half as much, the definitions of
      its ends), each end weighted by how rarely it is used, so that a mechanism's own
      file beats a file of shared nodes (a file that holds a source of claims only when
      no other file holds a neighbour); else ``edges.yaml``.
    * ``evidence``: the file that defines the edge (``item`` gives its ``source``,
      ``target`` and ``relation``).

    Examples
    --------
    >>> default_file("graph", "edge", {"source": "acupuncture", "target": "endorphins"})
    PosixPath('graph/mechanisms/endorphins.yaml')
    >>> default_file("graph", "reference")
    PosixPath('graph/references.yaml')
    """
    root = Path(graph_dir)
    if item_kind == "node":
        return root / "nodes.yaml"
    kg = kg or load_graph(root)
    if item_kind == "reference":
        if (root / "references.yaml").is_file():
            return root / "references.yaml"
        counts: dict[str, int] = {}
        for key in kg.references:
            counts[kg.locations["reference", key].file] = counts.get(
                kg.locations["reference", key].file, 0) + 1
        return Path(max(counts, key=lambda f: (counts[f], f))) if counts else (
            root / "references.yaml")
    if item_kind == "evidence":
        key = (_field(item, "source"), _field(item, "target"), _field(item, "relation"))
        if key not in kg.edges:
            raise EditError(f"no edge {_arrow(*key)} in the graph")
        return Path(kg.locations["edge", key].file)
    if item_kind != "edge":
        raise ValueError(f"unknown item kind {item_kind!r}: node, reference, edge or evidence")
    ends = [n for n in (_field(item, "source"), _field(item, "target")) if n in kg.nodes]
    score: dict[str, float] = {}
    for n in ends:
        degree = kg.graph.degree(n) or 1
        for key in {*kg.graph.in_edges(n, keys=True), *kg.graph.out_edges(n, keys=True)}:
            file = kg.graph.edges[key]["file"]
            score[file] = score.get(file, 0.0) + 1 / degree
        home = kg.graph.nodes[n]["file"]  # where the end is defined: half an edge
        score[home] = score.get(home, 0.0) + 0.5 / degree
    # A file of a source's claims keeps the links that source claims: a new edge goes
    # elsewhere when another file holds its neighbours too.
    claims = {kg.locations["source", k].file for k in kg.sources}
    if set(score) - claims:
        score = {f: v for f, v in score.items() if f not in claims}
    if not score:
        return root / "edges.yaml"
    return Path(max(sorted(score), key=lambda f: score[f]))


def add_node(graph_dir: str | os.PathLike[str], node: Node | Mapping[str, Any], *,
             file: str | os.PathLike[str] | None = None, dry_run: bool = False,
             timeout: float = LOCK_TIMEOUT, author: str | None = None) -> EditResult:
    """Add a node at the end of the ``nodes:`` list of ``file`` (default ``nodes.yaml``).

    Parameters
    ----------
    graph_dir : path
        The graph folder.
    node : Node or mapping
        The node; a mapping is checked like a file's item (problems say what to fix).
    file : path, optional
        Where to write (a ``*.yaml`` inside the folder; a new file is created); default
        :func:`default_file`.
    dry_run : bool
        Check and return what would be written, write nothing.
    timeout : float
        Seconds to wait for another edit of the folder to finish.
    author : str, optional
        Who makes the edit, for the edit record (:mod:`mechgraph.editlog`); ``"unknown"``
        when not given.

    Returns
    -------
    EditResult

    Raises
    ------
    EditError
        A duplicate id, a file outside the folder, another edit in progress.
    GraphDataError
        The node, or the graph with it, has problems (positioned in the new text).
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        node_id = _field(node, "id")
        if isinstance(node_id, str) and node_id in kg.nodes:
            raise EditError(f"{kg.locations['node', node_id]}: node '{node_id}' is already "
                            "defined here; choose another id, or edit that node")
        path = _target(root, file) if file is not None else default_file(root, "node")
        plan = Plan(path, "nodes", _as_data("nodes", node), summary=f"added node {node_id}")
        return _apply(root, plan, dry_run=dry_run, before=kg, author=author)


def add_reference(graph_dir: str | os.PathLike[str], key: str,
                  reference: Reference | Mapping[str, Any], *,
                  file: str | os.PathLike[str] | None = None, dry_run: bool = False,
                  timeout: float = LOCK_TIMEOUT, author: str | None = None) -> EditResult:
    """Add a reference under ``key`` at the end of the ``references:`` mapping of ``file``
    (default ``references.yaml``). Parameters and errors as :func:`add_node`; a key that
    is already used is refused."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        if key in kg.references:
            raise EditError(f"{kg.locations['reference', key]}: reference '{key}' is already "
                            "defined here; choose another key, or edit that reference")
        path = (_target(root, file) if file is not None
                else default_file(root, "reference", kg=kg))
        plan = Plan(path, "references", _as_data("references", reference), key=key,
                     summary=f"added reference {key}")
        return _apply(root, plan, dry_run=dry_run, before=kg, author=author)


def _reference_plans(root: Path, kg: MechGraph,
                     references: Mapping[str, Reference | Mapping[str, Any]]) -> list[Plan]:
    """The plans that add new references to the default reference file."""
    plans = []
    for key, reference in references.items():
        if key in kg.references:
            raise EditError(f"{kg.locations['reference', key]}: reference '{key}' is already "
                            "defined here; cite it instead of adding it")
        plans.append(Plan(default_file(root, "reference", kg=kg), "references",
                           _as_data("references", reference), key=key,
                           summary=f"added reference {key}"))
    return plans


def add_edge(graph_dir: str | os.PathLike[str], edge: Edge | Mapping[str, Any], *,
             new_nodes: Sequence[Node | Mapping[str, Any]] = (),
             references: Mapping[str, Reference | Mapping[str, Any]] | None = None,
             file: str | os.PathLike[str] | None = None, dry_run: bool = False,
             timeout: float = LOCK_TIMEOUT, author: str | None = None) -> EditResult:
    """Add an edge at the end of the ``edges:`` list of ``file`` (default: the file of
    its neighbours, see :func:`default_file`). Parameters and errors as :func:`add_node`;
    an edge with the same source, target and relation as one in the graph is refused,
    with the ``mechgraph add evidence`` command to use instead.

    ``new_nodes`` are added in the same step, to the ``nodes:`` list of the same file, and
    checked with the edge (an edge to a node that does not exist yet); the result's
    ``added`` then holds every text inserted, in order, and ``line`` is the edge's.
    ``references`` (key to reference) are added in the same step too, to the reference
    file (:func:`default_file`), so the evidence can cite them: everything is checked
    together and nothing is written unless all of it passes; the reference file's result
    is in the result's ``others``.
    """
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        key = (_field(edge, "source"), _field(edge, "target"), _field(edge, "relation"))
        if key in kg.edges:
            raise EditError(f"{kg.locations['edge', key]}: the edge {_arrow(*key)} is "
                            "already defined here; add evidence to it instead: "
                            f"{_evidence_command(*key)}")
        path = (_target(root, file) if file is not None
                else default_file(root, "edge", edge, kg=kg))
        plans = _reference_plans(root, kg, references or {})
        for node in new_nodes:
            node_id = _field(node, "id")
            if isinstance(node_id, str) and node_id in kg.nodes:
                raise EditError(f"{kg.locations['node', node_id]}: node '{node_id}' is "
                                "already defined here; pick it instead of adding it")
            plans.append(Plan(path, "nodes", _as_data("nodes", node),
                               summary=f"added node {node_id}"))
        data = _as_data("edges", edge)
        n = len(data.get("evidence") or [])
        plans.append(Plan(path, "edges", data, summary=f"added edge {_arrow(*key)} "
                           f"({n} evidence)" if n else f"added edge {_arrow(*key)}"))
        return _apply_all(root, plans, dry_run=dry_run, before=kg, author=author)


def add_evidence(graph_dir: str | os.PathLike[str], source: str, target: str, relation: str,
                 evidence: Evidence | Mapping[str, Any], *,
                 references: Mapping[str, Reference | Mapping[str, Any]] | None = None,
                 dry_run: bool = False, timeout: float = LOCK_TIMEOUT,
                 author: str | None = None) -> EditResult:
    """Add an evidence item at the end of the ``evidence:`` list of an existing edge, in
    the file that defines it (an edge with ``claimed_by`` and no evidence gets an
    ``evidence:`` key). Parameters and errors as :func:`add_node`; an edge that does not
    exist is an :class:`EditError` (use :func:`add_edge`). ``references`` as in
    :func:`add_edge`: new references checked and written in the same step."""
    root = _root(graph_dir)
    with _locked(root, timeout, dry_run):
        kg = _current(root)
        key = (source, target, relation)
        if key not in kg.edges:
            raise EditError(f"no edge {_arrow(*key)} in the graph; add it with mechgraph add "
                            "edge (an edge's identity is its source, target and relation)")
        located = kg.locations["edge", key]
        path = Path(located.file)
        data = parsed(FileText.read(path).text, str(path)).data or {}
        index = next(i for i, e in enumerate(data.get("edges") or [])
                     if isinstance(e, dict) and (e.get("source"), e.get("target"),
                                                 e.get("relation")) == key)
        item = _as_data("evidence", evidence)
        plan = Plan(path, "evidence", item, edge_index=index,
                     summary=f"added evidence {_field(item, 'ref')} "
                             f"({_field(item, 'stance')}) to edge {_arrow(*key)}")
        return _apply_all(root, [*_reference_plans(root, kg, references or {}), plan],
                          dry_run=dry_run, before=kg, author=author)
