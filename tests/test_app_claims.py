"""Claims mode of the app (mechgraph.app.claims_page), run with Streamlit's AppTest; the
real browser drives it in test_browser_claims.py."""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

import mechgraph
from mechgraph.app.viewstate import ViewState
from mechgraph.vocab import VERDICT_STYLE

APP = str(ROOT / "app.py")
KG = mechgraph.load_graph(ROOT / "graph")


def open_url(monkeypatch: pytest.MonkeyPatch, **params: str) -> AppTest:
    monkeypatch.setenv("MECHGRAPH_GRAPH", str(ROOT / "graph"))
    monkeypatch.setattr(sys, "argv", ["app.py"])
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_claims_mode_lists_every_claim_with_its_verdict(
        monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="claims")
    assert not at.exception
    assert dict(at.query_params) == {"mode": "claims", "claims_source": "clinic_article"}
    text = "\n".join(m.value for m in at.markdown)
    assert "## Exploring the Science Behind How Acupuncture Relieves Back Pain" in text
    assert "its address is not recorded" in text  # the article's address was not kept
    assert "**21 claims:** 1 supported, 4 contested" in text
    symbol = VERDICT_STYLE["preclinical"].symbol
    assert f":violet-badge[{symbol} preclinical]" in text  # colour, symbol and word together
    assert text.count("-badge[") == 21
    assert len([b for b in at.button if b.label == "Its links and evidence"]) == 21


def test_a_claim_opens_its_links_and_studies(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="claims", claim="journal_of_pain_2015")
    assert not at.exception
    assert at.query_params["claim"] == "journal_of_pain_2015"
    text = "\n".join(m.value for m in at.markdown)
    assert "https://doi.org/10.1016/j.jpain.2017.11.005" in text  # the closest study, open
    assert "The closest study we checked: Vickers AJ" in text
    assert "#### Acupuncture decreases Chronic low back pain: \u00b1 contested" in text
    # One click opens the link in explore mode, with the link selected.
    at.button(key="claim-explore-acupuncture|chronic_low_back_pain|decreases").click().run()
    assert not at.exception
    assert at.query_params["mode"] == "explore"
    assert at.query_params["selected"] == "acupuncture|chronic_low_back_pain|decreases"


def test_the_claim_buttons_and_an_unknown_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_url(monkeypatch, mode="claims", claim="holystic")
    assert "unknown claim 'holystic' in the page address (did you mean 'holistic'?); " \
           "ignored" in [w.value for w in at.warning]
    at.button(key="claim-open-holistic").click().run()
    assert at.query_params["claim"] == "holistic"
    assert "This claim names no link of the graph." in "\n".join(m.value for m in at.markdown)


def test_the_url_parameters_round_trip() -> None:
    state, warnings = ViewState.from_params({"mode": "claims", "claim": "qi_flow"}, KG)
    assert (state.claims_source, state.claim, warnings) == ("clinic_article", "qi_flow", [])
    assert state.to_params() == {"mode": "claims", "claims_source": "clinic_article",
                                 "claim": "qi_flow"}
    other, warnings = ViewState.from_params({"mode": "claims", "claims_source": "leaflet"}, KG)
    assert other.claims_source == "clinic_article"
    assert warnings == ["unknown source 'leaflet' in the page address; showing "
                        "'clinic_article'"]
    assert state.changed(claims_source="another").claim is None
