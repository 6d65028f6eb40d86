"""Compare mode (mechgraph.app.compare_page) run by Streamlit's own ``AppTest`` runner on the
made-up graph of tests/fixtures/compare: the URL read strictly and written back, the
ranked table, the treatment picker, "Open in Explain", the detail with its references, the
handout; and the page's pieces on their own (same scale, columns). test_browser_compare.py
drives the served page in Chromium."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from conftest import GRAPH, ROOT
from streamlit.testing.v1 import AppTest

import mechgraph
from mechgraph.app.compare_page import (
    PICTURE_HEIGHT,
    columns_for,
    comparison_table,
    shared_extent,
    treatment_detail,
)
from mechgraph.app.explain_page import pdf_chromium
from mechgraph.app.viewstate import ViewState
from mechgraph.compare_handout import render_comparison
from mechgraph.query import Filter, find_paths
from mechgraph.view import pathway_graph, view_data

APP = str(ROOT / "app.py")
FIXTURE = ROOT / "tests" / "fixtures" / "compare"
KG = mechgraph.load_graph(FIXTURE)


def open_compare(monkeypatch: pytest.MonkeyPatch, graph: object = FIXTURE,
                 **params: str) -> AppTest:
    """Run the app as a shared URL with these parameters would open it."""
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["mode"] = "compare"
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_the_url_is_read_strictly_and_written_back() -> None:
    state, warnings = ViewState.from_params(
        {"mode": "compare", "target": "back_pain",
         "treatments": "needles, pill_a,,pil_a,prostaglandins,needles"}, KG)
    assert state.treatments == ("needles", "pill_a")  # order kept, repeats dropped
    assert warnings == [
        "unknown treatment 'pil_a' in the page address (did you mean 'pill_a'?); ignored",
        "'prostaglandins' in the page address is a mediator, not a treatment; ignored"]
    assert state.to_params() == {"mode": "compare", "target": "back_pain",
                                 "treatments": "needles,pill_a"}
    assert state.with_(mode="explain").to_params().get("treatments") is None
    again, _ = ViewState.from_params({"treatments": ["needles", "pill_a"]}, KG)  # repeated
    assert again.treatments == ("needles", "pill_a")


def test_every_treatment_ranked_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain")
    assert not at.exception and not at.warning
    assert dict(at.query_params) == {"mode": "compare", "target": "back_pain"}
    assert at.multiselect[0].value == ["Exercise", "Herbal tea", "Needles", "Pill A"]
    text = markdown(at)
    rows = [line for line in text.splitlines() if line.startswith("| ") and "Rank" not in line
            and "---" not in line]
    assert [row.split(" | ")[1] for row in rows] == ["Pill A", "Needles", "Exercise",
                                                      "Herbal tea"]
    assert "| 1 | Pill A | high | ✓ high | ○ not tested |" in text
    assert "⚖ high, contested" in text  # Needles: a sign and words, no colour
    assert [b.label for b in at.button] == [f"Open in Explain: {name}" for name in
                                            ("Pill A", "Needles", "Exercise", "Herbal tea")]
    assert [b.label for b in at.get("download_button")] == [
        "Printable comparison (HTML, one page)"]
    at.session_state["compare-downloads"] = True  # the user opens the other downloads
    at.run()
    pdfs = set() if pdf_chromium() is None else {"Comparison as PDF (A4)",
                                                  "Comparison as PDF (US Letter)"}
    assert {b.label for b in at.get("download_button")} == {
        "Printable comparison (HTML, one page)", "Download the comparison (Markdown)", *pdfs}
    assert "The picture in words, one pathway a line:" in text  # each picture's twin
    assert "](<https://example.org/" in text  # the references open


def test_removing_and_adding_treatments_write_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain")
    at.multiselect[0].unselect("Exercise").run()
    assert at.query_params["treatments"] == "herbal_tea,needles,pill_a"
    assert "Open in Explain: Exercise" not in [b.label for b in at.button]
    at.multiselect[0].select("Exercise").run()  # all of them again: a short URL
    assert "treatments" not in at.query_params
    at.multiselect[0].unselect("Needles").unselect("Pill A").run()
    assert at.query_params["treatments"] == "exercise,herbal_tea"
    assert [b.label for b in at.button] == ["Open in Explain: Exercise",
                                            "Open in Explain: Herbal tea"]
    assert not at.exception


def test_another_condition_offers_its_own_treatments(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain", treatments="needles,exercise")
    assert at.selectbox[0].options == ["Back pain", "Daily function"]
    at.selectbox[0].set_value("Daily function").run()
    assert not at.exception and not at.warning
    assert dict(at.query_params) == {"mode": "compare", "target": "daily_function"}
    assert at.multiselect[0].options == ["Needles"]  # the only one that reaches it
    assert [b.label for b in at.button] == ["Open in Explain: Needles"]


def test_open_in_explain_and_back(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain", treatments="needles,exercise")
    next(b for b in at.button if b.label == "Open in Explain: Needles").click().run()
    assert not at.exception
    assert dict(at.query_params) == {"mode": "explain", "source": "needles",
                                     "target": "back_pain"}
    assert at.selectbox[0].value == "Needles"
    at.sidebar.radio[0].set_value("compare").run()  # the mode switched back by hand
    assert dict(at.query_params) == {"mode": "compare", "target": "back_pain",
                                     "treatments": "needles,exercise"}


def test_a_treatment_that_reaches_nothing_is_said_not_compared(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain", treatments="magnets,exercise")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Not compared: Magnets (no direct link or pathway reaches the condition)."]
    at = open_compare(monkeypatch, target="back_pain", treatments="magnets")
    assert at.info[0].value.startswith("Nothing to compare: no treatment reaches "
                                       "'back\\_pain'")


def test_a_target_that_is_not_a_condition_is_said_and_replaced(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="prostaglandins")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "Cannot compare treatments for 'prostaglandins' (it is a mediator, not a condition); "
        "showing 'back\\_pain'."]
    assert at.query_params["target"] == "back_pain"
    at = open_compare(monkeypatch, target="back_pian")
    assert [w.value for w in at.warning] == [
        "unknown node 'back_pian' in the page address (did you mean 'back_pain'?); showing "
        "'back_pain'"]


def test_the_filters_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, target="back_pain", design="rct")
    assert not at.exception
    flt = Filter.of_fields({"design": ("rct",)})
    want = [t.label for t in mechgraph.compare(KG, "back_pain", filter=flt).treatments]
    assert want == ["Needles", "Exercise"]  # two of the four
    assert at.multiselect[0].options == want[::-1]  # offered by name
    assert [b.label for b in at.button] == [f"Open in Explain: {n}" for n in want]
    at = open_compare(monkeypatch, target="back_pain", subjects="animal")  # hides them all
    assert not at.exception
    assert "The filters hide every treatment of this condition" in at.info[0].value


def test_the_seed_graph(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_compare(monkeypatch, GRAPH, target="chronic_low_back_pain")
    assert not at.exception and not at.warning
    text = markdown(at)
    assert "| 1 | Exercise therapy | high | ? tested, results unclear | ✓ high |" in text
    assert "| 2 | Acupuncture | high, contested | ⚖ high, contested | ✓ high |" in text
    assert "Sham (simulated) acupuncture" not in text.split("|")[-1]  # a control, left out


def test_the_table_detail_and_handout_come_from_the_library() -> None:
    result = mechgraph.compare(KG, "back_pain")
    table = comparison_table(result).to_pylist()
    assert [r["Treatment"] for r in table] == [t.label for t in result.treatments]
    assert table[3]["Mechanisms by evidence"].startswith("in people 0 · animal or cell only 6")
    needles = treatment_detail(KG, result.treatments[1], result.condition_label)
    assert "**Against placebo or sham**" in needles and "refutes" in needles  # both sides
    assert "Its weakest link" in needles and "**What is not known**" in needles
    assert "None recorded here (this does not mean it has none)." in needles
    page = render_comparison(KG, result)
    assert all(t.label in page for t in result.treatments)


def test_one_scale_for_all_pictures_and_columns_only_when_readable() -> None:
    def data(treatment: str) -> dict[str, object]:
        report = find_paths(KG, treatment, "back_pain")
        return view_data(KG, pathway_graph(KG, report), source=treatment, target="back_pain")

    short, long = data("exercise"), data("herbal_tea")
    alone = shared_extent([short], PICTURE_HEIGHT)
    both = shared_extent([short, long], PICTURE_HEIGHT)
    assert both["width"] > alone["width"] and both["height"] > alone["height"]
    assert both == shared_extent([long, short], PICTURE_HEIGHT)  # the largest, in any order
    assert columns_for(alone, 2) == 2 and columns_for(both, 2) == 1
    assert columns_for(alone, 1) == 1


def test_labels_from_the_graph_are_text_never_markup(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    folder = tmp_path / "graph"
    shutil.copytree(FIXTURE, folder)
    nodes = folder / "nodes.yaml"
    hostile = "*Pill* [A](https://evil.example) <b>x</b>"
    nodes.write_text(nodes.read_text(encoding="utf-8").replace(
        "label: Pill A", f"label: '{hostile}'"), encoding="utf-8")
    at = open_compare(monkeypatch, folder, target="back_pain")
    assert not at.exception
    text = markdown(at)
    # Shown as typed: its marks escaped, its address a visible autolink, never a link
    # named by other words.
    assert "\\*Pill\\* \\[A\\](<https://evil.example>)" in text
    assert "[A](https://evil" not in text
    assert "<b>" not in text.replace("&lt;b&gt;", "")
    assert any(b.label.startswith("Open in Explain: \\*Pill\\*") for b in at.button)
