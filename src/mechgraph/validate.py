"""Validating one parsed file against the models, in a curator's words.

Pydantic's errors are rewritten into plain messages positioned in the YAML
(``unknown field 'evidnce' (did you mean 'evidence'?)``), and the valid items of a
file are kept even when others fail, so that checks across files still run and
report everything at once.

Examples
--------
>>> from mechgraph.source import parse_text
>>> doc = parse_text("nodes:\\n  - id: qi\\n    label: Qi\\n    kind: concpt\\n", "t.yaml")
>>> result = validate_document(doc)
>>> print(result.problems[0])  # doctest: +NORMALIZE_WHITESPACE
t.yaml:4:11: nodes[0].kind: unknown kind 'concpt' (did you mean 'concept'?);
allowed: treatment, mediator, process, condition, outcome, adverse_effect, concept
>>> result.invalid_ids
{'qi'}
"""

from __future__ import annotations

import datetime
import typing
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from mechgraph.errors import Problem
from mechgraph.model import (
    SLUG_RE,
    Citation,
    Claim,
    Edge,
    EdgeRef,
    Evidence,
    Expectation,
    GraphFile,
    Node,
    Reference,
    SourceText,
    required_fields,
    slug_problem,
)
from mechgraph.source import Document, Path_
from mechgraph.text import describe_value, suggest
from mechgraph.vocab import SOURCE_KINDS, VOCABULARIES

__all__ = ["FileItems", "Located", "suggest", "validate_document"]  # suggest: from text

SECTIONS = ("nodes", "edges", "references", "sources", "expectations")
_MODEL_AT: dict[str, type[BaseModel]] = {"nodes": Node, "edges": Edge, "references": Reference,
                                         "sources": SourceText, "expectations": Expectation}
_IN_SOURCE: dict[tuple[str, ...], type[BaseModel]] = {
    ("claims",): Claim, ("claims", "edges"): EdgeRef, ("claims", "cites"): Citation}
"""The models inside a source, by the names on the way to them (list indexes left out)."""


class Located:
    """A validated item with where it was written (a light object: there is one per item)."""

    __slots__ = ("doc", "item", "path")

    def __init__(self, item: Any, doc: Document, path: Path_):
        self.item, self.doc, self.path = item, doc, path

    def __repr__(self) -> str:
        return f"Located({self.item!r}, {self.doc.file!r}, {self.path!r})"

    @property
    def file(self) -> str:
        """The file the item is in."""
        return self.doc.file

    def position(self, rel: Path_ = ()) -> tuple[int | None, int | None]:
        """``(line, col)`` of the item, or of a value inside it (``rel``: path from it)."""
        return self.doc.position((*self.path, *rel))

    def where(self) -> str:
        """``file:line:col`` of the item (of its key, for a reference)."""
        line, col = self.doc.position(self.path, key=True)
        return f"{self.file}:{line}:{col}"

    def problem(self, rel: Path_, message: str, code: str) -> Problem:
        """A problem positioned at a value inside the item (at the item's key if ``rel``
        is empty and the item has one)."""
        return self.doc.problem((*self.path, *rel), message, code, key=not rel)


@dataclass
class FileItems:
    """The valid items of one file and the problems of the others."""

    doc: Document
    nodes: list[Located] = field(default_factory=list)
    edges: list[Located] = field(default_factory=list)
    references: list[tuple[str, Located]] = field(default_factory=list)
    sources: list[tuple[str, Located]] = field(default_factory=list)
    """The sources of claims, by key (see :class:`~mechgraph.model.SourceText`)."""
    expectations: list[Located] = field(default_factory=list)
    """What the graph's answers must keep (see :class:`~mechgraph.model.Expectation`)."""
    problems: list[Problem] = field(default_factory=list)
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of nodes that failed validation (so edges to them are not reported again)."""
    invalid_refs: set[str] = field(default_factory=set)
    """Keys of references that failed validation."""
    complete: bool = True
    """False when a whole section (or the file) was unusable, so its ids are unknown."""
    summary: Any = None
    """What the checks across files need to know of this file, once computed
    (see :func:`mechgraph.checks.summarize`)."""


_FORM = {
    "doi": "a DOI such as '10.1016/j.jpain.2017.11.005'",
    "pmid": "a PMID, a number such as 15135942",
    "url": "an https:// link",
}
"""What a value of these fields looks like, for messages about a value of the wrong type."""


def _model_at(loc: Path_) -> type[BaseModel]:
    """The model of the mapping at ``loc`` inside a file."""
    if not loc or loc[0] not in _MODEL_AT:
        return GraphFile
    if loc[0] == "edges" and len(loc) >= 4 and loc[2] == "evidence":
        return Evidence
    if loc[0] == "sources" and len(loc) > 2:
        names = tuple(str(part) for part in loc[2:] if not isinstance(part, int))
        return _IN_SOURCE.get(names, SourceText)
    return _MODEL_AT[str(loc[0])]


def _literal_values(loc: Path_) -> tuple[str, ...]:
    """The values a field of a vocabulary allows, from its model (for fields that no
    other model shares, such as an expectation's ``overall``)."""
    info = _model_at(loc[:-1]).model_fields.get(str(loc[-1])) if loc else None
    args = typing.get_args(info.annotation) if info is not None else ()
    return tuple(v for a in args for v in (typing.get_args(a) or (a,)) if isinstance(v, str))


def _allowed_fields(loc: Path_) -> tuple[str, ...]:
    """The field names allowed in the mapping at ``loc`` (for suggestions)."""
    return tuple(_model_at(loc).model_fields)


VOCABULARY_CUTOFF = 0.75
"""How alike a wrong vocabulary value must be to a right one to be suggested."""


def _message(err: Any) -> tuple[str, bool]:
    """Plain words for one pydantic error; and whether it points at a key."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing required field '{name}'", False
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1])
        return (f"unknown field '{name}'{suggest(name, allowed)}; "
                f"allowed: {', '.join(allowed)}", True)
    if kind == "literal_error":
        allowed = (SOURCE_KINDS if loc[0] == "sources" and name == "kind"
                   else VOCABULARIES.get(name) or _literal_values(loc))
        if not isinstance(value, str):
            return (f"{name} must be one of: {', '.join(allowed)}; got "
                    f"{describe_value(value)}", False)
        unsaid = ("; write 'unknown' if the source does not say"
                  if "unknown" in allowed and loc[0] != "expectations" else "")
        return (f"unknown {name} {value!r}{suggest(value, allowed, VOCABULARY_CUTOFF)}; "
                f"allowed: {', '.join(allowed)}{unsaid}", False)
    if kind in ("string_type", "str_type"):
        if name in _FORM:
            return f"expected {_FORM[name]}, got {describe_value(value)}", False
        quotable = isinstance(value, int | float | bool | datetime.date)
        hint = " (quote it to make it text)" if quotable else ""
        return f"expected text, got {describe_value(value)}{hint}", False
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe_value(value)}", False
    if kind in ("list_type",):
        return f"expected a list, got {describe_value(value)}", False
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if loc and loc[0] in _MODEL_AT and len(loc) in (2, 4):
            required = required_fields(_model_at(loc))
            return (f"expected a mapping of fields ({', '.join(required)}, ...), got "
                    f"{describe_value(value)}", False)
        return f"expected a mapping, got {describe_value(value)}", False
    if kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == SLUG_RE.pattern:
        message = slug_problem(value)
        if len(loc) >= 2 and loc[-1] == "[key]":
            return message.replace("is not a valid id", "is not a valid reference key"), True
        return message, False
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{value} is out of range ({err['msg'].lower()})", False
    if kind == "value_error":
        msg = err["msg"].removeprefix("Value error, ")
        if len(loc) >= 2 and loc[-1] == "[key]":
            return msg.replace("is not a valid id", "is not a valid reference key"), True
        return msg, False
    return err["msg"], False


def _problems(doc: Document, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message, at_key = _message(err)
        code = {"missing": "missing-field", "extra_forbidden": "unknown-field",
                "literal_error": "unknown-value"}.get(err["type"], "invalid-value")
        if loc and loc[-1] == "[key]":
            loc = loc[:-1]
        if err["type"] == "missing":  # point at the mapping that lacks the field
            loc = loc[:-1]
        out.append(doc.problem(loc, message, code, key=at_key))
    return out


def validate_document(doc: Document) -> FileItems:
    """Validate one parsed file; return its valid items and the problems of the rest.

    Parameters
    ----------
    doc : Document
        A file read by :func:`mechgraph.source.read_file` without problems.

    Returns
    -------
    FileItems
    """
    result = FileItems(doc)
    data = doc.data
    if data is None:
        return result
    if not isinstance(data, dict):
        result.complete = False
        result.problems.append(doc.problem(
            (), f"a graph file must be a mapping with 'nodes', 'edges', 'references', "
                f"'sources' and/or 'expectations' sections, not {describe_value(data)}",
            "not-a-mapping"))
        return result
    try:
        parsed = GraphFile.model_validate(data)
    except ValidationError as exc:
        result.problems.extend(_problems(doc, exc))
        _keep_valid_items(result, data)
        return result
    _add(result, "nodes", parsed.nodes)
    _add(result, "edges", parsed.edges)
    for key, ref in parsed.references.items():
        result.references.append((key, Located(ref, doc, ("references", key))))
    for key, text in parsed.sources.items():
        result.sources.append((key, Located(text, doc, ("sources", key))))
    _add(result, "expectations", parsed.expectations)
    return result


def _add(result: FileItems, section: str, items: list[Any]) -> None:
    target = getattr(result, section)
    for i, item in enumerate(items):
        target.append(Located(item, result.doc, (section, i)))


def _keep_valid_items(result: FileItems, data: dict[Any, Any]) -> None:
    """After a failed file, validate item by item to keep the valid ones."""
    doc = result.doc
    for section, model in (("nodes", Node), ("edges", Edge), ("expectations", Expectation)):
        items = data.get(section)
        if not isinstance(items, list):
            # a broken expectations section hides no id that other files need
            result.complete = result.complete and (items is None or section == "expectations")
            continue
        for i, raw in enumerate(items):
            try:
                item = model.model_validate(raw)
            except ValidationError:
                if section == "nodes" and isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    result.invalid_ids.add(raw["id"])
                continue
            getattr(result, section).append(Located(item, doc, (section, i)))
    refs = data.get("references")
    if refs is not None and not isinstance(refs, dict):
        result.complete = False
    if isinstance(refs, dict):
        for key, raw in refs.items():
            try:
                ref = Reference.model_validate(raw)
            except ValidationError:
                if isinstance(key, str):
                    result.invalid_refs.add(key)
                continue
            if isinstance(key, str) and SLUG_RE.match(key):
                result.references.append((key, Located(ref, doc, ("references", key))))
    texts = data.get("sources")
    if isinstance(texts, dict):
        for key, raw in texts.items():
            try:
                text = SourceText.model_validate(raw)
            except ValidationError:
                continue
            if isinstance(key, str) and SLUG_RE.match(key):
                result.sources.append((key, Located(text, doc, ("sources", key))))
