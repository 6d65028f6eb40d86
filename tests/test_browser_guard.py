"""Edit mode behind a password in a real browser (``streamlit run`` + Chromium): a wrong
password is refused and the form clears itself; the password is never in the URL or the
page; the right one opens edit mode, which asks the editor's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import streamlit_server

pytestmark = pytest.mark.browser

RENDER_TIMEOUT = 30_000
SECRET = "Tr0ub4dor&3-guard"
WRONG = "wrong-guess-4711"


def _submit(page: Any, typed: str) -> None:
    field = page.get_by_label("Edit password")
    field.fill(typed)
    page.get_by_role("button", name="Unlock editing").click()


def _nowhere(page: Any, *secrets: str) -> None:
    """None of ``secrets`` in the URL, the page's HTML or any input's current value."""
    values = page.eval_on_selector_all("input, textarea", "els => els.map(e => e.value)")
    for secret in secrets:
        assert secret not in page.url
        assert secret not in page.content()
        assert secret not in values


def test_the_password_is_asked_and_never_shown(page: Any, graph_copy: Path) -> None:
    env = {"MECHGRAPH_EDIT": "1", "MECHGRAPH_EDIT_PASSWORD": SECRET}
    with streamlit_server(graph_copy, env=env) as base_url:
        page.goto(f"{base_url}/?mode=edit", wait_until="domcontentloaded",
                  timeout=RENDER_TIMEOUT)
        page.get_by_label("Edit password").wait_for(timeout=RENDER_TIMEOUT)
        _submit(page, WRONG)
        page.get_by_text("That is not the edit password.").wait_for(timeout=RENDER_TIMEOUT)
        page.get_by_text("4 more tries before a wait.").wait_for(timeout=RENDER_TIMEOUT)
        _nowhere(page, WRONG, SECRET)
        _submit(page, SECRET)
        name = page.get_by_label("Your name (recorded with each edit you save)")
        name.wait_for(timeout=RENDER_TIMEOUT)
        _nowhere(page, WRONG, SECRET)
        name.fill("Browser Editor")
        page.get_by_role("button", name="Start editing").click()
        page.get_by_text("Fill in: source").first.wait_for(timeout=RENDER_TIMEOUT)
        page.get_by_text("Editing as").first.wait_for(timeout=RENDER_TIMEOUT)
        _nowhere(page, WRONG, SECRET)
        assert page.locator('[data-testid="stException"]').count() == 0
