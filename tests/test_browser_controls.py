"""Every control of the explorer, changed twice in a row and back, in a real Chromium.

A user changes one control, then the same control again, then goes back. After each change
the test checks the URL and the page at once: the widget shows the new value, and the
picture (read from vis-network in the component's frame) draws exactly what the library
says that state shows. Streamlit's own test runner missed a lost second click; these run
the served app.

Fixtures (``page``) are in conftest.py; the widget helpers in browser.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser import (
    choose,
    click_radio,
    multiselect_add,
    multiselect_remove,
    save_screenshot,
    slide_to,
    streamlit_server,
    wait_for_url,
    widget,
)
from conftest import GRAPH

from mechgraph import load_graph
from mechgraph.query import Filter, find_paths, focus
from mechgraph.view import RELATION_WORDS, pathway_graph

pytestmark = pytest.mark.browser

TIMEOUT = 20_000
KG = load_graph(GRAPH)
LABEL = {i: n.label for i, n in KG.nodes.items()}
EXPLAIN, EXPLORE = "Explain (for patients)", "Explore (for students)"
LINK_PICKER = ("Evidence for a link (or click a link in the picture, or a row of the "
               "table)")


def frame_named(page: Any, title: str) -> Any:
    """The component frame whose picture is titled ``title`` (None if there is none)."""
    for frame in page.frames:
        if frame == page.main_frame:
            continue
        try:
            if frame.evaluate("document.title") == title:
                return frame
        except Exception:  # a frame being replaced by the rerun
            continue
    return None


def picture(page: Any, title: str) -> dict[str, Any] | None:
    frame = frame_named(page, title)
    if frame is None:
        return None
    try:
        return frame.evaluate("""() => {
            const net = window.mechgraphNetwork;
            if (!net || document.body.dataset.drawn !== 'yes') { return null; }
            const edges = net.body.data.edges.get();
            return {nodes: net.body.data.nodes.getIds().sort(),
                    bright: edges.filter(e => e.color.opacity === 1).map(e => e.id).sort(),
                    edges: edges.map(e => e.id).sort()}; }""")
    except Exception:
        return None


def expect_picture(page: Any, title: str, nodes: set[str],
                   bright: set[tuple[str, str, str]] | None = None) -> None:
    """Wait until the picture titled ``title`` draws exactly ``nodes``, with exactly the
    ``bright`` edges at full opacity (all of them when None)."""
    want_nodes = sorted(nodes)
    seen = None
    for _ in range(int(TIMEOUT / 250)):
        seen = picture(page, title)
        if seen is not None and seen["nodes"] == want_nodes:
            want_bright = (seen["edges"] if bright is None
                           else sorted("|".join(k) for k in bright))
            if seen["bright"] == want_bright:
                return
        page.wait_for_timeout(250)
    raise AssertionError(f"picture {title!r}: expected nodes {want_nodes}"
                         f" (bright {bright}), saw {json.dumps(seen)}")


def expect_shown(page: Any, testid: str, label: str, text: str) -> None:
    """The selectbox (or other input) labelled ``label`` shows ``text``."""
    box = widget(page, testid, label).locator("input").first
    page.wait_for_function("([el, text]) => el.value === text",
                           arg=[box.element_handle(timeout=TIMEOUT), text], timeout=TIMEOUT)


def explain_title(source: str, target: str) -> str:
    from mechgraph.explain import sheet_title

    return sheet_title(KG, source, target)


def explain_view(source: str, target: str, flt: Filter | None = None,
                 path: int | None = None) -> tuple[set[str], set[tuple[str, str, str]] | None]:
    graph = (flt or Filter()).apply(KG.graph)
    report = find_paths(KG, source, target, graph=graph)
    nodes = set(pathway_graph(KG, report).nodes)
    return nodes, (set(report.paths[path - 1].edges) if path else None)


def check_explain(page: Any, source: str, target: str, flt: Filter | None = None,
                  path: int | None = None) -> None:
    graph = (flt or Filter()).apply(KG.graph)
    if source not in graph or target not in graph:
        page.get_by_text("The filters hide this treatment or condition").wait_for(
            timeout=TIMEOUT)
    else:
        nodes, bright = explain_view(source, target, flt, path)
        expect_picture(page, explain_title(source, target), nodes, bright)
    expect_shown(page, "stSelectbox", "Treatment", LABEL[source])
    expect_shown(page, "stSelectbox", "Condition", LABEL[target])


def open_explain(page: Any, base_url: str) -> None:
    page.goto(base_url, wait_until="domcontentloaded", timeout=TIMEOUT)
    wait_for_url(page, {"mode": "explain", "source": "acupuncture",
                        "target": "chronic_low_back_pain"})
    check_explain(page, "acupuncture", "chronic_low_back_pain")


FILTER_STEPS = [
    # (filter field, panel label, first value, second value)
    ("relation", "Relation", "decreases", "increases"),
    ("stance", "Stance", "supports", "refutes"),
    ("design", "Study design", "rct", "animal"),
    ("subjects", "Who was studied", "animal", "human"),
    ("comparison", "Comparison", "sham", "usual_care"),
    ("framework", "Framework", "biomedical", "traditional"),
    ("basis", "What the link rests on", "studied", "traditional"),
]


def test_explain_controls_twice_in_a_row(page: Any) -> None:
    """Mode, treatment, condition, highlighted pathway, every filter: each changed twice
    in a row and back, the URL and the page checked after each change."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    src, tgt = "acupuncture", "chronic_low_back_pain"
    with streamlit_server(GRAPH) as base_url:
        open_explain(page, base_url)
        # Mode: explore, explain, explore, explain.
        for mode, name, shows in (("explore", EXPLORE, "Focus on"),
                                  ("explain", EXPLAIN, "Treatment"),
                                  ("explore", EXPLORE, "Focus on"),
                                  ("explain", EXPLAIN, "Treatment")):
            click_radio(page, "Mode", name)
            wait_for_url(page, {"mode": mode})
            widget(page, "stSelectbox", shows).wait_for(timeout=TIMEOUT)
        check_explain(page, src, tgt)

        # Treatment and condition, twice and back.
        for source, target in (("sham_acupuncture", tgt), ("acupuncture", tgt)):
            choose(page, "Treatment", LABEL[source])
            wait_for_url(page, {"mode": "explain", "source": source, "target": target})
            check_explain(page, source, target)
        for source, target in ((src, "back_disability"), (src, tgt), (src, "back_disability"),
                               (src, tgt)):
            choose(page, "Condition", LABEL[target])
            wait_for_url(page, {"source": source, "target": target})
            check_explain(page, source, target)

        # The highlighted pathway: #2, #3, none, #3.
        for n in (2, 3, None, 3):
            choose(page, "Highlight a pathway", f"#{n}:" if n else "none")
            wait_for_url(page, {"path": str(n) if n else None})
            check_explain(page, src, tgt, path=n)
        choose(page, "Highlight a pathway", "none")
        wait_for_url(page, {"path": None})

        # Every filter: add one value, add a second, remove the first, remove the second.
        page.get_by_text("Filters", exact=True).click()
        widget(page, "stMultiSelect", "Relation").wait_for(timeout=TIMEOUT)
        page.wait_for_timeout(1000)  # the panel settles (see the path finder below)
        for field, label, first, second in FILTER_STEPS:
            steps = ((multiselect_add, first, [first]),
                     (multiselect_add, second, [first, second]),
                     (multiselect_remove, first, [second]),
                     (multiselect_remove, second, []))
            for action, value, now in steps:
                action(page, label, value)
                wait_for_url(page, {field: now or None, "source": src, "target": tgt})
                flt = Filter.of_fields({field: now})
                check_explain(page, src, tgt, flt)
        # The node-kind filter can hide an end of the question: the page says so.
        multiselect_add(page, "Node kind", "treatment")
        wait_for_url(page, {"kind": ["treatment"]})
        page.get_by_text("The filters hide this treatment or condition").wait_for(
            timeout=TIMEOUT)
        multiselect_add(page, "Node kind", "condition")
        wait_for_url(page, {"kind": ["treatment", "condition"]})
        check_explain(page, src, tgt, Filter(kinds={"treatment", "condition"}))
        for value, now in (("treatment", ["condition"]), ("condition", None)):
            multiselect_remove(page, "Node kind", value)
            wait_for_url(page, {"kind": now})
        check_explain(page, src, tgt)
        # Minimum evidence level: moderate, low, any, low.
        for level in ("moderate", "low", "any", "low"):
            choose(page, "Minimum evidence level", level)
            wait_for_url(page, {"level": None if level == "any" else level})
            check_explain(page, src, tgt, Filter(min_level=None if level == "any" else level))
        save_screenshot(page, "controls-explain.png")
        assert page.locator('[data-testid="stException"]').count() == 0


def explore_view(node: str, depth: int = 1, direction: str = "both") -> set[str]:
    return set(focus(KG, node, depth=depth, direction=direction).nodes)


def check_explore(page: Any, node: str, depth: int = 1, direction: str = "both") -> None:
    expect_picture(page, LABEL[node], explore_view(node, depth, direction))
    expect_shown(page, "stSelectbox", "Focus on", LABEL[node])


def test_explore_controls_twice_in_a_row(page: Any) -> None:
    """Focus, depth, direction, search, a click on the picture while the search box holds
    text, the link picker and the path finder: twice in a row and back."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    with streamlit_server(GRAPH) as base_url:
        page.goto(f"{base_url}/?mode=explore&focus=acupuncture", wait_until="domcontentloaded",
                  timeout=TIMEOUT)
        check_explore(page, "acupuncture")
        for node in ("endorphins", "serotonin", "acupuncture"):
            choose(page, "Focus on", LABEL[node])
            wait_for_url(page, {"mode": "explore", "focus": node})
            check_explore(page, node)
        for depth in (2, 3, 1, 2):
            slide_to(page, "Depth", depth)
            wait_for_url(page, {"depth": None if depth == 1 else str(depth)})
            check_explore(page, "acupuncture", depth)
        for direction in ("downstream", "upstream", "both", "upstream"):
            click_radio(page, "Direction", direction)
            wait_for_url(page, {"direction": None if direction == "both" else direction})
            check_explore(page, "acupuncture", 2, direction)
        click_radio(page, "Direction", "both")
        wait_for_url(page, {"direction": None})
        slide_to(page, "Depth", 1)
        wait_for_url(page, {"depth": None})
        check_explore(page, "acupuncture")

        # Search, pick a match; then click a node in the picture while the box holds text.
        search = page.get_by_label("Search a node")
        search.fill("seroton")
        search.press("Enter")
        click_radio(page, "Matches", LABEL["serotonin"])
        wait_for_url(page, {"focus": "serotonin"})
        check_explore(page, "serotonin")
        frame = frame_named(page, LABEL["serotonin"])
        xy = frame.evaluate("window.mechgraphNetwork.canvasToDOM("
                            "window.mechgraphNetwork.getPosition('pain_signalling'))")
        box = frame.locator("#graph").bounding_box()
        page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
        wait_for_url(page, {"focus": "pain_signalling"})
        check_explore(page, "pain_signalling")
        assert search.input_value() == "seroton"
        search.fill("")
        search.press("Enter")

        # The link picker: two links in a row, then none.
        choose(page, "Focus on", LABEL["endorphins"])
        wait_for_url(page, {"focus": "endorphins"})
        links = ["acupuncture|endorphins|increases", "endorphins|pain_signalling|decreases"]
        for key in (*links, links[0]):
            s, t, r = key.split("|")
            choose(page, LINK_PICKER, f"{LABEL[s]} {RELATION_WORDS[r]} {LABEL[t]}")
            wait_for_url(page, {"selected": key, "focus": "endorphins"})
            page.get_by_role("heading", name=f"{LABEL[s]} {r}").first.wait_for(
                timeout=TIMEOUT)
        choose(page, LINK_PICKER, "none")
        wait_for_url(page, {"selected": None})

        # The path finder: from, to, and the pathway shown, twice and back.
        page.get_by_text("Path finder", exact=True).click()
        widget(page, "stSelectbox", "From").wait_for(timeout=TIMEOUT)  # made once it opened
        # Streamlit's panel scrolls its content while it opens (about half a second), and an
        # open option list closes when something around it scrolls: wait, as a user sees
        # the panel settle before picking.
        page.wait_for_timeout(1000)
        choose(page, "From", LABEL["acupuncture"])
        wait_for_url(page, {"from": "acupuncture"})
        for target in ("chronic_low_back_pain", "back_disability", "chronic_low_back_pain"):
            choose(page, "To", LABEL[target])
            wait_for_url(page, {"from": "acupuncture", "to": target})
            title = f"{LABEL['acupuncture']} → {LABEL[target]}"
            report = find_paths(KG, "acupuncture", target)
            expect_picture(page, title, set(pathway_graph(KG, report).nodes),
                           set(report.paths[0].edges))
        for n in (2, 3, 2):
            choose(page, "Show pathway", str(n))
            wait_for_url(page, {"path": str(n)})
            report = find_paths(KG, "acupuncture", "chronic_low_back_pain")
            expect_picture(page, f"{LABEL['acupuncture']} → {LABEL['chronic_low_back_pain']}",
                           set(pathway_graph(KG, report).nodes), set(report.paths[n - 1].edges))
        # The focus picture is still the focus's.
        check_explore(page, "endorphins")
        save_screenshot(page, "controls-explore.png")
        assert page.locator('[data-testid="stException"]').count() == 0


def test_the_back_button_goes_back_a_step(page: Any) -> None:
    """The browser's back and forward buttons walk the views the user made, and the page
    follows the URL each time."""
    page.set_viewport_size({"width": 1400, "height": 1000})
    src, tgt = "acupuncture", "chronic_low_back_pain"
    with streamlit_server(GRAPH) as base_url:
        open_explain(page, base_url)
        choose(page, "Treatment", LABEL["sham_acupuncture"])
        wait_for_url(page, {"source": "sham_acupuncture", "target": tgt})
        check_explain(page, "sham_acupuncture", tgt)
        choose(page, "Treatment", LABEL[src])
        wait_for_url(page, {"source": src})
        choose(page, "Condition", LABEL["back_disability"])
        wait_for_url(page, {"source": src, "target": "back_disability"})
        check_explain(page, src, "back_disability")
        page.go_back()
        wait_for_url(page, {"source": src, "target": tgt})
        check_explain(page, src, tgt)
        page.go_back()
        wait_for_url(page, {"source": "sham_acupuncture", "target": tgt})
        check_explain(page, "sham_acupuncture", tgt)
        page.go_forward()
        wait_for_url(page, {"source": src, "target": tgt})
        check_explain(page, src, tgt)
        # A change after going back is kept, and the URL follows it.
        choose(page, "Condition", LABEL["back_disability"])
        wait_for_url(page, {"source": src, "target": "back_disability"})
        check_explain(page, src, "back_disability")
        assert page.locator('[data-testid="stException"]').count() == 0
