"""Bringing what the user just asked for into view: the evidence of a chosen link, the
confirmation of a save (the page was scrolled to where the user clicked)."""

from __future__ import annotations

import streamlit as st

__all__ = ["scroll_into_view"]

_SCROLL = """<script>
(() => {
  /* Bring the box into view once it is drawn, and keep it there while the page above it
     settles (a picture's frame sizes itself after drawing), for a second at most and
     only until the reader scrolls or types. */
  const doc = window.parent.document;
  const find = () => doc.querySelector(".st-key-%s") || document.querySelector(".st-key-%s");
  let tries = 0, settled = 0, stop = false;
  const quit = () => { stop = true; };
  for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
    doc.addEventListener(type, quit, {once: true, capture: true});
  }
  const show = () => {
    if (stop) { return; }
    const box = find();
    if (!box) { if (tries++ < 50) { setTimeout(show, 100); } return; }
    const top = box.getBoundingClientRect().top;
    const out = "%s" === "start" ? top < 0 || top > 80
      : top < 0 || box.getBoundingClientRect().bottom > window.parent.innerHeight;
    if (out) { box.scrollIntoView({block: "%s"}); }
    if (settled++ < 10) { setTimeout(show, 100); }
  };
  show();
})();
</script>"""


def scroll_into_view(key: str, *, block: str = "start") -> None:
    """Bring the container made with ``key=key`` into view after this run draws it: its top
    at the top of the screen (``block="start"``) or the whole box on it (``"center"``)."""
    safe = "".join(c for c in key if c.isalnum() or c in "-_")
    where = "center" if block == "center" else "start"
    st.html(_SCROLL % (safe, safe, where, where), unsafe_allow_javascript=True)
