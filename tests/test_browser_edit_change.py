"""Edit mode changes and removes what exists, in a real Chromium: pick a node, change its
label, save, change it back, save (the page and the file checked after each step, the
folder byte-identical at the end), then remove a link nothing uses.

Fixtures (``page``) are in conftest.py; the widget helpers in browser.py.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest
from browser import (
    assert_only_loopback,
    choose,
    click_radio,
    save_screenshot,
    streamlit_server,
    wait_for_url,
    wait_idle,
    widget,
)
from conftest import run_cli

from mechgraph import load_graph
from mechgraph.editlog import read_log
from mechgraph.text import with_module

pytestmark = pytest.mark.browser

TIMEOUT = 30_000
NEW_LABEL = "Qi: yes # no <b>not bold</b>"
"""YAML would read it as something else unquoted; markup that must show as text."""


def yaml_files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.yaml"))}


def changes(before: dict[str, str], after: dict[str, str]) -> str:
    """What differs, as a diff of each file (for the failure message)."""
    return "".join("".join(difflib.unified_diff(
        before.get(name, "").splitlines(keepends=True),
        after.get(name, "").splitlines(keepends=True), name, name))
        for name in sorted({*before, *after}) if before.get(name) != after.get(name))


NAME_LABEL = "Your name (recorded with each edit you save)"
EDITOR = "Browser C"


def to_edit(page: Any, action: str, kind: str) -> None:
    """Edit mode (from the sidebar), then the action and the kind of item."""
    click_radio(page, "Mode", "Edit (add, change, remove)")
    wait_for_url(page, {"mode": "edit"})
    wait_idle(page)
    name = page.get_by_label(NAME_LABEL)
    if name.count():  # asked once per session, before the first edit
        name.fill(EDITOR)
        page.get_by_role("button", name="Start editing").click()
        wait_idle(page)
    click_radio(page, "Action", action)
    click_radio(page, action, kind)
    wait_idle(page)


def save(page: Any) -> None:
    page.get_by_text("The whole graph checks with it").wait_for(timeout=TIMEOUT)
    button = page.get_by_role("button", name="Save")
    button.scroll_into_view_if_needed()
    wait_idle(page)
    button.click()


def set_label(page: Any, node: str, module: str | None, old: str, new: str) -> None:
    """Change a node's label in the change form (filled in with ``old``), and save."""
    to_edit(page, "Change", "A node")
    choose(page, "Node (type to search)", f"{with_module(old, module)} ({node})")
    label = widget(page, "stTextInput", "Label").locator("input")
    label.wait_for(timeout=TIMEOUT)
    page.wait_for_function("([el, v]) => el.value === v",
                           arg=[label.element_handle(), old], timeout=TIMEOUT)
    label.fill(new)
    label.press("Enter")
    page.get_by_text("(after)").first.wait_for(timeout=TIMEOUT)  # the diff of the file
    save(page)
    wait_for_url(page, {"mode": "explore", "focus": node}, timeout=TIMEOUT)
    saved = page.locator(".st-key-edit-saved")
    saved.get_by_text(f"changed node {node}: label").wait_for(timeout=TIMEOUT)


def test_change_a_label_and_back_then_remove_a_link(page: Any, page_requests: list[str],
                                                    graph_copy: Path) -> None:
    start = yaml_files(graph_copy)
    node = load_graph(graph_copy).nodes["qi"]
    old = node.label
    file = graph_copy / "traditional.yaml"
    with streamlit_server(graph_copy, env={"MECHGRAPH_EDIT": "1"}) as base_url:
        page.goto(f"{base_url}/?mode=explore&focus=qi", wait_until="domcontentloaded",
                  timeout=TIMEOUT)
        page.get_by_text(old).filter(visible=True).first.wait_for(timeout=TIMEOUT)
        # Changed: the file holds the new label exactly, the page shows it as text.
        set_label(page, "qi", node.module, old, NEW_LABEL)
        assert load_graph(graph_copy).nodes["qi"].label == NEW_LABEL
        assert f'label: "{NEW_LABEL}"' in file.read_text()
        page.get_by_text(NEW_LABEL).filter(visible=True).first.wait_for(timeout=TIMEOUT)
        assert page.locator("b", has_text="not bold").count() == 0
        save_screenshot(page, "app-edit-changed.png")
        # Changed back: every file as it was, byte for byte.
        set_label(page, "qi", node.module, NEW_LABEL, old)
        assert load_graph(graph_copy).nodes["qi"].label == old
        assert yaml_files(graph_copy) == start, changes(start, yaml_files(graph_copy))
        page.get_by_text(old).filter(visible=True).first.wait_for(timeout=TIMEOUT)
        # Removed: a link nothing uses, gone from the file and from the picture.
        kg = load_graph(graph_copy)
        key = ("acupuncture", "skin_blood_flow", "increases")
        ref = "|".join(key)
        to_edit(page, "Remove", "A link (edge)")
        choose(page, "Link (type to search)", f"{kg.nodes[key[0]].label} {key[2]} "
               f"{kg.nodes[key[1]].label} ({ref})")
        page.get_by_text("This removes:").wait_for(timeout=TIMEOUT)
        assert load_graph(graph_copy).edges.get(key) is not None, "the preview wrote nothing"
        save(page)
        wait_for_url(page, {"mode": "explore", "focus": "acupuncture"}, timeout=TIMEOUT)
        page.locator(".st-key-edit-saved").get_by_text(
            "removed edge acupuncture -increases-> skin_blood_flow").wait_for(timeout=TIMEOUT)
        assert key not in load_graph(graph_copy).edges
        page.frame_locator("iframe").first.locator("body[data-drawn='yes']").wait_for(
            timeout=TIMEOUT)
        view = next(f for f in page.frames if f != page.main_frame)
        ids = view.evaluate("window.mechgraphNetwork.body.data.edges.getIds()")
        assert ref not in ids and "acupuncture|endorphins|increases" in ids
        assert page.locator('[data-testid="stException"]').count() == 0
    assert run_cli("validate", str(graph_copy)).returncode == 0
    # Each save recorded once, by the name given once in the session.
    assert [(r.author, r.summary.split(":")[0]) for r in read_log(graph_copy)] == [
        (EDITOR, "changed node qi"), (EDITOR, "changed node qi"),
        (EDITOR, "removed edge acupuncture -increases-> skin_blood_flow")]
    assert_only_loopback(page_requests, base_url)
