"""Import DrugMechDB's curated drug -> ... -> disease paths (``indication_paths.yaml`` of
SuLab/DrugMechDB, MIT licence) as a graph folder.

Each DrugMechDB path is one indication: a drug, a disease, and the chain of nodes (proteins,
substances, processes, organisms...) and links between them that explains how the drug
treats the disease. The mapping, shown in ``docs/format.md`` ("Importing DrugMechDB"):

- **Nodes** are shared across paths by CURIE: one node per CURIE, whose id is made from the
  CURIE (:func:`~mechgraph.importers.biolink.curie_id`: ``MESH:D000068877`` ->
  ``mesh_d000068877``), so that an id never changes when a name does. The CURIE is kept in
  ``xrefs`` (prefixes ``DB`` and ``UniProt`` written ``DRUGBANK`` and ``UniProtKB``), with
  the node's ``alt_ids`` and, for the drug, the ids of the path's ``drug_mesh`` and
  ``drugbank``.
- **Label**: the name the node has in the most paths (ties: the name seen first in the
  file); the other names become ``synonyms``. The Biolink class goes into the
  ``description`` (``Biolink class: Protein (DrugMechDB).``).
- **Kind** by Biolink class: :data:`~mechgraph.importers.biolink.CLASS_KIND` (``Drug`` ->
  treatment, ``Disease`` -> condition, ``Protein`` -> mediator, ``BiologicalProcess`` ->
  process, ``OrganismTaxon`` -> concept...). A CURIE given different classes in different
  paths takes the most frequent one.
- **Relations** by predicate: :data:`~mechgraph.importers.biolink.PREDICATE_RELATION`
  (``decreases activity of`` -> decreases, ``causes`` -> increases, ``participates in`` ->
  modulates, ``occurs in`` -> associated_with...). A link whose predicate the table does not
  have is left out and counted.
- **Edges**: every link of every path, one edge per ``(source, target, relation)`` (paths
  share many links), with ``curated_in: DrugMechDB``; its ``description`` names the
  predicate(s) and the indications whose paths have it.
- **References**: a path's ``reference`` (links separated by spaces) and a link's own
  ``reference`` become references (a PubMed link gives a ``pmid``, any other link a
  ``url``; no title, ``year``, ``design`` and ``subjects`` ``unknown``), and an evidence
  item that ``supports`` each edge they were cited for, whose ``finding`` says only what
  DrugMechDB says: that it cites the reference for that path or link.
- **Comments**: a path whose ``comment`` marks it ``Contraindicated`` is left out (its
  links would say that the drug treats the disease); other comments have no place in the
  format and are counted.
- **Files**: ``nodes/<prefix>.yaml`` (one file per CURIE prefix, ``nodes/mesh.yaml``),
  ``edges/<letter>.yaml`` (an edge goes with the first drug, in file order, whose path has
  it: ``edges/i.yaml`` for imatinib) and ``references.yaml``.

Nothing is invented: no ``plain`` wording, no title, year or design. What a path does not
say stays out, and the report counts it.

Examples
--------
>>> import tempfile, pathlib, mechgraph
>>> sample = pathlib.Path("tests/data/drugmechdb/indication_paths_sample.yaml")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "dmdb"
>>> report = import_drugmechdb(sample, out)
>>> report.mapped["predicate 'decreases activity of'", "relation decreases"] > 0
True
>>> kg = mechgraph.load_graph(out)
>>> kg.graph.nodes["mesh_d000068877"]["label"], kg.graph.nodes["mesh_d000068877"]["kind"]
('imatinib', 'treatment')
>>> kg.graph.edges["mesh_d000068877", "uniprot_p00519", "decreases"]["curated_in"]
'DrugMechDB'
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mechgraph.importers.biolink import (
    PREDICATE_RELATION,
    UNMAPPED_PREDICATES,
    biolink_kind,
    curie_id,
    normal_curie,
    predicate_name,
)
from mechgraph.importers.common import ImportReport, SourceError, write_graph
from mechgraph.model import CURIE_RE
from mechgraph.source import LOADER

__all__ = ["CURATED_IN", "FALLBACK_KIND", "MAX_INDICATIONS", "PATH_FIELDS",
           "import_drugmechdb", "read_paths", "reference_of"]

CURATED_IN = "DrugMechDB"
"""The ``curated_in`` of every imported edge."""

FALLBACK_KIND = "concept"
"""The kind of a node whose Biolink class is not in
:data:`~mechgraph.importers.biolink.CLASS_KIND` (counted in the report)."""

MAX_INDICATIONS = 5
"""How many indications an edge's description or finding names before '... and N more'."""

COMMENT_FIELDS = ("comment", "comments", "commments", "comemnt")
"""The names a path's comment goes by in DrugMechDB (misspellings included)."""
PATH_FIELDS = ("graph", "nodes", "links", "directed", "multigraph", "reference", "references",
               *COMMENT_FIELDS)
"""The fields of a path the importer reads; any other is counted as dropped."""

DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(10\.\d{4,9}/\S+)$", re.I)
CONTRAINDICATED = re.compile(r"^\s*contraindicated\b", re.I)
PUBMED = re.compile(r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)"
                    r"/(\d{1,9})/?$", re.I)

HEADER = ("Imported from DrugMechDB (https://github.com/SuLab/DrugMechDB, MIT licence) by "
          "'mechgraph import drugmechdb'.\nEdit the source or the importer, not this file.")


@dataclass
class _NodeSeen:
    """Everything the paths say about one CURIE."""

    curie: str
    names: Counter[str] = field(default_factory=Counter)
    classes: Counter[str] = field(default_factory=Counter)
    xrefs: dict[str, None] = field(default_factory=dict)


@dataclass
class _EdgeSeen:
    """Everything the paths say about one (source, target, relation)."""

    predicates: dict[str, None] = field(default_factory=dict)
    indications: dict[str, None] = field(default_factory=dict)
    first_drug: str = ""
    # reference key -> (predicate or "" for a path's reference) -> indications
    cited: dict[str, dict[str, dict[str, None]]] = field(default_factory=dict)


def read_paths(source: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The paths of a DrugMechDB ``indication_paths.yaml``, checked for their shape.

    Raises
    ------
    SourceError
        The file is missing or unreadable, is not YAML, or is not a list of paths (each a
        mapping with ``graph``, ``nodes`` and ``links``).
    """
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"'{path}': no such file (give DrugMechDB's indication_paths.yaml)")
    try:
        with path.open("rb") as fh:
            data = yaml.load(fh, Loader=LOADER)
    except OSError as exc:
        raise SourceError(f"'{path}': cannot be read: {exc}") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"'{path}' is not YAML: {' '.join(str(exc).split())}") from None
    what = "not DrugMechDB indication paths"
    if not isinstance(data, list) or not data:
        raise SourceError(f"'{path}' is {what}: expected a list of paths, each with 'graph', "
                          f"'nodes' and 'links', got {type(data).__name__}")
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not all(isinstance(item.get(k), t) for k, t in (
                ("graph", dict), ("nodes", list), ("links", list))):
            raise SourceError(f"'{path}' is {what}: item {i + 1} is not a path (a mapping with "
                              "'graph', 'nodes' and 'links')")
    return data


def _text(value: Any) -> str:
    """A value as text with its spacing tidied: runs of white space and the invisible
    U+FEFF (a byte-order mark left inside some CURIEs) become one space or nothing."""
    return " ".join(str(value).replace("\ufeff", "").split()) if value is not None else ""


def _curies(value: Any) -> list[str]:
    """The CURIEs of a field that may hold one, a comma-separated list, or a list."""
    items = value if isinstance(value, list) else str(value or "").split(",")
    return [c for c in (_text(v) for v in items) if c]


def reference_of(link: str) -> tuple[str, dict[str, Any]] | None:
    """The reference key and fields of one link of a DrugMechDB ``reference``, or ``None``
    if it is not an http(s) link.

    Examples
    --------
    >>> reference_of("https://pubmed.ncbi.nlm.nih.gov/19104500/")
    ('pmid_19104500', {'year': 'unknown', 'design': 'unknown', 'subjects': 'unknown', \
'pmid': '19104500'})
    >>> reference_of("https://go.drugbank.com/drugs/DB00253")[0]
    'url_go_drugbank_com_drugs_db00253'
    >>> reference_of("DOI:10.1002/14651858.CD008996.pub2")[1]["doi"]
    '10.1002/14651858.CD008996.pub2'
    >>> reference_of("see DrugBank") is None
    True
    """
    ref: dict[str, Any] = {"year": "unknown", "design": "unknown", "subjects": "unknown"}
    doi = DOI.match(link)
    if doi:
        ref["doi"] = doi.group(1)
        return "doi_" + curie_id(doi.group(1))[:56].rstrip("_"), ref
    if not re.match(r"^https?://\S+$", link, re.I):
        return None
    pubmed = PUBMED.match(link)
    if pubmed:
        ref["pmid"] = pubmed.group(1)
        return f"pmid_{pubmed.group(1)}", ref
    ref["url"] = link
    return "url_" + curie_id(link.split("://", 1)[1])[:56].rstrip("_"), ref


def import_drugmechdb(source: Path, out: Path, *, force: bool = False) -> ImportReport:
    """Import DrugMechDB's ``indication_paths.yaml`` into the graph folder ``out``.

    Parameters
    ----------
    source : Path
        DrugMechDB's ``indication_paths.yaml`` (or a part of it: a list of paths).
    out : Path
        The graph folder to write: new or empty, unless ``force``.
    force : bool
        Replace ``out`` as a whole if it is not empty.

    Returns
    -------
    ImportReport
        What was read, mapped, left unknown and dropped, with counts.

    Raises
    ------
    SourceError
        The source is missing or not DrugMechDB paths, or ``out`` is not empty (nothing is
        written then).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "dmdb"
    >>> report = import_drugmechdb(
    ...     pathlib.Path("tests/data/drugmechdb/indication_paths_sample.yaml"), out)
    >>> print(report.text().splitlines()[0])  # doctest: +ELLIPSIS
    DrugMechDB: 20 records read -> ... files, 87 nodes, 94 edges, 53 evidence items, 9 references
    """
    report = ImportReport(CURATED_IN)
    paths = read_paths(source)
    out = Path(out)
    if out.is_dir() and any(out.iterdir()) and not force:  # before any work
        raise SourceError(f"the folder '{out}' is not empty; give a new folder, or add "
                          "--force to replace it")
    report.records = len(paths)
    nodes: dict[str, _NodeSeen] = {}
    edges: dict[tuple[str, str, str], _EdgeSeen] = {}
    references: dict[str, dict[str, Any]] = {}
    ref_links: dict[str, str] = {}  # reference key -> the link it was made from
    for path in paths:
        _read_path(path, nodes, edges, references, ref_links, report)

    ids = _node_ids(nodes, report)
    files: dict[str, dict[str, Any]] = defaultdict(lambda: {"nodes": [], "edges": []})
    for curie, seen in nodes.items():
        prefix = curie_id(curie.partition(":")[0] if ":" in curie else "other")
        files[f"nodes/{prefix}.yaml"]["nodes"].append(_node(seen, ids[curie], report))
    for (s, t, relation), seen_edge in edges.items():
        edge: dict[str, Any] = {"source": ids[s], "target": ids[t], "relation": relation,
                                "description": _edge_description(seen_edge)}
        evidence = [{"ref": key, "stance": "supports", "finding": _finding(by_predicate)}
                    for key, by_predicate in seen_edge.cited.items()]
        if evidence:
            edge["evidence"] = evidence
            report.unknown["evidence finding beyond 'DrugMechDB cites it for the path or "
                           "link' (DrugMechDB does not say what the reference shows)"] += len(
                               evidence)
        edge["curated_in"] = CURATED_IN
        first = curie_id(seen_edge.first_drug or "other")[:1]
        files[f"edges/{first}.yaml"]["edges"].append(edge)
    used = {e["ref"] for data in files.values() for edge in data["edges"]
            for e in edge.get("evidence", ())}
    kept = {k: v for k, v in references.items() if k in used}
    if kept:
        files["references.yaml"] = {"references": kept}
        report.unknown["reference title, year, design and subjects (DrugMechDB gives a "
                       "link only)"] += len(kept)
    merged = sum(len(e.indications) for e in edges.values()) - len(edges)
    if merged:
        report.notes.append(f"{merged:,} repeats of a link in further indications merged "
                            "into their edge (its description names the indications)")
    bare = sum(1 for e in edges.values() if not e.cited)
    if bare:
        report.unknown["edge evidence: no reference for the link or its paths (curated_in "
                       "DrugMechDB only, graded ungraded)"] += bare
    report.unknown["node plain wording"] += len(nodes)
    write_graph(dict(files), out, report, force=force, header=HEADER)
    return report


def _read_path(path: dict[str, Any], nodes: dict[str, _NodeSeen],
               edges: dict[tuple[str, str, str], _EdgeSeen],
               references: dict[str, dict[str, Any]], ref_links: dict[str, str],
               report: ImportReport) -> None:
    """Add what one path says to ``nodes``, ``edges`` and ``references``."""
    graph = path["graph"]
    drug, disease = _text(graph.get("drug")), _text(graph.get("disease"))
    indication = f"{drug or '?'} -> {disease or '?'}"
    comment = _text(next((path[k] for k in COMMENT_FIELDS if path.get(k)), ""))
    if CONTRAINDICATED.match(comment):
        report.drop("a path whose comment marks it 'Contraindicated' (its links would say "
                    "that the drug treats the disease)")
        return
    if comment:
        report.drop("a path's comment (the format has no place for a note on an "
                    "indication)")
    for key in path:
        if key not in PATH_FIELDS:
            report.drop(f"the path field '{key}' (the format has no place for it)")
    for key in graph:
        if key not in ("drug", "drug_mesh", "drugbank", "disease", "disease_mesh", "_id"):
            report.drop(f"the path field 'graph.{key}' (which node it belongs to is not "
                        "said)")

    here: dict[str, str] = {}  # this path's CURIEs, as written -> as stripped
    path_refs = _reference_keys([path.get("reference"), path.get("references")], references,
                                ref_links, report)
    for raw in path["nodes"]:
        if not isinstance(raw, dict) or not _text(raw.get("id")):
            report.drop("a node without an id (and the links that use it)")
            continue
        curie = _text(raw["id"])
        first_time_here = curie not in here.values()
        here[str(raw["id"])] = curie
        seen = nodes.setdefault(curie, _NodeSeen(curie))
        for alt in _curies(raw.get("alt_ids")):
            seen.xrefs[normal_curie(alt)] = None
        if raw.get("reference"):
            report.map("a 'reference' written inside a node of a path",
                       "a reference of the path")
            path_refs += _reference_keys(raw["reference"], references, ref_links, report)
        name = _text(raw.get("name"))
        if not first_time_here:
            report.map("a node listed twice in one path",
                       "counted once (a different second name kept as a synonym)")
            if name:
                seen.names[name] += 0
            continue
        if name:
            seen.names[name] += 1
        else:
            report.unknown["node name (in one path)"] += 1
        cls = _text(raw.get("label"))
        if cls:
            seen.classes[cls] += 1
        else:
            report.unknown["node Biolink class (in one path)"] += 1

    ids_given = [*_curies(graph.get("drug_mesh")), *_curies(graph.get("drugbank"))]
    drug_node = next((c for c in ids_given if c in here.values()), None)
    if drug_node is None:
        report.drop("the path's drug_mesh and drugbank, which name no node of the path "
                    "(not kept as xrefs)")
    else:
        for curie in ids_given:
            nodes[drug_node].xrefs[normal_curie(curie)] = None

    for link in path["links"]:
        if not isinstance(link, dict):
            report.drop("a link that is not a mapping")
            continue
        s, t = (here.get(str(link.get(end))) for end in ("source", "target"))
        predicate = predicate_name(_text(link.get("key")))
        if s is None or t is None:
            report.drop("a link to or from a node its path does not list")
            continue
        relation = PREDICATE_RELATION.get(predicate)
        if relation is None:
            why = UNMAPPED_PREDICATES.get(predicate, "the mapping table does not have it")
            report.drop(f"a link with predicate '{predicate or '(none)'}': {why}")
            continue
        report.map(f"predicate '{predicate}'", f"relation {relation}")
        if s == t:
            report.drop("a link from a node to itself (the format has no self-loops)")
            continue
        seen_edge = edges.setdefault((s, t, relation), _EdgeSeen(first_drug=drug))
        seen_edge.predicates[predicate] = None
        seen_edge.indications[indication] = None
        link_refs = _reference_keys(link.get("reference"), references, ref_links, report)
        for key, by in ((k, predicate) for k in link_refs):
            seen_edge.cited.setdefault(key, {}).setdefault(by, {})[indication] = None
        for key in path_refs:
            seen_edge.cited.setdefault(key, {}).setdefault("", {})[indication] = None


def _reference_keys(value: Any, references: dict[str, dict[str, Any]],
                    ref_links: dict[str, str], report: ImportReport) -> list[str]:
    """The keys of the references in a ``reference`` field, adding new ones."""
    keys = []
    def flat(v: Any) -> list[Any]:
        return [x for item in v for x in flat(item)] if isinstance(v, list) else [v]

    for link in (word for item in flat(value) for word in str(item or "").split()):
        made = reference_of(link)
        if made is None:
            report.drop("a 'reference' word that is not an http(s) link")
            continue
        key, ref = made
        base, n = key, 1
        while key in references and references[key] != ref:  # two links, one key
            n += 1
            key = f"{base}_{n}"
        if key not in references:
            references[key] = ref
            ref_links[key] = link
            report.map("a PubMed link" if "pmid" in ref else "another http(s) link",
                       "a reference (pmid)" if "pmid" in ref else "a reference (url)")
        keys.append(key)
    return list(dict.fromkeys(keys))


def _finding(by_predicate: dict[str, dict[str, None]]) -> str:
    """The finding of an evidence item: what DrugMechDB says about the reference."""
    parts = []
    for predicate, indications in by_predicate.items():
        shown = list(indications)[:MAX_INDICATIONS]
        more = len(indications) - len(shown)
        names = "; ".join(shown) + (f" and {more} more" if more else "")
        noun = "path" if len(indications) == 1 else "paths"
        if predicate:
            parts.append(f"for this link ('{predicate}') in the {noun} of {names}")
        else:
            parts.append(f"for the whole {noun} of {names}, which include this link")
    return (f"DrugMechDB cites this reference {', and '.join(parts)}; it does not say what "
            "the reference shows about the link.")


def _node_ids(nodes: dict[str, _NodeSeen], report: ImportReport) -> dict[str, str]:
    """One id per CURIE; CURIEs that give the same id (``MESH:D1`` and ``mesh:d1``) get
    ``_2``, ``_3``... in the order they were first seen (counted)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for curie in nodes:
        base = curie_id(curie)
        node_id, n = base, 1
        while node_id in taken:
            n += 1
            node_id = f"{base}_{n}"
        if n > 1:
            report.map("a CURIE whose id another CURIE already has", "id with a suffix _2, _3...")
        taken.add(node_id)
        ids[curie] = node_id
    return ids


def _most_frequent(counts: Counter[str]) -> str:
    # Counter keeps first-seen order, and max() keeps the first of equals.
    return max(counts, key=lambda k: counts[k]) if counts else ""


def _node(seen: _NodeSeen, node_id: str, report: ImportReport) -> dict[str, Any]:
    label = _most_frequent(seen.names)
    if not label:
        label = seen.curie
        report.unknown["node name in every path (the CURIE is the label)"] += 1
    cls = _most_frequent(seen.classes)
    kind = biolink_kind(cls) if cls else None
    if kind is None:
        kind = FALLBACK_KIND
        report.map(f"Biolink class '{cls or '(none)'}' (not in the table)",
                   f"kind {FALLBACK_KIND}")
    else:
        report.map(f"Biolink class '{cls}'", f"kind {kind}")
    if len(seen.classes) > 1:
        report.map("a CURIE given several Biolink classes in different paths",
                   "the most frequent class (all named in the description)")
    folded = {label.casefold()}
    synonyms = []
    for name, _ in seen.names.most_common():
        if name.casefold() not in folded:
            folded.add(name.casefold())
            synonyms.append(name)
    if synonyms:
        report.map("another name of a CURIE, in other paths", "a synonym", len(synonyms))
    xrefs: list[str] = []
    for curie in (normal_curie(seen.curie), *seen.xrefs):
        if not CURIE_RE.match(curie):
            report.drop("an id that is not a CURIE (PREFIX:ID), not kept as an xref")
        elif curie not in xrefs:
            xrefs.append(curie)
    classes = ", ".join(seen.classes)
    node: dict[str, Any] = {"id": node_id, "label": label, "kind": kind,
                            "description": f"Biolink class: {classes or 'not given'} "
                                           "(DrugMechDB)."}
    if synonyms:
        node["synonyms"] = synonyms
    if xrefs:
        node["xrefs"] = xrefs
    return node


def _edge_description(seen: _EdgeSeen) -> str:
    predicates = " / ".join(f'"{p}"' for p in seen.predicates)
    shown = list(seen.indications)[:MAX_INDICATIONS]
    more = len(seen.indications) - len(shown)
    tail = f" and {more} more" if more else ""
    noun = "indication" if len(seen.indications) == 1 else "indications"
    return (f"DrugMechDB predicate {predicates}, in the paths of {len(seen.indications)} "
            f"{noun}: {'; '.join(shown)}{tail}.")
