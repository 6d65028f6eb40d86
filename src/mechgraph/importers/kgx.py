"""Import KGX TSV (``nodes.tsv``, ``edges.tsv``, Biolink) as a graph folder: what
``mechgraph export kgx`` writes, and other Biolink KGX files.

The mapping, shown in ``docs/format.md`` ("Importing KGX"):

- **Node ids**: ``mechgraph:<id>`` (our own export) gives back ``<id>``; any other CURIE
  gives an id made from it (:func:`~mechgraph.importers.biolink.curie_id`:
  ``MONDO:0005148`` -> ``mondo_0005148``) and is kept in ``xrefs``.
- **Kind** by ``category`` (the first of a ``|`` list that
  :data:`~mechgraph.importers.biolink.CLASS_KIND` has): the categories our export writes
  come back as the kinds they came from (``biolink:Procedure`` -> treatment...).
- ``name`` -> ``label``, ``description``, ``synonym`` -> ``synonyms``, ``xref`` ->
  ``xrefs`` (CURIEs only).
- **Relations**: ``biolink:affects`` qualified as ``biolink:causes`` with
  ``object_direction_qualifier`` ``increased`` / ``decreased`` -> increases / decreases
  (the way our export writes them); plain ``biolink:affects`` -> modulates; any other
  predicate by :data:`~mechgraph.importers.biolink.PREDICATE_RELATION`
  (``biolink:correlated_with`` -> associated_with, ``biolink:causes`` -> increases...). An
  edge whose predicate is not in the table is left out and counted.
- **Evidence**: each ``publications`` CURIE (``PMID:...``, ``doi:...``, or an http(s)
  link) becomes a reference (``year``, ``design`` and ``subjects`` ``unknown``: KGX does not
  say them) and an evidence item that ``supports`` the edge (Biolink's ``publications`` are
  the publications that support an edge), whose ``finding`` says only that: what the study
  found is not in KGX (:data:`FINDING`).
- ``curated_in``: the edge's ``primary_knowledge_source`` (``infores:mechgraph``), or
  ``KGX`` when it has none: the knowledge base that asserts the edge.

KGX cannot carry, so a round trip through ``mechgraph export kgx`` loses, exactly
:data:`ROUND_TRIP_LOSSES` (tests check it).

Examples
--------
>>> import tempfile, pathlib, mechgraph
>>> from mechgraph.export.kgx import to_kgx
>>> tmp = pathlib.Path(tempfile.mkdtemp())
>>> for name, text in to_kgx(mechgraph.load_graph("graph")).items():
...     _ = (tmp / name).write_text(text)
>>> report = import_kgx(tmp / "nodes.tsv", tmp / "edges.tsv", tmp / "out")
>>> kg = mechgraph.load_graph(tmp / "out")
>>> kg.graph.edges["acupuncture", "endorphins", "increases"]["curated_in"]
'infores:mechgraph'
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from mechgraph.importers.biolink import biolink_kind, curie_id, predicate_name, predicate_relation
from mechgraph.importers.common import ImportReport, SourceError, write_graph
from mechgraph.model import CURIE_RE, DOI_RE, PMID_RE, SLUG_RE

__all__ = [
    "EDGE_COLUMNS_KEPT",
    "FINDING",
    "NODE_COLUMNS_KEPT",
    "ROUND_TRIP_LOSSES",
    "import_kgx",
    "read_tsv",
]

OWN_PREFIX = "mechgraph"
"""The prefix of the ids ``mechgraph export kgx`` writes (``mechgraph:acupuncture``)."""

FALLBACK_KIND = "concept"
"""The kind of a node whose category is missing or not in the table (counted)."""

FALLBACK_SOURCE = "KGX"
"""The ``curated_in`` of an edge without a ``primary_knowledge_source``."""

FINDING = ("Listed in KGX as a publication supporting this edge; what it found is not "
           "given there.")
"""The ``finding`` of an evidence item made from a ``publications`` entry: KGX names the
publication, never what it found, and nothing is invented."""

NODE_COLUMNS_KEPT = ("id", "category", "name", "description", "synonym", "xref")
EDGE_COLUMNS_KEPT = ("subject", "predicate", "object", "qualified_predicate",
                     "object_direction_qualifier", "primary_knowledge_source",
                     "publications", "description")
DERIVED_COLUMNS = {
    "provided_by": "who provided it (every imported item comes from one file)",
    "id": "the edge id (an edge is known by source, target and relation)",
    "category": "the association class (it follows from the kinds)",
    "knowledge_level": "derived from the evidence (mechgraph derives its own), except "
                       "logical_entailment on an edge with no publication, which becomes "
                       "definitional: true",
    "agent_type": "how it was made",
    "evidence_count": "derived from the evidence",
}
"""Columns read and not kept, with why (the report counts them)."""

DIRECTION = {"increased": "increases", "upregulated": "increases",
             "decreased": "decreases", "downregulated": "decreases"}

ROUND_TRIP_LOSSES: tuple[str, ...] = (
    "nodes and edges of the traditional framework (the export leaves them out)",
    "a node's plain wording (a node without a description exports its plain wording as the "
    "description, which comes back as the description)",
    "a node's module, its evidence and its 'control' mark",
    "the kind adverse_effect (Biolink has no class for a harm; written "
    "biolink:DiseaseOrPhenotypicFeature, it comes back as a condition)",
    "an edge's plain wording, claimed_by and curated_in (curated_in becomes the "
    "primary_knowledge_source, infores:mechgraph, on every edge)",
    "evidence that does not support the edge (refutes, inconclusive, partial), and every "
    "evidence item's finding, comparison and quote: a supporting reference with a PMID or DOI "
    "comes back as one evidence item that supports the edge, with the finding FINDING",
    "references cited by no supporting evidence, or with only a URL; a reference's title, "
    "authors, year, journal, design, subjects, note and URL (year, design and subjects come "
    "back as unknown; the key is made from the PMID, else the DOI)",
    "runs of spaces and line breaks inside a text (a TSV cell is one line)",
)
"""What a round trip through ``mechgraph export kgx`` and ``mechgraph import kgx`` loses:
nothing else changes (``tests/test_import_kgx.py`` checks it)."""

HEADER = "Imported from KGX TSV by 'mechgraph import kgx'."

PER_FILE = 5_000
"""The most nodes, edges or references written to one file (a few MB of YAML at most)."""


def read_tsv(path: str | os.PathLike[str], required: tuple[str, ...], what: str,
             ) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a KGX TSV file, every row as a dict of its cells.

    Raises
    ------
    SourceError
        The file is missing, unreadable or not UTF-8, lacks one of the ``required``
        columns, or has a row whose number of cells is not the header's.
    """
    path = Path(path)
    if not path.is_file():
        raise SourceError(f"'{path}': no such file (give the KGX {what} file)")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError(f"'{path}' is not UTF-8 text, so not a KGX {what} file") from None
    except OSError as exc:
        raise SourceError(f"'{path}': cannot be read: {exc}") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows or not any(rows[0]):
        raise SourceError(f"'{path}' is empty: a KGX {what} file starts with a header line "
                          f"({', '.join(required)}, ...)")
    header = [c.strip() for c in rows[0]]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceError(f"'{path}' is not a KGX {what} file: no column "
                          f"{', '.join(repr(c) for c in missing)} in its header line "
                          f"({', '.join(header[:8])})")
    out = []
    for line, row in enumerate(rows[1:], start=2):
        if not row or row == [""]:
            continue
        if len(row) != len(header):
            raise SourceError(f"'{path}', line {line}: {len(row)} cells, but the header has "
                              f"{len(header)} (a KGX TSV row has one cell per column, "
                              "separated by tabs)")
        out.append(dict(zip(header, row, strict=True)))
    return header, out


def _split(cell: str) -> list[str]:
    return [v.strip() for v in cell.split("|") if v.strip()]


def _count_columns(header: list[str], kept: tuple[str, ...], rows: int, what: str,
                   report: ImportReport) -> None:
    for column in header:
        if column not in kept and rows:
            why = DERIVED_COLUMNS.get(column, "the format has no place for it")
            report.drop(f"{what} column '{column}': {why}", rows)


def import_kgx(nodes: Path, edges: Path, out: Path, *, force: bool = False) -> ImportReport:
    """Import KGX TSV files into the graph folder ``out``.

    Parameters
    ----------
    nodes, edges : Path
        The KGX ``nodes.tsv`` (columns ``id``, ``category``, ``name``...) and ``edges.tsv``
        (``subject``, ``predicate``, ``object``...).
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
        A file is missing or not KGX TSV, or ``out`` is not empty (nothing is written).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> tmp = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (tmp / "n.tsv").write_text("id\\tcategory\\tname\\n"
    ...     "MONDO:0005148\\tbiolink:Disease\\ttype 2 diabetes\\n"
    ...     "CHEBI:6801\\tbiolink:SmallMolecule\\tmetformin\\n")
    >>> _ = (tmp / "e.tsv").write_text("subject\\tpredicate\\tobject\\tpublications\\n"
    ...     "CHEBI:6801\\tbiolink:treats\\tMONDO:0005148\\tPMID:12345678\\n")
    >>> report = import_kgx(tmp / "n.tsv", tmp / "e.tsv", tmp / "out")
    >>> report.nodes, report.edges, report.references
    (2, 1, 1)
    >>> report.mapped["predicate 'treats'", "relation decreases"]
    1
    """
    report = ImportReport("KGX")
    node_header, node_rows = read_tsv(nodes, ("id",), "nodes")
    edge_header, edge_rows = read_tsv(edges, ("subject", "predicate", "object"), "edges")
    out = Path(out)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise SourceError(f"the folder '{out}' is not empty; give a new folder, or add "
                          "--force to replace it")
    report.records = len(node_rows) + len(edge_rows)
    _count_columns(node_header, NODE_COLUMNS_KEPT, len(node_rows), "node", report)
    _count_columns(edge_header, EDGE_COLUMNS_KEPT, len(edge_rows), "edge", report)

    files: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"nodes": [], "edges": [], "references": {}})
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for row in node_rows:
        curie = row["id"].strip()
        if not curie:
            report.drop("a node row without an id")
            continue
        if curie in ids:
            report.drop("a node row whose id an earlier row has (the first is kept)")
            continue
        node, prefix = _node(row, curie, taken, report)
        ids[curie] = node["id"]
        taken.add(node["id"])
        files[f"nodes/{curie_id(prefix)}.yaml"]["nodes"].append(node)

    references: dict[str, dict[str, Any]] = {}
    ref_keys: dict[str, str] = {}
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in edge_rows:
        s, t = ids.get(row["subject"].strip()), ids.get(row["object"].strip())
        if s is None or t is None:
            report.drop("an edge whose subject or object is not in the nodes file")
            continue
        relation, what = _relation(row)
        if relation is None:
            report.drop(f"an edge with {what}, which the mapping table does not have")
            continue
        report.map(what, f"relation {relation}")
        if s == t:
            report.drop("an edge from a node to itself (the format has no self-loops)")
            continue
        evidence = [{"ref": key, "stance": "supports", "finding": FINDING}
                    for key in _publications(row.get("publications", ""), references,
                                             ref_keys, report)]
        source = (row.get("primary_knowledge_source") or "").strip()
        if not source:
            report.unknown["edge primary_knowledge_source (curated_in KGX)"] += 1
        key = (s, t, relation)
        if key in seen:
            edge = seen[key]
            report.map("an edge whose source, target and relation an earlier row has",
                       "merged into that edge (its evidence added)")
            edge.setdefault("evidence", []).extend(
                e for e in evidence if e not in edge.get("evidence", []))
            if not edge["evidence"]:
                del edge["evidence"]
            continue
        edge = {"source": s, "target": t, "relation": relation}
        description = " ".join((row.get("description") or "").split())
        if description:
            edge["description"] = description
        if evidence:
            edge["evidence"] = evidence
        if not evidence and (row.get("knowledge_level") or "").strip() == "logical_entailment":
            edge["definitional"] = True  # it holds by definition: no study, no source
            report.map("knowledge_level logical_entailment", "definitional: true")
        else:
            edge["curated_in"] = source or FALLBACK_SOURCE
        seen[key] = edge
        files[f"edges/{s[:1]}.yaml"]["edges"].append(edge)
    if references:
        files["references.yaml"]["references"] = references
        report.unknown["reference title, year, design and subjects (KGX gives an "
                       "identifier only)"] += len(references)
        report.unknown["evidence finding (KGX names the publication, not what it "
                       "found)"] += sum(len(e.get("evidence", ())) for e in seen.values())
    report.unknown["node plain wording"] += len(ids)
    write_graph(_split_files(files), out, report, force=force, header=HEADER)
    return report


def _split_files(files: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``files`` with every list of more than :data:`PER_FILE` items spread over
    ``<name>.yaml``, ``<name>_2.yaml``... (a large KGX file must not give a YAML file over
    the loader's size limit)."""
    out: dict[str, dict[str, Any]] = {}
    for name, data in files.items():
        stem = name.removesuffix(".yaml")
        for section in ("nodes", "edges"):
            items = data.get(section) or []
            for i in range(0, len(items), PER_FILE):
                part = name if i == 0 else f"{stem}_{i // PER_FILE + 1}.yaml"
                out.setdefault(part, {})[section] = items[i:i + PER_FILE]
        refs = list((data.get("references") or {}).items())
        for i in range(0, len(refs), PER_FILE):
            part = name if i == 0 else f"{stem}_{i // PER_FILE + 1}.yaml"
            out.setdefault(part, {})["references"] = dict(refs[i:i + PER_FILE])
    return out


def _node(row: dict[str, str], curie: str, taken: set[str], report: ImportReport,
          ) -> tuple[dict[str, Any], str]:
    prefix, _, local = curie.partition(":")
    own = prefix == OWN_PREFIX and bool(SLUG_RE.match(local))
    base = local if own else curie_id(curie)
    node_id, n = base, 1
    while node_id in taken:
        n += 1
        node_id = f"{base}_{n}"
    if n > 1:
        report.map("a node id that another node's id already gives", "id with a suffix _2...")
    report.map("node id mechgraph:<id>" if own else "node id, another CURIE",
               "that id" if own else "an id made from the CURIE, the CURIE in xrefs")
    categories = _split(row.get("category", ""))
    kind = next((k for k in map(biolink_kind, categories) if k), None)
    if kind is None:
        kind = FALLBACK_KIND
        report.map(f"category {'|'.join(categories) or '(none)'} (not in the table)",
                   f"kind {FALLBACK_KIND}")
    else:
        report.map(f"category {next(c for c in categories if biolink_kind(c))}", f"kind {kind}")
    label = " ".join((row.get("name") or "").split())
    if not label:
        label = curie
        report.unknown["node name (the id is the label)"] += 1
    node: dict[str, Any] = {"id": node_id, "label": label, "kind": kind}
    description = " ".join((row.get("description") or "").split())
    if description:
        node["description"] = description
    synonyms = list(dict.fromkeys(_split(row.get("synonym", ""))))
    if synonyms:
        node["synonyms"] = synonyms
    xrefs = [] if own else [curie] if CURIE_RE.match(curie) else []
    for x in _split(row.get("xref", "")):
        if not CURIE_RE.match(x):
            report.drop("an xref that is not a CURIE (PREFIX:ID)")
        elif x not in xrefs:
            xrefs.append(x)
    if xrefs:
        node["xrefs"] = xrefs
    return node, prefix if local else "other"


def _relation(row: dict[str, str]) -> tuple[str | None, str]:
    predicate = row["predicate"].strip()
    qualified = (row.get("qualified_predicate") or "").strip()
    direction = (row.get("object_direction_qualifier") or "").strip()
    if predicate == "biolink:affects" and qualified == "biolink:causes" and direction:
        relation = DIRECTION.get(direction)
        return relation, (f"predicate 'affects' qualified 'causes', direction '{direction}'")
    if predicate == "biolink:affects" and direction:
        return DIRECTION.get(direction), f"predicate 'affects', direction '{direction}'"
    return predicate_relation(predicate), f"predicate '{predicate_name(predicate)}'"


def _publications(cell: str, references: dict[str, dict[str, Any]], keys: dict[str, str],
                  report: ImportReport) -> list[str]:
    """The reference keys of a ``publications`` cell, adding new references."""
    found = []
    for pub in _split(cell):
        if pub in keys:
            found.append(keys[pub])
            continue
        prefix, _, local = pub.partition(":")
        ref: dict[str, Any] = {"year": "unknown", "design": "unknown", "subjects": "unknown"}
        if prefix.upper() == "PMID" and PMID_RE.match(local):
            ref["pmid"] = local
        elif prefix.lower() == "doi" and DOI_RE.match(local):
            ref["doi"] = local
        elif prefix.lower() in ("http", "https"):
            ref["url"] = pub
        else:
            report.drop("a publication that is not a PMID, DOI or http(s) link")
            continue
        base = curie_id(pub if "url" not in ref else "url_" + pub.split("://", 1)[-1])
        key = base = base[:60].rstrip("_")
        n = 1
        while key in references:
            n += 1
            key = f"{base}_{n}"
        references[key] = ref
        keys[pub] = key
        found.append(key)
        report.map(f"publication {'PMID' if 'pmid' in ref else 'DOI' if 'doi' in ref else 'URL'}",
                   "reference and supporting evidence item")
    return list(dict.fromkeys(found))

