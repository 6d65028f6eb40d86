"""Evidence changes the words: a pathway through a contested or refuted link says so, by
whom (kind of study, first author, year) and how strongly, in the patient's and the
student's text (``mechgraph.patient``, ``mechgraph.student``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import GRAPH

import mechgraph
from mechgraph.explain import explain
from mechgraph.query import Pathway, find_paths
from mechgraph.wording import DISPUTE, PATIENT_HEDGE, STUDENT_DISPUTE

KEY = ("acupuncture", "endorphins", "increases")
STEP = "acupuncture may raise endorphins and other endogenous opioids"


def flat(text: str) -> str:
    """The text with line wrapping undone."""
    return " ".join(text.split())


def _refute_endorphins(tmp_path: Path, subjects: str) -> mechgraph.MechGraph:
    """The seed graph, copied, with a refuting meta-analysis (of studies in ``subjects``)
    added to acupuncture -> endorphins through the library's edit API, then reloaded."""
    root = tmp_path / "graph"
    shutil.copytree(GRAPH, root)
    mechgraph.add_reference(root, "smith2021", {
        "title": "Needling and endogenous opioids: a meta-analysis", "authors": "Smith A, et al.",
        "year": 2021, "design": "meta-analysis", "subjects": subjects,
        "url": "https://example.org/smith2021"})
    mechgraph.add_evidence(root, *KEY, {
        "ref": "smith2021", "stance": "refutes",
        "finding": "Pooled studies found no release of endogenous opioids after needling."})
    return mechgraph.load_graph(root, cache=False)


def _endorphin_path(kg: mechgraph.MechGraph) -> tuple[Pathway, str, str]:
    report = find_paths(kg, "acupuncture", "chronic_low_back_pain")
    path = next(p for p in report.paths if "endorphins" in p.nodes)
    patient = flat(explain(kg, report))
    item = patient[patient.index("Endorphins and other endogenous opioids, then"):]
    student = flat(explain(kg, report, audience="student"))
    heading = student.index("-> Endorphins and other endogenous opioids -[")
    return path, item.split(" 3. ")[0], student[heading:student.index("Path ", heading)]


def test_the_seed_endorphin_pathway_is_not_disputed() -> None:
    kg = mechgraph.load_graph(GRAPH)
    path, item, student = _endorphin_path(kg)
    assert not path.contested and not path.refuted
    assert "found no effect or the opposite" not in item
    assert "Contested by" not in student and "Refuted by" not in student


def test_a_refuting_animal_meta_analysis_contests_the_link_and_the_words_say_so(
        tmp_path: Path) -> None:
    kg = _refute_endorphins(tmp_path, "animal")
    grade = kg.grades[KEY]
    assert grade.contested and not grade.refuted  # preclinical against preclinical
    path, item, student = _endorphin_path(kg)
    assert path.contested and not path.refuted
    said = DISPUTE["contested"].format(
        studies="a combined analysis of many animal studies (Smith 2021)", step=STEP)
    assert said in item
    assert PATIENT_HEDGE["preclinical"] in item  # its level is unchanged
    assert "Contested (refuting evidence of comparable weight)." in student
    assert STUDENT_DISPUTE["contested"].format(
        studies="Smith 2021 (meta-analysis, animal; smith2021)", refute="preclinical",
        support="preclinical") in student
    brief = flat(explain(kg, find_paths(kg, "acupuncture", "chronic_low_back_pain"),
                         brief=True))
    assert DISPUTE["contested_brief"].format(
        studies="a combined analysis of many animal studies (Smith 2021)") in brief


def test_a_refuting_study_that_outranks_the_support_refutes_the_link(tmp_path: Path) -> None:
    kg = _refute_endorphins(tmp_path, "human")
    grade = kg.grades[KEY]
    assert grade.refuted and grade.best_refute == "high" and grade.level == "preclinical"
    path, item, student = _endorphin_path(kg)
    assert path.refuted
    said = DISPUTE["refuted"].format(
        studies="a combined analysis of many trials (Smith 2021)", step=STEP)
    assert said in item
    assert DISPUTE["contested"].split("{")[0] + "a combined" not in item.replace(said, "")
    assert "Refuted on a step (refuting evidence outranks the support)." in student
    assert STUDENT_DISPUTE["refuted"].format(
        studies="Smith 2021 (meta-analysis, human; smith2021)", refute="high",
        support="preclinical") in student
    assert "(level: preclinical, refuted)" in student
    # The link's own page leads with it too.
    edge_page = flat(explain(kg, KEY))
    assert "Be aware: the stronger studies found no effect or the opposite." in edge_page
    assert "a combined analysis of many trials (Smith 2021)" in edge_page
    paths = mechgraph.find_paths(kg, "acupuncture", "chronic_low_back_pain").to_dict()
    endorphin = next(p for p in paths["paths"] if "endorphins" in p["nodes"])
    assert endorphin["refuted"] is True and endorphin["contested"] is True


@pytest.mark.parametrize(("authors", "cite"), [
    ("Vickers AJ, et al.", "Vickers 2018"), ("Colquhoun D, Novella SP", "Colquhoun 2018"),
    ("NIH Consensus Development Panel", "NIH Consensus Development Panel 2018"),
    (None, "2018")])
def test_a_study_is_cited_by_its_first_author_and_year(authors: str | None,
                                                        cite: str) -> None:
    from mechgraph.document import short_cite
    ref = mechgraph.Reference(title="T", authors=authors, year=2018, design="rct", pmid=1)
    assert short_cite(ref) == cite


def test_a_definitional_link_is_said_to_hold_by_definition_once() -> None:
    from mechgraph.wording import PATIENT, STUDENT
    kg = mechgraph.load_graph(GRAPH)
    key = ("pain_signalling", "chronic_low_back_pain", "increases")
    node = flat(explain(kg, "pain_signalling"))
    assert node.count(PATIENT["definitional"]) == 1
    assert PATIENT_HEDGE["definitional"] not in node  # the link's sentence says it
    assert flat(explain(kg, key)).count(PATIENT_HEDGE["definitional"]) == 1
    student = flat(explain(kg, key, audience="student"))
    assert "Evidence level: definitional" in student and STUDENT["edge_definitional"] in student
    assert "studies show" not in node.lower() and "No checked study" not in student
