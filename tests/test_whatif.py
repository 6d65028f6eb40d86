"""``mechgraph.whatif``: the graph with parts blocked, and what that changes.

The answers on ``tests/fixtures/whatif`` are worked out by hand (see its README): five
pathways from ``needles`` to ``back_pain``, ranked by their weakest link (a trial:
moderate; a survey and a scan study in people: low; cells and mice: preclinical), then by
length; one of them (through ``soreness``) increases the pain, so the overall effect is
ambiguous.
"""

from __future__ import annotations

import pytest
from conftest import GRAPH, ROOT

import mechgraph
from mechgraph import Filter, QueryError, blocked, compare_what_if, find_paths, what_if
from mechgraph.listing import chain
from mechgraph.whatif import Blocked, change_lines, change_sentence, parse_blocked_edge

FIXTURE = ROOT / "tests" / "fixtures" / "whatif"

DIRECT = "needles -(-)-> back_pain"
SORENESS = "needles -(+)-> soreness -(+)-> back_pain"
SCAN = "needles -(+)-> receptor_binding -(-)-> pain_signalling -(+)-> back_pain"
SWELLING = "needles -(-)-> swelling -(+)-> back_pain"
MICE = "needles -(+)-> opioids -(-)-> pain_signalling -(+)-> back_pain"
ALL = [DIRECT, SORENESS, SCAN, SWELLING, MICE]  # by hand: weakest link, then length


@pytest.fixture(scope="module")
def kg() -> mechgraph.MechGraph:
    return mechgraph.load_graph(FIXTURE)


@pytest.fixture(scope="module")
def seed() -> mechgraph.MechGraph:
    return mechgraph.load_graph(GRAPH)


def test_the_fixture_answers_as_worked_out_by_hand(kg: mechgraph.MechGraph) -> None:
    report = find_paths(kg, "needles", "back_pain")
    assert [chain(p) for p in report.paths] == ALL
    assert report.overall == "ambiguous"


def test_blocking_the_opioid_nodes_loses_their_two_pathways(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain", without_nodes=["opioids", "receptor_binding"])
    assert [chain(p) for p in change.lost] == [SCAN, MICE]
    assert [chain(p) for p in change.kept] == [DIRECT, SORENESS, SWELLING]
    assert (change.before.overall, change.after.overall) == ("ambiguous", "ambiguous")
    assert not change.overall_changed
    # Before: all ten edges, six references, one item each. After: the trial, the survey
    # (two items), the cell study and the physiology study on the three pathways left.
    assert (len(change.evidence_before.references), change.evidence_before.items) == (6, 10)
    assert (len(change.evidence_after.references), change.evidence_after.items) == (4, 5)
    assert set(change.evidence_after.references) == {"trial", "survey", "cell_study",
                                                     "physiology"}
    assert change_sentence(change) == (
        "With opioids and receptor_binding blocked: 3 of 5 pathways remain; the overall "
        "effect stays ↕ ambiguous.")


def test_blocking_the_only_pathway_that_disagrees_settles_the_effect(
        kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain", without_nodes=["soreness"])
    assert [chain(p) for p in change.lost] == [SORENESS]
    assert change.overall_changed and change.after.overall == "decreases"
    assert change_sentence(change) == (
        "With soreness blocked: 4 of 5 pathways remain; the overall effect changes from "
        "↕ ambiguous to ↓ decreases.")


def test_blocking_a_shared_node_loses_every_pathway_through_it(
        kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain", without_nodes=["pain_signalling"])
    assert [chain(p) for p in change.lost] == [SCAN, MICE]


def test_blocking_an_edge_loses_only_the_pathways_on_it(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain",
                     without_edges=[("opioids", "pain_signalling", "decreases"),
                                    ("needles", "back_pain", "decreases")])
    assert [chain(p) for p in change.lost] == [DIRECT, MICE]
    assert [chain(p) for p in change.kept] == [SORENESS, SCAN, SWELLING]
    view = blocked(kg, edges=[("opioids", "pain_signalling", "decreases")])
    assert "opioids" in view.graph and not view.graph.has_edge("opioids", "pain_signalling")


def test_blocking_everything_between_leaves_no_pathway(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain",
                     without_nodes=["pain_signalling", "swelling", "soreness"],
                     without_edges=[("needles", "back_pain", "decreases")])
    assert change.after.paths == () and change.after.overall == "none"
    assert change_sentence(change) == (
        "With pain_signalling, soreness, swelling and needles -decreases-> back_pain blocked: "
        "none of the 5 pathways remain; the overall effect changes from ↕ ambiguous to none.")


def test_a_filter_applies_before_and_after(kg: mechgraph.MechGraph) -> None:
    # At least low: the cell and mouse links go, so two pathways are left before blocking.
    change = what_if(kg, "needles", "back_pain", without_nodes=["soreness"],
                     filter=Filter(min_level="low"))
    assert [chain(p) for p in change.before.paths] == [DIRECT, SORENESS, SCAN]
    assert [chain(p) for p in change.after.paths] == [DIRECT, SCAN]


def test_the_view_leaves_the_loaded_graph_and_the_load_cache_alone(
        kg: mechgraph.MechGraph) -> None:
    edges_before = kg.graph.number_of_edges()
    view = blocked(kg, ["opioids"])
    assert view is not kg and view.graph.number_of_edges() == edges_before - 2
    assert kg.graph.number_of_edges() == edges_before and "opioids" in kg.graph
    assert view._built is None
    # The next load of the folder gives the loaded graph back (memoised), not the view.
    again = mechgraph.load_graph(FIXTURE)
    assert "opioids" in again.graph and again.graph.number_of_edges() == edges_before
    # And asking the loaded graph again is not confused by an earlier question on a view.
    assert len(find_paths(view, "needles", "back_pain").paths) == 4
    assert len(find_paths(kg, "needles", "back_pain").paths) == 5
    assert blocked(kg) is kg


def test_unknown_ids_are_errors_with_suggestions(kg: mechgraph.MechGraph) -> None:
    with pytest.raises(QueryError, match=r"unknown node 'opioid' \(did you mean 'opioids'\?\)"):
        what_if(kg, "needles", "back_pain", without_nodes=["opioid"])
    with pytest.raises(QueryError, match="no edge opioids -increases-> pain_signalling; "
                                         "the graph has: opioids -decreases-> pain_signalling"):
        blocked(kg, edges=[("opioids", "pain_signalling", "increases")])
    with pytest.raises(QueryError, match="cannot block 'back_pain': it is the target"):
        what_if(kg, "needles", "back_pain", without_nodes=["back_pain"])
    with pytest.raises(QueryError, match="SOURCE,TARGET,RELATION"):
        parse_blocked_edge("opioids|pain_signalling")
    assert parse_blocked_edge("a, b, c") == ("a", "b", "c")
    assert parse_blocked_edge("a|b|c") == ("a", "b", "c")


def test_json_shape(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain", without_nodes=["opioids"],
                     without_edges=[("needles", "soreness", "increases")])
    data = change.to_dict()
    assert data["without"] == {"nodes": ["opioids"],
                               "edges": [["needles", "soreness", "increases"]]}
    assert (data["pathways_before"], data["pathways_after"]) == (5, 3)
    assert (data["overall_before"], data["overall_after"]) == ("ambiguous", "decreases")
    assert [p["nodes"] for p in data["lost"]] == [
        ["needles", "soreness", "back_pain"],
        ["needles", "opioids", "pain_signalling", "back_pain"]]
    assert data["evidence_before"] == {"edges": 10, "references": 6, "items": 10}
    assert data["evidence_after"] == {"edges": 6, "references": 4, "items": 6}
    assert data["summary"] == change_sentence(change)
    assert Blocked().empty and not change.without.empty


def test_what_changed_block(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "needles", "back_pain", without_nodes=["opioids"])
    assert change_lines(change) == [
        "what changed (without opioids):",
        "  With opioids blocked: 4 of 5 pathways remain; the overall effect stays "
        "↕ ambiguous.",
        "  pathways lost (1):",
        f"    {MICE}",
        "  evidence on the pathways: 6 references (10 items) before, 5 references (8 items) "
        "after"]


def test_the_seed_graph_opioid_example(seed: mechgraph.MechGraph) -> None:
    """Blocking opioid receptors (naloxone in the animal studies): the endorphin and the
    mu-opioid pathways go, the other twelve stay, and the effect is unchanged."""
    change = what_if(seed, "acupuncture", "chronic_low_back_pain",
                     without_nodes=["endorphins", "mu_opioid_receptor_availability"])
    assert [p.nodes[1] for p in change.lost] == ["endorphins",
                                                 "mu_opioid_receptor_availability"]
    assert len(change.before.paths) == 14 and len(change.after.paths) == 12
    assert change.before.overall == change.after.overall == "decreases"


def test_compare_before_and_after(seed: mechgraph.MechGraph) -> None:
    change = compare_what_if(seed, "chronic_low_back_pain", without_nodes=["nsaids"])
    rows = {r["id"]: r for r in change.rows()}
    assert rows["nsaids"]["rank_after"] is None
    assert [t.id for t in change.after.treatments] == ["exercise", "acupuncture",
                                                       "spinal_manipulation"]
    assert "  nsaids: no longer reaches chronic_low_back_pain (was rank 3)" in change.lines()
    with pytest.raises(QueryError, match="cannot block 'nsaids': it is the treatment"):
        compare_what_if(seed, "chronic_low_back_pain", ["nsaids"], without_nodes=["nsaids"])


def test_nothing_to_lose_is_said_as_such(kg: mechgraph.MechGraph) -> None:
    change = what_if(kg, "soreness", "swelling", without_nodes=["opioids"])
    assert change.before.paths == () and change.lost == ()
    assert change_sentence(change) == (
        "With opioids blocked: nothing changes; there was no pathway to begin with.")
