"""``mechgraph.change``: set, remove and rename in the files' own text; hostile values read
back; refusals write nothing; the uses named; cascades; concurrency and kills."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_edit import folder_hash

from mechgraph import GraphDataError, check_graph, load_graph
from mechgraph.change import (
    remove_edge,
    remove_evidence,
    remove_node,
    remove_reference,
    rename_node,
    rename_reference,
    set_edge,
    set_evidence,
    set_node,
    set_reference,
    uses,
)
from mechgraph.edit import EditError, add_node
from mechgraph.source import parse_text

SMALL = """\
# A small graph in one file.
nodes:
  - id: a  # the treatment
    label: A
    kind: treatment

  - id: b
    label: B
    kind: process
    synonyms:
      - bee

edges:
  - source: a
    target: b
    relation: increases
    evidence:
      - ref: r1
        stance: supports
        finding: It rose.

references:
  r1:
    year: 2000
    design: rct
    url: https://example.org/r1
"""


def small(root: Path, text: str = SMALL) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "g.yaml").write_text(text)
    return root


SURPRISES = [
    "yes", "no", "on", "1e3", "0123", "12:30", "2004-01-02", "null", "~", "a: b", "a #b",
    "#x", "- x", "&x", "!x", "|x", ">x", "%x", "@x", "`x", "'x'", '"x"', "[x]", "{x}", "? x",
    "<<", " lead", "trail ", "a\nb", "a\r\nb", "naïve \u2013 日本 😀", "\x85nel", "tab\tin",
    "a\u2028b", "\ufeffbom", "\x00nul", "long " * 40, "word " * 30 + "# hash", "x" * 200,
]


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_text_set_reads_back_and_setting_it_back_restores_every_byte(
        tmp_path: Path, text: str) -> None:
    root = small(tmp_path / f"g{abs(hash(text))}")
    set_node(root, "b", {"label": text, "synonyms": [text, "x"], "plain": text})
    set_evidence(root, "a", "b", "increases", "r1", {"finding": text})
    set_reference(root, "r1", {"note": text})
    set_edge(root, "a", "b", "increases", {"description": text})
    data = parse_text((root / "g.yaml").read_text(), "g.yaml").data
    assert data["nodes"][1] == {"id": "b", "label": text, "kind": "process",
                                "plain": text, "synonyms": [text, "x"]}
    assert data["edges"][0]["evidence"][0]["finding"] == text
    assert data["edges"][0]["description"] == text
    assert data["references"]["r1"]["note"] == text
    set_node(root, "b", {"label": "B", "synonyms": ["bee"], "plain": None})
    set_evidence(root, "a", "b", "increases", "r1", {"finding": "It rose."})
    set_reference(root, "r1", {"note": None})
    set_edge(root, "a", "b", "increases", {"description": None})
    assert (root / "g.yaml").read_text() == SMALL


@pytest.mark.parametrize("text", SURPRISES)
def test_yaml_surprises_read_back_identical(tmp_path: Path, text: str) -> None:
    root = small(tmp_path / "g")
    result = set_node(root, "a", {"label": text, "description": text}, dry_run=True)
    node = parse_text(result.after, "g.yaml").data["nodes"][0]
    assert node["label"] == text and node["description"] == text
    assert (root / "g.yaml").read_text() == SMALL  # a dry run


ODD = """\
# A hand-written file: odd spacing and comments must survive.
nodes:    # the nodes
    -   id: odd_one     # four spaces, three after the dash
        label:   'Odd one'   # keep me
        kind: process
        synonyms: [a, b]

    -   id: odd_two
        label: "Odd two"
        kind: process
        description: |+
          kept as written

    # a comment after the last node

edges:
    -   source: odd_one
        target: odd_two
        relation: increases
        evidence:
            -   {ref: han2004, stance: supports, finding: Flow style item.}
# trailing comment
"""


def test_only_the_changed_values_change(graph_copy: Path) -> None:
    odd = graph_copy / "mechanisms" / "odd.yaml"
    odd.write_text(ODD)
    set_node(graph_copy, "odd_one", {"label": "yes", "synonyms": ["c"], "plain": "Odd."})
    set_node(graph_copy, "odd_two", {"label": "Odd 2", "description": None})
    # The values alone change (the spacing after 'label:' stays); a new field goes in the
    # model's order; a |+ block goes with the blank line that is its content.
    assert odd.read_text() == ODD.replace(
        "label:   'Odd one'   # keep me", 'label:   "yes"   # keep me').replace(
        "        synonyms: [a, b]\n",
        "        plain: Odd.\n        synonyms:\n            - c\n").replace(
        'label: "Odd two"', "label: Odd 2").replace(
        "        description: |+\n          kept as written\n\n", "")
    before = folder_hash(graph_copy)
    with pytest.raises(EditError, match=r"odd\.yaml:20:17: this item is written in flow"):
        set_evidence(graph_copy, "odd_one", "odd_two", "increases", "han2004",
                     {"stance": "refutes"})
    assert folder_hash(graph_copy) == before


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    (root / "g.yaml").write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    set_node(root, "b", {"plain": "A new line of text"})
    raw = (root / "g.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n    plain: A new line of text\r\n" in raw
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_new_fields_go_in_the_model_order(tmp_path: Path) -> None:
    root = small(tmp_path / "g")
    result = set_node(root, "b", {"plain": "P", "framework": "traditional",
                                  "module": "M", "description": "D"})
    assert result.added == ("  - id: b\n    label: B\n    kind: process\n"
                            "    framework: traditional\n    description: D\n    plain: P\n"
                            "    synonyms:\n      - bee\n    module: M\n")
    assert result.line == 7 and result.summary == (
        "changed node b: plain, framework, module, description")
    ref = set_reference(root, "r1", {"title": "T", "pmid": "123"})
    assert ref.added == ('  r1:\n    title: T\n    year: 2000\n    design: rct\n'
                         '    pmid: "123"\n    url: https://example.org/r1\n')


def test_flags_and_lists_at_their_default_remove_the_key(graph_copy: Path) -> None:
    set_node(graph_copy, "sham_acupuncture", {"control": False, "synonyms": []})
    node = load_graph(graph_copy).nodes["sham_acupuncture"]
    assert not node.control and node.synonyms == []
    text = (graph_copy / "nodes.yaml").read_text()
    assert "control:" not in text.split("- id: sham_acupuncture")[1].split("- id:")[0]


def calls() -> list[Any]:
    return [
        lambda g: set_node(g, "nope", {"label": "X"}),
        lambda g: set_node(g, "qi", {"id": "q", "labl": "X", "label": None}),
        lambda g: set_node(g, "qi", {}),
        lambda g: set_node(g, "qi", {"kind": "hormone"}),
        lambda g: set_node(g, "qi", {"label": object()}),
        lambda g: set_edge(g, "qi", "acupuncture", "increases", {"plain": "x"}),
        lambda g: set_edge(g, "acupuncture", "qi", "increases", {"relation": "sideways"}),
        lambda g: set_evidence(g, "acupuncture", "endorphins", "increases", "nope",
                               {"stance": "refutes"}),
        lambda g: set_evidence(g, "acupuncture", "endorphins", "increases", "zhao2008",
                               {"stance": "refutes"}, index=3),
        lambda g: set_reference(g, "zhao2008", {"year": 1700}),
        lambda g: set_reference(g, "zhao2008", {"doi": None}),
        lambda g: remove_node(g, "qi"),
        lambda g: remove_edge(g, "acupuncture", "qi", "increases"),
        lambda g: remove_reference(g, "zhao2008"),
        lambda g: remove_evidence(g, "acupuncture", "qi", "increases", "nope"),
        lambda g: rename_node(g, "qi", "meridians"),
        lambda g: rename_node(g, "qi", "Not A Slug"),
        lambda g: rename_node(g, "nope", "fine"),
        lambda g: rename_reference(g, "zhao2008", "han2004"),
    ]


@pytest.mark.parametrize("call", calls())
def test_every_refusal_leaves_every_file_byte_identical(graph_copy: Path, call: Any) -> None:
    before = folder_hash(graph_copy)
    with pytest.raises((EditError, GraphDataError)):
        call(graph_copy)
    assert folder_hash(graph_copy) == before


def test_bad_changes_are_named_together(graph_copy: Path) -> None:
    with pytest.raises(EditError) as caught:
        set_node(graph_copy, "qi", {"id": "q", "labl": "X", "label": None})
    assert str(caught.value) == (
        "cannot change node 'qi': 'id' cannot be changed here: rename the node (mechgraph "
        "rename node OLD NEW); 'labl' is not a field of a node (fields: label, kind, "
        "framework, description, plain, synonyms, xrefs, module, control); 'label' is "
        "required and cannot be removed")


def test_a_node_in_use_is_refused_naming_each_use(graph_copy: Path) -> None:
    with pytest.raises(EditError) as caught:
        remove_node(graph_copy, "qi")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("node 'qi' is used by 6 items; remove or change them first")
    assert f"  {graph_copy}/traditional.yaml:40: edge acupuncture -increases-> qi" in lines
    assert (f"  {graph_copy}/claims/source_article.yaml:189: claim clinic_article/qi_flow "
            "(edge qi -decreases-> chronic_low_back_pain)") in lines
    kg = load_graph(graph_copy)
    assert [str(u) for u in uses(kg, "node", "qi")] == [line.strip() for line in lines[1:]]


def test_cascade_lists_then_removes(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    dry = remove_node(graph_copy, "serotonin", cascade=True, dry_run=True)
    assert folder_hash(graph_copy) == before and not dry.written
    listed = dry.summary.splitlines()
    assert listed[0] == "removed node serotonin (and 9 item(s) that used it)"
    assert any("claim clinic_article/serotonin_and_pain (no edge left)" in x for x in listed)
    assert sum("edge removed from the claim" in x for x in listed) == 2
    done = remove_node(graph_copy, "serotonin", cascade=True)
    assert done.summary == dry.summary and done.written
    kg = load_graph(graph_copy)
    assert "serotonin" not in kg.nodes and check_graph(graph_copy) == []
    assert not any("serotonin" in k[:2] for k in kg.edges)
    claims = {c.id: c for c in kg.sources["clinic_article"].claims}
    assert "serotonin_and_pain" not in claims
    assert all("serotonin" not in e.key[:2] for e in claims["mood_and_stress"].edges)
    assert claims["mood_and_stress"].edges  # kept its other edges


def test_removing_a_reference_cascades_to_evidence_and_lone_edges(graph_copy: Path) -> None:
    kg = load_graph(graph_copy)
    only = [k for k, e in kg.edges.items() if e.evidence and not e.claimed_by
            and not e.curated_in and {ev.ref for ev in e.evidence} == {"zhang2014"}]
    result = remove_reference(graph_copy, "zhang2014", cascade=True)
    kg = load_graph(graph_copy)
    assert "zhang2014" not in kg.references and check_graph(graph_copy) == []
    assert all(ev.ref != "zhang2014" for e in kg.edges.values() for ev in e.evidence)
    assert not set(only) & set(kg.edges)
    assert result.summary.count("\n") >= 8


def test_removing_keeps_comments_and_one_blank_line(tmp_path: Path) -> None:
    text = SMALL.replace("  - id: b\n", "  # about b\n  - id: b\n")
    root = small(tmp_path / "g", text)
    add_node(root, {"id": "c", "label": "C", "kind": "process"}, file=root / "g.yaml")
    mid = (root / "g.yaml").read_text()
    remove_node(root, "c")
    assert (root / "g.yaml").read_text() == text
    assert mid != text
    with pytest.raises(GraphDataError, match=r"the edge a -> b \(increases\) has no evidence"):
        remove_evidence(root, "a", "b", "increases", "r1")
    remove_edge(root, "a", "b", "increases")
    remove_node(root, "b")
    assert (root / "g.yaml").read_text() == (
        "# A small graph in one file.\nnodes:\n  - id: a  # the treatment\n    label: A\n"
        "    kind: treatment\n\n  # about b\n\nreferences:\n  r1:\n    year: 2000\n"
        "    design: rct\n    url: https://example.org/r1\n")


def test_rename_rewrites_edges_claims_and_citations(graph_copy: Path) -> None:
    before = load_graph(graph_copy)
    result = rename_node(graph_copy, "qi", "vital_energy")
    assert result.summary == "renamed node qi to vital_energy (6 uses rewritten)"
    assert [o.path.name for o in result.others] == ["source_article.yaml"]
    kg = load_graph(graph_copy)
    assert "qi" not in kg.nodes and kg.nodes["vital_energy"].label == before.nodes["qi"].label
    assert len(kg.edges) == len(before.edges) and check_graph(graph_copy) == []
    claim = next(c for c in kg.sources["clinic_article"].claims if c.id == "qi_flow")
    assert claim.edges[0].key == ("acupuncture", "vital_energy", "increases")
    text = (graph_copy / "claims" / "source_article.yaml").read_text()
    assert "- {source: acupuncture, target: vital_energy, relation: increases}" in text
    cited = [c for c in kg.sources["clinic_article"].claims if c.cites and c.cites.ref]
    key = cited[0].cites.ref
    rename_reference(graph_copy, key, "renamed_key")
    kg = load_graph(graph_copy)
    assert "renamed_key" in kg.references and key not in kg.references
    assert any(c.cites and c.cites.ref == "renamed_key"
               for c in kg.sources["clinic_article"].claims)
    assert check_graph(graph_copy) == []


def test_a_new_relation_moves_the_claims_with_it(graph_copy: Path) -> None:
    key = ("acupuncture", "serotonin", "modulates")
    result = set_edge(graph_copy, *key, {"relation": "increases", "plain": "yes"})
    assert result.summary.endswith("(1 claim edges rewritten)")
    kg = load_graph(graph_copy)
    assert key not in kg.edges and kg.edges[(*key[:2], "increases")].plain == "yes"
    claim = next(c for c in kg.sources["clinic_article"].claims
                 if c.id == "serotonin_and_pain")
    assert claim.edges[0].key == (*key[:2], "increases")


def test_several_evidence_items_citing_one_reference_need_an_index(tmp_path: Path) -> None:
    text = SMALL.replace("        finding: It rose.\n", "        finding: It rose.\n"
                         "      - ref: r1\n        stance: refutes\n        finding: No.\n")
    root = small(tmp_path / "g", text)
    with pytest.raises(EditError, match=r"2 evidence items citing 'r1'; choose one with "
                       r"index .*g\.yaml:18: index 0: supports.*g\.yaml:21: index 1: refutes"):
        set_evidence(root, "a", "b", "increases", "r1", {"comparison": "sham"})
    set_evidence(root, "a", "b", "increases", "r1", {"comparison": "sham"}, index=1)
    edge = load_graph(root).edges["a", "b", "increases"]
    assert [e.comparison for e in edge.evidence] == [None, "sham"]
    remove_evidence(root, "a", "b", "increases", "r1", index=0)
    assert [e.stance for e in load_graph(root).edges["a", "b", "increases"].evidence] == [
        "refutes"]


# --- two processes, and kills -------------------------------------------------------------

MIXED = """
import sys, time
from pathlib import Path
from mechgraph.change import set_node, remove_node
from mechgraph.edit import add_node
root, who, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print("ready", flush=True)
while not (root.parent / "go").exists():
    time.sleep(0.001)
for i in range(count):
    if i % 3 == 0:
        set_node(root, f"{who}_{i}", {"label": f"set {who} {i}"}, timeout=120)
    elif i % 3 == 1:
        add_node(root, {"id": f"{who}_new_{i}", "label": "new", "kind": "process"},
                 file=root / "load.yaml", timeout=120)
    else:
        remove_node(root, f"{who}_{i}", timeout=120)
    print(i, flush=True)
"""


def test_two_processes_setting_adding_and_removing_200_each_lose_nothing(
        graph_copy: Path) -> None:
    items = "".join(f"  - id: {who}_{i}\n    label: old\n    kind: process\n"
                    for who in ("p", "q") for i in range(200))
    (graph_copy / "load.yaml").write_text("nodes:\n" + items)
    writers = []
    for who in ("p", "q"):
        w = subprocess.Popen([sys.executable, "-c", MIXED, str(graph_copy), who, "200"],
                             stdout=subprocess.PIPE, text=True)
        assert w.stdout is not None and w.stdout.readline() == "ready\n"
        writers.append(w)
    (graph_copy.parent / "go").touch()
    outs = [w.communicate(timeout=900)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    assert [len(o.split()) for o in outs] == [200, 200]
    kg = load_graph(graph_copy)
    for who in ("p", "q"):
        for i in range(200):
            if i % 3 == 0:
                assert kg.nodes[f"{who}_{i}"].label == f"set {who} {i}"
            elif i % 3 == 1:
                assert f"{who}_new_{i}" in kg.nodes and kg.nodes[f"{who}_{i}"].label == "old"
            else:
                assert f"{who}_{i}" not in kg.nodes
    assert check_graph(graph_copy) == []


RENAMER = """
import sys
from pathlib import Path
from mechgraph import load_graph
from mechgraph.change import rename_node, rename_reference
root, n = Path(sys.argv[1]), int(sys.argv[2])
load_graph(root)
print("loaded", flush=True)
for k in range(1000):
    kg = load_graph(root)
    node = sorted(x for x in kg.nodes if x.startswith("endorphins"))[0]
    rename_node(root, node, f"endorphins_{n}_{k}", timeout=60)
    ref = sorted(x for x in kg.references if x.startswith("zhao2008"))[0]
    rename_reference(root, ref, f"zhao2008_{n}_{k}", timeout=60)
    print(k, flush=True)
"""


def test_a_rename_killed_at_any_moment_leaves_every_file_parseable_and_the_graph_valid(
        graph_copy: Path) -> None:
    rng = random.Random(15)
    finished, changed = 0, 0
    for n in range(12):
        before = sorted(load_graph(graph_copy).nodes)
        renamer = subprocess.Popen([sys.executable, "-c", RENAMER, str(graph_copy), str(n)],
                                   stdout=subprocess.PIPE, text=True)
        assert renamer.stdout is not None and renamer.stdout.readline() == "loaded\n"
        time.sleep(rng.uniform(0.0, 2.5))  # a rename takes about 0.5 to 2 s here
        renamer.send_signal(signal.SIGKILL)
        out, _ = renamer.communicate()
        finished += len(out.split())
        for path in graph_copy.rglob("*.yaml"):
            assert not parse_text(path.read_text(), str(path)).problems, path
        assert check_graph(graph_copy) == [], f"round {n}"
        changed += sorted(load_graph(graph_copy).nodes) != before
    assert finished and changed, "no rename ever finished: kill later"
    kg = load_graph(graph_copy)
    assert any(x.startswith("endorphins") for x in kg.nodes)
