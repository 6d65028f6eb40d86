"""HTML to PDF with the system Chromium, headless.

Why Chromium and not a Python renderer: the tests already measure the one-page layout of
the handout in this very Chromium (page count, font sizes), so the PDF is exactly what was
tested. A pure-Python renderer would print differently: WeasyPrint needs the system's
Pango, and xhtml2pdf lacks the CSS and SVG the handout uses.

Chromium runs with a fresh profile folder, no network services of its own, and a time
limit; the page itself loads nothing (the handout forbids it in its content policy).

Examples
--------
>>> page_rule("letter")
'@page { size: letter; }'
>>> html_to_pdf("<p>hi</p>", paper="A3")
Traceback (most recent call last):
...
mechgraph.pdf.PdfError: unknown paper 'A3'; allowed: A4, letter
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mechgraph.errors import MechgraphError

__all__ = ["PAPERS", "PdfError", "chromium_path", "html_to_pdf", "page_rule"]

PAPERS: dict[str, str] = {"A4": "A4", "letter": "letter"}
"""The paper sizes, as the CSS ``@page { size: ... }`` names them."""

TIMEOUT = 60.0
"""Seconds Chromium may take to print one page."""

_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class PdfError(MechgraphError):
    """Printing to PDF failed: no Chromium, an unknown paper size, or Chromium failed."""


def chromium_path() -> str | None:
    """The Chromium to print with: ``$MECHGRAPH_CHROMIUM`` if set, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on PATH, else
    ``/usr/bin/chromium`` if it exists; None when there is none."""
    chosen = os.environ.get("MECHGRAPH_CHROMIUM")
    if chosen:
        return chosen
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def page_rule(paper: str) -> str:
    """The CSS rule that sets the paper size."""
    if paper not in PAPERS:
        raise PdfError(f"unknown paper '{paper}'; allowed: {', '.join(PAPERS)}")
    return f"@page {{ size: {PAPERS[paper]}; }}"


def _with_paper(html: str, paper: str) -> str:
    """``html`` with the paper's ``@page`` rule added last (so that it wins)."""
    rule = f"<style>{page_rule(paper)}</style>"
    at = html.lower().rfind("</head>")
    return html[:at] + rule + html[at:] if at >= 0 else rule + html


def html_to_pdf(html: str, *, paper: str = "A4") -> bytes:
    """Print an HTML page to PDF with the system Chromium.

    Parameters
    ----------
    html : str
        A standalone page; it is written to a temporary file and opened from there.
    paper : {"A4", "letter"}

    Returns
    -------
    bytes
        The PDF.

    Raises
    ------
    PdfError
        When no Chromium is found, the paper is unknown, or Chromium fails or takes longer
        than :data:`TIMEOUT` seconds.
    """
    page = _with_paper(html, paper)
    chromium = chromium_path()
    if chromium is None:
        raise PdfError("cannot make a PDF: no Chromium found (install chromium, or set "
                       "MECHGRAPH_CHROMIUM to its path)")
    with tempfile.TemporaryDirectory(prefix="mechgraph-pdf-") as folder:
        source, out = Path(folder, "page.html"), Path(folder, "page.pdf")
        source.write_text(page, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                   "--no-pdf-header-footer", f"--print-to-pdf={out}",
                   "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--disable-default-apps",
                   f"--user-data-dir={Path(folder, 'profile')}", source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                                  stdin=subprocess.DEVNULL, check=False)
        except FileNotFoundError as err:
            raise PdfError(f"cannot make a PDF: cannot run {chromium}: {err}") from err
        except subprocess.TimeoutExpired as err:
            raise PdfError(f"cannot make a PDF: {chromium} took longer than "
                           f"{TIMEOUT:.0f} s") from err
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            tail = "\n".join((done.stderr or "").strip().splitlines()[-5:])
            raise PdfError(f"cannot make a PDF: {chromium} exited with {done.returncode}"
                           + (f":\n{tail}" if tail else ""))
        return out.read_bytes()
