"""Foreseeing how tall a printed one-page handout will be, so that it can show as much as
the page has room for: the line and text measures both handouts share, and the steps of
the pathway handout (:mod:`mechgraph.handout`) from its fullest page to its shortest.
(:mod:`mechgraph.compare_handout` has steps of its own.)

Examples
--------
>>> lines("a short line", 104), lines("word " * 40, 104)
(1, 2)
>>> foreseen("<h1>T</h1><p>One line.</p>", picture_mm=50.0) < 80
True
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mechgraph.wording import PATIENT

__all__ = ["CHARS", "FITS", "LINE", "PAGE_MM", "PT", "REF_CHARS", "SMALL", "Fit", "foreseen",
           "lines"]

PT = 0.3528
"""Millimetres per point."""
LINE = 11 * 1.05 * PT + 0.05
"""The height of a line of 11 pt text, in mm."""
SMALL = 9 * 1.15 * PT
"""The height of a line of a reference (9 pt), in mm."""
CHARS = 104
"""Characters of 11 pt text on a line the width of the page."""
REF_CHARS = 52
"""Characters of a reference on a line of its column (two columns)."""


def lines(text: str, chars: float) -> int:
    """The lines ``text`` takes when wrapped at its spaces and hyphens, ``chars`` to a
    line (a word longer than a line is broken)."""
    chars = max(int(chars), 1)
    count, used = 1, 0
    for word in text.replace("-", "- ").split():
        size = len(word)
        if used and used + 1 + size > chars:
            count, used = count + 1, 0
        used = size if not used else used + 1 + size
        while used > chars:
            count, used = count + 1, used - chars
    return count


@dataclass(frozen=True)
class Fit:
    """How much the pathway handout shows."""

    compact: bool
    """The pathways seen only in animals share one line, and each reference is its first
    author, year, journal and address (:func:`mechgraph.patient.patient_paths`)."""
    crowded_plain: int
    """The lines of plain wording under the labels of a crowded layer of the picture."""
    plain_lines: int = 2
    """The lines of plain wording under the other labels (0: labels alone)."""


FITS = (Fit(False, 1), Fit(True, 1), Fit(True, 0), Fit(True, 0, 0))
"""From the fullest page to the shortest: the first whose foreseen height fits is used;
when none fits, the shortest (the fullest of equally short ones)."""

PAGE_MM = 270.0
"""The foreseen height the pathway handout may take. US Letter, the shorter paper, has
269 mm inside the margins; the foresight errs on the long side by about 5% (on the seed
graph's acupuncture handout, 268 mm foreseen for 255 mm printed), so a page foreseen at
270 mm takes about 257 mm."""

_BLOCK = re.compile(r"<(h1|h2|p|li)>(.*?)(?=<li>|</(?:h1|h2|p|li|ol|ul)>)", re.S)


def foreseen(body: str, picture_mm: float) -> float:
    """The foreseen height in mm of a pathway handout: its picture, the key (three lines
    of 9 pt), each heading, paragraph and item of its ``body`` (HTML) by its length, and
    its references, which run on one after another in two columns."""
    heading = f"<h2>{PATIENT['references']}</h2>"
    at = body.rfind(heading)
    end = body.find("</ol>", at) if at >= 0 else -1
    refs = body[at:end] if end >= 0 else ""
    total = picture_mm + 13.0
    for tag, inner in _BLOCK.findall(body.replace(refs, heading) if refs else body):
        words = html.unescape(re.sub(r"<[^>]+>", "", inner))
        total += lines(words, CHARS - (4 if tag == "li" else 0)) * LINE + 0.4
    if refs:
        run = " ".join(html.unescape(re.sub(r"<[^>]+>|https?://", "", item)) + " 99."
                       for item in refs.split("<li>")[1:]).replace("/", "/ ")  # breaks
        total += (lines(run, REF_CHARS) + 1) // 2 * SMALL
    return total
