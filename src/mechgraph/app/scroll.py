"""Bringing what the user just asked for into view: the evidence of a chosen link, the
confirmation of a save (the page was scrolled to where the user clicked).

One box per run: the first asked for wins (a save's confirmation, at the top, over the
evidence of the link the save selected). Two scripts each keeping their own box in view
would pull the page to and fro, and the last to stop would win by chance.
"""

from __future__ import annotations

import streamlit as st

from mechgraph.app import state as session

__all__ = ["new_run", "scroll_into_view"]

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


def new_run() -> None:
    """Start a run: nothing has been brought into view yet."""
    session.box().pop("scrolled", None)


def scroll_into_view(key: str, *, block: str = "start") -> bool:
    """Bring the container made with ``key=key`` into view after this run draws it: its top
    at the top of the screen (``block="start"``) or the whole box on it (``"center"``).

    Returns False, doing nothing, when another box was brought into view in this run.
    """
    own = session.box()
    if own.get("scrolled"):
        return False
    own["scrolled"] = key
    safe = "".join(c for c in key if c.isalnum() or c in "-_")
    where = "center" if block == "center" else "start"
    st.html(_SCROLL % (safe, safe, where, where), unsafe_allow_javascript=True)
    return True
