"""The Streamlit app: it runs the real script, shows the graph, and lists data errors.

These run the script with Streamlit's own ``AppTest`` runner and start a real ``streamlit
run`` server; test_browser.py drives the served app in Chromium.
"""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path

import pytest
from browser import streamlit_server
from conftest import ROOT
from curated import write_curated_graph
from streamlit.testing.v1 import AppTest

import mechgraph
from mechgraph.app.viewstate import ViewState

APP = str(ROOT / "app.py")


def run_app(monkeypatch: pytest.MonkeyPatch, graph: Path) -> AppTest:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    return AppTest.from_file(APP, default_timeout=60).run()


def open_url(monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    """Run the app as a shared URL with these parameters would open it."""
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(ROOT / "graph"))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key.rstrip("_")] = value
    return at.run()


def test_explain_mode_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, ROOT / "graph")
    assert not at.exception
    assert dict(at.query_params) == {"mode": "explain", "source": "acupuncture",
                                     "target": "chronic_low_back_pain"}
    text = "\n".join(m.value for m in at.markdown)
    answer = at.info[0].value  # the answer at a glance, above the picture
    assert answer.startswith("**In short:** In studies of people with long-term low back "
                             "pain")
    assert "pretend (sham) acupuncture found little or no difference" in answer
    assert "2 have not been tested" in answer
    assert ("↓ decreases (14 pathways: 2 studied in people, 8 only in animals or cells, 1 with "
            "a step not shown to work, 2 untested, 1 traditional)") in answer
    assert "## How acupuncture may affect chronic low back pain" in text
    assert "pretend (sham) acupuncture found little or no difference" in text
    assert "https://doi.org/10.1001/archinte.167.17.1892" in text
    [links] = at.dataframe  # the picture's links: its text twin
    assert links.key == "explain-links" and len(links.value) == 30
    assert "| 14 | ↓ decreases (traditional idea, not measured) | ungraded |" in text
    assert [b.label for b in at.get("download_button")] == [
        "Printable handout (HTML, one page)"]
    at.session_state["downloads"] = True  # the user opens the other downloads
    at.run()
    assert {b.label for b in at.get("download_button")} == {
        "Printable handout (HTML, one page)", "Handout as PDF (A4)",
        "Handout as PDF (US Letter)", "Download the picture (HTML, works offline)",
        "Download the explanation (Markdown)"}


def test_switching_mode_and_choosing_write_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, ROOT / "graph")
    at.sidebar.radio[0].set_value("explore").run()
    assert not at.exception
    assert at.query_params["mode"] == "explore"
    at.selectbox[0].set_value("Endorphins and other endogenous opioids").run()  # by name
    at.slider[0].set_value(2).run()
    assert at.query_params["focus"] == "endorphins" and at.query_params["depth"] == "2"
    student = "\n".join(m.value for m in at.markdown)
    assert "\\[han2004; zhang2014; zhao2008\\]" in student  # Markdown-escaped brackets


def test_a_hub_keeps_its_links_in_words_in_a_closed_panel(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="explore", focus="acupuncture")  # 18 links
    assert not at.exception
    text = "\n".join(m.value for m in at.markdown)
    assert "## Acupuncture: treatment, biomedical" in text  # the node itself, by its label
    assert "1. " not in text and "vickers2018" not in text  # its links wait, closed
    assert "Its 18 links in words, with the references" in [e.label for e in at.expander]
    at.session_state["node-words:acupuncture"] = True  # the user opens the panel
    at.run()
    text = "\n".join(m.value for m in at.markdown)
    assert "1. Acupuncture increases" in text and "### References" in text
    assert "vickers2018" in text
    assert text.count("## Acupuncture: treatment") == 1  # the opening is not repeated
    # A node with few links shows them at once.
    at.selectbox[0].set_value("Endorphins and other endogenous opioids").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "1. Acupuncture increases Endorphins" in text and "han2004" in text


def test_a_shared_url_restores_the_view(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="explore", focus="qi", depth="2", direction="upstream",
                  stance="supports")
    assert not at.exception and not at.warning
    assert at.selectbox[0].value == "Qi (free flow of vital energy)"
    assert at.slider[0].value == 2
    assert next(r for r in at.radio if r.label == "Direction").value == "upstream"
    assert at.sidebar.multiselect[1].value == ["supports"]


def test_a_bad_link_warns_and_shows_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, source="acupunture", depth="99")
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert ("unknown node 'acupunture' in the page address (did you mean 'acupuncture'?); showing "
            "'acupuncture'") in warnings
    assert at.query_params["source"] == "acupuncture"


def test_filters_change_the_pathways(monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(monkeypatch, ROOT / "graph")
    assert not at.sidebar.multiselect, "closed filters make no widgets"
    at.session_state["filters"] = True  # the user opens the panel
    at.run()
    at.sidebar.selectbox[0].set_value("moderate").run()
    assert not at.exception
    assert at.query_params["level"] == "moderate"
    text = "\n".join(m.value for m in at.markdown)
    assert "| 2 | ↓ decreases | moderate |" in text and "| 3 |" not in text  # 2 pathways
    assert len(at.dataframe[0].value) == 3  # and their 3 links


def test_the_subjects_filter_round_trips_through_the_url(
        monkeypatch: pytest.MonkeyPatch) -> None:
    kg = mechgraph.load_graph(ROOT / "graph")
    state, warnings = ViewState.from_params({"subjects": ["animal"], "design": "animals"}, kg)
    assert state.subjects == ("animal",) and state.design == ()
    assert warnings == ["unknown design 'animals' in the page address (did you mean 'animal'?); "
                        "ignored"]
    assert state.to_params()["subjects"] == ["animal"]
    assert ViewState.from_params(state.to_params(), kg)[0] == state
    view = state.filter().apply(kg.graph)
    assert view.number_of_edges() == 23
    # The app's filter panel offers it, titled in words, and keeps it in the URL.
    at = open_url(monkeypatch, mode="explore", focus="acupuncture", subjects="animal")
    assert not at.exception
    panel = {m.label: m for m in at.sidebar.multiselect}
    assert panel["Who was studied"].value == ["animal"]
    assert at.query_params["subjects"] == "animal"  # one value: a string, not a list


def test_app_lists_errors_instead_of_crashing(monkeypatch: pytest.MonkeyPatch,
                                              graph_copy: Path) -> None:
    (graph_copy / "broken.yaml").write_text("edges:\n  - source: acupuncture\n")
    at = run_app(monkeypatch, graph_copy)
    assert not at.exception
    assert "has 2 error(s)" in at.error[0].value
    assert f"{graph_copy / 'broken.yaml'}:2:5: edges[0]: missing required field 'target'" \
        in at.code[0].value


def test_streamlit_run_serves_the_app(graph_copy: Path) -> None:
    with streamlit_server(graph_copy) as base_url, \
            urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=10) as resp:
        body = resp.read().decode()
    assert body == "ok"


def test_a_selected_link_shows_its_evidence(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, selected="acupuncture|chronic_low_back_pain|decreases")
    assert not at.exception and not at.warning
    text = "\n".join(m.value for m in at.markdown)
    # Explain mode words the evidence for patients: grouped, a symbol and a word each,
    # refuting beside supporting, no technical figures.
    assert "## Acupuncture may ease chronic low back pain" in text
    assert "✔ Studies that support this (5)" in text
    assert "✘ Studies that found no effect or the opposite (3)" in text
    assert "0.5 SD" not in text
    assert "<https://doi.org/10.1001/archinte.167.17.1892>" in text
    assert at.query_params["selected"] == "acupuncture|chronic_low_back_pain|decreases"


def test_the_link_picker_selects_a_link_of_the_focus(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="explore", focus="endorphins")
    picker = next(s for s in at.selectbox if s.label.startswith("Evidence for a link"))
    assert picker.value == ""
    picker.set_value("endorphins|pain_signalling|decreases").run()
    assert not at.exception
    assert at.query_params["selected"] == "endorphins|pain_signalling|decreases"
    text = "\n".join(m.value for m in at.markdown)
    assert "## Endorphins and other endogenous opioids decreases pain signalling" in text
    assert "The evidence, study by study" in text


def test_an_unknown_selection_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, selected="acupuncture|endorphins|decreases")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "unknown link 'acupuncture|endorphins|decreases' selected in the page address; ignored"]
    assert "selected" not in at.query_params


def test_the_path_finder_opens_from_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    closed = open_url(monkeypatch, mode="explore")
    assert not [s for s in closed.selectbox if s.label == "From"], "closed: no pickers made"
    at = open_url(monkeypatch, mode="explore", focus="endorphins", from_="acupuncture",
                  to="chronic_low_back_pain", path="2")
    assert not at.exception
    assert next(s for s in at.selectbox if s.label == "Show pathway").value == 2
    assert len(at.dataframe[-1].value) == 14  # the path finder's pathways


def test_a_new_question_clears_the_selection_and_the_path(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, selected="acupuncture|endorphins|increases", path="3")
    assert at.query_params["selected"] == "acupuncture|endorphins|increases"
    at.selectbox[1].set_value("Back-related disability").run()
    assert not at.exception
    assert at.query_params["target"] == "back_disability"
    assert "selected" not in at.query_params and "path" not in at.query_params


def test_same_labels_are_told_apart_by_their_module(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    at = run_app(monkeypatch, write_curated_graph(tmp_path / "graph"))
    at.sidebar.radio[0].set_value("explore").run()
    assert not at.exception
    names = ["Neuroinflammation · Alzheimer's disease", "Neuroinflammation · Parkinson's disease"]
    focus = at.selectbox[0]
    assert set(names) <= set(focus.options)
    assert "TNF-alpha" in focus.options  # no module: the label alone
    assert "Parkinson's disease" in focus.options  # its module is its own label
    at.text_input(key="search").input("neuroinflamation").run()  # a typo
    matches = next(r for r in at.radio if r.label == "Matches")
    assert matches.options[:2] == names
    matches.set_value(names[1]).run()
    assert not at.exception
    assert at.query_params["focus"] == "pd_neuroinflammation"
    assert at.selectbox[0].value == names[1]
    at.text_input(key="search").input("MONDO:0005180").run()  # a cross-reference
    assert next(r for r in at.radio if r.label == "Matches").options == ["Parkinson's disease"]
    at.selectbox[0].set_value(names[0]).run()
    assert at.query_params["focus"] == "ad_neuroinflammation"
