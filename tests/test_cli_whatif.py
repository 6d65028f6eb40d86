"""``--without`` and ``--without-edge`` of ``mechgraph paths``, ``explain`` and ``compare``,
through the installed command, on the hand-computed fixture (tests/fixtures/whatif) and
on the seed graph's opioid example."""

from __future__ import annotations

import json
import re

from conftest import ROOT, run_cli

FIXTURE = str(ROOT / "tests" / "fixtures" / "whatif")
SENTENCE = ("With opioids and receptor_binding blocked: 3 of 5 pathways remain; the overall "
            "effect stays ↕ ambiguous.")
README = (ROOT / "README.md").read_text()


def test_paths_without_two_nodes_prints_the_answer_and_what_changed() -> None:
    result = run_cli("paths", "needles", "back_pain", "--graph", FIXTURE,
                     "--without", "opioids", "--without", "receptor_binding")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"""\
needles -> back_pain: 3 paths of at most 6 steps; overall effect: ↕ ambiguous
pathways by evidence (weakest link): 2 studied in people, 1 only in animals or cells
#  effect       weakest      contested  frameworks  path
1  ↓ decreases  moderate                biomedical  needles -(-)-> back_pain
2  ↑ increases  low                     biomedical  needles -(+)-> soreness -(+)-> back_pain
3  ↓ decreases  preclinical             biomedical  needles -(-)-> swelling -(+)-> back_pain

what changed (without opioids, receptor_binding):
  {SENTENCE}
  pathways lost (2):
    needles -(+)-> receptor_binding -(-)-> pain_signalling -(+)-> back_pain
    needles -(+)-> opioids -(-)-> pain_signalling -(+)-> back_pain
  evidence on the pathways: 6 references (10 items) before, 4 references (5 items) after
"""


def test_paths_without_an_edge_json() -> None:
    result = run_cli("paths", "needles", "back_pain", "--graph", FIXTURE, "--json",
                     "--without", "soreness", "--without-edge", "needles,back_pain,decreases")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["overall"] == "decreases" and len(data["paths"]) == 3
    what = data["what_if"]
    assert what["without"] == {"nodes": ["soreness"],
                               "edges": [["needles", "back_pain", "decreases"]]}
    assert (what["pathways_before"], what["pathways_after"]) == (5, 3)
    assert (what["overall_before"], what["overall_after"]) == ("ambiguous", "decreases")
    assert [p["nodes"] for p in what["lost"]] == [["needles", "back_pain"],
                                                  ["needles", "soreness", "back_pain"]]
    assert what["evidence_before"] == {"edges": 10, "references": 6, "items": 10}
    # Left: the scan, swelling and mouse pathways: 7 edges, 7 items, 4 references.
    assert what["evidence_after"] == {"edges": 7, "references": 4, "items": 7}
    plain = json.loads(run_cli("paths", "needles", "back_pain", "--graph", FIXTURE,
                               "--json").stdout)
    assert "what_if" not in plain


def test_unknown_or_bad_ids_exit_1_with_a_clear_message() -> None:
    cases = {
        ("--without", "opioid"):
            "mechgraph: error: unknown node 'opioid' (did you mean 'opioids'?)\n",
        ("--without-edge", "opioids,pain_signalling,increases"):
            "mechgraph: error: no edge opioids -increases-> pain_signalling; the graph has: "
            "opioids -decreases-> pain_signalling\n",
        ("--without-edge", "opioids,pain_signalling"):
            "mechgraph: error: edge 'opioids,pain_signalling': write it as "
            "SOURCE,TARGET,RELATION (e.g. endorphins,pain_signalling,decreases)\n",
        ("--without", "needles"):
            "mechgraph: error: cannot block 'needles': it is the source of the question\n",
    }
    for options, message in cases.items():
        for command in ("paths", "explain"):
            result = run_cli(command, "needles", "back_pain", "--graph", FIXTURE, *options)
            assert (result.returncode, result.stdout, result.stderr) == (1, "", message)


def test_explain_without_adds_what_changed_after_the_explanation() -> None:
    result = run_cli("explain", "needles", "back_pain", "--graph", FIXTURE,
                     "--without", "soreness")
    assert result.returncode == 0, result.stderr
    text, _, changed = result.stdout.partition("\nwhat changed (without soreness):\n")
    assert "soreness" not in text.casefold()  # the explanation is of the pathways left
    assert changed.splitlines()[0] == (
        "  With soreness blocked: 4 of 5 pathways remain; the overall effect changes from "
        "↕ ambiguous to ↓ decreases.")
    markdown = run_cli("explain", "needles", "back_pain", "--graph", FIXTURE, "--format",
                       "markdown", "--without", "soreness").stdout
    assert "\n## What changed\n\n    what changed (without soreness):\n" in markdown
    html = run_cli("explain", "needles", "back_pain", "--graph", FIXTURE, "--format",
                   "html", "--without", "opioids").stdout
    assert html.endswith("<h2>What changed</h2>\n<pre>what changed (without opioids):\n"
                         "  With opioids blocked: 4 of 5 pathways remain; the overall effect "
                         "stays ↕ ambiguous.\n  pathways lost (1):\n    needles -(+)-&gt; "
                         "opioids -(-)-&gt; pain_signalling -(+)-&gt; back_pain\n"
                         "  evidence on the pathways: 6 references (10 items) before, "
                         "5 references (8 items) after</pre>\n")


def test_compare_without_says_what_changed_per_treatment() -> None:
    graph = str(ROOT / "graph")
    result = run_cli("compare", "chronic_low_back_pain", "--graph", graph,
                     "--without", "endorphins", "--without", "mu_opioid_receptor_availability")
    assert result.returncode == 0, result.stderr
    block = result.stdout[result.stdout.index("what changed"):]
    assert block == """\
what changed (without endorphins, mu_opioid_receptor_availability):
  exercise: pathways 4 -> 3
  acupuncture: pathways 13 -> 11
  nsaids: pathways 4 -> 4
  spinal_manipulation: pathways 5 -> 4
"""
    data = json.loads(run_cli("compare", "chronic_low_back_pain", "--graph", graph, "--json",
                              "--without", "nsaids").stdout)
    assert [t["id"] for t in data["treatments"]] == ["exercise", "acupuncture",
                                                     "spinal_manipulation"]
    rows = {r["id"]: r for r in data["what_if"]["treatments"]}
    assert rows["nsaids"] == {"id": "nsaids", "rank_before": 3, "rank_after": None,
                              "clinical_level_before": "high", "clinical_level_after": None,
                              "pathways_before": 4, "pathways_after": None}
    for printable in (("--format", "html"), ("--output", "x.pdf")):
        handout = run_cli("compare", "chronic_low_back_pain", "--graph", graph, *printable,
                          "--without", "endorphins")
        assert (handout.returncode, handout.stdout) == (1, "")
        assert "the printable comparison is of the whole graph" in handout.stderr
    refused = run_cli("compare", "chronic_low_back_pain", "--graph", graph,
                      "--without", "chronic_low_back_pain")
    assert refused.returncode == 1 and refused.stderr == (
        "mechgraph: error: cannot block 'chronic_low_back_pain': it is the condition of the "
        "question\n")


def test_the_readme_cli_example_prints_what_the_readme_shows() -> None:
    shown = re.search(r"```\n\$ (mechgraph paths [^\n]*--without[^\n]*)\n(.*?)```", README,
                      re.S)
    assert shown, "README: show a `mechgraph paths ... --without` example with its output"
    result = run_cli(*shown.group(1).split()[1:])
    assert result.returncode == 0, result.stderr
    assert result.stdout == shown.group(2)
