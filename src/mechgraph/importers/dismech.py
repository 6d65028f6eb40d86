"""Import dismech's disorder files (``kb/disorders/*.yaml`` of monarch-initiative/dismech)
as a graph folder: one file per disorder, the references shared in ``references.yaml``.

What becomes what (``docs/format.md``, "Importing dismech", says the same for curators):

- **A disorder** (one file) becomes a ``condition`` node whose id is the file's name as a
  slug (``APL_PML_RARA.yaml`` -> ``apl_pml_rara``; a name starting with a digit gets
  ``n_``), labelled with its ``name``, described by its ``description``, with its
  ``synonyms`` and its ``disease_term`` id (MONDO) in ``xrefs``. Every node made from the
  file has ``module`` = the disorder's name, so that the many "Neuroinflammation" nodes of
  different disorders can be told apart.
- **A pathophysiology entry** becomes a ``process`` node ``<disorder>__<name>`` (the name
  as a slug, cut at 40 characters on a word boundary; ``_2``, ``_3`` when two entries of
  a file give the same id). dismech has no field saying whether an entry is a substance
  or an event, and its entries are named as events and states ("PML Nuclear Body
  Disruption", "Coagulopathy"), so every one is a ``process`` (never a guessed
  ``mediator``). Its ``description`` is kept and its ``evidence`` becomes the node's
  evidence. Its ``biological_processes``, ``cell_types`` and ``locations`` are terms the
  entry *involves* ("PML Nuclear Body Disruption" lists GO "apoptotic process",
  DECREASED), not ids *of* it, so they are not ``xrefs``: they are counted as not
  imported.
- **A phenotype** becomes an ``outcome`` node (same ids; ``_phenotype`` when a
  pathophysiology entry of the file already has that id), its ``phenotype_term`` id (HP) in
  ``xrefs`` and the term's label in ``synonyms`` when it differs from the name; its
  ``evidence`` becomes the node's evidence. A phenotype marked ``frequency: EXCLUDED``
  (absent in the disorder, listed to tell it from look-alikes) is left out and counted:
  the format has no link for "is absent in".
- **Membership.** dismech lists mechanisms and phenotypes *of* a disorder without saying
  how the disorder relates to each beyond that. Each listed item gets one edge
  ``<disorder> associated_with <item>`` (not causal), ``curated_in: dismech``, with the
  phenotype's frequency and ``diagnostic`` flag in its description.
- **A ``downstream`` link** (pathophysiology) and a **``sequelae`` link** (phenotype)
  become an edge ``curated_in: dismech``. dismech's own graph builder
  (``src/dismech/graph.py``) calls them "causes" and "leads_to"; their descriptions say
  "leads to", "causes", "contributes to", and never carry a sign in a field. The sign of
  "A leads to B" is written into B's name ("Impaired Tumor Suppression", "Loss of Cell
  Cohesion"), not in the link, so claiming ``increases`` would let a chain's sign
  arithmetic turn names into claims. Every such link is therefore ``modulates`` (causal,
  sign unknown). Its ``description`` is kept and its ``evidence``, when it has some,
  becomes the edge's evidence (graded as usual; the edge stays ``curated_in``).
- **Resolving a link's target**, as dismech's graph builder does: the name of a phenotype
  of the same file, else of a pathophysiology entry (a name in both is the phenotype, as
  in dismech's builder), first exactly, then ignoring case and punctuation. A target
  named in no section (dismech's "orphan" targets, drawn dashed in its own diagrams) gets
  a ``process`` node of its own with only the name as label, so that no link is lost;
  the report counts them, names a few, and says how many are close to a name of the file
  ("Conotruncal heart defects" for the phenotype "Conotruncal heart defect"), without
  ever linking to that name.
- **Evidence items.** ``supports``: ``SUPPORT`` -> ``supports``, ``PARTIAL`` ->
  ``partial``, ``REFUTE`` -> ``refutes``. ``NO_EVIDENCE`` (the curator found that the
  reference does not back the statement) and ``WRONG_STATEMENT`` (the statement as
  written is not what the reference says; in practice often "the reference does not
  mention this") are dropped and counted: neither is a finding about the statement, and
  neither may ever read as support. ``explanation`` is the ``finding``; ``snippet`` (the
  reference's words, checked by dismech's reference validator) is the ``quote``. An item
  without an explanation is dropped and counted (the format needs a finding; the quote
  alone is not one).
- **References.** ``PMID:n`` becomes the key ``pmid<n>``, ``DOI:x`` the key
  ``doi_<x as a slug>``; one reference per publication across all disorders. The disorder
  files give nothing but the identifier. When the disorders folder is ``kb/disorders`` of
  a dismech checkout, the ``references_cache`` folder of that checkout (the PubMed
  records dismech's reference validator fetched: ``PMID_<n>.md`` with a YAML front
  matter) gives ``title``, ``authors`` (the first, then ``et al.``), ``journal``,
  ``year`` and ``doi``, used only from an entry whose ``reference_id`` is the reference
  and only in a valid form; a ``DOI:x`` reference whose DOI the cache gives for a cited
  PMID is merged into it. What neither gives is left out (title, authors, journal) or
  written ``unknown`` (year). dismech never gives a study design: ``design: unknown``,
  always. ``subjects`` comes from the items' ``evidence_source``
  (``HUMAN_CLINICAL`` -> ``human``, ``MODEL_ORGANISM`` -> ``animal``, ``IN_VITRO`` ->
  ``cell``) only when every citation of the reference that gives one agrees and maps to
  one of these; ``COMPUTATIONAL``, ``OTHER``, disagreeing values, or none at all give
  ``unknown``.
- **Not imported** (counted by section): treatments, genetic, biochemical, environmental,
  histopathology, prevalence and the other sections; the GO processes, cell types and
  locations of pathophysiology entries; phenotype notes.

Examples
--------
>>> import tempfile, pathlib
>>> src = pathlib.Path(tempfile.mkdtemp())
>>> _ = (src / "Demo.yaml").write_text('''
... name: Demo Disorder
... pathophysiology:
... - name: Inflammation
...   downstream:
...   - target: Fever
... phenotypes:
... - name: Fever
...   phenotype_term: {term: {id: HP:0001945, label: Fever}}
... ''')
>>> report = import_dismech(src, src / "out")
>>> print(report.text().splitlines()[0])
dismech: 1 record read -> 1 file, 3 nodes, 3 edges, 0 evidence items, 0 references
>>> print((src / "out" / "disorders" / "demo.yaml").read_text().split("edges:")[1])
<BLANKLINE>
  - source: demo
    target: demo__inflammation
    relation: associated_with
    description: dismech lists this among the pathophysiology of Demo Disorder.
    curated_in: dismech
<BLANKLINE>
  - source: demo
    target: demo__fever
    relation: associated_with
    description: dismech lists this as a phenotype of Demo Disorder.
    curated_in: dismech
<BLANKLINE>
  - source: demo__inflammation
    target: demo__fever
    relation: modulates
    curated_in: dismech
<BLANKLINE>
"""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mechgraph.importers.common import ImportReport, write_graph
from mechgraph.importers.dismech_files import (
    Ref,
    add_edge,
    as_list,
    as_text,
    cache_folder,
    cached,
    disorder_files,
    loose,
    node_id,
    ordered_node,
    read_all,
    slug,
    term_curie,
    unique,
)
from mechgraph.model import DOI_RE, PMID_RE

__all__ = ["import_dismech"]


CURATED_IN = "dismech"
"""The ``curated_in`` of every link dismech asserts."""

LINK_RELATION = "modulates"
"""The relation of a ``downstream`` or ``sequelae`` link: causal, sign not stated."""

MEMBER_RELATION = "associated_with"
"""The relation from a disorder to each mechanism and phenotype it lists: not causal."""

STANCE: dict[str, str] = {"SUPPORT": "supports", "PARTIAL": "partial", "REFUTE": "refutes"}
"""dismech ``supports`` values kept, and the stance each becomes."""

DROPPED_SUPPORT: dict[str, str] = {
    "NO_EVIDENCE": "evidence items marked NO_EVIDENCE (the reference does not back the "
                   "statement): not a finding about it",
    "WRONG_STATEMENT": "evidence items marked WRONG_STATEMENT (the statement is not what the "
                       "reference says): not a finding about it",
}
"""dismech ``supports`` values dropped, and the reason the report gives."""

SUBJECTS: dict[str, str] = {"HUMAN_CLINICAL": "human", "MODEL_ORGANISM": "animal",
                            "IN_VITRO": "cell"}
"""dismech ``evidence_source`` values that say who was studied; any other is unknown."""

FREQUENCY_WORDS: dict[str, str] = {
    "OBLIGATE": "obligate", "VERY_FREQUENT": "very frequent", "FREQUENT": "frequent",
    "OCCASIONAL": "occasional", "VERY_RARE": "very rare", "HP_0040280": "obligate",
    "HP_0040281": "very frequent", "HP_0040282": "frequent", "HP_0040283": "occasional",
    "HP_0040284": "very rare",
}
"""How a phenotype frequency is written in words (dismech's FrequencyEnum and the HPO
frequency terms it stands for); any other value is written as given, lower-cased."""

EXCLUDED = "EXCLUDED"
"""The frequency of a phenotype absent in the disorder."""

IMPORTED_SECTIONS = ("name", "description", "synonyms", "disease_term", "pathophysiology",
                     "phenotypes")
"""Top-level keys of a disorder file that the import reads; the others are counted."""

HEADER = ("Imported from dismech (https://github.com/monarch-initiative/dismech, "
          "BSD-3-Clause)\nby 'mechgraph import dismech': re-import rather than edit by hand.")

ANNOTATIONS = ("biological_processes", "cell_types", "locations")
"""Term lists of a pathophysiology entry: what it involves (a GO process, often with a
direction such as DECREASED; a cell type; a place), not what it is, so never ``xrefs``."""



CLOSE_NAME = 0.85
"""How alike (difflib's ratio) an unresolved target and an entry's name must be for the
report to point the entry out (the link itself is never moved to it)."""

EXAMPLES_SHOWN = 5
"""How many examples the report gives of targets that needed a node of their own."""


def import_dismech(source: Path, out: Path, *, force: bool = False) -> ImportReport:
    """Import dismech disorder files into the graph folder ``out``.

    Parameters
    ----------
    source : Path
        dismech's ``kb/disorders`` folder (``*.history.yaml`` files are skipped), or one
        disorder file.
    out : Path
        The graph folder to write: new or empty, unless ``force``.
    force : bool, optional
        Replace ``out`` as a whole if it is not empty.

    Returns
    -------
    ImportReport
        What was kept, mapped and dropped, with counts and reasons.

    Raises
    ------
    SourceError
        A missing source, no disorder file in it, a file that does not read as YAML or is
        not a dismech disorder, or a non-empty ``out`` without ``force``. Nothing is
        written then, and ``out`` stays as it was.
    """
    source, out = Path(source), Path(out)
    report = ImportReport("dismech")
    paths = disorder_files(source, report)
    disorders = read_all(paths)
    report.records = len(disorders)
    state = _State(report, cache=cache_folder(source, report))
    files: dict[str, dict[str, Any]] = {}
    for path, data in disorders:
        prefix = unique(slug(path.stem), state.prefixes)
        nodes, edges = _disorder(prefix, data, state)
        files[f"disorders/{prefix}.yaml"] = {"nodes": nodes, "edges": edges}
    references = state.references()
    if references:
        files["references.yaml"] = {"references": references}
    state.summarise()
    write_graph(files, out, report, force=force, header=HEADER)
    return report


@dataclass
class _State:
    """What the import gathers across disorders."""

    report: ImportReport
    cache: Path | None = None
    prefixes: set[str] = field(default_factory=set)
    refs: dict[str, Ref] = field(default_factory=dict)
    by_key: dict[str, Ref] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)
    not_imported: Counter[str] = field(default_factory=Counter)
    links: int = 0
    link_edges: int = 0
    self_links: int = 0
    close_orphans: int = 0

    def reference(self, text: Any) -> str | None:
        """The key of the reference ``PMID:n`` or ``DOI:x`` (None when it is neither)."""
        text = str(text).strip()
        prefix, _, value = text.partition(":")
        value = value.strip()
        if prefix.upper() == "PMID" and PMID_RE.match(value):
            ident = ("pmid", value)
        elif prefix.upper() == "DOI" and DOI_RE.match(value):
            ident = ("doi", value.lower())
        else:
            return None
        seen = self.refs.get(f"{ident[0]}:{ident[1]}")
        if seen is None:
            base = f"pmid{value}" if ident[0] == "pmid" else "doi_" + slug(value, 60)
            seen = Ref(unique(base, set(self.by_key)))
            setattr(seen, ident[0], value)
            self.refs[f"{ident[0]}:{ident[1]}"] = self.by_key[seen.key] = seen
        return seen.key

    def references(self) -> dict[str, dict[str, Any]]:
        """The references cited by kept evidence, as graph data."""
        report = self.report
        cited = [ref for ref in self.refs.values() if ref.cited]
        found = {ref.key: cached(self.cache, ref) if self.cache else {} for ref in cited}
        cited = self._merge(cited, found)
        out: dict[str, dict[str, Any]] = {}
        for ref in cited:
            entry = found[ref.key]
            data: dict[str, Any] = {}
            for name in ("title", "authors"):
                if entry.get(name):
                    data[name] = entry[name]
                else:
                    report.unknown[f"reference {name} (left out)"] += 1
            data["year"] = entry.get("year", "unknown")
            if data["year"] == "unknown":
                report.unknown["reference year (written as unknown)"] += 1
            if entry.get("journal"):
                data["journal"] = entry["journal"]
            data["design"] = "unknown"
            report.unknown["reference design (written as unknown)"] += 1
            data["subjects"] = self._subjects(ref)
            if ref.doi or entry.get("doi"):
                data["doi"] = ref.doi or entry["doi"]
            if ref.pmid:
                data["pmid"] = ref.pmid
            if entry:
                report.map("reference found in dismech's references_cache",
                           "its title, authors, journal, year and DOI as cached")
            out[ref.key] = data
        return out

    def _merge(self, cited: list[Ref], found: dict[str, dict[str, Any]]) -> list[Ref]:
        """One reference per publication: a ``DOI:x`` reference whose DOI the cache gives
        for a cited ``PMID:n`` is merged into it (its evidence items cite the PMID)."""
        by_doi = {ref.doi.lower(): ref for ref in cited if ref.doi and not ref.pmid}
        merged: set[str] = set()
        for ref in cited:
            doi = found[ref.key].get("doi")
            twin = by_doi.get(doi.lower()) if ref.pmid and doi else None
            if twin is None or twin.key in merged:
                continue
            ref.sources.update(twin.sources)
            for item in twin.evidence:
                item["ref"] = ref.key
            ref.evidence += twin.evidence
            merged.add(twin.key)
            self.report.map("a DOI reference and a PMID reference of the same publication",
                            "one reference")
        return [ref for ref in cited if ref.key not in merged]

    def _subjects(self, ref: Ref) -> str:
        given = set(ref.sources)
        if len(given) == 1 and (only := next(iter(given))) in SUBJECTS:
            self.report.map(f"evidence_source {only} on every citation that gives one",
                            f"reference subjects {SUBJECTS[only]}")
            return SUBJECTS[only]
        if not given:
            self.report.unknown["reference subjects (no evidence_source given)"] += 1
        elif len(given) > 1:
            self.report.unknown["reference subjects (citations disagree: "
                                + ", ".join(sorted(given)) + ")"] += 1
        else:
            self.report.unknown[f"reference subjects (evidence_source {next(iter(given))})"] += 1
        return "unknown"

    def summarise(self) -> None:
        """Add the counts gathered across disorders to the report."""
        for section, n in sorted(self.not_imported.items()):
            if n:
                self.report.drop(f"{section}: not imported", n)
        merged = self.links - self.self_links - self.link_edges
        dropped = (f"{self.self_links:,} from an entry to itself dropped" if self.self_links
                   else "none dropped")
        self.report.notes.append(
            f"downstream and sequelae links: {self.links:,} read, {self.link_edges:,} "
            f"edges written ({merged:,} repeated links merged into them), {dropped}")
        if self.orphans:
            shown = "; ".join(self.orphans[:EXAMPLES_SHOWN])
            more = ", ..." if len(self.orphans) > EXAMPLES_SHOWN else ""
            self.report.notes.append(
                f"{len(self.orphans):,} link targets are named in no section of their "
                f"disorder file (dismech's orphan targets); each got a process node with "
                f"only its name, e.g. {shown}{more}")
            if self.close_orphans:
                self.report.notes.append(
                    f"{self.close_orphans:,} of these targets "
                    f"{'is' if self.close_orphans == 1 else 'are'} close to the name of an "
                    "entry of the same file (a plural, a typo?); linked as written, never "
                    "to that entry")


def _disorder(prefix: str, data: dict[str, Any], state: _State
              ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The nodes and edges of one disorder file."""
    report = state.report
    name = data["name"].strip()
    for key, value in data.items():
        if key not in IMPORTED_SECTIONS and value:
            state.not_imported[f"section '{key}'"] += len(value) if isinstance(value, list) else 1
    nodes = [_condition(prefix, name, data, report)]
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    taken = {prefix}
    entry_ids: dict[int, str] = {}  # id() of a source entry -> its node id
    exact: dict[str, str] = {}
    by_loose: dict[str, str] = {}

    def member(node: dict[str, Any], words: str) -> None:
        nodes.append(node)
        add_edge(edges, {"source": prefix, "target": node["id"],
                          "relation": MEMBER_RELATION, "description": words,
                          "curated_in": CURATED_IN})

    mechanisms = [m for m in data.get("pathophysiology") or [] if as_text(m.get("name"))]
    state.not_imported["pathophysiology entries without a name"] += (
        len(data.get("pathophysiology") or []) - len(mechanisms))
    for entry in mechanisms:
        label = as_text(entry["name"])
        node = _item_node(prefix, label, "process", name, entry, taken, state)
        entry_ids[id(entry)] = node["id"]
        for key in ANNOTATIONS:
            state.not_imported[f"pathophysiology {key.replace('_', ' ')} (terms the entry "
                               "involves)"] += len(as_list(entry.get(key)))
        exact.setdefault(label, node["id"])
        by_loose.setdefault(loose(label), node["id"])
        member(ordered_node(node), f"dismech lists this among the pathophysiology of {name}.")
        report.map("pathophysiology entry", "process node")

    phenotypes: list[dict[str, Any]] = []
    phenotype_names: set[str] = set()
    phenotype_loose: set[str] = set()
    for entry in data.get("phenotypes") or []:
        label = as_text(entry.get("name"))
        if not label:
            state.not_imported["phenotypes without a name"] += 1
            continue
        if str(entry.get("frequency", "")).upper() == EXCLUDED:
            report.drop("phenotypes marked EXCLUDED (absent in the disorder): the format has "
                        "no 'absent in' link")
            continue
        suffix = "_phenotype" if node_id(prefix, label) in taken else ""
        node = _item_node(prefix, label, "outcome", name, entry, taken, state, suffix)
        entry_ids[id(entry)] = node["id"]
        term = entry.get("phenotype_term")
        term = term if isinstance(term, dict) else {}
        term_id = term_curie(term)
        if term_id:
            node["xrefs"] = [term_id]
        inner = term.get("term")
        term_label = as_text(term.get("preferred_term")) or as_text(
            inner.get("label") if isinstance(inner, dict) else None)
        if term_label and term_label.lower() != label.lower():
            node["synonyms"] = [term_label]
        state.not_imported["phenotype notes"] += 1 if entry.get("notes") else 0
        # A name that is both a mechanism's and a phenotype's means the phenotype, as in
        # dismech's graph builder; of two phenotypes with one name, the first.
        if label not in phenotype_names:
            exact[label] = node["id"]
        if loose(label) not in phenotype_loose:
            by_loose[loose(label)] = node["id"]
        phenotype_names.add(label)
        phenotype_loose.add(loose(label))
        member(ordered_node(node), _phenotype_words(entry, name))
        phenotypes.append(entry)
        report.map("phenotype", "outcome node")

    def target_id(source_label: str, target: str) -> str:
        found = exact.get(target) or by_loose.get(loose(target))
        if found:
            return found
        node = {"id": unique(node_id(prefix, target), taken), "label": target,
                "kind": "process", "module": name}
        nodes.append(node)
        exact[target] = by_loose[loose(target)] = node["id"]
        close = difflib.get_close_matches(target, [n for n in exact if n != target], n=1,
                                          cutoff=CLOSE_NAME)
        if close:
            state.close_orphans += 1
        hint = f"; close to '{close[0]}'" if close else ""
        state.orphans.append(f"'{target}' (from '{source_label}', {name}{hint})")
        report.map("link target named in no section", "process node with only a label")
        return node["id"]

    for key, sources in (("downstream", mechanisms), ("sequelae", phenotypes)):
        for entry in sources:
            source_label, source_id = as_text(entry["name"]), entry_ids[id(entry)]
            for link in as_list(entry.get(key)):
                target = as_text(link.get("target")) if isinstance(link, dict) else None
                if not target:
                    report.drop(f"{key} links without a target")
                    continue
                state.links += 1
                tid = target_id(source_label, target)
                if tid == source_id:
                    state.self_links += 1
                    report.drop(f"{key} links from an entry to itself (the format has no "
                                "self-loops)")
                    continue
                edge: dict[str, Any] = {"source": source_id, "target": tid,
                                        "relation": LINK_RELATION}
                if as_text(link.get("description")):
                    edge["description"] = as_text(link["description"])
                evidence = _evidence(link.get("evidence"), f"{key} link", state)
                if evidence:
                    edge["evidence"] = evidence
                edge["curated_in"] = CURATED_IN
                if add_edge(edges, edge):
                    state.link_edges += 1
                report.map(f"{key} link", f"edge {LINK_RELATION} (curated_in {CURATED_IN})")
    return nodes, list(edges.values())


def _condition(prefix: str, name: str, data: dict[str, Any], report: ImportReport
               ) -> dict[str, Any]:
    """The ``condition`` node of a disorder."""
    condition: dict[str, Any] = {"id": prefix, "label": name, "kind": "condition"}
    if as_text(data.get("description")):
        condition["description"] = as_text(data["description"])
    synonyms = [s for s in (as_text(x) for x in as_list(data.get("synonyms"))) if s]
    if synonyms:
        condition["synonyms"] = synonyms
    term_id = term_curie(data.get("disease_term"))
    if term_id:
        condition["xrefs"] = [term_id]
        report.map("disease_term id", "condition xref")
    else:
        report.unknown["disorder id (no disease_term id)"] += 1
    condition["module"] = name
    report.map("disorder file", "condition node")
    return condition


def _item_node(prefix: str, label: str, kind: str, module: str,
               entry: dict[str, Any], taken: set[str], state: _State, suffix: str = "",
               ) -> dict[str, Any]:
    """The node of a pathophysiology entry or phenotype (keys put in order by
    :func:`ordered_node`)."""
    node: dict[str, Any] = {"id": unique(node_id(prefix, label) + suffix, taken), "label": label,
                            "kind": kind}
    if as_text(entry.get("description")):
        node["description"] = as_text(entry["description"])
    synonyms = [s for s in (as_text(x) for x in as_list(entry.get("synonyms"))) if s]
    if synonyms:
        node["synonyms"] = synonyms
    node["module"] = module
    what = "pathophysiology entry" if kind == "process" else "phenotype"
    evidence = _evidence(entry.get("evidence"), what, state)
    if evidence:
        node["evidence"] = evidence
    return node


def _phenotype_words(entry: dict[str, Any], disorder: str) -> str:
    frequency = entry.get("frequency")
    said = []
    if frequency is not None and str(frequency).strip():
        said.append("frequency: " + FREQUENCY_WORDS.get(str(frequency),
                                                        str(frequency).lower()))
    if entry.get("diagnostic") is True:
        said.append("diagnostic")
    tail = f" ({'; '.join(said)})" if said else ""
    return f"dismech lists this as a phenotype of {disorder}{tail}."


def _evidence(items: Any, where: str, state: _State) -> list[dict[str, Any]]:
    """dismech evidence items as graph evidence; what cannot be kept is counted."""
    report = state.report
    out: list[dict[str, Any]] = []
    for item in as_list(items):
        if not isinstance(item, dict):
            report.drop("evidence items that are not a mapping")
            continue
        key = state.reference(item.get("reference", ""))
        if key is None:
            report.drop("evidence items whose reference is neither PMID:n nor DOI:10.x/y")
            continue
        ref = state.by_key[key]
        if item.get("evidence_source"):
            ref.sources[str(item["evidence_source"])] += 1
        support = str(item.get("supports", "")).strip()
        if support in DROPPED_SUPPORT:
            report.drop(DROPPED_SUPPORT[support])
            continue
        if support not in STANCE:
            report.drop(f"evidence items with supports '{support or '(none)'}' (not a dismech "
                        "value)")
            continue
        finding = as_text(item.get("explanation"))
        if not finding:
            report.drop("evidence items without an explanation (the format needs a finding)")
            continue
        evidence: dict[str, Any] = {"ref": key, "stance": STANCE[support], "finding": finding}
        quote = as_text(item.get("snippet"))
        if quote:
            evidence["quote"] = quote
        else:
            report.unknown["evidence quote (no snippet)"] += 1
        ref.cited = True
        ref.evidence.append(evidence)
        out.append(evidence)
        report.map(f"evidence {support} on a {where}", f"stance {STANCE[support]}")
    return out


