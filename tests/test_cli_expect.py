"""``mechgraph check`` (the installed command): validation first, then every expectation,
failures compiler-style, exit codes, ``--json``; ``mechgraph add`` warns, with
``--dry-run`` too, before an edit breaks an expectation."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_cli
from test_edit import folder_hash

from mechgraph.editlog import read_log

EXERCISE_REFUTED = ["--source", "exercise", "--target", "chronic_low_back_pain", "--relation",
                    "decreases", "--ref", "costa2009", "--stance", "refutes", "--finding",
                    "No better than a placebo treatment."]
"""Evidence that makes exercise's direct link contested (a moderate trial refuting it)."""


def _line_of(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def test_check_passes_on_the_seed_graph() -> None:
    done = run_cli("check", "graph")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "graph: 20 expectations, all passed\n" and done.stderr == ""
    assert run_cli("check", "--graph", "graph").stdout == done.stdout


def test_check_json_lists_every_result() -> None:
    done = run_cli("check", "graph", "--json")
    data = json.loads(done.stdout)
    assert done.returncode == 0
    assert (data["ok"], data["expectations"], data["passed"], data["failed"]) == (
        True, 20, 20, 0)
    first = data["results"][0]
    assert set(first) == {"id", "file", "line", "passed", "says", "expects", "note"}
    assert (first["id"], first["file"], first["line"]) == (
        "acupuncture_direct_link_high", "graph/expectations.yaml",
        _line_of(Path("graph/expectations.yaml"), "  - id: acupuncture_direct_link_high"))


def test_a_broken_expectation_fails_with_file_line_and_exit_1(graph_copy: Path) -> None:
    added = run_cli("add", "evidence", "--graph", str(graph_copy), *EXERCISE_REFUTED)
    assert added.returncode == 0, added.stderr
    done = run_cli("check", str(graph_copy))
    expectations = graph_copy / "expectations.yaml"
    line = _line_of(expectations, "  - id: exercise_direct_link_high_uncontested")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{expectations}:{line}: expectation exercise_direct_link_high_uncontested: failed: "
        "the one pathway from exercise to chronic_low_back_pain within 1 link does not: "
        "exercise -> chronic_low_back_pain (decreases, weakest link high, contested): a link "
        "of it is contested",
        f"{graph_copy}: 20 expectations, 19 passed, 1 failed"]
    data = json.loads(run_cli("check", str(graph_copy), "--json").stdout)
    assert (data["ok"], data["failed"]) == (False, 1)
    assert [r["id"] for r in data["results"] if not r["passed"]] == [
        "exercise_direct_link_high_uncontested"]


def test_validation_comes_first(graph_copy: Path) -> None:
    expectations = graph_copy / "expectations.yaml"
    expectations.write_text(expectations.read_text().replace(
        "source: sham_acupuncture", "source: sham_acupunture", 1))
    done = run_cli("check", "--graph", str(graph_copy))
    line = _line_of(expectations, "    source: sham_acupunture")
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{expectations}:{line}:13: expectations[8].source: expectation "
        "'sham_only_through_context' names unknown node 'sham_acupunture' (did you mean "
        "'sham_acupuncture'?)", "1 error in 1 file"]
    assert run_cli("validate", str(graph_copy)).stdout == done.stdout
    data = json.loads(run_cli("check", str(graph_copy), "--json").stdout)
    assert (data["ok"], data["error_count"], data["results"]) == (False, 1, [])


def test_a_graph_without_expectations_passes(graph_copy: Path) -> None:
    (graph_copy / "expectations.yaml").unlink()
    done = run_cli("check", str(graph_copy))
    assert done.returncode == 0
    assert done.stdout.startswith(f"{graph_copy}: no expectations to check")


def test_add_dry_run_warns_before_breaking_one_and_writes_nothing(graph_copy: Path) -> None:
    before = folder_hash(graph_copy)
    done = run_cli("add", "evidence", "--graph", str(graph_copy), *EXERCISE_REFUTED,
                   "--dry-run")
    line = _line_of(graph_copy / "expectations.yaml",
                    "  - id: exercise_direct_link_high_uncontested")
    assert done.returncode == 0
    assert done.stderr == (
        f"{graph_copy / 'expectations.yaml'}:{line}: warning: this edit would break "
        "expectation exercise_direct_link_high_uncontested: the one pathway from exercise to "
        "chronic_low_back_pain within 1 link does not: exercise -> chronic_low_back_pain "
        "(decreases, weakest link high, contested): a link of it is contested\n")
    assert "(dry run, nothing written)" in done.stdout
    assert folder_hash(graph_copy) == before
    as_json = run_cli("add", "evidence", "--graph", str(graph_copy), *EXERCISE_REFUTED,
                      "--dry-run", "--json")
    assert json.loads(as_json.stdout)["warnings"] == [done.stderr.rstrip("\n")]
    assert folder_hash(graph_copy) == before


def test_an_edit_that_breaks_nothing_warns_nothing(graph_copy: Path) -> None:
    done = run_cli("add", "evidence", "--graph", str(graph_copy), "--source", "exercise",
                   "--target", "chronic_low_back_pain", "--relation", "decreases", "--ref",
                   "costa2009", "--stance", "supports", "--finding", "Less pain.", "--json")
    assert done.returncode == 0 and done.stderr == ""
    assert json.loads(done.stdout)["warnings"] == []


def test_at_a_terminal_an_edit_that_breaks_one_is_saved_only_if_the_editor_says_yes(
        graph_copy: Path) -> None:
    from test_cli_add import at_a_terminal

    args = ["add", "evidence", "--graph", str(graph_copy), *EXERCISE_REFUTED,
            "--author", "Terminal T"]
    before = folder_hash(graph_copy)
    said = at_a_terminal(args, [("Save it all the same? [y/N]", "n"),
                                ("nothing was written", None)])
    assert "would break expectation exercise_direct_link_high_uncontested" in said
    assert folder_hash(graph_copy) == before, "declined: every file as it was"
    said = at_a_terminal(args, [("Save it all the same? [y/N]", "y"), ("added evidence", None)])
    assert said.count("would break expectation") == 1, "each warning said once, before Save"
    assert folder_hash(graph_copy) != before
    [record] = read_log(graph_copy)
    assert record.author == "Terminal T" and record.summary.startswith("added evidence")
