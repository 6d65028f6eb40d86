"""``mechgraph.edit``: text-level insertion, the proof that values read back, validation
against the whole graph before writing, duplicates, locking, concurrency and crashes."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mechgraph import Edge, Evidence, GraphDataError, Node, Reference, check_graph, load_graph
from mechgraph.edit import (
    LOCK_NAME,
    EditError,
    add_edge,
    add_evidence,
    add_node,
    add_reference,
    default_file,
)
from mechgraph.editlog import LOG_NAME
from mechgraph.fmt import format_text
from mechgraph.source import parse_text

EDGE = {"source": "acupuncture", "target": "serotonin", "relation": "associated_with",
        "evidence": [{"ref": "zhang2014", "stance": "supports",
                      "finding": "Serotonin levels rose in animal pain models."}]}


def folder_hash(root: Path) -> dict[str, str]:
    """Every file of the folder (hidden ones too) by its hash, but the lock file (empty,
    made by the first edit, never read as data)."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != LOCK_NAME}


def without_insertion(after: str, added: str, line: int) -> str:
    """``after`` with ``added`` removed from where it was inserted (around ``line``)."""
    lines = after.splitlines(keepends=True)
    n = len(added.splitlines())
    for start in range(max(line - n, 0), line):
        if "".join(lines[start:start + n]) == added:
            return "".join(lines[:start] + lines[start + n:])
    raise AssertionError(f"the added text is not at line {line}")


def test_add_edge_with_evidence_then_the_graph_has_it(graph_copy: Path) -> None:
    result = add_edge(graph_copy, EDGE)
    assert result.written and not result.created
    assert result.path == graph_copy / "mechanisms" / "neurotransmitters.yaml"
    assert result.summary == ("added edge acupuncture -associated_with-> serotonin "
                              "(1 evidence)")
    assert result.path.read_text() == result.after
    assert without_insertion(result.after, result.added, result.line) == result.before
    assert result.after.splitlines()[result.line - 1] == "  - source: acupuncture"
    kg = load_graph(graph_copy)
    key = ("acupuncture", "serotonin", "associated_with")
    assert kg.edges[key].evidence[0].finding == EDGE["evidence"][0]["finding"]
    assert kg.locations["edge", key].line == result.line
    assert check_graph(graph_copy) == []


def test_every_kind_of_item_and_a_new_file(graph_copy: Path) -> None:
    node = add_node(graph_copy, {"id": "substance_p", "label": "Substance P",
                                 "kind": "mediator", "synonyms": ["SP", "yes"]},
                    file=graph_copy / "mechanisms" / "substance_p.yaml")
    assert node.created and node.before == ""
    assert node.after.startswith("# Created by mechgraph add.")
    assert node.after.splitlines()[node.line - 1] == "  - id: substance_p"
    assert '      - "yes"' in node.after.splitlines()
    ref = add_reference(graph_copy, "example2024", {
        "title": "An example: not a real study", "year": 2024, "design": "animal",
        "url": "https://example.org/example2024"})
    assert ref.path == graph_copy / "references.yaml"
    assert "    title: \"An example: not a real study\"" in ref.added
    edge = add_edge(graph_copy, {
        "source": "acupuncture", "target": "substance_p", "relation": "decreases",
        "evidence": [{"ref": "example2024", "stance": "supports", "finding": "Less of it."}]})
    assert edge.path == node.path  # the file of its neighbours
    evidence = add_evidence(graph_copy, "acupuncture", "substance_p", "decreases",
                            {"ref": "han2004", "stance": "inconclusive",
                             "finding": "Not measured; a second opinion."})
    assert evidence.summary == ("added evidence han2004 (inconclusive) to edge "
                                "acupuncture -decreases-> substance_p")
    kg = load_graph(graph_copy)
    assert [e.ref for e in kg.edges["acupuncture", "substance_p", "decreases"].evidence] == [
        "example2024", "han2004"]
    assert kg.nodes["substance_p"].synonyms == ["SP", "yes"]


def test_evidence_for_a_claim_adds_the_evidence_key(graph_copy: Path) -> None:
    result = add_evidence(graph_copy, "muscle_blood_flow", "tissue_repair", "increases",
                          {"ref": "sandberg2005", "stance": "inconclusive",
                           "finding": "Blood flow was measured; tissue repair was not.",
                           "comparison": "none"})
    assert result.path == graph_copy / "mechanisms" / "blood_flow.yaml"
    assert result.added.splitlines()[0] == "    evidence:"
    assert without_insertion(result.after, result.added, result.line) == result.before
    edge = load_graph(graph_copy).edges["muscle_blood_flow", "tissue_repair", "increases"]
    assert edge.claimed_by and edge.evidence[0].comparison == "none"


ODD = """\
# A hand-written file: odd spacing and comments must survive.
nodes:    # the nodes
    -   id: odd_one     # four spaces, three after the dash
        label:   'Odd one'
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


@pytest.mark.parametrize("variant", ["plain", "crlf", "no-final-newline", "bom"])
def test_text_outside_the_insertion_stays_byte_for_byte(graph_copy: Path,
                                                        variant: str) -> None:
    text = ODD
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    raw = text.encode()
    if variant == "no-final-newline":
        raw = raw.rstrip(b"\n")
    if variant == "bom":
        raw = b"\xef\xbb\xbf" + raw
    odd = graph_copy / "mechanisms" / "odd.yaml"
    odd.write_bytes(raw)
    node = add_node(graph_copy, {"id": "odd_three", "label": "Odd three", "kind": "process"},
                    file=odd)
    nl = "\r\n" if variant == "crlf" else "\n"
    # After the |+ block the blank line is content: the item follows it, without another.
    assert node.added == nl.join(["    -   id: odd_three", "        label: Odd three",
                                  "        kind: process", ""])
    assert node.after.splitlines()[node.line - 2] == ""
    assert node.after.splitlines()[node.line - 1] == "    -   id: odd_three"
    assert without_insertion(node.after, node.added, node.line) == node.before
    edge = add_edge(graph_copy, {"source": "odd_two", "target": "odd_three",
                                 "relation": "decreases", "evidence": [
                                     {"ref": "han2004", "stance": "refutes",
                                      "finding": "A finding # with a hash: and a colon"}]},
                    file=odd)
    assert without_insertion(edge.after, edge.added, edge.line) == edge.before
    ref = add_reference(graph_copy, "odd2020", {"title": "Odd", "year": 2020,
                                                "design": "opinion",
                                                "url": "https://example.org/odd"}, file=odd)
    assert ref.added.startswith(nl + "references:" + nl + "  odd2020:" + nl)
    rest = without_insertion(ref.after, ref.added, ref.line)
    if variant == "no-final-newline":
        assert rest == ref.before + nl  # the last line gets its line break
    else:
        assert rest == ref.before
    evidence = add_evidence(graph_copy, "odd_two", "odd_three", "decreases",
                            {"ref": "han2004", "stance": "supports", "finding": "Second."})
    assert evidence.added == nl.join(["            -   ref: han2004",
                                      "                stance: supports",
                                      "                finding: Second.", ""])
    written = odd.read_bytes()
    assert written.startswith(b"\xef\xbb\xbf") == (variant == "bom")
    assert (b"\r\n" in written) == (variant == "crlf")
    kg = load_graph(graph_copy)
    assert kg.nodes["odd_two"].description == "kept as written\n\n"  # |+ keeps its lines
    assert len(kg.edges["odd_two", "odd_three", "decreases"].evidence) == 2
    assert "# a comment after the last node" in odd.read_text()


def test_a_file_without_the_section_gets_it(graph_copy: Path) -> None:
    refs = graph_copy / "references.yaml"
    result = add_node(graph_copy, {"id": "lonely", "label": "Lonely", "kind": "concept",
                                   "framework": "traditional"}, file=refs)
    # The new section goes where the canonical form puts it: before 'references:'.
    assert result.added.startswith("nodes:\n  - id: lonely\n")
    assert result.after.index("nodes:") < result.after.index("references:")
    assert result.after.replace(result.added, "", 1) == result.before
    assert format_text(result.after) == result.after
    assert load_graph(graph_copy).nodes["lonely"].framework == "traditional"


def one_file_graph(root: Path, text: str) -> Path:
    """A graph folder ``root`` holding one file, ``g.yaml``, with ``text``; that file."""
    root.mkdir(exist_ok=True)
    (root / "g.yaml").write_text(text)
    return root / "g.yaml"


def tiny_graph(root: Path) -> Path:
    one_file_graph(root, "nodes:\n  - {id: a, label: A, kind: treatment}\nreferences:\n"
                   "  r1: {title: T, year: 2000, design: rct, url: 'https://example.org/r1'}\n")
    return root


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=200).filter(lambda s: s.strip()))
def test_any_text_reads_back_identical(tmp_path: Path, text: str) -> None:
    root = tiny_graph(tmp_path / "g")
    result = add_node(root, {"id": "b", "label": text, "kind": "process",
                             "synonyms": [text]}, file=root / "g.yaml", dry_run=True)
    data = parse_text(result.after, "g.yaml").data
    assert data["nodes"][-1] == {"id": "b", "label": text, "kind": "process",
                                 "synonyms": [text]}
    assert without_insertion(result.after, result.added, result.line) == result.before


@pytest.mark.parametrize("text", [
    "yes", "no", "on", "off", "1e3", "0123", "1_000", "12:30", "2004-01-02", "null", "~",
    "a: b", "a #b", "#x", "- x", "* x", "&x", "!x", "|x", ">x", "%x", "@x", "`x", "'x'",
    '"x"', "[x]", "{x}", "x,y", "?", "? x", "=", "<<", " lead", "trail ", "a\nb", "a\r\nb",
    "naïve \u2013 日本 😀", "\x85nel", "tab\tin", "a\u2028b", "\ufeffbom", "\x00nul",
    "long " * 40, "word " * 30 + "# hash", "x" * 200,
])
def test_yaml_surprises_read_back_identical(tmp_path: Path, text: str) -> None:
    root = tiny_graph(tmp_path / "g")
    result = add_node(root, {"id": "b", "label": text, "kind": "process"}, dry_run=True,
                      file=root / "g.yaml")
    assert parse_text(result.after, "g.yaml").data["nodes"][-1]["label"] == text


def test_long_text_is_folded_at_the_width(tmp_path: Path) -> None:
    root = tiny_graph(tmp_path / "g")
    text = " ".join(["Acupuncture changed the measured outcome"] * 8)
    result = add_node(root, {"id": "b", "label": "B", "kind": "process",
                             "description": text}, file=root / "g.yaml", dry_run=True)
    lines = result.added.splitlines()
    start = lines.index("    description: >-")
    assert len(lines) - start - 1 == 4  # 330 characters on lines of at most 92
    assert all(len(line) <= 92 for line in lines)
    assert all(line.startswith("      ") for line in lines[start + 1:])


@pytest.mark.parametrize(("call", "message"), [
    (lambda g: add_edge(g, {**EDGE, "relation": "raises"}),
     "edges[4].relation: unknown relation 'raises'"),
    (lambda g: add_edge(g, {**EDGE, "target": "serotonine"}),
     "unknown node 'serotonine' (did you mean 'serotonin'?)"),
    (lambda g: add_edge(g, {**EDGE, "relation": "modulates"}),
     "the edge acupuncture -modulates-> serotonin is already defined here; add evidence to "
     "it instead: mechgraph add evidence --source acupuncture --target serotonin --relation "
     "modulates --ref KEY --stance STANCE --finding TEXT"),
    (lambda g: add_node(g, {"id": "qi", "label": "Qi", "kind": "concept"}),
     "node 'qi' is already defined here; choose another id"),
    (lambda g: add_reference(g, "han2004", {"title": "T", "year": 2004, "design": "rct",
                                            "url": "https://example.org/x"}),
     "reference 'han2004' is already defined here"),
    (lambda g: add_reference(g, "bad2020", {"title": "T", "year": 2020, "design": "rct",
                                            "doi": "https://doi.org/10.1000/xyz"}),
     "references.bad2020.doi: write the bare DOI '10.1000/xyz'"),
    (lambda g: add_edge(g, {**EDGE, "evidence": [{"ref": "zhang2014", "stance": "supports",
                                                  "finding": "   "}]}),
     "edges[4].evidence[0].finding: must not be empty"),
    (lambda g: add_edge(g, {**EDGE, "evidnce": []}),
     "unknown field 'evidnce' (did you mean 'evidence'?)"),
    (lambda g: add_evidence(g, "acupuncture", "qi", "decreases",
                            {"ref": "nope", "stance": "supports", "finding": "x"}),
     "no edge acupuncture -decreases-> qi in the graph"),
    (lambda g: add_evidence(g, "acupuncture", "qi", "increases",
                            {"ref": "nope2020", "stance": "supports", "finding": "x"}),
     "evidence[1].ref: unknown reference 'nope2020'"),
    (lambda g: add_node(g, {"id": "x", "label": object(), "kind": "process"}),
     "cannot write a value of type object"),
    (lambda g: add_node(g, {"id": "x", "label": "X", "kind": "process"}, file="../x.yaml"),
     "is outside the graph folder"),
    (lambda g: add_node(g, {"id": "x", "label": "X", "kind": "process"}, file="x.yml"),
     "must end in .yaml"),
])
def test_invalid_edits_leave_every_file_byte_identical(graph_copy: Path, call: Any,
                                                       message: str) -> None:
    before = folder_hash(graph_copy)
    with pytest.raises((EditError, GraphDataError)) as info:
        call(graph_copy)
    assert message in str(info.value)
    assert folder_hash(graph_copy) == before


def test_problems_point_at_the_candidate_text(graph_copy: Path) -> None:
    target = graph_copy / "mechanisms" / "neurotransmitters.yaml"
    with pytest.raises(GraphDataError) as info:
        add_edge(graph_copy, {**EDGE, "target": "serotonine"}, file=target)
    [problem] = info.value.problems
    lines = target.read_text().splitlines()
    # The new edge would start two lines after the last line of the file's content.
    assert problem.file == str(target) and problem.path == "edges[4].target"
    assert problem.line == len(lines) + 3 and problem.col == 13


def test_a_broken_target_file_is_refused(graph_copy: Path) -> None:
    broken = graph_copy / "broken.yaml"
    broken.write_text("nodes: [\n")
    before = folder_hash(graph_copy)
    with pytest.raises(GraphDataError, match=r"broken\.yaml:2:1: YAML syntax error"):
        add_node(graph_copy, {"id": "x", "label": "X", "kind": "process"}, file=broken)
    assert folder_hash(graph_copy) == before


def test_default_files(graph_copy: Path) -> None:
    assert default_file(graph_copy, "node") == graph_copy / "nodes.yaml"
    assert default_file(graph_copy, "reference") == graph_copy / "references.yaml"
    assert default_file(graph_copy, "edge", {"source": "acupuncture", "target": "qi"}) == (
        graph_copy / "traditional.yaml")
    assert default_file(graph_copy, "evidence", {
        "source": "acupuncture", "target": "endorphins", "relation": "increases"}) == (
        graph_copy / "mechanisms" / "endorphins.yaml")


def test_a_held_lock_gives_a_clear_error_not_a_hang(graph_copy: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from filelock import FileLock; "
         "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); "
         "time.sleep(60)", str(graph_copy / LOCK_NAME)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        before = folder_hash(graph_copy)
        started = time.monotonic()
        with pytest.raises(EditError, match="another edit of this graph is in progress"):
            add_edge(graph_copy, EDGE, timeout=0.5)
        assert time.monotonic() - started < 5
        assert folder_hash(graph_copy) == before
    finally:
        holder.kill()
        holder.wait()
    assert add_edge(graph_copy, EDGE).written  # the lock is free again
    assert FileLock(graph_copy / LOCK_NAME).acquire(timeout=1)


# A writer in its own process: adds edges ``start``, ``start + step``, ... of the list of
# edges the seed graph lacks (see ``new_edges``) to ``load.yaml``, printing each key once
# its edit has returned. It waits for the file ``go`` so that writers start together.
WRITER = """
import sys, time
from pathlib import Path
from mechgraph import load_graph
from mechgraph.edit import add_edge
root, start, step, count = Path(sys.argv[1]), *map(int, sys.argv[2:5])
kg = load_graph(root)
ids = sorted(kg.nodes)
edges = [(s, t, r) for s in ids for t in ids if s != t
         for r in ("increases", "decreases", "modulates", "associated_with")
         if (s, t, r) not in kg.edges]
print("ready", flush=True)
while not (root.parent / "go").exists():
    time.sleep(0.001)
for i in range(start, start + step * count, step):
    s, t, r = edges[i]
    add_edge(root, {"source": s, "target": t, "relation": r, "evidence": [
        {"ref": "han2004", "stance": "supports", "finding": f"Edge {i}: written."}]},
        file=root / "load.yaml", timeout=60)
    print(s, t, r, flush=True)
"""


def start_writer(root: Path, start: int, step: int, count: int) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(root), str(start),
                                str(step), str(count)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def test_two_processes_adding_200_edges_each_lose_nothing(graph_copy: Path) -> None:
    writers = [start_writer(graph_copy, first, 2, 200) for first in (0, 1)]
    (graph_copy.parent / "go").touch()
    outputs = [w.communicate(timeout=600)[0] for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    written = [tuple(line.split()) for out in outputs for line in out.splitlines()]
    assert len(written) == len(set(written)) == 400
    kg = load_graph(graph_copy)
    in_load = {k for k in kg.edges if kg.locations["edge", k].file.endswith("load.yaml")}
    assert in_load == set(written)
    assert check_graph(graph_copy) == []


def test_a_writer_killed_mid_write_leaves_a_valid_graph(graph_copy: Path) -> None:
    rng = random.Random(6)
    done: set[tuple[str, ...]] = set()
    (graph_copy.parent / "go").touch()
    rounds = 25
    for n in range(rounds):
        writer = start_writer(graph_copy, n * 80, 1, 80)
        time.sleep(rng.uniform(0.0, 0.4))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate()
        done |= {tuple(line.split()) for line in out.splitlines()}
        for path in graph_copy.rglob("*.yaml"):
            assert not parse_text(path.read_text(), str(path)).problems, path
        assert check_graph(graph_copy) == [], f"round {n}"
        kg = load_graph(graph_copy)
        present = {k for k in kg.edges if kg.locations["edge", k].file.endswith("load.yaml")}
        assert done <= present  # an edit that returned is on disk
        assert len(present - done) <= n + 1  # at most one unreported edit per kill
    assert done, "the writer never finished an edit: kill later"
    leftovers = [p.name for p in graph_copy.rglob(".*") if p.name not in (LOCK_NAME, LOG_NAME)]
    assert all(name.endswith(".tmp") for name in leftovers)  # hidden, so never read
    result = add_edge(graph_copy, EDGE, timeout=5)  # the lock is free, the graph valid
    assert result.written and check_graph(graph_copy) == []


def test_block_scalars_that_keep_their_blank_lines_keep_them(tmp_path: Path) -> None:
    root = tmp_path / "g"
    keep = one_file_graph(root, "nodes:\n  - id: a\n    label: A\n    kind: process\n"
                          "    description: |+\n      kept\n\n\n# comment\n"
                          "references:\n  r1:\n    title: T\n"
                          "    year: 2000\n    design: rct\n    url: https://example.org/r1\n"
                          "    note: >+\n      kept too\n\n")
    node = add_node(root, {"id": "b", "label": "B", "kind": "process"}, file=keep)
    assert node.added == "  - id: b\n    label: B\n    kind: process\n"  # no blank line
    ref = add_reference(root, "r2", {"title": "T2", "year": 2001, "design": "rct",
                                     "url": "https://example.org/r2"}, file=keep)
    assert ref.line == len(ref.before.splitlines()) + 1
    kg = load_graph(root)
    assert kg.nodes["a"].description == "kept\n\n\n"
    assert kg.references["r1"].note == "kept too\n\n"
    assert without_insertion(ref.after, ref.added, ref.line) == ref.before


def test_missing_sections_and_four_space_references(tmp_path: Path) -> None:
    root = tmp_path / "g"
    g = one_file_graph(root, "# edges to come\nreferences:\n    r1:\n        title: T\n"
                       "        year: 2000\n        design: rct\n"
                       "        url: https://example.org/r1\n")
    node = add_node(root, {"id": "a", "label": "A", "kind": "treatment"}, file=g)
    assert (node.line, node.added) == (  # before 'references:' and the comment leading in
        2, "nodes:\n  - id: a\n    label: A\n    kind: treatment\n\n")
    add_node(root, {"id": "b", "label": "B", "kind": "process"}, file=g)
    edge = add_edge(root, {"source": "a", "target": "b", "relation": "increases",
                           "claimed_by": "an example"}, file=g)
    assert edge.added == ("edges:\n  - source: a\n    target: b\n    relation: increases\n"
                          "    claimed_by: an example\n\n")
    assert edge.after.index("nodes:") < edge.after.index("edges:") < edge.after.index(
        "# edges to come\nreferences:")
    ref = add_reference(root, "r2", {"title": "T2", "year": 2001, "design": "rct",
                                     "url": "https://example.org/r2"}, file=g)
    assert ref.added.splitlines()[:3] == ["", "    r2:", "        title: T2"]
    assert ref.after.splitlines()[ref.line - 3] == "        url: https://example.org/r1"
    evidence = add_evidence(root, "a", "b", "increases",
                            {"ref": "r2", "stance": "supports", "finding": "It did."})
    assert evidence.added.splitlines()[0] == "    evidence:"
    assert load_graph(root).edges["a", "b", "increases"].evidence[0].ref == "r2"


def test_flow_style_sections_are_refused_with_the_fix(tmp_path: Path) -> None:
    root = tiny_graph(tmp_path / "g")
    (root / "g.yaml").write_text("nodes: [{id: a, label: A, kind: treatment}]\n")
    before = folder_hash(root)
    with pytest.raises(EditError, match=r"g\.yaml:1:8: 'nodes:' is written in flow style"):
        add_node(root, {"id": "b", "label": "B", "kind": "process"}, file=root / "g.yaml")
    assert folder_hash(root) == before


def test_two_threads_of_one_process_lose_nothing(graph_copy: Path) -> None:
    # The app saves from the threads of one process: the lock serialises those too.
    kg = load_graph(graph_copy)
    ids = sorted(kg.nodes)
    keys = [(s, t, "decreases") for s in ids[:2] for t in ids[2:14]
            if (s, t, "decreases") not in kg.edges]
    failures: list[BaseException] = []

    def write(part: list[tuple[str, str, str]]) -> None:
        for s, t, r in part:
            try:
                add_edge(graph_copy, {"source": s, "target": t, "relation": r,
                                      "claimed_by": "a test"}, file=graph_copy / "t.yaml")
            except BaseException as exc:
                failures.append(exc)

    threads = [threading.Thread(target=write, args=(keys[i::2],)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    kg = load_graph(graph_copy)
    assert {k for k in kg.edges if kg.locations["edge", k].file.endswith("t.yaml")} == set(keys)


def test_models_as_well_as_mappings(graph_copy: Path) -> None:
    add_node(graph_copy, Node(id="substance_p", label="Substance P", kind="mediator"))
    add_reference(graph_copy, "example2024", Reference(
        title="Example", year=2024, design="animal", subjects="animal",
        url="https://example.org/example2024"))
    edge = add_edge(graph_copy, Edge(source="acupuncture", target="substance_p",
                                     relation="decreases", evidence=[Evidence(
                                         ref="example2024", stance="supports",
                                         finding="Less of it.")]))
    # Defaults are left out, so the text is what a curator would write.
    assert edge.added == ("\n  - source: acupuncture\n    target: substance_p\n"
                          "    relation: decreases\n    evidence:\n      - ref: example2024\n"
                          "        stance: supports\n        finding: Less of it.\n")
    kg = load_graph(graph_copy)
    assert kg.references["example2024"].subjects == "animal"
    assert kg.grades["acupuncture", "substance_p", "decreases"].level == "preclinical"


def test_an_edge_with_new_end_nodes_is_checked_and_written_together(graph_copy: Path) -> None:
    edge = {"source": "acupuncture", "target": "oxytocin", "relation": "increases",
            "evidence": [{"ref": "zhang2014", "stance": "inconclusive",
                          "finding": "A made-up finding for the test."}]}
    before = folder_hash(graph_copy)
    # Without the node the edge points nowhere; with a bad node nothing is written either.
    with pytest.raises(GraphDataError, match="unknown node 'oxytocin'"):
        add_edge(graph_copy, edge)
    with pytest.raises(GraphDataError, match="kind"):
        add_edge(graph_copy, edge, new_nodes=[{"id": "oxytocin", "label": "Oxytocin",
                                               "kind": "hormone"}])
    assert folder_hash(graph_copy) == before
    result = add_edge(graph_copy, edge, new_nodes=[{"id": "oxytocin", "label": "Oxytocin",
                                                    "kind": "mediator"}])
    assert result.summary == ("added node oxytocin; added edge acupuncture -increases-> "
                              "oxytocin (1 evidence)")
    assert "- id: oxytocin" in result.added and "- source: acupuncture" in result.added
    assert result.after.splitlines()[result.line - 1] == "  - source: acupuncture"
    kg = load_graph(graph_copy)
    assert ("acupuncture", "oxytocin", "increases") in kg.edges
    assert kg.locations["node", "oxytocin"].file == str(result.path)
    with pytest.raises(EditError, match="node 'oxytocin' is already defined"):
        add_edge(graph_copy, {**edge, "relation": "decreases"},
                 new_nodes=[{"id": "oxytocin", "label": "Oxytocin", "kind": "mediator"}])


def test_a_new_reference_is_added_with_the_edge_that_cites_it(graph_copy: Path) -> None:
    edge = {"source": "sham_acupuncture", "target": "endorphins", "relation": "increases",
            "evidence": [{"ref": "new2025", "stance": "inconclusive", "finding": "F."}]}
    ref = {"title": "A new study", "year": 2025, "design": "rct", "pmid": 12345}
    before = {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")}
    with pytest.raises(GraphDataError, match="unknown reference 'new2025'"):
        add_edge(graph_copy, edge)
    bad = {**ref, "design": "trial"}
    with pytest.raises(GraphDataError, match=r"references\.new2025\.design"):
        add_edge(graph_copy, edge, references={"new2025": bad})
    assert {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")} == before
    dry = add_edge(graph_copy, edge, references={"new2025": ref}, dry_run=True)
    assert [o.path.name for o in dry.others] == ["references.yaml"]
    assert "new2025:" in dry.others[0].added and not dry.written
    assert {p: p.read_bytes() for p in graph_copy.rglob("*.yaml")} == before
    result = add_edge(graph_copy, edge, references={"new2025": ref})
    assert result.written and result.others[0].written
    kg = load_graph(graph_copy)
    assert "new2025" in kg.references and ("sham_acupuncture", "endorphins",
                                           "increases") in kg.edges
    with pytest.raises(EditError, match="reference 'new2025' is already defined"):
        add_evidence(graph_copy, "acupuncture", "endorphins", "increases",
                     {"ref": "new2025", "stance": "supports", "finding": "G."},
                     references={"new2025": ref})
