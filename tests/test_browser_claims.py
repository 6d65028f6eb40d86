"""Claims mode in a real Chromium: the article's claims with their verdict words, the claim
picker changed twice and back with the URL following, one claim followed to its links and
studies (a reference link there), and on to explore mode.

Fixtures (``page``) are in conftest.py; helpers in browser.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import choose, save_screenshot, streamlit_server, wait_for_url, wait_idle
from conftest import GRAPH

from mechgraph import claim_verdicts, load_graph
from mechgraph.vocab import VERDICT_STYLE

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
KG = load_graph(GRAPH)
VERDICTS = {v.claim: v for v in claim_verdicts(KG, "clinic_article")}
NUMBER = {claim: n for n, claim in enumerate(VERDICTS, 1)}
PICKER = "Show the links and evidence of"


def option(claim: str) -> str:
    """The start of the picker's option for ``claim`` ('2. Acupuncture makes ...')."""
    return f"{NUMBER[claim]}. {VERDICTS[claim].says}"[:40]


def test_claims_mode_shows_the_claims_and_follows_one_to_its_evidence(page: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url + "/?mode=claims", wait_until="domcontentloaded", timeout=TIMEOUT)
        page.get_by_text("Exploring the Science Behind How Acupuncture Relieves Back Pain",
                         exact=True).wait_for(timeout=TIMEOUT)
        wait_idle(page)
        wait_for_url(page, {"mode": "claims", "claims_source": "clinic_article",
                            "claim": None})
        shown = [VERDICTS[c] for c in ("endorphin_release", "journal_of_pain_2015",
                                        "holistic", "blood_flow_to_area", "qi_flow",
                                        "dopamine_and_pain", "quality_of_life")]
        wanted = ["21 claims:", *(v.says for v in shown),
                  *(f"{v.symbol} {v.word}" for v in shown)]  # word and symbol, as text
        try:  # the page is drawn piece by piece: wait until every claim is there
            page.wait_for_function("""(wanted) => {
                const text = document.body.innerText;
                return wanted.every((w) => text.includes(w)); }""", arg=wanted,
                timeout=TIMEOUT)
        except Exception as exc:
            body = page.locator("body").inner_text()
            raise AssertionError([w for w in wanted if w not in body]) from exc
        body = page.locator("body").inner_text()
        assert f"{VERDICT_STYLE['supported'].symbol} supported (low)" in body
        save_screenshot(page, "claims.png")

        # The one source has no other to pick: change the claim twice and back.
        for claim in ("endorphin_release", "journal_of_pain_2015", "endorphin_release"):
            choose(page, PICKER, option(claim))
            wait_for_url(page, {"mode": "claims", "claim": claim})
            box = page.locator(".st-key-claim-evidence")
            box.wait_for(timeout=TIMEOUT)
            page.wait_for_function("""(says) => {
                const b = document.querySelector('.st-key-claim-evidence');
                return b && b.innerText.includes(says); }""", arg=VERDICTS[claim].says,
                timeout=TIMEOUT)
        choose(page, PICKER, "no claim")
        wait_for_url(page, {"mode": "claims", "claim": None})
        page.locator(".st-key-claim-evidence").wait_for(state="detached", timeout=TIMEOUT)

        # One click from a claim to its links and studies.
        wait_idle(page)
        page.locator(".st-key-claim-journal_of_pain_2015").get_by_role(
            "button", name="Its links and evidence").click()
        wait_for_url(page, {"claim": "journal_of_pain_2015"})
        box = page.locator(".st-key-claim-evidence")
        box.wait_for(timeout=TIMEOUT)
        closest = box.locator('a[href="https://doi.org/10.1016/j.jpain.2017.11.005"]')
        closest.first.wait_for(timeout=TIMEOUT)  # the closest checked study opens from here
        assert "could not be found" in box.inner_text()
        assert box.locator('a[href^="https://doi.org/"]').count() > 3  # the link's studies
        save_screenshot(page, "claims-evidence.png")

        # And on to the link in explore mode.
        wait_idle(page)
        box.get_by_role("button", name="Open this link in explore mode").first.click()
        wait_for_url(page, {"mode": "explore", "focus": "acupuncture",
                            "selected": "acupuncture|chronic_low_back_pain|decreases"})
        wait_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
