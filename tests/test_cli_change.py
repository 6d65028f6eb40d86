"""``mechgraph set``, ``remove`` and ``rename``: the installed command changes items, refuses
bad requests with exit 1 leaving every file as it was, names every missing value, prints
JSON, dry-runs, lists a cascade, asks at a real terminal, and the README's examples run."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from test_change import SURPRISES
from test_cli_add import at_a_terminal
from test_edit import folder_hash

from mechgraph import load_graph


# A command line cannot hold a NUL character; the library tests cover it.
@pytest.mark.parametrize("text", [t for t in SURPRISES if "\x00" not in t][::4])
def test_hostile_values_round_trip_through_each_set(graph_copy: Path, text: str) -> None:
    g = ["--graph", str(graph_copy)]
    edge = ["--source", "acupuncture", "--target", "endorphins", "--relation", "increases"]
    for args in (["set", "node", "qi", "--plain", text, "--synonym", text, "--synonym", "x"],
                 ["set", "edge", *edge, "--description", text],
                 ["set", "evidence", *edge, "--ref", "zhao2008", "--finding", text],
                 ["set", "reference", "zhao2008", "--note", text]):
        result = run_cli(*args, *g)
        assert result.returncode == 0, result.stderr
    kg = load_graph(graph_copy)
    assert kg.nodes["qi"].plain == text and kg.nodes["qi"].synonyms == [text, "x"]
    found = kg.edges["acupuncture", "endorphins", "increases"]
    assert found.description == text
    assert [e.finding for e in found.evidence if e.ref == "zhao2008"] == [text]
    assert kg.references["zhao2008"].note == text


def test_set_prints_where_and_json_has_its_shape(graph_copy: Path) -> None:
    result = run_cli("set", "node", "qi", "--plain", "Vital energy.", "--graph",
                     str(graph_copy))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{graph_copy}/traditional.yaml:7: changed node qi: plain\n"
    data = json.loads(run_cli("set", "node", "qi", "--unset", "plain", "--control",
                              "--kind", "treatment", "--graph", str(graph_copy), "--dry-run",
                              "--json").stdout)
    assert set(data) == {"summary", "file", "line", "text", "removed", "files", "written",
                         "warnings"}
    assert data["summary"] == "changed node qi: kind, control, plain"
    assert (data["file"], data["line"], data["written"]) == (
        f"{graph_copy}/traditional.yaml", 7, False)
    assert data["text"].startswith("  - id: qi\n") and "    control: true\n" in data["text"]
    assert data["removed"] == [] and data["files"] == [f"{graph_copy}/traditional.yaml"]
    assert "control" not in (graph_copy / "traditional.yaml").read_text()  # a dry run


def test_bad_requests_exit_1_name_everything_and_change_nothing(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    g = ["--graph", str(graph_copy)]
    cases = {
        ("set", "node", *g): "mechgraph: error: missing ID (give them, or run in a terminal "
                             "to be asked for them); nothing to change: give at least one of "
                             "--label, --kind, --framework, --description, --plain, "
                             "--synonym, --xref, --module, --control or --unset FIELD\n",
        ("set", "node", "qi", "--plain", "x", "--unset", "plain", *g):
            "mechgraph: error: --unset plain and a new value for it: give one\n",
        ("set", "node", "nope", "--plain", "x", *g):
            "mechgraph: error: no node 'nope' in the graph\n",
        ("remove", "edge", "--source", "acupuncture", *g):
            "mechgraph: error: missing --target, --relation (give them, or run in a "
            "terminal to be asked for them)\n",
        ("rename", "node", "qi", "meridians", *g):
            f"mechgraph: error: {graph_copy}/traditional.yaml:23:5: node 'meridians' is "
            "already defined here; choose another id\n",
    }
    for args, error in cases.items():
        result = run_cli(*args)
        assert (result.returncode, result.stdout, result.stderr) == (1, "", error), args
    year = run_cli("set", "reference", "zhao2008", "--year", "1700", *g)
    assert year.returncode == 1 and year.stderr.startswith(f"{graph_copy}/references.yaml:")
    assert "references.zhao2008.year: 1700 is out of range" in year.stderr
    assert year.stderr.endswith("nothing was written (lines are those of the files as the "
                                "edit would leave them)\n")
    used = run_cli("remove", "node", "qi", *g)
    assert used.returncode == 1 and used.stderr.splitlines()[1:3] == [
        f"  {graph_copy}/claims/source_article.yaml:188: claim clinic_article/qi_flow (edge "
        "acupuncture -increases-> qi)",
        f"  {graph_copy}/claims/source_article.yaml:189: claim clinic_article/qi_flow (edge "
        "qi -decreases-> chronic_low_back_pain)"]
    choice = run_cli("set", "edge", "--source", "acupuncture", "--target", "qi",
                     "--relation", "increases", "--new-relation", "raises", *g)
    assert choice.returncode == 1 and "invalid choice: 'raises'" in choice.stderr
    for result in (year, used, choice):
        assert result.stdout == "" and "Traceback" not in result.stderr
    assert folder_hash(graph_copy) == before


def test_cascade_lists_first_and_dry_run_only_lists(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    args = ["remove", "node", "mood", "--cascade", "--graph", str(graph_copy)]
    dry = run_cli(*args, "--dry-run")
    assert dry.returncode == 0 and folder_hash(graph_copy) == before
    lines = dry.stdout.splitlines()
    assert lines[0] == ("would remove node mood (and 4 item(s) that used it) (dry run, "
                        "nothing written)")
    assert lines[1] == f"  {graph_copy}/claims/source_article.yaml:22: node mood"
    assert any("edge serotonin -modulates-> mood" in line for line in lines[2:])
    done = json.loads(run_cli(*args, "--json").stdout)
    assert done["written"] and done["summary"].startswith("removed node mood")
    assert done["removed"] == [line.strip() for line in lines[1:]]
    assert done["files"] == [f"{graph_copy}/claims/source_article.yaml"]
    assert "mood" not in load_graph(graph_copy).nodes
    assert run_cli("validate", str(graph_copy)).returncode == 0


def test_rename_rewrites_every_file_and_json(graph_copy: Path) -> None:
    result = run_cli("rename", "reference", "zhao2008", "zhao2008review", "--graph",
                     str(graph_copy), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"] == "renamed reference zhao2008 to zhao2008review (4 uses rewritten)"
    assert data["files"] == [f"{graph_copy}/references.yaml",
                             f"{graph_copy}/mechanisms/endorphins.yaml",
                             f"{graph_copy}/mechanisms/neurotransmitters.yaml"]
    assert data["text"].startswith("  zhao2008review:\n")
    assert not list(graph_copy.rglob("*.yaml")) or all(
        "zhao2008\n" not in p.read_text() for p in graph_copy.rglob("*.yaml"))
    assert run_cli("validate", str(graph_copy)).returncode == 0


def test_missing_identity_is_asked_for_at_a_terminal(graph_copy: Path) -> None:
    at_a_terminal(["rename", "node", "--graph", str(graph_copy)],
                  [("OLD: ", "qi_typo"), ("no node 'qi_typo' in the graph", "qi"),
                   ("NEW: ", "meridians"), ("'meridians' is already used", "vital_energy"),
                   ("renamed node qi to vital_energy", None)])
    assert "vital_energy" in load_graph(graph_copy).nodes


def test_the_readme_examples_are_real(graph_copy: Path) -> None:
    section = (ROOT / "README.md").read_text().split("## Changing, removing and renaming")[1]
    section = section.split("\n## ")[0]
    blocks = re.findall(r"```console\n\$ (.+?)\n(?=[^ ])(.*?)```", section, re.S)
    assert len(blocks) >= 3
    for command, output in blocks:
        args = shlex.split(command.replace("\\\n", " "))
        assert args[0] == "mechgraph" and args[1] in ("set", "remove", "rename")
        result = run_cli(*args[1:], cwd=graph_copy.parent)
        assert result.stdout + result.stderr == output, command


def test_set_and_remove_warn_before_breaking_an_expectation(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    flipped = run_cli("set", "edge", "--source", "acupuncture", "--target",
                      "chronic_low_back_pain", "--relation", "decreases", "--new-relation",
                      "increases", "--dry-run", "--graph", str(graph_copy))
    assert flipped.returncode == 0, flipped.stderr
    assert re.search(rf"^{re.escape(str(graph_copy))}/expectations\.yaml:\d+: warning: this "
                     r"edit would break expectation acupuncture_direct_link_high",
                     flipped.stderr, re.M), flipped.stderr
    removed = run_cli("remove", "edge", "--source", "acupuncture", "--target",
                      "expectation_and_context", "--relation", "increases", "--cascade",
                      "--dry-run", "--json", "--graph", str(graph_copy))
    assert removed.returncode == 0, removed.stderr
    warnings = json.loads(removed.stdout)["warnings"]
    assert any("would break expectation acupuncture_context_pathway" in w for w in warnings)
    assert removed.stderr.strip().splitlines() == warnings
    assert folder_hash(graph_copy) == before, "a dry run writes nothing"
