"""``mechgraph import dismech`` on a sample of real dismech files (``tests/data/dismech``,
see its ``SOURCE.md``: ``kb/disorders`` and, beside it as in dismech's repository, the
front matter of the ``references_cache`` entries they cite): the installed command,
checked against the source files."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import run_cli

DISMECH = Path(__file__).resolve().parent / "data" / "dismech"
SAMPLE = DISMECH / "kb" / "disorders"
CACHE = DISMECH / "references_cache"
SOURCES = sorted(p for p in SAMPLE.glob("*.yaml") if not p.name.endswith(".history.yaml"))
SUBJECTS = {"HUMAN_CLINICAL": "human", "MODEL_ORGANISM": "animal", "IN_VITRO": "cell"}


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def source_links(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every ``downstream`` and ``sequelae`` link of a disorder file, by name."""
    links = [(p["name"], t["target"]) for p in data.get("pathophysiology") or []
             for t in p.get("downstream") or []]
    links += [(p["name"], t["target"]) for p in data.get("phenotypes") or []
              for t in p.get("sequelae") or []]
    return links


def source_evidence(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Every evidence item of the sections the import reads."""
    items = []
    for section, links in (("pathophysiology", "downstream"), ("phenotypes", "sequelae")):
        for entry in data.get(section) or []:
            items += entry.get("evidence") or []
            for link in entry.get(links) or []:
                items += link.get("evidence") or []
    return items


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The sample imported once with ``--json``: the graph folder and the report."""
    out = tmp_path_factory.mktemp("dismech") / "graph"
    result = run_cli("import", "dismech", str(SAMPLE), str(out), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    return out, json.loads(result.stdout)


def disorder_file(out: Path, source: Path) -> dict[str, Any]:
    """The graph file written for a source file (named after its file name)."""
    slug = re.sub(r"[^a-z0-9]+", "_", source.stem.lower()).strip("_")
    slug = slug if slug[0].isalpha() else "n_" + slug
    return load(out / "disorders" / f"{slug}.yaml")


def test_import_prints_its_report_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "graph"
    result = run_cli("import", "dismech", str(SAMPLE), str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"dismech: {len(SOURCES)} records read -> {len(SOURCES) + 1} files, ")
    assert "dropped:" in result.stdout
    assert f"wrote {out}; check it with: mechgraph validate {out}" in result.stdout
    assert sorted(p.name for p in (out / "disorders").iterdir()) == sorted(
        {"n_22q11_2_deletion_syndrome.yaml", "alzheimers_disease.yaml", "pick_disease.yaml",
         "transient_neonatal_pustular_melanosis.yaml"})
    check = run_cli("validate", str(out))
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.endswith(": no errors\n")


def test_every_downstream_and_sequelae_link_is_an_edge(imported: tuple[Path, dict]) -> None:
    out, report = imported
    total = 0
    for source in SOURCES:
        data, graph = load(source), disorder_file(out, source)
        label = {n["id"]: n["label"] for n in graph["nodes"]}
        expected = sorted(source_links(data))
        written = sorted((label[e["source"]], label[e["target"]]) for e in graph["edges"]
                         if e["relation"] == "modulates")
        assert written == expected, source.name
        assert all(e["curated_in"] == "dismech" for e in graph["edges"])
        total += len(expected)
    assert total == 20
    assert f"downstream and sequelae links: {total} read, {total} edges written " \
           "(0 repeated links merged into them), none dropped" in report["notes"]


def test_nodes_follow_the_source(imported: tuple[Path, dict]) -> None:
    out, _ = imported
    for source in SOURCES:
        data, graph = load(source), disorder_file(out, source)
        nodes = graph["nodes"]
        assert all(n["module"] == data["name"] for n in nodes)
        assert all("plain" not in n for n in nodes)
        condition = nodes[0]
        assert condition["kind"] == "condition" and condition["label"] == data["name"]
        term = data["disease_term"].get("term", {}).get("id")
        assert condition.get("xrefs") == ([term] if term else None)
        by_kind = {kind: sorted(n["label"] for n in nodes if n["kind"] == kind)
                   for kind in ("process", "outcome")}
        assert by_kind["outcome"] == sorted(p["name"] for p in data["phenotypes"])
        named = {p["name"] for p in data["pathophysiology"]} | {
            p["name"] for p in data["phenotypes"]}
        orphans = sorted({t for _, t in source_links(data) if t not in named})
        assert by_kind["process"] == sorted(
            [p["name"] for p in data["pathophysiology"]] + orphans)
        members = sorted(label for label in (
            next(n["label"] for n in nodes if n["id"] == e["target"])
            for e in graph["edges"] if e["relation"] == "associated_with"))
        assert members == sorted(p["name"] for p in data["pathophysiology"]
                                 + data["phenotypes"])


def test_the_same_label_in_two_disorders_stays_two_nodes(imported: tuple[Path, dict]) -> None:
    out, _ = imported
    found = [(n["id"], n["module"]) for source in SOURCES
             for n in disorder_file(out, source)["nodes"] if n["label"] == "Neuroinflammation"]
    assert found == [("alzheimers_disease__neuroinflammation", "Alzheimer's Disease"),
                     ("pick_disease__neuroinflammation", "Pick Disease")]


def cited_sources() -> tuple[dict[str, set[str]], set[str]]:
    """The ``evidence_source`` values given for each reference, and the references cited
    by evidence the import keeps."""
    sources: dict[str, set[str]] = {}
    kept: set[str] = set()
    for source in SOURCES:
        for item in source_evidence(load(source)):
            given = sources.setdefault(item["reference"], set())
            if item.get("evidence_source"):
                given.add(item["evidence_source"])
            if item["supports"] in ("SUPPORT", "PARTIAL", "REFUTE"):
                kept.add(item["reference"])
    return sources, kept


def cache_entry(ident: str) -> dict[str, Any]:
    """The front matter of the sample's ``references_cache`` entry for ``PMID:n``."""
    text = (CACHE / (ident.replace(":", "_", 1).replace("/", "_") + ".md")).read_text()
    return yaml.safe_load(text.split("---\n")[1])


def check_subjects(refs: dict[str, Any]) -> None:
    sources, _ = cited_sources()
    for key, ref in refs.items():
        given = sources[f"PMID:{ref['pmid']}" if "pmid" in ref else f"DOI:{ref['doi']}"]
        expected = SUBJECTS.get(next(iter(given)), "unknown") if len(given) == 1 else "unknown"
        assert ref["subjects"] == expected, key
    assert {r["subjects"] for r in refs.values()} >= {"human", "animal", "unknown"}


def test_references_take_only_what_dismech_gives(imported: tuple[Path, dict]) -> None:
    out, report = imported
    refs = load(out / "references.yaml")["references"]
    _, kept = cited_sources()
    assert {f"PMID:{r['pmid']}" for r in refs.values()} == kept
    for key, ref in refs.items():
        cached = cache_entry(f"PMID:{ref['pmid']}")
        assert cached["reference_id"] == f"PMID:{ref['pmid']}"
        assert ref["title"] == cached["title"]
        assert ref["year"] == int(cached["year"])
        assert ref.get("journal") == cached.get("journal"), key
        authors = cached.get("authors") or []
        assert ref.get("authors") == (None if not authors else authors[0] if len(authors) == 1
                                      else f"{authors[0]}, et al."), key
        assert ref.get("doi") == cached.get("doi"), key
        assert ref["design"] == "unknown", key
    check_subjects(refs)
    assert report["unknown"]["reference design (written as unknown)"] == len(refs)


def test_without_the_cache_references_keep_only_their_ids(tmp_path: Path) -> None:
    alone = tmp_path / "disorders"
    shutil.copytree(SAMPLE, alone)
    out = tmp_path / "graph"
    result = run_cli("import", "dismech", str(alone), str(out), "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    refs = load(out / "references.yaml")["references"]
    _, kept = cited_sources()
    assert {f"PMID:{r['pmid']}" for r in refs.values()} == kept
    for key, ref in refs.items():
        assert set(ref) == {"year", "design", "subjects", "pmid"}, key
        assert ref["year"] == "unknown" and ref["design"] == "unknown", key
    check_subjects(refs)
    assert report["unknown"]["reference title (left out)"] == len(refs)
    assert report["unknown"]["reference year (written as unknown)"] == len(refs)
    assert any("no dismech references_cache" in note for note in report["notes"])


def test_evidence_stances_and_dropped_items(imported: tuple[Path, dict]) -> None:
    out, report = imported
    source_items = [i for s in SOURCES for i in source_evidence(load(s))]
    written = [ev for s in SOURCES for item in (*disorder_file(out, s)["nodes"],
                                                *disorder_file(out, s)["edges"])
               for ev in item.get("evidence", [])]
    stance = {"SUPPORT": "supports", "PARTIAL": "partial", "REFUTE": "refutes"}
    kept = [i for i in source_items if i["supports"] in stance]
    assert sorted((stance[i["supports"]], i["explanation"]) for i in kept) == sorted(
        (e["stance"], e["finding"]) for e in written)
    assert {e["stance"] for e in written} == {"supports", "partial", "refutes"}
    quotes = {i["explanation"]: i.get("snippet") for i in kept}
    assert all(e.get("quote") == (quotes[e["finding"]] or None) for e in written)
    no_evidence = [i for i in source_items if i["supports"] == "NO_EVIDENCE"]
    assert len(no_evidence) == 8
    dropped = {d["reason"]: d["count"] for d in report["dropped"]}
    assert dropped["evidence items marked NO_EVIDENCE (the reference does not back the "
                   "statement): not a finding about it"] == len(no_evidence)
    assert not {i["explanation"] for i in no_evidence} & {e["finding"] for e in written}


def chains(data: dict[str, Any], start: str, end: str) -> list[list[str]]:
    """Every chain of links from ``start`` to ``end`` in a disorder file, by name."""
    links = source_links(data)
    found: list[list[str]] = []

    def walk(path: list[str]) -> None:
        for a, b in links:
            if a == path[-1] and b not in path:
                if b == end:
                    found.append([*path, b])
                else:
                    walk([*path, b])

    walk([start])
    return sorted(found)


@pytest.mark.parametrize(("file", "start", "end", "chain"), [
    ("Alzheimers_Disease.yaml", "Amyloid-Beta Plaque Formation", "Dementia",
     ["Amyloid-Beta Plaque Formation", "Neuroinflammation", "Neuronal Death", "Dementia"]),
    ("Alzheimers_Disease.yaml", "Neurofibrillary Tangle Formation", "Memory Impairment",
     ["Neurofibrillary Tangle Formation", "Synaptic Dysfunction", "Memory Impairment"]),
    ("22q11.2_Deletion_Syndrome.yaml", "Parathyroid hypoplasia and hypocalcemia",
     "Hypocalcemia", ["Parathyroid hypoplasia and hypocalcemia", "Hypocalcemia"]),
    ("Transient_Neonatal_Pustular_Melanosis.yaml", "Melanocyte Activation", "Desquamation",
     ["Melanocyte Activation", "Melanin Accumulation", "Pustule Formation", "Desquamation"]),
])
def test_paths_are_the_chains_of_the_source(imported: tuple[Path, dict], file: str,
                                            start: str, end: str, chain: list[str]) -> None:
    out, _ = imported
    data = load(SAMPLE / file)
    assert chains(data, start, end) == [chain]
    graph = disorder_file(out, SAMPLE / file)
    ids = {n["label"]: n["id"] for n in graph["nodes"] if n["kind"] != "condition"}
    label = {n["id"]: n["label"] for n in graph["nodes"]}
    result = run_cli("paths", "--graph", str(out), ids[start], ids[end], "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    paths = json.loads(result.stdout)["paths"]
    assert [[label[n] for n in p["nodes"]] for p in paths] == [chain]
    assert paths[0]["relations"] == ["modulates"] * (len(chain) - 1)
    assert paths[0]["net_effect"] == "unknown"


def tree(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` and the hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def occupied(tmp_path: Path) -> Path:
    """A graph folder that already holds a file."""
    out = tmp_path / "graph"
    out.mkdir()
    (out / "mine.yaml").write_text("nodes:\n  - id: mine\n    label: Mine\n    kind: concept\n")
    return out


def test_bad_inputs_fail_cleanly_and_leave_out_alone(tmp_path: Path, occupied: Path) -> None:
    before = tree(occupied)
    not_dismech = tmp_path / "not_dismech"
    not_dismech.mkdir()
    shutil.copy(SAMPLE / "Alzheimers_Disease.yaml", not_dismech)
    (not_dismech / "graph.yaml").write_text("nodes:\n  - id: a\n    label: A\n    kind: process\n")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "Broken.yaml").write_text("name: [unclosed\n")
    cases = [
        (tmp_path / "missing", "does not exist; give dismech's kb/disorders folder"),
        (broken, f"'{broken / 'Broken.yaml'}' is not valid YAML: line 2, column 1: "),
        (not_dismech, f"'{not_dismech / 'graph.yaml'}' is not a dismech disorder file: it has "
                      "no 'name' (the disorder's name)"),
        (SAMPLE, f"the folder '{occupied}' is not empty; give a new folder, or add --force"),
    ]
    for source, message in cases:
        result = run_cli("import", "dismech", str(source), str(occupied))
        assert result.returncode == 1, (source, result.stdout, result.stderr)
        assert result.stdout == ""
        assert result.stderr.startswith("mechgraph: error: ") and message in result.stderr
        assert "Traceback" not in result.stderr
        assert tree(occupied) == before
        assert not [p for p in occupied.parent.iterdir() if p.name.startswith(".graph.")]


def test_force_replaces_the_folder(occupied: Path) -> None:
    result = run_cli("import", "dismech", str(SAMPLE / "Pick_Disease.yaml"), str(occupied),
                     "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(tree(occupied)) == ["disorders/pick_disease.yaml", "references.yaml"]
