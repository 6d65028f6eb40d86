"""The edit record (:mod:`mechgraph.editlog`): every saved edit, through the installed
command, is logged with who, when (UTC) and the ``mechgraph diff`` text; a dry run is not;
``mechgraph log`` reads it back."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from conftest import run_cli
from test_cli_add import EDGE_ARGS, at_a_terminal

from mechgraph import load_graph
from mechgraph.edit import add_node
from mechgraph.editlog import LOG_NAME, read_log

NO_GIT_USER = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
"""An environment in which git knows no user name (HOME is set per test)."""
NODE_ARGS = ["--id", "substance_p", "--label", "Substance P", "--kind", "mediator"]


def _no_git(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {**NO_GIT_USER, "HOME": str(home), "XDG_CONFIG_HOME": str(home)}


def test_an_added_edge_is_recorded_with_its_author_time_and_diff(graph_copy: Path) -> None:
    start = datetime.now(UTC).replace(microsecond=0)
    result = run_cli("add", "edge", "--graph", str(graph_copy), *EDGE_ARGS,
                     "--author", "Ann Editor")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    [record] = read_log(graph_copy)
    assert record.author == "Ann Editor"
    when = datetime.strptime(record.time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert start <= when <= datetime.now(UTC) + timedelta(seconds=1)
    assert record.summary == "added edge acupuncture -associated_with-> serotonin (1 evidence)"
    assert record.diff.startswith("before -> after\nedges (+1)\n"
                                  "  + acupuncture -associated_with-> serotonin\n")
    assert "summary: nodes +0 -0 ~0 · edges +1 -0 ~0" in record.diff
    assert run_cli("validate", str(graph_copy)).returncode == 0, "the log is not a graph file"


def test_the_diff_recorded_is_what_mechgraph_diff_prints(graph_copy: Path,
                                                         tmp_path: Path) -> None:
    import shutil

    before = tmp_path / "before"
    shutil.copytree(graph_copy, before)
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                   "--author", "Ann").returncode == 0
    diff = run_cli("diff", str(before), str(graph_copy)).stdout
    [record] = read_log(graph_copy)
    assert record.diff == diff.replace(f"{before} -> {graph_copy}", "before -> after", 1)


def test_the_git_user_is_the_default_author(graph_copy: Path, tmp_path: Path) -> None:
    env = {**_no_git(tmp_path), "GIT_AUTHOR_NAME": "ignored"}
    (Path(env["HOME"]) / ".gitconfig").write_text("[user]\n\tname = Git Person\n")
    env.pop("GIT_CONFIG_GLOBAL")
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                   env=env).returncode == 0
    assert [r.author for r in read_log(graph_copy)] == ["Git Person"]


def test_without_an_author_or_terminal_the_edit_is_recorded_unknown_with_a_warning(
        graph_copy: Path, tmp_path: Path) -> None:
    result = run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                     env=_no_git(tmp_path))
    assert result.returncode == 0
    assert result.stderr == ("mechgraph: warning: no --author given and no git user.name "
                             "set; this edit is recorded as made by 'unknown'\n")
    assert [r.author for r in read_log(graph_copy)] == ["unknown"]


def test_at_a_terminal_the_author_is_asked_for(graph_copy: Path, tmp_path: Path) -> None:
    at_a_terminal(["add", "node", "--graph", str(graph_copy), *NODE_ARGS],
                  [("--author (your name, for the edit record): ", ""),
                   ("a name is needed", "Terminal Tess"), ("added node substance_p", None)],
                  env=_no_git(tmp_path))
    assert [r.author for r in read_log(graph_copy)] == ["Terminal Tess"]


def test_a_dry_run_or_a_refused_edit_records_nothing(graph_copy: Path) -> None:
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS, "--dry-run",
                   "--author", "Ann").returncode == 0
    refused = run_cli("add", "node", "--graph", str(graph_copy), "--id", "qi", "--label",
                      "Qi", "--kind", "concept", "--author", "Ann")
    assert refused.returncode == 1
    assert not (graph_copy / LOG_NAME).exists()


def test_mechgraph_log_lists_the_edits_in_text_and_json(graph_copy: Path) -> None:
    empty = run_cli("log", "--graph", str(graph_copy))
    assert empty.returncode == 0
    assert empty.stdout == f"{graph_copy}: no edits recorded yet ({LOG_NAME})\n"
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                   "--author", "Ann").returncode == 0
    assert run_cli("add", "edge", "--graph", str(graph_copy), *EDGE_ARGS,
                   "--author", "Bo\nBob").returncode == 0  # a line break cannot forge a line
    text = run_cli("log", "--graph", str(graph_copy)).stdout
    heads = re.findall(r"^\S+Z (.+)$", text, re.M)
    assert heads == ["Ann: added node substance_p",
                     "Bo Bob: added edge acupuncture -associated_with-> serotonin (1 evidence)"]
    assert "\n    nodes (+1)\n      + substance_p: Substance P (mediator)\n" in text
    data = json.loads(run_cli("log", "--graph", str(graph_copy), "--json", "-n", "1").stdout)
    assert data["graph"] == str(graph_copy) and data["log"] == str(graph_copy / LOG_NAME)
    [edit] = data["edits"]
    assert set(edit) == {"time", "author", "summary", "diff"}
    assert edit["author"] == "Bo Bob"
    assert json.loads(run_cli("log", "--graph", str(graph_copy), "--json", "-n",
                              "0").stdout)["edits"] == []


def test_a_log_line_edited_by_hand_is_an_error_with_its_line(graph_copy: Path) -> None:
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                   "--author", "Ann").returncode == 0
    with (graph_copy / LOG_NAME).open("a") as log:
        log.write("not json\n")
    result = run_cli("log", "--graph", str(graph_copy))
    assert result.returncode == 1
    assert result.stderr.startswith(f"mechgraph: error: {graph_copy / LOG_NAME}:2: not an "
                                    "edit record")
    assert "Traceback" not in result.stderr


def test_the_library_records_an_edit_without_author_as_unknown(graph_copy: Path) -> None:
    add_node(graph_copy, {"id": "substance_p", "label": "Substance P", "kind": "mediator"})
    add_node(graph_copy, {"id": "substance_q", "label": "Substance Q", "kind": "mediator"},
             author="Lib User")
    assert [(r.author, r.summary) for r in read_log(graph_copy)] == [
        ("unknown", "added node substance_p"), ("Lib User", "added node substance_q")]


@pytest.mark.parametrize("n", ["-1"])
def test_a_negative_count_is_a_bad_request(graph_copy: Path, n: str) -> None:
    result = run_cli("log", "--graph", str(graph_copy), "-n", n)
    assert result.returncode == 1
    assert "give a number of edits" in result.stderr


def test_the_readme_log_example_is_real_but_for_the_time(graph_copy: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    shown = re.search(r"```text\n\$ mechgraph log -n 1\n(.*?)```", readme, re.S)
    assert shown is not None
    assert run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS,
                   "--author", "Ann Editor").returncode == 0
    out = run_cli("log", "-n", "1", "--graph", str(graph_copy)).stdout
    stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    assert stamp.sub("TIME", out) == stamp.sub("TIME", shown.group(1))


def test_an_edit_that_cannot_be_recorded_says_it_was_saved(graph_copy: Path) -> None:
    (graph_copy / LOG_NAME).mkdir()  # the record cannot be appended
    result = run_cli("add", "node", "--graph", str(graph_copy), *NODE_ARGS, "--author", "Ann")
    assert result.returncode == 1
    assert result.stderr.startswith(f"mechgraph: error: {graph_copy / LOG_NAME}: the edit was "
                                    "saved, but it could not be recorded (Is a directory)")
    assert "substance_p" in load_graph(graph_copy).nodes


def test_set_rename_and_remove_are_each_recorded_once_with_their_author(
        graph_copy: Path) -> None:
    edits = [
        ("Ann", ["set", "node", "qi", "--plain", "Vital energy, in tradition."]),
        ("Ben", ["rename", "node", "qi", "vital_energy"]),
        ("Cy", ["remove", "evidence", "--source", "acupuncture", "--target",
                "chronic_low_back_pain", "--relation", "decreases", "--ref", "colquhoun2013"]),
    ]
    for who, args in edits:
        result = run_cli(*args, "--graph", str(graph_copy), "--author", who)
        assert result.returncode == 0, result.stderr
    records = read_log(graph_copy)
    assert [(r.author, r.summary) for r in records] == [
        ("Ann", "changed node qi: plain"),
        ("Ben", "renamed node qi to vital_energy (7 uses rewritten)"),
        ("Cy", "removed evidence colquhoun2013 of edge acupuncture -decreases-> "
               "chronic_low_back_pain"),
    ]
    # A rename is recorded as the rename it is, in one record although it is written in
    # stages, not as a node removed and another added.
    assert "> renamed node qi -> vital_energy" in records[1].diff
    assert "+ vital_energy" not in records[1].diff and "- qi" not in records[1].diff
    assert "colquhoun2013" in records[2].diff
    assert run_cli("check", str(graph_copy)).returncode == 0
