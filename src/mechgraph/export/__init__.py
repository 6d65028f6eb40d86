"""The exchange formats: the graph as other tools load it.

One module per format, each with a library function that returns text
(``to_graphml(kg)``, ``to_json(kg)``, ``to_cytoscape(kg)``, ...), and a registry,
:data:`FORMATS`, that the command line (``mechgraph export FORMAT``) uses. Every format
takes an optional ``graph``, a view of ``kg.graph`` made by :func:`select_view` (filters,
focus, pathway), and is deterministic: nodes sorted by id, edges by
``(source, target, relation)``. ``docs/export.md`` describes each format and its mapping.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> files = render(kg, "graphml")
>>> list(files)
['graph.graphml']
>>> view = select_view(kg, focus_node="endorphins", depth=1, direction="up")
>>> sorted(view.nodes)
['acupuncture', 'endorphins', 'exercise', 'spinal_manipulation']
>>> print(export_graph(kg, "graphml", graph=view).splitlines()[-3])
    </edge>
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from mechgraph.export.common import ExportError, edge_id, select_view
from mechgraph.export.cypher import to_cypher, to_neo4j_csv
from mechgraph.export.cytoscape import to_cytoscape
from mechgraph.export.graphml import to_graphml
from mechgraph.export.kgx import to_kgx
from mechgraph.export.mermaid import to_mermaid
from mechgraph.export.nodelink import to_json
from mechgraph.files import atomic_write
from mechgraph.graph import MechGraph

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportFormat",
    "edge_id",
    "export_graph",
    "render",
    "select_view",
    "to_cypher",
    "to_cytoscape",
    "to_graphml",
    "to_json",
    "to_kgx",
    "to_mermaid",
    "to_neo4j_csv",
]


@dataclass(frozen=True)
class ExportFormat:
    """One export format of the registry.

    Attributes
    ----------
    name : str
        The name on the command line (``mechgraph export NAME``).
    help : str
        One line for ``--help`` and the docs.
    render : callable
        ``render(kg, graph, **options) -> dict`` of file name to text.
    options : tuple of str
        The keyword options ``render`` takes besides ``kg`` and ``graph``.
    """

    name: str
    help: str
    render: Callable[..., dict[str, str]]
    options: tuple[str, ...] = ()


def _single(name: str, func: Callable[[MechGraph, nx.MultiDiGraph | None], str],
            ) -> Callable[..., dict[str, str]]:
    return lambda kg, graph: {name: func(kg, graph)}


def _cypher(kg: MechGraph, graph: nx.MultiDiGraph | None, *, neo4j_csv: bool = False,
            schema: str = "neo4j") -> dict[str, str]:
    if neo4j_csv:
        return to_neo4j_csv(kg, graph)
    return {"graph.cypher": to_cypher(kg, graph, schema=schema)}


FORMATS: dict[str, ExportFormat] = {
    "graphml": ExportFormat("graphml", "GraphML for Gephi, Cytoscape desktop, yEd, igraph",
                            _single("graph.graphml", to_graphml)),
    "json": ExportFormat("json", "NetworkX node-link JSON with everything",
                         _single("graph.json", to_json)),
    "cytoscape": ExportFormat("cytoscape", "Cytoscape.js elements JSON",
                              _single("graph.cyjs", to_cytoscape)),
    "kgx": ExportFormat("kgx", "KGX TSV (nodes.tsv, edges.tsv) with Biolink categories, "
                        "predicates and qualifiers", lambda kg, graph: to_kgx(kg, graph)),
    "mermaid": ExportFormat("mermaid", "a Mermaid flowchart of a pathway (--source, "
                            "--target) or a focus view, for Markdown pages",
                            _single("graph.mmd", to_mermaid)),
    "cypher": ExportFormat("cypher", "an idempotent Cypher script (MERGE) for Neo4j and "
                           "openCypher engines, or with --neo4j-csv the neo4j-admin import "
                           "CSV files", _cypher, ("neo4j_csv", "schema")),
}
"""Every format, by name, in the order the docs list them."""


def render(kg: MechGraph, fmt: str, *, graph: nx.MultiDiGraph | None = None,
           **options: Any) -> dict[str, str]:
    """The files of an export, as a dict of file name to text (one entry for the formats
    that are one file).

    Raises
    ------
    ExportError
        For an unknown format or an option the format does not take.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; known: {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    given = {k: v for k, v in options.items() if v is not None and v is not False}
    unknown = sorted(k for k in given if k not in spec.options)
    if unknown:
        raise ExportError(f"the {fmt} format does not take {', '.join(unknown)}")
    return spec.render(kg, graph, **given)


def export_graph(kg: MechGraph, fmt: str, out: str | os.PathLike[str] | None = None, *,
           graph: nx.MultiDiGraph | None = None, **options: Any) -> str | list[Path]:
    """Export the graph (or the view ``graph``) in ``fmt``.

    Parameters
    ----------
    kg : MechGraph
    fmt : str
        A name in :data:`FORMATS`.
    out : path, optional
        Where to write: a file for a format that is one file, a folder (made if missing)
        for one that is several. ``None``: return the text (one-file formats only).
    graph : networkx.MultiDiGraph, optional
        The view to export (see :func:`select_view`).
    **options
        Options of the format (``neo4j_csv=True`` for ``cypher``, ...).

    Returns
    -------
    str or list of Path
        The text when ``out`` is ``None``, else the files written.

    Raises
    ------
    ExportError
        When a format of several files gets no folder, or ``out`` cannot be written. No
        file is written unless every file of the export was made.
    """
    files = render(kg, fmt, graph=graph, **options)
    several = len(files) > 1
    if out is None:
        if several:
            raise ExportError(f"the {fmt} export is several files ({', '.join(files)}); "
                              "give a folder with --out DIR")
        return next(iter(files.values()))
    target = Path(out)
    if not target.parent.is_dir():
        raise ExportError(f"cannot write '{target}': the folder '{target.parent}' does not "
                          "exist")
    try:
        if several:
            if target.exists() and not target.is_dir():
                raise ExportError(f"'{target}' is a file; the {fmt} export is several files "
                                  f"({', '.join(files)}): give a folder")
            target.mkdir(exist_ok=True)
            return [atomic_write(target / name, text) for name, text in files.items()]
        if target.is_dir():
            raise ExportError(f"'{target}' is a folder; give a file name, e.g. "
                              f"'{target / next(iter(files))}'")
        return [atomic_write(target, next(iter(files.values())))]
    except OSError as exc:
        raise ExportError(f"cannot write '{target}': {exc.strerror or exc}") from exc
