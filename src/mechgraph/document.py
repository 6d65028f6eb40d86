"""The document an explanation is written as, and the pieces every explanation uses.

A :class:`Document` is a title and blocks (headings, paragraphs, lists), rendered as text,
Markdown or HTML (:data:`FORMATS`): Markdown and HTML escape every text, and only http(s)
addresses become links. :func:`in_text` puts a label inside a sentence and
:func:`reference_line` writes a reference in a list of references.

Examples
--------
>>> doc = Document("Acupuncture <and> pain")
>>> doc.para("See https://doi.org/10.1/x.")
>>> print(doc.render("html"), end="")
<h1>Acupuncture &lt;and&gt; pain</h1>
<p>See <a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>.</p>
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from mechgraph.model import Reference
from mechgraph.text import URL_RE, escape_markdown

__all__ = ["FORMATS", "Document", "brief_reference_line", "design_words", "first_author",
           "in_text", "linked", "node_name", "reference_line", "reference_title", "short_cite",
           "short_journal", "short_reference_line", "subjects_words", "year_words"]

FORMATS = ("text", "markdown", "html")
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass
class Document:
    """A small document: a title and blocks, rendered as text or Markdown."""

    title: str
    blocks: list[tuple[str, Any]] = field(default_factory=list)

    def heading(self, text: str) -> None:
        self.blocks.append(("h2", text))

    def para(self, text: str) -> None:
        if text:
            self.blocks.append(("p", text))

    def items(self, items: list[str], *, numbered: bool = False) -> None:
        if items:
            self.blocks.append(("ol" if numbered else "ul", items))

    def render(self, fmt: str) -> str:
        if fmt == "html":
            return self._html()
        md = fmt == "markdown"
        out = [f"# {escape_markdown(self.title)}" if md
               else f"{self.title}\n{'=' * len(self.title)}"]
        for kind, value in self.blocks:
            if kind == "h2":
                out.append(f"## {escape_markdown(value)}" if md else f"{value}\n{'-' * len(value)}")
            elif kind == "p":
                out.append(escape_markdown(value) if md else textwrap.fill(value, 88))
            else:
                lines = []
                for i, item in enumerate(value, 1):
                    mark = f"{i}. " if kind == "ol" else "- "
                    if md:
                        lines.append(mark + ("\n" + " " * len(mark)).join(
                            escape_markdown(part) for part in item.split("\n")))
                    else:
                        lines.append("\n".join(textwrap.fill(
                            part, 88, initial_indent=mark if j == 0 else " " * len(mark),
                            subsequent_indent=" " * len(mark))
                            for j, part in enumerate(item.split("\n"))))
                out.append("\n".join(lines))
        return "\n\n".join(out) + "\n"


    def _html(self) -> str:
        """The blocks as HTML: every text escaped; only http(s) addresses become links."""
        out = [f"<h1>{html.escape(self.title)}</h1>"]
        for kind, value in self.blocks:
            if kind == "h2":
                out.append(f"<h2>{html.escape(value)}</h2>")
            elif kind == "p":
                out.append(f"<p>{linked(value)}</p>")
            else:
                tag = "ol" if kind == "ol" else "ul"
                items = "".join(f"<li>{'<br>'.join(linked(p) for p in item.split(chr(10)))}"
                                "</li>" for item in value)
                out.append(f"<{tag}>{items}</{tag}>")
        return "\n".join(out) + "\n"


def linked(text: str) -> str:
    """Escape ``text`` and make its http(s) addresses clickable."""
    parts, last = [], 0
    for match in URL_RE.finditer(text):
        url = match.group().rstrip(".,;)")
        parts.append(html.escape(text[last:match.start()]))
        parts.append(f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        last = match.start() + len(url)
    parts.append(html.escape(text[last:]))
    return "".join(parts)


def in_text(label: str) -> str:
    """A label inside a sentence: 'Chronic low back pain' -> 'chronic low back pain'.

    Only a label in sentence case whose first word is a plain word (letters, maybe
    hyphens) loses its capital; any other label keeps its own case: Title Case, acronyms,
    names ("Parkinson's disease"). What is in parentheses is not looked at.

    >>> [in_text(x) for x in ("Endorphins", "Back-related disability", "Gut-Brain Axis",
    ...                       "TNF-alpha", "Mediator M", "Parkinson's disease")]
    ['endorphins', 'back-related disability', 'Gut-Brain Axis', 'TNF-alpha', 'Mediator M', \
"Parkinson's disease"]
    """
    first, rest = label[:1], _PARENTHESES.sub("", label[1:])  # 'Serotonin (5-HT)'
    word = label.split(" ", 1)[0].rstrip(",;:").replace("-", "")
    if first.isupper() and rest == rest.lower() and word.isalpha():
        return first.lower() + label[1:]
    return label


def node_name(node: Any) -> str:
    """A node's label with its module after it, as headings show it: 'Neuroinflammation
    (Parkinson's disease)'. The module is left out when the label already says it."""
    module = getattr(node, "module", None)
    if module and module.lower() not in node.label.lower():
        return f"{node.label} ({module})"
    return str(node.label)


def reference_title(ref: Reference) -> str:
    """A reference's title, or (with none) the identifier that opens it: 'PMID 15135942',
    or the site of its address: 'A page on go.drugbank.com (no title recorded)'."""
    if ref.title:
        return ref.title.rstrip(".")
    if ref.pmid:
        return f"PMID {ref.pmid}"
    if ref.doi:
        return f"DOI {ref.doi}"
    host = urlsplit(str(ref.url)).hostname or str(ref.url)
    return f"A page on {host.removeprefix('www.')} (no title recorded)"


def year_words(ref: Reference) -> str:
    """The year of a reference: '2004', or 'year unknown' (never a number made up)."""
    return "year unknown" if ref.year == "unknown" else str(ref.year)


def first_author(ref: Reference) -> str:
    """The first author's family name, as recorded: 'Vickers' for 'Vickers AJ, et al.',
    a group's name whole ('NIH Consensus Development Panel'); '' when none is recorded.

    Examples
    --------
    >>> first_author(Reference(title="T", authors="Colquhoun D, Novella SP", year=2013,
    ...                        design="opinion", pmid=1))
    'Colquhoun'
    """
    if not ref.authors:
        return ""
    first = ref.authors.split(",")[0].split(" (")[0].strip()
    words = first.split()
    if len(words) > 1 and words[-1].isupper() and len(words[-1]) <= 3:
        words = words[:-1]  # the initials
    return " ".join(words).removesuffix(" et al.")


def short_cite(ref: Reference) -> str:
    """A reference as a reader cites it in passing: 'Vickers 2018' (the year alone, or
    'year unknown', when no author is recorded)."""
    return " ".join(filter(None, (first_author(ref), year_words(ref))))


def design_words(ref: Reference) -> str:
    """The design of a reference in a student's words: 'rct', 'design not recorded'."""
    return "design not recorded" if ref.design == "unknown" else ref.design.replace("_", " ")


def subjects_words(ref: Reference) -> str:
    """Who was studied: 'human', 'subjects not recorded'."""
    return "subjects not recorded" if ref.subjects == "unknown" else ref.subjects


def reference_line(key: str, ref: Reference, fmt: str = "text") -> str:
    """A reference in a numbered list: key, authors (year), title, journal, addresses."""
    year = year_words(ref)
    who = f"{ref.authors} ({year})" if ref.authors else f"({year})"
    journal = f" {ref.journal}." if ref.journal else ""
    links = " ".join(ref.urls.values())
    return f"{key}: {who}. {reference_title(ref)}.{journal} {links}".rstrip()


def brief_reference_line(ref: Reference) -> str:
    """A handout's reference: authors, year, journal (or title) and one address; no key
    (the list numbers the references)."""
    who = f"{ref.authors} " if ref.authors else ""
    where = ref.journal or reference_title(ref)
    return f"{who}({year_words(ref)}). {where}. {next(iter(ref.urls.values()))}"


_ISSUE = re.compile(r"\s+[\d(].*$")
"""From the first word that starts with a digit or "(" on: a journal's volume, issue and
pages."""


def short_journal(ref: Reference) -> str:
    """A reference's journal without its volume, issue and pages ("" when none is
    recorded).

    >>> short_journal(Reference(title="T", journal="J Pain 19(5):455-474", year=2018,
    ...                         design="rct", pmid=1))
    'J Pain'
    """
    return _ISSUE.sub("", ref.journal or "")


def short_reference_line(ref: Reference) -> str:
    """A crowded handout's reference: first author and year, the journal's name and one
    address ('Vickers 2018, J Pain. https://doi.org/10.1016/j.jpain.2017.11.005'); with
    no journal recorded, the title.

    >>> short_reference_line(Reference(title="T", authors="Han JS", year=2004,
    ...                      journal="Neurosci Lett 361(1-3):258-261", design="narrative-review",
    ...                      doi="10.1016/j.neulet.2003.12.019"))
    'Han 2004, Neurosci Lett. https://doi.org/10.1016/j.neulet.2003.12.019'
    """
    where = short_journal(ref) or reference_title(ref)
    return f"{short_cite(ref)}, {where}. {next(iter(ref.urls.values()))}"
