"""The app's block control (what if?), run with Streamlit's ``AppTest``: Explain and Explore
modes, the URL's ``without``, the blocked parts greyed out and marked in the text twin.

The answers on ``tests/fixtures/whatif`` are worked out by hand in its README and in
tests/test_whatif.py: five pathways from needles to back pain, overall ambiguous.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from mechgraph.text import escape_markdown

APP = str(ROOT / "app.py")
FIXTURE = ROOT / "tests" / "fixtures" / "whatif"
README = (ROOT / "README.md").read_text()


def open_url(monkeypatch: pytest.MonkeyPatch, graph: Path, **params: str) -> AppTest:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(graph))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def block(at: AppTest) -> object:
    return next(m for m in at.multiselect if m.label == "Block (what if?)")


def answer(at: AppTest) -> str:
    return at.info[0].value


def test_blocking_in_explain_mode_changes_the_answer_and_the_url(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, FIXTURE, mode="explain", source="needles", target="back_pain")
    assert not at.exception
    control = block(at)
    # The picture's nodes but its two ends, and its ten links, by name.
    assert control.options[:5] == ["Opioid peptides", "Pain signalling",
                                   "Opioid receptor binding", "Soreness after needling",
                                   "Swelling"]
    assert len(control.options) == 15 and control.value == []
    assert "(5 pathways: 3 studied in people" in answer(at) and "↕ mixed" in answer(at)
    control.set_value(["soreness"]).run()
    assert not at.exception
    assert at.query_params["without"] == "soreness"
    assert answer(at).startswith(
        "**With Soreness after needling blocked: 4 of 5 pathways remain; the overall effect "
        "changes from ↕ ambiguous to ↓ decreases.**")
    block(at).set_value(["soreness", "opioids"]).run()
    assert at.query_params["without"] == "soreness,opioids"
    assert answer(at).startswith(
        "**With Opioid peptides and Soreness after needling blocked: 3 of 5 pathways remain; "
        "the overall effect changes from ↕ ambiguous to ↓ decreases.**")
    # The text twin still lists every link of the picture, the blocked ones marked.
    links = at.dataframe[0].value
    assert len(links) == 10
    marked = links[links["Link"].str.endswith("(blocked)")]
    assert sorted(zip(marked["From"], marked["To"], strict=True)) == [
        ("Needles", "Opioid peptides (blocked)"),
        ("Needles", "Soreness after needling (blocked)"),
        ("Opioid peptides (blocked)", "Pain signalling"),
        ("Soreness after needling (blocked)", "Back pain")]
    block(at).set_value([]).run()
    assert "without" not in at.query_params
    assert "(5 pathways:" in answer(at) and "blocked" not in answer(at)


def test_a_shared_url_reproduces_the_blocked_view(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, FIXTURE, mode="explain", source="needles", target="back_pain",
                  without="opioids,receptor_binding")
    assert not at.exception and not at.warning
    assert block(at).value == ["opioids", "receptor_binding"]
    assert answer(at).startswith(
        "**With Opioid peptides and Opioid receptor binding blocked: 3 of 5 pathways "
        "remain; the overall effect stays ↕ ambiguous.**")
    text = "\n".join(m.value for m in at.markdown)
    assert "| 3 |" in text and "| 4 |" not in text  # the table: the three pathways left
    assert "The handout and its PDF show every pathway, with nothing blocked." in [
        c.value for c in at.caption]


def test_a_blocked_link_in_the_url(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, FIXTURE, mode="explain", source="needles", target="back_pain",
                  without="needles|back_pain|decreases")
    assert not at.exception and not at.warning
    assert block(at).value == ["needles|back_pain|decreases"]
    assert "Needles ↓ decreases Back pain" in block(at).options
    assert answer(at).startswith(
        "**With Needles ↓ decreases Back pain blocked: 4 of 5 pathways remain; the overall "
        "effect stays ↕ ambiguous.**")


def test_bad_ids_in_a_shared_url_are_dropped_with_a_notice(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, FIXTURE, mode="explain", source="needles", target="back_pain",
                  without="opioid,needles,a|b|increases,soreness")
    assert not at.exception
    assert [w.value for w in at.warning] == [
        "unknown node 'opioid' to block in the page address (did you mean 'opioids'?); "
        "not blocked",
        "unknown link 'a|b|increases' to block in the page address; not blocked",
        "'needles' in the page address is an end of the pathways shown, so it cannot be "
        "blocked; not blocked"]
    assert at.query_params["without"] == "soreness"
    assert block(at).value == ["soreness"]


def test_explore_mode_blocks_and_greys_out(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, FIXTURE, mode="explore", focus="needles")
    assert not at.exception
    block(at).set_value(["opioids"]).run()
    assert at.query_params["without"] == "opioids"
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Blocked (what if?): Opioid peptides; drawn grey and dashed")
               for c in captions)
    links = at.dataframe[0].value
    assert list(links[links["To"] == "Opioid peptides (blocked)"]["Link"]) == [
        "↑ increases (blocked)"]
    # The path finder leaves the blocked node out and says what changed.
    at = open_url(monkeypatch, FIXTURE, mode="explore", focus="needles", without="opioids",
                  **{"from": "needles", "to": "back_pain"})
    assert not at.exception and not at.warning
    text = "\n".join(m.value for m in at.markdown)
    assert ("**With Opioid peptides blocked: 4 of 5 pathways remain; the overall effect "
            "stays ↕ ambiguous.**") in text
    assert len(at.dataframe[-1].value) == 4


def test_the_readme_app_example(monkeypatch: pytest.MonkeyPatch) -> None:
    url = re.search(r"`(\?mode=explain&source=acupuncture[^`]*&without=[^`]+)`", README)
    assert url, "README: give the app's what-if example"
    params = dict(p.split("=", 1) for p in url.group(1)[1:].split("&"))
    at = open_url(monkeypatch, ROOT / "graph", **params)
    assert not at.exception and not at.warning
    said = re.search(r"the page says: \"([^\"]+)\"", README)
    assert said, "README: quote what the page says for the app's what-if example"
    assert answer(at).startswith(f"**{escape_markdown(' '.join(said.group(1).split()))}**")
