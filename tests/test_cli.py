"""The installed ``mechgraph`` command: output, exit codes, ``--json`` shapes, options."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from curated import write_curated_graph

from mechgraph import InternalError, MechgraphError, cli, load_graph
from mechgraph.cli import build_parser, check


def test_validate_clean_graph() -> None:
    result = run_cli("validate", "graph")
    kg = load_graph(ROOT / "graph")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        f"graph: {len(kg.files)} files, {len(kg.nodes)} nodes, {len(kg.edges)} edges, "
        f"{len(kg.references)} references: no errors\n")
    assert result.stderr == ""


def test_validate_reports_every_error_compiler_style(graph_copy: Path) -> None:
    endorphins = graph_copy / "mechanisms" / "endorphins.yaml"
    text = endorphins.read_text()
    endorphins.write_text(text.replace("target: pain_signalling", "target: pain_signaling", 1))
    refs = graph_copy / "references.yaml"
    refs.write_text(refs.read_text().replace("journal:", "jounral:", 1))
    result = run_cli("validate", str(graph_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    line_no = text.splitlines().index("    target: pain_signalling") + 1
    assert lines[0] == (f"{endorphins}:{line_no}:13: edges[1].target: unknown node "
                        "'pain_signaling' (did you mean 'pain_signalling'?)")
    assert lines[1].startswith(f"{refs}:")
    assert "unknown field 'jounral' (did you mean 'journal'?)" in lines[1]
    assert lines[2] == "2 errors in 2 files"
    assert "Traceback" not in result.stdout + result.stderr


def test_validate_json_shape(graph_copy: Path) -> None:
    ok = json.loads(run_cli("validate", "--json", str(graph_copy)).stdout)
    assert ok["ok"] is True and ok["problems"] == [] and ok["error_count"] == 0
    assert set(ok["counts"]) == {"files", "nodes", "edges", "references"}
    (graph_copy / "bad.yaml").write_text("nodes:\n  - id: x\n    label: X\n    kind: thing\n")
    result = run_cli("validate", "--json", str(graph_copy))
    assert result.returncode == 1
    bad = json.loads(result.stdout)
    assert bad["ok"] is False and bad["counts"] is None and bad["error_count"] == 1
    assert bad["problems"] == [{
        "file": str(graph_copy / "bad.yaml"), "line": 4, "col": 11, "path": "nodes[0].kind",
        "message": "unknown kind 'thing'; allowed: treatment, mediator, process, condition, "
                   "outcome, adverse_effect, concept",
        "code": "unknown-value"}]


def test_a_folder_without_graph_files_is_an_error_with_a_hint(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a graph\n")
    result = run_cli("validate", "empty", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (
        "empty: no graph files (*.yaml) in this folder or its subfolders; point --graph at "
        "the folder that holds the graph, or create its first file with "
        "`mechgraph add node --graph empty`\n1 error in 1 file\n")
    (empty / "nodes.yml").write_text("nodes: []\n")
    result = run_cli("validate", "--json", "empty", cwd=tmp_path)
    [problem] = json.loads(result.stdout)["problems"]
    assert result.returncode == 1 and problem["code"] == "no-graph-files"
    assert "(1 file ends in .yml: nodes.yml; graph files must end in .yaml)" in (
        problem["message"])
    # The hint works: the first node creates the graph, which is then valid.
    added = run_cli("add", "node", "--graph", "empty", "--id", "acupuncture", "--label",
                    "Acupuncture", "--kind", "treatment", cwd=tmp_path)
    assert added.returncode == 0, added.stdout + added.stderr
    assert added.stdout == "empty/nodes.yaml:4: added node acupuncture\n"
    result = run_cli("validate", "empty", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (
        0, "empty: 1 file, 1 node, 0 edges, 0 references: no errors\n")


def test_stats_text_and_json() -> None:
    kg = load_graph(ROOT / "graph")
    result = run_cli("stats", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data == {"graph": "graph", **kg.stats()}
    assert sum(data["nodes_by_kind"].values()) == data["nodes"]
    assert sum(data["edges_by_evidence_level"].values()) == data["edges"]
    assert sum(data["references_by_design"].values()) == data["references"]
    text = run_cli("stats", "graph").stdout
    assert "edges by evidence level:" in text
    assert f"  ungraded     {data['edges_by_evidence_level']['ungraded']:>7}" in text
    assert f"  definitional {data['edges_by_evidence_level']['definitional']:>7}" in text
    assert data["edges_by_evidence_level"]["definitional"] == 1  # the bridging link


def test_graph_option_env_and_default(graph_copy: Path, tmp_path: Path) -> None:
    # --graph, the positional argument and MECHGRAPH_GRAPH all pick the folder.
    assert run_cli("stats", "--graph", str(graph_copy), "--json").returncode == 0
    env_run = run_cli("stats", "--json", env={"MECHGRAPH_GRAPH": str(graph_copy)})
    assert json.loads(env_run.stdout)["graph"] == str(graph_copy)
    # Without either, ./graph of the working directory.
    assert run_cli("validate", cwd=graph_copy.parent).returncode == 0
    # An explicit folder beats the environment variable.
    missing = run_cli("validate", str(tmp_path / "nope"), env={"MECHGRAPH_GRAPH": "graph"})
    assert missing.returncode == 1
    assert "no such graph folder" in missing.stdout


@pytest.mark.parametrize("args", [
    ["validate", "graph", "--graph", "other"],
    ["frobnicate"],
    ["stats", "--nope"],
    [],
])
def test_bad_requests_exit_1_with_a_message(args: list[str]) -> None:
    result = run_cli(*args)
    assert result.returncode == 1
    assert result.stderr.strip(), "a bad request must say what is wrong"
    assert "Traceback" not in result.stderr


def test_stats_on_bad_data_exits_1_with_errors_on_stderr(graph_copy: Path) -> None:
    (graph_copy / "broken.yaml").write_text("nodes: [\n")
    result = run_cli("stats", str(graph_copy))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "broken.yaml:2:1: YAML syntax error" in result.stderr
    assert result.stderr.rstrip().endswith("1 error")


def test_unwritable_output_is_a_bad_request(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.mkdir()  # writing the schema onto a folder fails
    result = run_cli("schema", "--output", str(target))
    assert result.returncode == 1
    assert result.stderr.startswith(f"mechgraph: error: cannot write '{target}'")


def test_tool_failure_exits_2_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    # A bug cannot be provoked from outside on purpose, so inject one.
    def broken(root: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(check, "load_graph", broken)
    monkeypatch.delenv("MECHGRAPH_DEBUG", raising=False)
    assert cli.main(["stats", "graph"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mechgraph: internal error: RuntimeError: boom")
    assert "Traceback" not in err
    monkeypatch.setenv("MECHGRAPH_DEBUG", "1")
    assert cli.main(["stats", "graph"]) == 2
    assert "Traceback" in capsys.readouterr().err


@pytest.mark.parametrize(("error", "code", "start"), [
    (InternalError("the fast path and the slow path disagree"), 2,
     "mechgraph: internal error: the fast path and the slow path disagree\nThis is a bug"),
    (MechgraphError("no such thing"), 1, "mechgraph: error: no such thing\n"),
])
def test_the_error_boundary(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                            error: Exception, code: int, start: str) -> None:
    # Any MechgraphError is the user's (exit 1); an InternalError is a bug (exit 2).
    def failing(root: object) -> None:
        raise error

    monkeypatch.setattr(check, "load_graph", failing)
    monkeypatch.delenv("MECHGRAPH_DEBUG", raising=False)
    assert cli.main(["stats", "graph"]) == code
    err = capsys.readouterr().err
    assert err.startswith(start) and "Traceback" not in err


def test_a_format_error_is_reported_as_a_bug(monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    # fmt refuses to write a file whose meaning would change: mechgraph's fault (exit 2).
    import mechgraph.fmt

    def refusing(paths: object, check: bool) -> None:
        raise mechgraph.fmt.FormatError("g/a.yaml: formatting would lose or change a comment")

    monkeypatch.setattr(mechgraph.fmt, "format_files", refusing)
    assert cli.main(["fmt", "--check", "graph"]) == 2
    assert capsys.readouterr().err.startswith(
        "mechgraph: internal error: g/a.yaml: formatting would lose or change a comment\n")


def test_help_and_version_import_only_the_command_line() -> None:
    # Start-up: no command's module, no NetworkX, no models before a command runs.
    code = ("import sys\nfrom mechgraph.cli import main\n"
            "for argv in (['--version'], ['--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('networkx', "
            "'pydantic', 'yaml', 'rapidfuzz', 'typing') or m.startswith(('mechgraph.cli.', "
            "'mechgraph.graph', 'mechgraph.model'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "['mechgraph.cli.parser']"


def test_validate_checks_without_building_the_graph(tmp_path: Path) -> None:
    # validate checks every file and the links between them, and never imports NetworkX;
    # its counts are those of the loaded graph.
    code = ("import sys\nfrom mechgraph.cli import main\n"
            "code = main(['validate', 'graph'])\n"
            "print(code, 'networkx' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120, cwd=ROOT)
    kg = load_graph(ROOT / "graph")
    assert done.stdout.splitlines() == [
        f"graph: {len(kg.files)} files, {len(kg.nodes)} nodes, {len(kg.edges)} edges, "
        f"{len(kg.references)} references: no errors", "0 False"]
    (tmp_path / "a.yaml").write_text("nodes:\n  - {id: a, label: A, kind: treatment}\n"
                                     "edges:\n  - {source: a, target: b, relation: "
                                     "increases, claimed_by: a clinic}\n")
    result = run_cli("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == (f"{tmp_path / 'a.yaml'}:4:25: edges[0].target: unknown node "
                             "'b'\n1 error in 1 file\n")


def test_schema_prints_the_committed_schema() -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    assert result.stdout == (ROOT / "docs" / "mechgraph.schema.json").read_text()


def test_every_command_has_help_with_an_example() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name, command in sub.choices.items():  # type: ignore[union-attr]
        assert command.epilog and "Example:" in command.epilog, name
        result = run_cli(name, "--help")
        assert result.returncode == 0
        assert "Example:" in result.stdout


def test_paths_lists_each_pathway_with_its_effect() -> None:
    result = run_cli("paths", "acupuncture", "chronic_low_back_pain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ("acupuncture -> chronic_low_back_pain: 14 paths of at most 6 steps; "
                        "overall effect: ↓ decreases")
    # Pathways counted by what their weakest link rests on: untested ones never weigh.
    assert lines[1] == ("pathways by evidence (weakest link): 2 studied in people, 8 only "
                        "in animals or cells, 1 with a step not shown to work, 2 untested, "
                        "1 traditional")
    lines = [lines[0], *lines[2:]]
    assert lines[1].split() == ["#", "effect", "weakest", "contested", "frameworks", "path"]
    assert lines[2].split() == ["1", "↓", "decreases", "high", "yes", "biomedical",
                                "acupuncture", "-(-)->", "chronic_low_back_pain"]
    assert any("-(+)-> endorphins -(-)-> pain_signalling" in line for line in lines)
    assert lines[-1].split()[1:5] == ["↓", "decreases", "ungraded", "traditional"]


def test_paths_json_and_filters() -> None:
    data = json.loads(run_cli("paths", "acupuncture", "chronic_low_back_pain", "--json",
                              "--min-level", "moderate").stdout)
    assert data["overall"] == "decreases" and data["truncated"] is False
    assert [p["nodes"] for p in data["paths"]] == [
        ["acupuncture", "chronic_low_back_pain"],
        ["acupuncture", "expectation_and_context", "chronic_low_back_pain"]]
    assert set(data["paths"][0]) == {"nodes", "relations", "net_effect", "weakest_evidence",
                                     "contested", "refuted", "evidence_basis", "frameworks",
                                     "length"}
    assert data["by_evidence"]["human"] == 2 and sum(data["by_evidence"].values()) == 2
    bad = run_cli("paths", "acupuncture", "chronic_low_back_pain", "--min-level", "strong")
    assert bad.returncode == 1 and "invalid choice: 'strong'" in bad.stderr


def test_subjects_filters_by_who_was_studied() -> None:
    def links(*filters: str) -> list[str]:
        out = run_cli("export", "cytoscape", *filters)
        assert out.returncode == 0, out.stderr
        edges = json.loads(out.stdout)["elements"]["edges"]
        return sorted(f"{e['data']['source']}|{e['data']['target']}" for e in edges)

    animal = links("--subjects", "animal")
    assert len(animal) == 23 and len(links("--design", "animal")) == 18
    assert "acupuncture|endorphins" in animal  # han2004: a narrative review of animal work
    both = links("--subjects", "animal", "--subjects", "human", "--stance", "refutes")
    assert both == links("--stance", "refutes")
    bad = run_cli("paths", "acupuncture", "chronic_low_back_pain", "--subjects", "animals")
    assert bad.returncode == 1
    assert "argument --subjects: invalid choice: 'animals'" in bad.stderr
    assert "--subjects {human,animal,cell,unknown}" in run_cli("paths", "--help").stdout


@pytest.mark.parametrize(("args", "message"), [
    (["paths", "acupunture", "qi"], "unknown node 'acupunture' (did you mean 'acupuncture'?)"),
    (["show", "serotonine"], "unknown node 'serotonine' (did you mean 'serotonin'?)"),
    (["explain", "qi", "qi"], "source and target are the same node ('qi')"),
])
def test_unknown_ids_are_bad_requests(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 1
    assert result.stderr.strip() == f"mechgraph: error: {message}"


def test_explain_for_a_patient_and_a_student() -> None:
    patient = run_cli("explain", "acupuncture", "chronic_low_back_pain")
    assert patient.returncode == 0
    assert patient.stdout.startswith("How acupuncture may affect chronic low back pain\n====")
    student = run_cli("explain", "acupuncture", "chronic_low_back_pain", "--audience",
                      "student", "--format", "markdown")
    assert student.stdout.startswith("# Mechanisms linking acupuncture to "
                                     "chronic low back pain\n")  # labels, never ids


def test_show_a_node_with_its_evidence() -> None:
    text = run_cli("show", "endorphins").stdout
    assert text.startswith("Endorphins and other endogenous opioids (endorphins) - mediator, "
                           "biomedical\n  defined at graph/mechanisms/endorphins.yaml:")
    assert "  acupuncture -(+ increases)-> endorphins  [preclinical]" in text
    assert "https://doi.org/10.1016/j.neulet.2003.12.019" in text
    data = json.loads(run_cli("show", "qi", "--json").stdout)
    assert data["node"]["framework"] == "traditional"
    assert {e["source"] for e in data["in"]} == {"acupuncture", "meridians"}
    assert data["out"][0]["evidence"][0]["links"] == {
        "url": "https://consensus.nih.gov/1997/1997Acupuncture107html.htm"}


def test_search_forgives_typos_and_prints_json() -> None:
    text = run_cli("search", "Endorfins").stdout.splitlines()
    assert text[0].split() == ["score", "id", "label", "matched"]
    assert text[1].split()[1] == "endorphins"
    data = json.loads(run_cli("search", "chi", "--json").stdout)
    assert data[0] == {"id": "qi", "label": "Qi (free flow of vital energy)", "module": None,
                       "score": 100.0, "matched": "chi", "field": "synonym"}
    assert run_cli("search", "zzzzqqq").stdout == "no node matches 'zzzzqqq'\n"
    assert run_cli("search", "qi", "--limit", "0").returncode == 1


def test_search_shows_the_module_beside_the_label(tmp_path: Path) -> None:
    graph = str(write_curated_graph(tmp_path / "graph"))
    done = run_cli("search", "neuroinflamation", "--graph", graph)  # a typo
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].split() == ["score", "id", "label", "matched"]
    assert [r.split()[0] for r in rows[1:3]] == ["97", "97"]  # the whole label, a typo
    assert "ad_neuroinflammation  Neuroinflammation · Alzheimer's disease" in rows[1]
    assert "pd_neuroinflammation  Neuroinflammation · Parkinson's disease" in rows[2]
    data = json.loads(run_cli("search", "D010300", "--graph", graph, "--json").stdout)
    assert data[0] == {"id": "parkinsons_disease", "label": "Parkinson's disease",
                       "module": "Parkinson's disease", "score": 100.0,
                       "matched": "MESH:D010300", "field": "xref"}
    data = json.loads(run_cli("search", "neuroinflammation", "--graph", graph,
                              "--json").stdout)
    assert [(m["id"], m["module"]) for m in data] == [
        ("ad_neuroinflammation", "Alzheimer's disease"),
        ("pd_neuroinflammation", "Parkinson's disease")]
    alpha = "\N{GREEK SMALL LETTER ALPHA}"
    text = run_cli("search", f"TNF-{alpha}", "--graph", graph).stdout.splitlines()
    assert text[1].split() == ["100", "tnf_alpha", "TNF-alpha"]  # no module: the label alone
