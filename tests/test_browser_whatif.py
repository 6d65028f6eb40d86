"""What if a node were blocked? The block control in a real Chromium: block a node, block a
second, unblock the first, unblock all, checking the page and the URL after each change;
then the shared URL reloaded shows the same state. In Explain and in Explore mode.

The answers are those of tests/test_whatif.py and the README's example: blocking the
endorphin and mu-opioid nodes leaves 12 of acupuncture's 14 pathways to chronic low back
pain, and the overall effect stays decreases.

Fixtures (``page``) are in conftest.py; helpers in browser.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import (
    multiselect_add,
    multiselect_remove,
    save_screenshot,
    streamlit_server,
    wait_for_url,
    wait_idle,
    widget,
)
from conftest import GRAPH

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
BLOCK = "Block (what if?)"
ENDORPHINS = "Endorphins and other endogenous opioids"
MU = "Mu-opioid receptor availability (binding potential)"
EXPLAIN = "/?mode=explain&source=acupuncture&target=chronic_low_back_pain"


def wait_text(page: Any, locator: str, text: str) -> None:
    """Wait until an element matching ``locator`` shows ``text``."""
    page.wait_for_function("""([sel, text]) => [...document.querySelectorAll(sel)]
        .some(e => e.innerText.includes(text))""", arg=[locator, text], timeout=TIMEOUT)


def answer_says(page: Any, text: str) -> None:
    wait_text(page, '[data-testid="stAlert"]', text)
    wait_idle(page)


def chosen(page: Any) -> list[str]:
    """The tags of the block control, as shown."""
    box = widget(page, "stMultiSelect", BLOCK)
    box.wait_for(timeout=TIMEOUT)
    labels = [b.get_attribute("aria-label") or ""
              for b in box.locator('[aria-label^="Remove "]').all()]
    return [label.removeprefix("Remove ") for label in labels]


def picture_steps(page: Any) -> str:
    """The picture's steps in words (inside its frame), as text."""
    frame = page.frame_locator("iframe").first
    return str(frame.locator("ol").first.text_content(timeout=TIMEOUT) or "")


def test_block_and_unblock_in_explain_mode(page: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url + EXPLAIN, wait_until="domcontentloaded", timeout=TIMEOUT)
        answer_says(page, "14 pathways")
        assert chosen(page) == []

        multiselect_add(page, BLOCK, ENDORPHINS)
        wait_for_url(page, {"without": "endorphins", "source": "acupuncture"})
        answer_says(page, f"With {ENDORPHINS} blocked: 13 of 14 pathways remain; the overall "
                          "effect stays ↓ decreases.")
        assert f"{ENDORPHINS} (blocked)" in picture_steps(page)  # greyed, still drawn

        multiselect_add(page, BLOCK, MU)
        wait_for_url(page, {"without": "endorphins,mu_opioid_receptor_availability"})
        answer_says(page, f"With {ENDORPHINS} and {MU} blocked: 12 of 14 pathways remain; "
                          "the overall effect stays ↓ decreases.")
        assert chosen(page) == [ENDORPHINS, MU]
        save_screenshot(page, "whatif-explain.png")

        multiselect_remove(page, BLOCK, ENDORPHINS)
        wait_for_url(page, {"without": "mu_opioid_receptor_availability"})
        answer_says(page, f"With {MU} blocked: 13 of 14 pathways remain")
        assert chosen(page) == [MU]
        assert f"{ENDORPHINS} (blocked)" not in picture_steps(page)

        widget(page, "stMultiSelect", BLOCK).get_by_role("button", name="Clear all").click()
        wait_for_url(page, {"without": None, "source": "acupuncture"})
        wait_idle(page)
        answer = page.locator('[data-testid="stAlert"]', has_text="In short:").inner_text()
        assert "blocked" not in answer and "(14 pathways" in answer
        assert chosen(page) == []

        # A shared link reproduces the blocked view.
        shared = EXPLAIN + "&without=endorphins,mu_opioid_receptor_availability"
        page.goto(base_url + shared, wait_until="domcontentloaded", timeout=TIMEOUT)
        answer_says(page, "12 of 14 pathways remain")
        assert chosen(page) == [ENDORPHINS, MU]
        page.reload(wait_until="domcontentloaded")
        answer_says(page, "12 of 14 pathways remain")
        wait_for_url(page, {"without": "endorphins,mu_opioid_receptor_availability"})
        assert chosen(page) == [ENDORPHINS, MU]
        assert page.locator('[data-testid="stException"]').count() == 0


def test_a_bad_id_in_a_shared_link_is_dropped_with_a_notice(page: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url + EXPLAIN + "&without=endorphin,qi", wait_until="domcontentloaded",
                  timeout=TIMEOUT)
        wait_text(page, '[data-testid="stAlert"]',
                  "unknown node 'endorphin' to block in the page address (did you mean "
                  "'endorphins'?); not blocked")
        answer_says(page, "With Qi (free flow of vital energy) blocked: 13 of 14 pathways")
        wait_for_url(page, {"without": "qi"})
        assert page.locator('[data-testid="stException"]').count() == 0


def test_block_and_unblock_in_explore_mode(page: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    explore = "/?mode=explore&focus=acupuncture"
    caption = '[data-testid="stCaptionContainer"]'
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url + explore, wait_until="domcontentloaded", timeout=TIMEOUT)
        widget(page, "stMultiSelect", BLOCK).wait_for(timeout=TIMEOUT)
        multiselect_add(page, BLOCK, ENDORPHINS)
        wait_for_url(page, {"without": "endorphins", "focus": "acupuncture"})
        wait_text(page, caption, f"Blocked (what if?): {ENDORPHINS}; drawn grey and dashed")
        multiselect_add(page, BLOCK, "Qi (free flow of vital energy)")
        wait_for_url(page, {"without": "endorphins,qi"})
        wait_text(page, caption, f"Blocked (what if?): {ENDORPHINS} and Qi")
        multiselect_remove(page, BLOCK, ENDORPHINS)
        wait_for_url(page, {"without": "qi"})
        wait_text(page, caption, "Blocked (what if?): Qi (free flow of vital energy); drawn")
        save_screenshot(page, "whatif-explore.png")
        widget(page, "stMultiSelect", BLOCK).get_by_role("button", name="Clear all").click()
        wait_for_url(page, {"without": None, "focus": "acupuncture"})
        wait_idle(page)
        assert page.get_by_text("Blocked (what if?):").count() == 0
        page.goto(base_url + explore + "&without=endorphins,qi",
                  wait_until="domcontentloaded", timeout=TIMEOUT)
        wait_text(page, caption, f"Blocked (what if?): {ENDORPHINS} and Qi")
        assert chosen(page) == [ENDORPHINS, "Qi (free flow of vital energy)"]
        assert page.locator('[data-testid="stException"]').count() == 0
