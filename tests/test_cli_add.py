"""``mechgraph add``: the installed command adds items, refuses bad ones with exit 1 and
leaves the files as they were, prints JSON, dry-runs, and asks at a real terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import shlex
import subprocess
import time
from pathlib import Path

from conftest import ROOT, mechgraph_command, run_cli
from test_edit import folder_hash

from mechgraph import load_graph

EDGE_ARGS = ["--source", "acupuncture", "--target", "serotonin", "--relation",
             "associated_with", "--ref", "zhang2014", "--stance", "supports", "--finding",
             "Serotonin rose: in animal models # not a comment"]


def test_add_edge_then_validate_and_show(graph_copy: Path) -> None:
    result = run_cli("add", "edge", "--graph", str(graph_copy), *EDGE_ARGS)
    assert result.returncode == 0, result.stderr
    target = graph_copy / "mechanisms" / "neurotransmitters.yaml"
    lines = target.read_text().splitlines()  # the new edge is the file's last one
    line = len(lines) - lines[::-1].index("  - source: acupuncture")
    assert result.stdout == (f"{target}:{line}: added edge acupuncture -associated_with-> "
                             "serotonin (1 evidence)\n")
    assert result.stderr == ""
    assert run_cli("validate", str(graph_copy)).returncode == 0
    shown = run_cli("show", "serotonin", "--graph", str(graph_copy)).stdout
    assert "  acupuncture -(~ associated_with)-> serotonin  [preclinical]" in shown
    assert "      Serotonin rose: in animal models # not a comment" in shown
    evidence = run_cli("add", "evidence", "--graph", str(graph_copy), "--source",
                       "acupuncture", "--target", "serotonin", "--relation",
                       "associated_with", "--ref", "han2004", "--stance", "refutes",
                       "--finding", "No change.", "--comparison", "sham")
    assert evidence.returncode == 0, evidence.stderr
    assert evidence.stdout.endswith(": added evidence han2004 (refutes) to edge acupuncture "
                                    "-associated_with-> serotonin\n")
    assert "contested" in run_cli("show", "serotonin", "--graph", str(graph_copy)).stdout


def test_add_node_and_reference_with_json_and_a_new_file(graph_copy: Path) -> None:
    new = graph_copy / "mechanisms" / "substance_p.yaml"
    result = run_cli("add", "node", "--graph", str(graph_copy), "--id", "substance_p",
                     "--label", "Substance P", "--kind", "mediator", "--synonym", "SP",
                     "--synonym", "no", "--file", str(new), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {"file": str(new), "line": 4, "added": new.read_text(), "created": True,
                    "written": True, "warnings": []}
    assert '      - "no"\n' in data["added"]
    ref = run_cli("add", "reference", "--graph", str(graph_copy), "--key", "example2024",
                  "--title", "Example: a made-up study", "--authors", "Doe J", "--year",
                  "2024", "--journal", "Example J 1:1", "--design", "rct", "--url",
                  "https://example.org/example2024", "--pmid", "123456")
    assert ref.returncode == 0, ref.stderr
    assert ref.stdout.startswith(f"{graph_copy / 'references.yaml'}:")
    assert '    pmid: "123456"\n' in (graph_copy / "references.yaml").read_text()
    assert run_cli("validate", str(graph_copy)).returncode == 0


def test_dry_run_prints_and_writes_nothing(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    result = run_cli("add", "node", "--graph", str(graph_copy), "--id", "substance_p",
                     "--label", "Substance P", "--kind", "mediator", "--dry-run")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{graph_copy / 'nodes.yaml'}:")
    assert lines[0].endswith(": would add node substance_p (dry run, nothing written):")
    assert lines[1:] == ["  - id: substance_p", "    label: Substance P",
                         "    kind: mediator"]
    assert folder_hash(graph_copy) == before
    as_json = json.loads(run_cli("add", "node", "--graph", str(graph_copy), "--id", "sp",
                                 "--label", "SP", "--kind", "mediator", "--dry-run",
                                 "--json").stdout)
    assert as_json["written"] is False and as_json["created"] is False
    assert folder_hash(graph_copy) == before


def test_bad_requests_exit_1_and_change_nothing(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    duplicate = run_cli("add", "edge", "--graph", str(graph_copy),
                        *[a if a != "associated_with" else "modulates" for a in EDGE_ARGS])
    assert duplicate.returncode == 1
    assert duplicate.stderr.startswith(f"mechgraph: error: {graph_copy}/mechanisms/"
                                       "neurotransmitters.yaml:")
    assert ("add evidence to it instead: mechgraph add evidence --source acupuncture "
            "--target serotonin --relation modulates --ref KEY") in duplicate.stderr
    unknown = run_cli("add", "edge", "--graph", str(graph_copy),
                      *[a if a != "serotonin" else "serotonine" for a in EDGE_ARGS])
    assert unknown.returncode == 1
    assert unknown.stderr.startswith(f"{graph_copy / 'clinical.yaml'}:")  # the source's
    assert "].target: unknown node 'serotonine' (did you mean 'serotonin'?)" in unknown.stderr
    assert unknown.stderr.endswith("1 error\nnothing was written (lines are those of the file "
                                   "with the new item)\n")
    bad_choice = run_cli("add", "edge", "--graph", str(graph_copy),
                         *[a if a != "associated_with" else "raises" for a in EDGE_ARGS])
    assert bad_choice.returncode == 1 and "invalid choice: 'raises'" in bad_choice.stderr
    outside = run_cli("add", "node", "--graph", str(graph_copy), "--id", "x", "--label", "X",
                      "--kind", "process", "--file", "/tmp/x.yaml")
    assert outside.returncode == 1 and "is outside the graph folder" in outside.stderr
    for result in (duplicate, unknown, bad_choice, outside):
        assert result.stdout == "" and "Traceback" not in result.stderr
    assert folder_hash(graph_copy) == before


def test_missing_values_without_a_terminal_name_every_option(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    result = run_cli("add", "edge", "--graph", str(graph_copy), "--source", "acupuncture")
    assert result.returncode == 1
    assert result.stderr == ("mechgraph: error: missing --target, --relation, --ref, --stance, "
                             "--finding (give them, or run in a terminal to be asked for "
                             "them, or mark an edge with no study --claimed-by WHO, "
                             "--curated-in SOURCE or --definitional)\n")
    assert folder_hash(graph_copy) == before


def test_an_edge_curated_in_a_knowledge_base_needs_no_evidence(graph_copy: Path) -> None:
    result = run_cli("add", "edge", "--graph", str(graph_copy), "--source", "serotonin",
                     "--target", "muscle_tension", "--relation", "modulates", "--curated-in",
                     "dismech", "--file", str(graph_copy / "curated.yaml"))
    assert result.returncode == 0, result.stderr
    written = (graph_copy / "curated.yaml").read_text()
    assert "    curated_in: dismech\n" in written and "evidence" not in written
    kg = load_graph(graph_copy)
    data = kg.graph.edges["serotonin", "muscle_tension", "modulates"]
    assert (data["basis"], data["evidence_level"]) == ("curated", "ungraded")
    assert run_cli("fmt", "--check", str(graph_copy / "curated.yaml")).returncode == 0


def test_a_reference_whose_year_and_design_the_source_does_not_give(graph_copy: Path) -> None:
    result = run_cli("add", "reference", "--graph", str(graph_copy), "--key", "pmid397771",
                     "--year", "unknown", "--design", "unknown", "--subjects", "unknown",
                     "--pmid", "397771", "--file", str(graph_copy / "refs2.yaml"))
    assert result.returncode == 0, result.stderr
    assert load_graph(graph_copy).references["pmid397771"].year == "unknown"
    bad = run_cli("add", "reference", "--graph", str(graph_copy), "--key", "x", "--year",
                  "n.d.", "--design", "rct", "--pmid", "1")
    assert bad.returncode == 1 and "'n.d.' is not a year" in bad.stderr


def test_required_options_are_the_models_required_fields(graph_copy: Path) -> None:
    # One answer to "what must an item have": the models'. A reference needs no authors or
    # journal (the format lets them be unknown), but a year and a design (either may be
    # "unknown"; a title may be left out, since the identifier opens the reference).
    from mechgraph.cli.add import ADD_OPTIONS
    from mechgraph.model import Edge, Evidence, Node, Reference, required_fields

    def required(item: str) -> set[str]:
        return {name for name, _, needed in ADD_OPTIONS[item] if needed}

    assert required("node") == set(required_fields(Node))
    assert required("reference") == {"key", *required_fields(Reference)}
    for item in ("edge", "evidence"):
        assert required(item) == {*required_fields(Edge), *required_fields(Evidence)}
    before = folder_hash(graph_copy)
    missing = run_cli("add", "reference", "--graph", str(graph_copy), "--key", "anon2020")
    assert missing.returncode == 1
    assert missing.stderr.startswith("mechgraph: error: missing --year, --design ")
    assert folder_hash(graph_copy) == before
    ref = run_cli("add", "reference", "--graph", str(graph_copy), "--key", "anon2020",
                  "--title", "An unsigned report", "--year", "2020", "--design",
                  "narrative-review", "--url", "https://example.org/report")
    assert ref.returncode == 0, ref.stderr
    assert run_cli("validate", str(graph_copy)).returncode == 0


def _read_until(fd: int, wanted: str, seen: list[str], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while wanted not in seen[0]:
        left = deadline - time.monotonic()
        assert left > 0, f"no {wanted!r} in the terminal output: {seen[0]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096).decode(errors="replace")
            except OSError:  # the other end closed
                chunk = ""
            assert chunk, f"the terminal closed before {wanted!r}: {seen[0]!r}"
            seen[0] += chunk


def at_a_terminal(args: list[str], dialogue: list[tuple[str, str | None]], *,
                  env: dict[str, str] | None = None) -> str:
    """Run ``mechgraph ARGS`` at a terminal: for each ``(wanted, answer)``, wait for
    ``wanted`` in its output, then type ``answer`` (``None``: nothing). It must exit 0;
    return everything it printed. ``env`` is added to the environment."""
    controller, terminal = pty.openpty()
    full = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_GRAPH"}
    process = subprocess.Popen([*mechgraph_command(), *args], stdin=terminal, stdout=terminal,
                               stderr=terminal, env={**full, "TERM": "dumb", **(env or {})},
                               close_fds=True)
    os.close(terminal)
    seen = [""]
    try:
        for wanted, answer in dialogue:
            _read_until(controller, wanted, seen)
            if answer is not None:
                os.write(controller, answer.encode() + b"\n")
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(controller)
    assert "Traceback" not in seen[0]
    return seen[0]


def test_missing_values_are_asked_for_at_a_terminal(graph_copy: Path) -> None:
    at_a_terminal(
        ["add", "edge", "--graph", str(graph_copy), "--source", "acupuncture", "--relation",
         "associated_with", "--ref", "zhang2014", "--finding", "Asked for at the terminal."],
        [("--target: ", "serotonine"),  # not a node: asked again
         ("no node 'serotonine' in the graph", "serotonin"),
         ("--stance: one of supports, partial, refutes, inconclusive", "maybe"),
         ("choose one of: supports, partial, refutes, inconclusive", "supports"),
         ("added edge acupuncture -associated_with-> serotonin", None)])
    edge_text = (graph_copy / "mechanisms" / "neurotransmitters.yaml").read_text()
    assert "        finding: Asked for at the terminal.\n" in edge_text
    assert run_cli("validate", str(graph_copy)).returncode == 0


def test_the_first_node_of_an_empty_folder_is_asked_for_at_a_terminal(tmp_path: Path) -> None:
    seen = at_a_terminal(["add", "node", "--graph", str(tmp_path), "--id", "acupuncture",
                          "--label", "Acupuncture"],
                         [("--kind: ", "treatment"), ("added node acupuncture", None)])
    assert "no graph files" not in seen
    assert run_cli("validate", str(tmp_path)).returncode == 0


def test_the_readme_examples_are_real(graph_copy: Path) -> None:
    section = (ROOT / "README.md").read_text().split("### With the command line")[1]
    section = section.split("\n## ")[0]  # up to the next section of the README
    blocks = re.findall(r"```console\n\$ (.+?)\n(?=[^ ])(.*?)```", section, re.S)
    assert len(blocks) == 2
    for command, output in blocks:
        args = shlex.split(command.replace("\\\n", " "))
        assert args[:2] == ["mechgraph", "add"]
        result = run_cli(*args[1:], cwd=graph_copy.parent)
        assert result.stderr + result.stdout == output  # as a terminal shows them


def test_add_edge_definitional_needs_no_study_and_refuses_one(graph_copy: Path) -> None:
    base = ["add", "edge", "--graph", str(graph_copy), "--source", "serotonin", "--target",
            "norepinephrine", "--relation", "increases", "--definitional"]
    before = folder_hash(graph_copy)
    refused = run_cli(*base, "--ref", "zhang2014", "--stance", "supports", "--finding", "F.")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert ("holds by definition and carries no 'evidence'; remove it, or remove "
            "'definitional: true'") in refused.stderr
    assert folder_hash(graph_copy) == before
    added = run_cli(*base, "--file", "bridges.yaml")
    assert added.returncode == 0, added.stderr
    assert "    relation: increases\n    definitional: true\n" in (
        graph_copy / "bridges.yaml").read_text()
    kg = load_graph(graph_copy)
    assert kg.grades["serotonin", "norepinephrine", "increases"].level == "definitional"
