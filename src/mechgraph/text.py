"""Small text helpers shared by the checks, the queries, the words and the app.

:func:`suggest` words the "did you mean" of an unknown name; :func:`escape_markdown` makes
any text safe to show as Markdown (in explanations, diffs and the app).

Examples
--------
>>> "unknown node 'endorphin'" + suggest("endorphin", ["endorphins", "serotonin"])
"unknown node 'endorphin' (did you mean 'endorphins'?)"
>>> print(escape_markdown("a_b *c*"))
a\\_b \\*c\\*
"""

from __future__ import annotations

import difflib
import re
from typing import Any

__all__ = ["URL_RE", "describe_value", "escape_markdown", "suggest"]

URL_RE = re.compile(r"https?://[^\s<>\"']+")
"""An http(s) address inside text (trailing ``.,;)`` are the sentence's, not the URL's)."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+[.)])")


def describe_value(value: Any) -> str:
    """A YAML value in words, for messages: what was found instead of what was expected.

    Examples
    --------
    >>> describe_value(True), describe_value(2004.0), describe_value("2004")
    ('a yes/no value (true)', 'a number (2004.0)', "text ('2004')")
    """
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a yes/no value ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ('{value}')" if len(value) < 40 else "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__} ({value})"


def suggest(name: Any, candidates: Any, cutoff: float = 0.6) -> str:
    """Return `` (did you mean 'x'?)`` for the closest candidate, or ``""``.

    ``cutoff`` (0-1) is how alike they must be (:func:`difflib.get_close_matches`);
    vocabulary values use a higher one, since a wrong guess there changes the meaning
    (``human-clinical`` is no typo of ``human-mechanistic``).

    Examples
    --------
    >>> suggest("endorphin", ["endorphins", "serotonin"])
    " (did you mean 'endorphins'?)"
    >>> suggest("RCT", ["meta-analysis", "rct"])
    " (did you mean 'rct'?)"
    >>> suggest("zzz", ["endorphins"])
    ''
    >>> suggest("human-clinical", ["human-mechanistic"], cutoff=0.75)
    ''
    """
    if not isinstance(name, str):
        return ""
    by_lower: dict[str, str] = {}
    for candidate in candidates:
        by_lower.setdefault(str(candidate).lower(), str(candidate))
    match = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return f" (did you mean '{by_lower[match[0]]}'?)" if match else ""


def escape_markdown(text: str) -> str:
    """Text as Markdown that shows exactly that text: the marks that could start emphasis,
    code, links, HTML or a table are escaped, and so is what would start a heading or a
    list at the start; line breaks become spaces; http(s) addresses become autolinks (the
    only links made).

    Examples
    --------
    >>> print(escape_markdown("a_b [x](javascript:y) <img> 1. ok https://doi.org/10.1/x."))
    a\\_b \\[x\\](javascript:y) \\<img\\> 1. ok <https://doi.org/10.1/x>.
    >>> print(escape_markdown("# not a heading"))
    \\# not a heading
    """
    parts, last = [], 0
    text = " ".join(text.split("\n"))
    for match in URL_RE.finditer(text):
        url = match.group().rstrip(".,;)")
        parts.append(_MD_SPECIAL.sub(r"\\\1", text[last:match.start()]))
        parts.append(f"<{url}>")
        last = match.start() + len(url)
    parts.append(_MD_SPECIAL.sub(r"\\\1", text[last:]))
    return _MD_LINE_START.sub(r"\1\\\2", "".join(parts))
