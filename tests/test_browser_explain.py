"""What a practitioner and a patient see in a real Chromium: the answer at a glance above
the picture, the picture's text twin used with the keyboard alone, the evidence of a chosen
link brought into view, and the handout downloaded as a one-page PDF.

Fixtures (``page``) are in conftest.py; helpers in browser.py.
"""

from __future__ import annotations

from typing import Any

import pytest
from browser import save_screenshot, streamlit_server, wait_for_url, wait_idle
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.app.links import link_rows
from mechgraph.query import find_paths, focus
from mechgraph.view import pathway_graph, view_data

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
KG = load_graph(GRAPH)


def in_viewport(page: Any, locator: Any) -> bool:
    """Whether the top of ``locator`` is on the screen (not scrolled away)."""
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and -2 <= box["y"] < height  # sub-pixel rounding at the top


def tab_into_table(page: Any, key: str) -> None:
    """Press Tab (nothing else) until the grid of the table ``key`` has the focus."""
    for _ in range(150):
        page.keyboard.press("Tab")
        if page.evaluate("""(key) => { const a = document.activeElement;
                return a.tagName === 'CANVAS' && !!a.closest('.st-key-' + key); }""", key):
            return
    raise AssertionError(f"Tab never reached the table {key}")


@pytest.mark.parametrize(("query", "key", "rows_of"), [
    ("", "explain-links",
     lambda: view_data(KG, pathway_graph(KG, find_paths(KG, "acupuncture",
                                                        "chronic_low_back_pain")),
                       source="acupuncture", target="chronic_low_back_pain")),
    ("?mode=explore&focus=endorphins", "explore-links",
     lambda: view_data(KG, focus(KG, "endorphins"), source="endorphins")),
])
def test_the_links_table_by_keyboard_alone(page: Any, query: str, key: str,
                                           rows_of: Any) -> None:
    """Tab to the table of the picture's links, arrow down to a link, choose it with
    Shift+Space: its evidence shows, in view, and the URL names it."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    rows = link_rows(KG, rows_of())
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url + "/" + query, wait_until="domcontentloaded", timeout=TIMEOUT)
        page.locator(f".st-key-{key}").wait_for(timeout=TIMEOUT)
        wait_idle(page)
        page.wait_for_timeout(1000)
        tab_into_table(page, key)
        row = 0  # the grid's first cell has the focus
        for wanted in (min(2, len(rows["key"]) - 1), 0, 1):  # a later link, the first, the second
            for _ in range(abs(wanted - row)):
                page.keyboard.press("ArrowDown" if wanted > row else "ArrowUp")
            row = wanted
            page.keyboard.press("Shift+Space")
            edge = rows["key"][wanted]
            wait_for_url(page, {"selected": edge})
            source = edge.split("|")[0]
            box = page.locator(".st-key-details")
            box.wait_for(timeout=TIMEOUT)
            page.wait_for_function("""(label) => {
                const b = document.querySelector('.st-key-details');
                return b && b.innerText.includes(label); }""",
                arg=KG.nodes[source].label, timeout=TIMEOUT)
            wait_idle(page)
            page.wait_for_timeout(800)  # the smooth scroll
            assert in_viewport(page, box), f"the evidence is out of view: {box.bounding_box()}"
            assert "http" in box.inner_text()  # the references open from here
        save_screenshot(page, f"twin-keyboard-{key}.png")
        assert page.locator('[data-testid="stException"]').count() == 0


def test_the_handout_downloads_as_a_one_page_pdf(page: Any, tmp_path: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url, wait_until="domcontentloaded", timeout=TIMEOUT)
        page.get_by_text("Handout as PDF, the picture, the explanation").click()
        for name in ("Handout as PDF (A4)", "Handout as PDF (US Letter)"):
            button = page.get_by_role("button", name=name)
            button.wait_for(timeout=TIMEOUT)
            wait_idle(page)
            with page.expect_download(timeout=60_000) as info:
                button.click()
            path = tmp_path / info.value.suggested_filename
            info.value.save_as(path)
            pdf = path.read_bytes()
            assert pdf.startswith(b"%PDF")
            assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 1, name
        wait_idle(page)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name="Printable handout (HTML, one page)").click()
        html = (tmp_path / "h.html")
        info.value.save_as(html)
        assert "<svg" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize("size", [(1400, 1000), (390, 844)])
def test_the_short_answer_comes_first(page: Any, size: tuple[int, int]) -> None:
    """The answer at a glance is on the first screen, above the picture: what studies in
    people found, how sure, what sham comparisons found, and what is untested."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    with streamlit_server(GRAPH) as base_url:
        page.goto(base_url, wait_until="domcontentloaded", timeout=TIMEOUT)
        answer = page.locator('[data-testid="stAlert"]', has_text="In short:")
        answer.wait_for(timeout=TIMEOUT)
        frame = page.locator("iframe").first
        frame.wait_for(timeout=TIMEOUT)
        wait_idle(page)
        text = answer.inner_text()
        assert "Good evidence from many studies backs this." in text
        assert "pretend (sham) acupuncture found little or no difference" in text
        assert "3 have not been tested" in text
        assert "1 traditional" in text
        top = answer.bounding_box()
        assert top is not None and top["y"] < size[1], "the answer is below the first screen"
        picture = frame.bounding_box()
        assert picture is not None and top["y"] + top["height"] <= picture["y"] + 1
        save_screenshot(page, f"short-answer-{size[0]}x{size[1]}.png")
