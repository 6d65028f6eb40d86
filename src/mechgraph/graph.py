"""``load_graph``: a folder of YAML files -> validated data -> ``networkx.MultiDiGraph``.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "g.yaml").write_text('''
... nodes:
...   - {id: acupuncture, label: Acupuncture, kind: treatment}
...   - {id: endorphins, label: Endorphins, kind: mediator}
... edges:
...   - source: acupuncture
...     target: endorphins
...     relation: increases
...     evidence:
...       - {ref: han2004, stance: supports, finding: Electroacupuncture released opioids.}
... references:
...   han2004: {title: Acupuncture and endorphins, year: 2004, design: narrative-review,
...             subjects: animal, doi: 10.1016/j.neulet.2003.12.019}
... ''')
>>> kg = load_graph(folder)
>>> kg.graph.number_of_nodes(), kg.graph.number_of_edges()
(2, 1)
>>> kg.graph.edges["acupuncture", "endorphins", "increases"]["evidence_level"]
'preclinical'
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.checks import check_across
from mechgraph.errors import GraphDataError, Problem, sort_problems
from mechgraph.evidence import Grade, grade_edge
from mechgraph.model import Edge, Node, Reference
from mechgraph.source import Limits, read_file
from mechgraph.validate import FileItems, validate_document
from mechgraph.vocab import (
    DESIGNS,
    EVIDENCE_LEVELS,
    FRAMEWORKS,
    NODE_KINDS,
    RELATION_SIGN,
    RELATIONS,
    UNGRADED,
)

__all__ = [
    "Location",
    "MechGraph",
    "check_graph",
    "find_files",
    "graph_signature",
    "load_graph",
]


@dataclass(frozen=True)
class Location:
    """Where an item was written: ``file:line:col``."""

    file: str
    line: int | None
    col: int | None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass
class MechGraph:
    """A loaded, valid graph: the curated items and the NetworkX graph built from them.

    Attributes
    ----------
    root : Path
        The folder (or single file) it was loaded from.
    files : list of str
        The files read, as shown in messages.
    nodes : dict of str to Node
        Nodes by id.
    edges : dict of (source, target, relation) to Edge
        Edges by identity, in file order.
    references : dict of str to Reference
        References by key.
    grades : dict of (source, target, relation) to Grade
        Each edge's evidence level and whether it is contested.
    locations : dict
        Where each item was written: keys ``("node", id)``, ``("edge", key)``,
        ``("reference", key)``.
    graph : networkx.MultiDiGraph
        Nodes carry every :class:`Node` field plus ``file`` and ``line``; edges (keyed by
        relation, so parallel edges with different relations both survive) carry every
        :class:`Edge` field plus ``sign``, ``framework``, ``evidence_level``,
        ``contested``, ``file``, ``line``, and ``evidence`` as a list of dicts that also
        hold the cited reference's ``title``, ``year``, ``design``, ``level`` and ``links``.
        ``graph.graph["references"]`` holds every reference as a dict.
    """

    root: Path
    files: list[str]
    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], Edge]
    references: dict[str, Reference]
    grades: dict[tuple[str, str, str], Grade]
    locations: dict[tuple[str, Any], Location] = field(repr=False)
    graph: nx.MultiDiGraph = field(repr=False)

    def framework_of(self, edge: Edge) -> str:
        """``traditional`` if the edge touches a traditional node, else ``biomedical``."""
        ends = (self.nodes[edge.source], self.nodes[edge.target])
        return "traditional" if any(n.framework == "traditional" for n in ends) else "biomedical"

    def stats(self) -> dict[str, Any]:
        """Counts by node kind, relation, evidence level and framework; references by design.

        This is the shape ``mechgraph stats --json`` prints. Every vocabulary value is
        listed, with 0 where nothing uses it.
        """
        edge_frameworks = Counter(self.framework_of(e) for e in self.edges.values())
        levels = Counter(g.level for g in self.grades.values())
        return {
            "files": len(self.files),
            "nodes": len(self.nodes),
            "edges": len(self.edges),
            "references": len(self.references),
            "evidence_items": sum(len(e.evidence) for e in self.edges.values()),
            "contested_edges": sum(g.contested for g in self.grades.values()),
            "nodes_by_kind": _count(Counter(n.kind for n in self.nodes.values()), NODE_KINDS),
            "nodes_by_framework": _count(Counter(n.framework for n in self.nodes.values()),
                                         FRAMEWORKS),
            "edges_by_relation": _count(Counter(e.relation for e in self.edges.values()),
                                        RELATIONS),
            "edges_by_evidence_level": _count(levels, (*EVIDENCE_LEVELS, UNGRADED)),
            "edges_by_framework": _count(edge_frameworks, FRAMEWORKS),
            "references_by_design": _count(Counter(r.design for r in self.references.values()),
                                           DESIGNS),
        }


def _count(counter: Counter[str], order: tuple[str, ...]) -> dict[str, int]:
    return {name: counter.get(name, 0) for name in order}


def find_files(root: Path) -> list[Path]:
    """The graph files under ``root``: every ``*.yaml`` in it and its subfolders, sorted,
    skipping hidden files and folders. A file given directly is returned alone."""
    root = Path(root)
    if root.is_file():
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath, n) for n in filenames
                     if n.endswith(".yaml") and not n.startswith("."))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def graph_signature(root: str | os.PathLike[str]) -> tuple[tuple[str, int, int], ...]:
    """A cheap fingerprint of the graph files: path, size and modification time of each.

    It changes when a file is added, removed or saved, so a long-lived process (the app)
    can tell when to reload without reading any file.
    """
    root = Path(root)
    if not root.exists():
        return ()
    out = []
    for path in find_files(root):
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _read_all(root: Path, limits: Limits | None,
              ) -> tuple[list[FileItems], list[Problem], bool]:
    """Read and validate every file; also say whether every file could be read."""
    root = Path(root)
    if not root.exists():
        return [], [Problem(str(root), None, None, "", "no such graph folder or file; "
                            "give the folder that holds the graph's *.yaml files",
                            "not-found")], False
    problems: list[Problem] = []
    files = []
    complete = True
    for path in find_files(root):
        doc = read_file(path, str(path), limits)
        if doc.problems:
            problems.extend(doc.problems)
            complete = False
            continue
        items = validate_document(doc)
        problems.extend(items.problems)
        complete = complete and items.complete
        files.append(items)
    return files, problems, complete


def check_graph(root: str | os.PathLike[str], *, limits: Limits | None = None) -> list[Problem]:
    """Return every problem of the graph at ``root`` (an empty list if it is valid).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.yaml").write_text("edges:\\n  - {source: a, target: b, relation: up}\\n")
    >>> for p in check_graph(folder):
    ...     print(p.code, p.path, p.line, p.col)
    unknown-value edges[0].relation 2 38
    """
    return _load(Path(root), limits)[1]


def load_graph(root: str | os.PathLike[str], *, limits: Limits | None = None) -> MechGraph:
    """Read, validate and build the graph in ``root``.

    Parameters
    ----------
    root : str or path
        The graph folder (every ``*.yaml`` below it is read) or a single YAML file.
    limits : Limits, optional
        Bounds on file size, nesting depth and alias expansion.

    Returns
    -------
    MechGraph

    Raises
    ------
    GraphDataError
        If anything is wrong; its ``problems`` list everything found, in file order.
    """
    kg, problems = _load(Path(root), limits)
    if problems or kg is None:
        raise GraphDataError(problems)
    return kg


def _load(root: Path, limits: Limits | None) -> tuple[MechGraph | None, list[Problem]]:
    files, problems, complete = _read_all(root, limits)
    merged = check_across(files, complete=complete)
    problems = sort_problems([*problems, *merged.problems])
    if problems:
        return None, problems
    nodes = {i: loc.item for i, loc in merged.nodes.items()}
    references = {k: loc.item for k, loc in merged.references.items()}
    edges = {k: loc.item for k, loc in merged.edges.items()}
    traditional = {i for i, n in nodes.items() if n.framework == "traditional"}
    grades = {k: grade_edge(e, references, traditional=bool({e.source, e.target} & traditional))
              for k, e in edges.items()}
    locations: dict[tuple[str, Any], Location] = {}
    for kind, items in (("node", merged.nodes), ("reference", merged.references),
                        ("edge", merged.edges)):
        for key, loc in items.items():
            locations[(kind, key)] = Location(loc.file, *loc.position())
    kg = MechGraph(root, [f.doc.file for f in files], nodes, edges, references, grades,
                   locations, nx.MultiDiGraph())
    _build(kg)
    return kg, []


def _build(kg: MechGraph) -> None:
    g = kg.graph
    g.graph["references"] = {k: {**r.model_dump(), "level": r.level, "links": r.links}
                             for k, r in kg.references.items()}
    for node_id, node in kg.nodes.items():
        loc = kg.locations[("node", node_id)]
        g.add_node(node_id, **node.model_dump(), file=loc.file, line=loc.line)
    for key, edge in kg.edges.items():
        loc = kg.locations[("edge", key)]
        grade = kg.grades[key]
        evidence = []
        for item in edge.evidence:
            ref = g.graph["references"][item.ref]
            evidence.append({**item.model_dump(), "title": ref["title"], "year": ref["year"],
                             "authors": ref["authors"], "design": ref["design"],
                             "level": ref["level"], "links": ref["links"]})
        attrs = edge.model_dump()
        attrs.update(evidence=evidence, sign=RELATION_SIGN[edge.relation],
                     framework=kg.framework_of(edge), evidence_level=grade.level,
                     contested=grade.contested, file=loc.file, line=loc.line)
        g.add_edge(edge.source, edge.target, key=edge.relation, **attrs)
