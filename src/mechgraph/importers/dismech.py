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
- source: demo
  target: demo__fever
  relation: associated_with
  description: dismech lists this as a phenotype of Demo Disorder.
  curated_in: dismech
- source: demo__inflammation
  target: demo__fever
  relation: modulates
  curated_in: dismech
<BLANKLINE>
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mechgraph.importers.common import ImportReport, SourceError, write_graph
from mechgraph.model import DOI_RE, PMID_RE

__all__ = ["import_dismech"]

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader, libyaml's when it is there (several times faster)."""

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

STOP_WORDS = frozenset({"a", "an", "and", "by", "for", "from", "in", "of", "on", "or", "the",
                        "to", "via", "with"})
"""Words an id cut short must not end with."""

ID_PART_LIMIT = 40
"""The longest a mechanism's or phenotype's part of an id may be (cut on a word)."""

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
    paths = _disorder_files(source, report)
    disorders = _read_all(paths)
    report.records = len(disorders)
    state = _State(report, cache=_cache_folder(source, report))
    files: dict[str, dict[str, Any]] = {}
    for path, data in disorders:
        prefix = _unique(_slug(path.stem), state.prefixes)
        nodes, edges = _disorder(prefix, data, state)
        files[f"disorders/{prefix}.yaml"] = {"nodes": nodes, "edges": edges}
    references = state.references()
    if references:
        files["references.yaml"] = {"references": references}
    state.summarise()
    write_graph(files, out, report, force=force, header=HEADER)
    return report


def _disorder_files(source: Path, report: ImportReport) -> list[Path]:
    if not source.exists():
        raise SourceError(f"'{source}' does not exist; give dismech's kb/disorders folder "
                          "or one disorder file")
    if source.is_file():
        if source.name.endswith(".history.yaml"):
            raise SourceError(f"'{source}' is a dismech history file, not a disorder file")
        return [source]
    history = sorted(source.glob("*.history.yaml"))
    paths = sorted(p for p in source.glob("*.yaml") if not p.name.endswith(".history.yaml"))
    if not paths:
        raise SourceError(f"'{source}' holds no disorder file (*.yaml); give dismech's "
                          "kb/disorders folder")
    if history:
        report.notes.append(f"{len(history):,} history files (*.history.yaml) skipped: "
                            "they record edits, not disorders")
    return paths


def _read_all(paths: list[Path]) -> list[tuple[Path, dict[str, Any]]]:
    """Every file read and checked to be a dismech disorder; all problems at once."""
    read: list[tuple[Path, dict[str, Any]]] = []
    problems: list[str] = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=LOADER)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"'{path}' cannot be read: {exc}")
            continue
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            what = getattr(exc, "problem", None) or "syntax error"
            problems.append(f"'{path}' is not valid YAML: {where}{what}")
            continue
        why = _not_a_disorder(data)
        if why:
            problems.append(f"'{path}' is not a dismech disorder file: {why}")
        else:
            read.append((path, data))
    if problems:
        more = (f"\n... and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise SourceError("\n".join(problems[:10]) + more)
    return read


def _not_a_disorder(data: Any) -> str:
    """Why ``data`` is not a dismech disorder (empty when it is one)."""
    if not isinstance(data, dict):
        return f"it holds a {type(data).__name__}, not a mapping with 'name' and sections"
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        return "it has no 'name' (the disorder's name)"
    if not any(key in data for key in ("pathophysiology", "phenotypes", "disease_term")):
        return "it has none of 'pathophysiology', 'phenotypes' or 'disease_term'"
    for section in ("pathophysiology", "phenotypes"):
        items = data.get(section)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return f"'{section}' is not a list of entries"
    return ""


@dataclass
class _Ref:
    """One publication cited by dismech, and who its citations say was studied."""

    key: str
    pmid: str | None = None
    doi: str | None = None
    sources: Counter[str] = field(default_factory=Counter)
    cited: bool = False
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """The evidence items that cite it (their ``ref`` is rewritten if it is merged)."""


@dataclass
class _State:
    """What the import gathers across disorders."""

    report: ImportReport
    cache: Path | None = None
    prefixes: set[str] = field(default_factory=set)
    refs: dict[str, _Ref] = field(default_factory=dict)
    by_key: dict[str, _Ref] = field(default_factory=dict)
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
            base = f"pmid{value}" if ident[0] == "pmid" else "doi_" + _slug(value, 60)
            seen = _Ref(_unique(base, set(self.by_key)))
            setattr(seen, ident[0], value)
            self.refs[f"{ident[0]}:{ident[1]}"] = self.by_key[seen.key] = seen
        return seen.key

    def references(self) -> dict[str, dict[str, Any]]:
        """The references cited by kept evidence, as graph data."""
        report = self.report
        cited = [ref for ref in self.refs.values() if ref.cited]
        found = {ref.key: _cached(self.cache, ref) if self.cache else {} for ref in cited}
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

    def _merge(self, cited: list[_Ref], found: dict[str, dict[str, Any]]) -> list[_Ref]:
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

    def _subjects(self, ref: _Ref) -> str:
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
    loose: dict[str, str] = {}

    def member(node: dict[str, Any], words: str) -> None:
        nodes.append(node)
        _add_edge(edges, {"source": prefix, "target": node["id"],
                          "relation": MEMBER_RELATION, "description": words,
                          "curated_in": CURATED_IN})

    mechanisms = [m for m in data.get("pathophysiology") or [] if _text(m.get("name"))]
    state.not_imported["pathophysiology entries without a name"] += (
        len(data.get("pathophysiology") or []) - len(mechanisms))
    for entry in mechanisms:
        label = _text(entry["name"])
        node = _item_node(prefix, label, "process", name, entry, taken, state)
        entry_ids[id(entry)] = node["id"]
        for key in ANNOTATIONS:
            state.not_imported[f"pathophysiology {key.replace('_', ' ')} (terms the entry "
                               "involves)"] += len(_list(entry.get(key)))
        exact.setdefault(label, node["id"])
        loose.setdefault(_loose(label), node["id"])
        member(_ordered(node), f"dismech lists this among the pathophysiology of {name}.")
        report.map("pathophysiology entry", "process node")

    phenotypes: list[dict[str, Any]] = []
    phenotype_names: set[str] = set()
    phenotype_loose: set[str] = set()
    for entry in data.get("phenotypes") or []:
        label = _text(entry.get("name"))
        if not label:
            state.not_imported["phenotypes without a name"] += 1
            continue
        if str(entry.get("frequency", "")).upper() == EXCLUDED:
            report.drop("phenotypes marked EXCLUDED (absent in the disorder): the format has "
                        "no 'absent in' link")
            continue
        suffix = "_phenotype" if _id(prefix, label) in taken else ""
        node = _item_node(prefix, label, "outcome", name, entry, taken, state, suffix)
        entry_ids[id(entry)] = node["id"]
        term = entry.get("phenotype_term")
        term = term if isinstance(term, dict) else {}
        term_id = _term_id(term)
        if term_id:
            node["xrefs"] = [term_id]
        inner = term.get("term")
        term_label = _text(term.get("preferred_term")) or _text(
            inner.get("label") if isinstance(inner, dict) else None)
        if term_label and term_label.lower() != label.lower():
            node["synonyms"] = [term_label]
        state.not_imported["phenotype notes"] += 1 if entry.get("notes") else 0
        # A name that is both a mechanism's and a phenotype's means the phenotype, as in
        # dismech's graph builder; of two phenotypes with one name, the first.
        if label not in phenotype_names:
            exact[label] = node["id"]
        if _loose(label) not in phenotype_loose:
            loose[_loose(label)] = node["id"]
        phenotype_names.add(label)
        phenotype_loose.add(_loose(label))
        member(_ordered(node), _phenotype_words(entry, name))
        phenotypes.append(entry)
        report.map("phenotype", "outcome node")

    def target_id(source_label: str, target: str) -> str:
        found = exact.get(target) or loose.get(_loose(target))
        if found:
            return found
        node = {"id": _unique(_id(prefix, target), taken), "label": target,
                "kind": "process", "module": name}
        nodes.append(node)
        exact[target] = loose[_loose(target)] = node["id"]
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
            source_label, source_id = _text(entry["name"]), entry_ids[id(entry)]
            for link in _list(entry.get(key)):
                target = _text(link.get("target")) if isinstance(link, dict) else None
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
                if _text(link.get("description")):
                    edge["description"] = _text(link["description"])
                evidence = _evidence(link.get("evidence"), f"{key} link", state)
                if evidence:
                    edge["evidence"] = evidence
                edge["curated_in"] = CURATED_IN
                if _add_edge(edges, edge):
                    state.link_edges += 1
                report.map(f"{key} link", f"edge {LINK_RELATION} (curated_in {CURATED_IN})")
    return nodes, list(edges.values())


def _condition(prefix: str, name: str, data: dict[str, Any], report: ImportReport
               ) -> dict[str, Any]:
    """The ``condition`` node of a disorder."""
    condition: dict[str, Any] = {"id": prefix, "label": name, "kind": "condition"}
    if _text(data.get("description")):
        condition["description"] = _text(data["description"])
    synonyms = [s for s in (_text(x) for x in _list(data.get("synonyms"))) if s]
    if synonyms:
        condition["synonyms"] = synonyms
    term_id = _term_id(data.get("disease_term"))
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
    :func:`_ordered`)."""
    node: dict[str, Any] = {"id": _unique(_id(prefix, label) + suffix, taken), "label": label,
                            "kind": kind}
    if _text(entry.get("description")):
        node["description"] = _text(entry["description"])
    synonyms = [s for s in (_text(x) for x in _list(entry.get("synonyms"))) if s]
    if synonyms:
        node["synonyms"] = synonyms
    node["module"] = module
    what = "pathophysiology entry" if kind == "process" else "phenotype"
    evidence = _evidence(entry.get("evidence"), what, state)
    if evidence:
        node["evidence"] = evidence
    return node


NODE_KEYS = ("id", "label", "kind", "description", "synonyms", "xrefs", "module", "evidence")


def _ordered(node: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its keys in the model's order (the canonical form), in place."""
    items = [(k, node[k]) for k in NODE_KEYS if k in node]
    node.clear()
    node.update(items)
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
    for item in _list(items):
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
        finding = _text(item.get("explanation"))
        if not finding:
            report.drop("evidence items without an explanation (the format needs a finding)")
            continue
        evidence: dict[str, Any] = {"ref": key, "stance": STANCE[support], "finding": finding}
        quote = _text(item.get("snippet"))
        if quote:
            evidence["quote"] = quote
        else:
            report.unknown["evidence quote (no snippet)"] += 1
        ref.cited = True
        ref.evidence.append(evidence)
        out.append(evidence)
        report.map(f"evidence {support} on a {where}", f"stance {STANCE[support]}")
    return out


def _cache_folder(source: Path, report: ImportReport) -> Path | None:
    """dismech's ``references_cache`` folder, when ``source`` is (in) a dismech checkout's
    ``kb/disorders``: the bibliographic data dismech's reference validator fetched from
    PubMed for the references it checked."""
    folder = source if source.is_dir() else source.parent
    cache = folder.resolve().parent.parent / "references_cache"
    if folder.resolve().parent.name == "kb" and cache.is_dir():
        report.notes.append(f"titles, authors, journals, years and DOIs of references from "
                            f"dismech's references_cache ({cache})")
        return cache
    report.notes.append("no dismech references_cache beside kb/ (the folder two levels "
                        "above the disorder files): references keep only their PMID or DOI")
    return None


def _cached(cache: Path, ref: _Ref) -> dict[str, Any]:
    """What dismech's ``references_cache`` says about ``ref`` (empty when nothing usable).

    A cache entry is a Markdown file, ``PMID_<n>.md`` or ``DOI_<doi, '/' as '_'>.md``,
    whose YAML front matter gives ``reference_id``, ``title``, ``authors``, ``journal``,
    ``year`` and ``doi``; only an entry whose ``reference_id`` is this reference is used,
    and only values of the right form (a year from 1800 to 2100, a valid DOI).
    """
    ident = f"PMID:{ref.pmid}" if ref.pmid else f"DOI:{ref.doi}"
    name = f"PMID_{ref.pmid}.md" if ref.pmid else f"DOI_{(ref.doi or '').replace('/', '_')}.md"
    try:
        text = (cache / name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    match = re.match(r"\A---\n(.*?)\n---\s*$", text, re.S | re.M)
    try:
        meta = yaml.load(match.group(1), Loader=LOADER) if match else None
    except yaml.YAMLError:
        meta = None
    if not isinstance(meta, dict) or str(meta.get("reference_id", "")).lower() != ident.lower():
        return {}
    out: dict[str, Any] = {}
    if _text(meta.get("title")):
        out["title"] = _text(meta["title"])
    authors = [a for a in (_text(x) for x in _list(meta.get("authors"))) if a]
    if authors:
        out["authors"] = authors[0] + (", et al." if len(authors) > 1 else "")
    if _text(meta.get("journal")):
        out["journal"] = _text(meta["journal"])
    year = _text(meta.get("year"))
    if year and year.isdigit() and 1800 <= int(year) <= 2100:
        out["year"] = int(year)
    doi = _text(meta.get("doi"))
    if doi and DOI_RE.match(doi):
        out["doi"] = doi
    return out


def _add_edge(edges: dict[tuple[str, str, str], dict[str, Any]], edge: dict[str, Any]) -> bool:
    """Add ``edge``, or merge it into the one with the same identity; True when added."""
    key = (edge["source"], edge["target"], edge["relation"])
    seen = edges.get(key)
    if seen is None:
        edges[key] = edge
        return True
    if edge.get("evidence"):
        seen.setdefault("evidence", []).extend(edge["evidence"])
        # keep the model's key order: evidence before curated_in
        seen["curated_in"] = seen.pop("curated_in")
    if edge.get("description") and edge["description"] != seen.get("description"):
        seen["description"] = (f"{seen['description']} {edge['description']}"
                               if seen.get("description") else edge["description"])
    return False


def _term_id(descriptor: Any) -> str | None:
    """The CURIE of a dismech term descriptor (``{term: {id: HP:...}}``), if any."""
    if not isinstance(descriptor, dict):
        return None
    term = descriptor.get("term")
    ident = term.get("id") if isinstance(term, dict) else None
    if isinstance(ident, str) and re.match(r"^[A-Za-z][A-Za-z0-9_.-]*:\S+$", ident.strip()):
        return ident.strip()
    return None


def _list(value: Any) -> list[Any]:
    """``value`` if it is a list, else an empty list (a lone value is not a list here)."""
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    """``value`` as stripped text, or None when it is missing or empty."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _loose(name: str) -> str:
    """A name without case and punctuation, to match a link target written loosely."""
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _slug(text: str, limit: int | None = None) -> str:
    """``text`` as an id: lower-case words joined by ``_``, cut at ``limit`` on a word.

    Examples
    --------
    >>> _slug("22q11.2_Deletion_Syndrome")
    'n_22q11_2_deletion_syndrome'
    >>> _slug("Alpha-Synuclein Aggregation and Lewy Body Formation", 40)
    'alpha_synuclein_aggregation_and_lewy'
    """
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "item"
    if limit and len(slug) > limit:
        cut = slug[:limit + 1]
        words = (cut[:cut.rfind("_")] if "_" in cut else slug[:limit]).split("_")
        while len(words) > 1 and words[-1] in STOP_WORDS:
            words.pop()
        slug = "_".join(words)
    if not slug[0].isalpha():
        slug = "n_" + slug
    return slug


def _id(prefix: str, label: str) -> str:
    return f"{prefix}__{_slug(label, ID_PART_LIMIT)}"


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... the first not in ``taken`` (then taken)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate

