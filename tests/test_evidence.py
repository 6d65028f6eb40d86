"""Evidence grading (``mechgraph.evidence`` and the tables in ``mechgraph.vocab``)."""

from __future__ import annotations

import pytest
from conftest import GRAPH

from mechgraph import (
    DESIGNS,
    EVIDENCE_LEVELS,
    RELATION_SIGN,
    RELATIONS,
    SUBJECTS,
    UNGRADED,
    Edge,
    Grade,
    Reference,
    design_level,
    grade_edge,
    load_graph,
)
from mechgraph.evidence import edge_basis
from mechgraph.vocab import (
    BASES,
    CONTESTED_MARGIN,
    DEFINITIONAL,
    DESIGN_LEVEL,
    FILTER_VOCABULARIES,
    LEVEL_RANK,
    SUBJECT_CAP,
)

# The documented table (docs/format.md), written out by hand: design -> level in humans.
HUMAN_LEVEL = {
    "meta-analysis": "high", "systematic-review": "high", "guideline": "high",
    "rct": "moderate",
    "cohort": "low", "human-mechanistic": "low", "narrative-review": "low",
    "animal": "preclinical", "in-vitro": "preclinical",
    "hypothesis": "opinion", "opinion": "opinion", "consensus": "opinion",
    "unknown": "low",  # a design the source does not give: at most low, never a guess
}
# The level in animals or cells: at most preclinical (opinion stays opinion).
NON_HUMAN_LEVEL = {level: ("preclinical" if level in ("high", "moderate", "low") else level)
                   for level in set(HUMAN_LEVEL.values())}


def ref(design: str, subjects: str = "human") -> Reference:
    """A reference of this design and subjects."""
    return Reference(title="T", year=2020, design=design, subjects=subjects, pmid=1)


def edge(*evidence: tuple[str, str]) -> Edge:
    """An edge a -> b whose evidence is ``(ref key, stance)`` pairs."""
    return Edge(source="a", target="b", relation="decreases",
                evidence=[{"ref": key, "stance": stance, "finding": "F."}
                          for key, stance in evidence])


# --- the tables ---------------------------------------------------------------------------

def test_tables_cover_every_vocabulary_value() -> None:
    assert set(DESIGN_LEVEL) == set(DESIGNS) == set(HUMAN_LEVEL)
    assert set(SUBJECT_CAP) == set(SUBJECTS)
    assert set(RELATION_SIGN) == set(RELATIONS)
    assert set(DESIGN_LEVEL.values()) | set(SUBJECT_CAP.values()) <= set(EVIDENCE_LEVELS)


def test_levels_rank_strongest_first() -> None:
    assert EVIDENCE_LEVELS == ("high", "moderate", "low", "preclinical", "opinion", "none")
    assert [LEVEL_RANK[level] for level in EVIDENCE_LEVELS] == [5, 4, 3, 2, 1, 0]
    assert UNGRADED not in LEVEL_RANK


def test_relation_signs() -> None:
    assert RELATION_SIGN == {"increases": 1, "decreases": -1, "modulates": 0,
                             "associated_with": None}


@pytest.mark.parametrize("design", DESIGNS)
@pytest.mark.parametrize("subjects", SUBJECTS)
def test_design_level_is_capped_by_subjects(design: str, subjects: str) -> None:
    human = HUMAN_LEVEL[design]
    if subjects == "unknown":  # who was studied is not said: at most low
        expected = human if LEVEL_RANK[human] <= LEVEL_RANK["low"] else "low"
    else:
        expected = human if subjects == "human" else NON_HUMAN_LEVEL[human]
    assert design_level(design, subjects) == expected
    assert ref(design, subjects).level == expected


def test_partial_support_counts_as_support_of_at_most_low() -> None:
    refs = {"meta": ref("meta-analysis"), "mouse": ref("animal")}
    assert grade_edge(edge(("meta", "partial")), refs).level == "low"
    assert grade_edge(edge(("mouse", "partial")), refs).level == "preclinical"
    assert grade_edge(edge(("meta", "partial"), ("meta", "supports")), refs).level == "high"
    # a partial support does not outweigh a refutation: the edge is contested
    graded = grade_edge(edge(("meta", "partial"), ("meta", "refutes")), refs)
    assert graded.level == "low" and graded.contested


def test_a_curated_edge_without_supporting_evidence_is_ungraded() -> None:
    refs = {"meta": ref("meta-analysis")}
    curated = Edge(source="a", target="b", relation="increases", curated_in="DrugMechDB")
    assert grade_edge(curated, refs) == (UNGRADED, False, "none", "none")
    assert edge_basis(curated) == "curated"
    refuted = curated.model_copy(update={"evidence": edge(("meta", "refutes")).evidence})
    assert grade_edge(refuted, refs).level == UNGRADED and edge_basis(refuted) == "curated"
    supported = curated.model_copy(update={"evidence": edge(("meta", "supports")).evidence})
    assert grade_edge(supported, refs).level == "high"
    assert edge_basis(edge(("meta", "supports"))) == "studied"
    assert edge_basis(curated, traditional=True) == "traditional"
    claimed = Edge(source="a", target="b", relation="increases", claimed_by="an article")
    assert edge_basis(claimed) == "claimed" and grade_edge(claimed, refs).level == "none"


def test_design_level_defaults_to_human() -> None:
    assert design_level("rct") == "moderate"


# --- grading one edge ---------------------------------------------------------------------

REFS = {
    "meta": ref("meta-analysis"),
    "trial": ref("rct"),
    "cohort": ref("cohort"),
    "rats": ref("animal", "animal"),
    "rat_review": ref("systematic-review", "animal"),
    "idea": ref("hypothesis"),
}


@pytest.mark.parametrize(("evidence", "expected"), [
    pytest.param((), Grade("none", False, "none", "none"), id="no evidence"),
    pytest.param((("trial", "supports"),), Grade("moderate", False, "moderate", "none"),
                 id="one supporting trial"),
    pytest.param((("idea", "supports"), ("meta", "supports"), ("trial", "supports")),
                 Grade("high", False, "high", "none"), id="best supporting level wins"),
    pytest.param((("rat_review", "supports"),), Grade("preclinical", False, "preclinical",
                                                      "none"), id="capped by subjects"),
    pytest.param((("meta", "inconclusive"),), Grade("none", False, "none", "none"),
                 id="inconclusive never raises the level"),
    pytest.param((("cohort", "supports"), ("meta", "refutes")),
                 Grade("low", True, "low", "high"), id="refuting never raises the level"),
    pytest.param((("meta", "supports"), ("trial", "refutes")),
                 Grade("high", True, "high", "moderate"), id="refute one level below"),
    pytest.param((("meta", "supports"), ("cohort", "refutes")),
                 Grade("high", False, "high", "low"), id="refute two levels below"),
    pytest.param((("trial", "supports"), ("trial", "refutes")),
                 Grade("moderate", True, "moderate", "moderate"), id="same reference both"),
    pytest.param((("idea", "refutes"),), Grade("none", True, "none", "opinion"),
                 id="only refuting evidence"),
    pytest.param((("rats", "supports"), ("idea", "refutes")),
                 Grade("preclinical", True, "preclinical", "opinion"), id="opinion vs animals"),
    pytest.param((("meta", "supports"), ("rats", "refutes"), ("idea", "refutes")),
                 Grade("high", False, "high", "preclinical"), id="best refuting counts"),
    pytest.param((("nowhere", "supports"), ("trial", "supports")),
                 Grade("moderate", False, "moderate", "none"), id="unknown refs ignored"),
])
def test_grade_edge(evidence: tuple[tuple[str, str], ...], expected: Grade) -> None:
    assert grade_edge(edge(*evidence), REFS) == expected


def test_contested_margin_is_one_level() -> None:
    assert CONTESTED_MARGIN == 1
    for support in ("meta", "trial", "cohort", "rats", "idea"):
        for refute in ("meta", "trial", "cohort", "rats", "idea"):
            grade = grade_edge(edge((support, "supports"), (refute, "refutes")), REFS)
            gap = LEVEL_RANK[REFS[support].level] - LEVEL_RANK[REFS[refute].level]
            assert grade.contested == (gap <= 1), (support, refute)


def test_traditional_edges_are_ungraded() -> None:
    grade = grade_edge(edge(("meta", "supports"), ("meta", "refutes")), REFS, traditional=True)
    assert grade == Grade(UNGRADED, False, UNGRADED, UNGRADED)


# --- the seed graph -----------------------------------------------------------------------

def test_seed_graph_grades_follow_the_rules() -> None:
    kg = load_graph(GRAPH)
    for key, e in kg.edges.items():
        traditional = kg.framework_of(e) == "traditional"
        assert kg.grades[key] == grade_edge(e, kg.references, traditional=traditional)
        attrs = kg.graph.edges[key]
        assert attrs["evidence_level"] == kg.grades[key].level
        assert attrs["contested"] == kg.grades[key].contested
        if traditional:
            assert kg.grades[key].level == UNGRADED


def test_the_documented_contested_edge() -> None:
    kg = load_graph(GRAPH)
    grade = kg.grades["acupuncture", "chronic_low_back_pain", "decreases"]
    assert grade == Grade("high", True, "high", "moderate")


def test_a_definitional_edge_is_graded_definitional_and_never_supports() -> None:
    refs = {"meta": ref("meta-analysis")}
    bridge = Edge(source="pain", target="back_pain", relation="increases", definitional=True)
    grade = grade_edge(bridge, refs)
    assert grade == (DEFINITIONAL, False, DEFINITIONAL, DEFINITIONAL)
    assert not grade.refuted and edge_basis(bridge) == "definitional"
    assert edge_basis(bridge, traditional=True) == "traditional"
    assert grade_edge(bridge, refs, traditional=True).level == UNGRADED
    assert "definitional" in BASES and "definitional" in FILTER_VOCABULARIES["basis"]


@pytest.mark.parametrize("extra", [
    {"evidence": [{"ref": "meta", "stance": "supports", "finding": "Pain was measured."}]},
    {"claimed_by": "an article"}, {"curated_in": "dismech"}])
def test_a_definitional_edge_with_evidence_or_a_source_is_refused(extra: dict) -> None:
    with pytest.raises(ValueError, match="holds by definition and carries no"):
        Edge(source="pain", target="back_pain", relation="increases", definitional=True,
             **extra)


def test_refuted_means_the_refutation_outranks_the_support() -> None:
    refs = {"meta": ref("meta-analysis"), "mouse": ref("animal", "animal"),
            "trial": ref("rct")}
    assert grade_edge(edge(("mouse", "supports"), ("meta", "refutes")), refs).refuted
    assert not grade_edge(edge(("meta", "supports"), ("trial", "refutes")), refs).refuted
    assert not grade_edge(edge(("meta", "supports"), ("meta", "refutes")), refs).refuted
    assert grade_edge(edge(("meta", "refutes")), refs).refuted  # nothing supports it


def test_the_seed_bridging_link_holds_by_definition() -> None:
    kg = load_graph(GRAPH)
    key = ("pain_signalling", "chronic_low_back_pain", "increases")
    assert kg.edges[key].definitional and not kg.edges[key].evidence
    assert kg.grades[key].level == DEFINITIONAL and kg.graph.edges[key]["basis"] == "definitional"
