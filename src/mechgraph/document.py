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
import textwrap
from dataclasses import dataclass, field
from typing import Any

from mechgraph.model import Reference
from mechgraph.text import URL_RE, escape_markdown

__all__ = ["FORMATS", "Document", "in_text", "linked", "reference_line"]

FORMATS = ("text", "markdown", "html")


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
    """A label inside a sentence: 'Chronic low back pain' -> 'chronic low back pain'."""
    if len(label) > 1 and label[1].isupper():  # an acronym: keep it
        return label
    return label[:1].lower() + label[1:]


def reference_line(key: str, ref: Reference, fmt: str) -> str:
    who = f"{ref.authors} ({ref.year})" if ref.authors else f"({ref.year})"
    journal = f" {ref.journal}." if ref.journal else ""
    links = " ".join(ref.urls.values())
    return f"{key}: {who}. {ref.title}.{journal} {links}".rstrip()

