"""Edit mode's change, remove and rename: pick an existing item, then change its fields in
a form filled in with its current values, remove it, or give it a new id, through
:mod:`mechgraph.change`.

It works as adding does (:mod:`mechgraph.app.editor`, whose parts it reuses): nothing is
saved until the editor presses *Save*; every change of a field shows what the files would
hold (a diff of each file, the text before and after) and the result of checking the whole
graph with it (a dry run), each problem under the field it concerns. A removal lists the
items that use what is removed (``file:line``) and is refused unless the editor ticks
*also remove what uses it*; the dry run then lists everything that goes.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

import mechgraph
from mechgraph.app.editor import (
    ACTIONS,
    DEFINITIONAL,
    Form,
    Slots,
    _field_key,
    _node_fields,
    _pick,
    _reference_fields,
    _slot,
    _text,
    _try,
    show_warnings,
)
from mechgraph.change import (
    remove_edge,
    remove_evidence,
    remove_node,
    remove_reference,
    rename_node,
    rename_reference,
    set_edge,
    set_evidence,
    set_node,
    set_reference,
    uses,
)
from mechgraph.document import reference_title
from mechgraph.edit import EditResult
from mechgraph.keys import EdgeKey, edge_ref, parse_edge_ref
from mechgraph.text import with_module
from mechgraph.vocab import VOCABULARIES

__all__ = ["KINDS", "change_mode", "changes_of", "saved_words", "unified"]

KINDS: dict[str, dict[str, str]] = {
    "set": {"node": "A node", "edge": "A link (edge)", "evidence": "An evidence item",
            "reference": "A reference"},
    "remove": {"node": "A node", "edge": "A link (edge)", "evidence": "An evidence item",
               "reference": "A reference"},
    "rename": {"node": "A node's id", "reference": "A reference's key"},
}
"""The items each action works on."""

EDITABLE: dict[str, tuple[str, ...]] = {
    "node": ("label", "kind", "framework", "description", "plain", "synonyms", "module",
             "control"),
    "edge": ("relation", "definitional", "description", "plain", "claimed_by",
             "curated_in"),
    "evidence": ("ref", "stance", "comparison", "finding", "quote"),
    "reference": ("title", "authors", "year", "journal", "design", "subjects", "doi",
                  "pmid", "url", "note"),
}
"""The fields each change form shows (ids are renamed; an edge's ends make another edge;
its evidence is changed item by item)."""

Picked = tuple[Any, ...]
"""What was picked: ``(node id,)``, ``(reference key,)``, an edge key, or an edge key and
the evidence item's place in the edge's list."""


def _empty(value: Any) -> Any:
    """``None`` for a value that means 'not set' (empty text or list, ``False``)."""
    return None if value in ("", None, [], (), False) else value


def changes_of(current: dict[str, Any], form: dict[str, Any],
               fields: tuple[str, ...]) -> dict[str, Any]:
    """The fields whose value in the form differs from the item's; ``None`` removes one.

    >>> changes_of({"label": "Qi", "plain": "x", "synonyms": []},
    ...            {"label": "Qi", "synonyms": ["chi"]}, ("label", "plain", "synonyms"))
    {'plain': None, 'synonyms': ['chi']}
    """
    old = {name: _empty(current.get(name)) for name in fields}
    new = {name: _empty(form.get(name)) for name in fields}
    return {name: new[name] for name in fields if new[name] != old[name]}


def unified(result: EditResult) -> str:
    """The change to one file as a unified diff (three lines of context).

    >>> from pathlib import Path
    >>> print(unified(EditResult(Path("g.yaml"), 2, "", "a: 1\\nb: 2\\n", "a: 1\\nb: 3\\n",
    ...                          False, False)), end="")
    --- g.yaml (now)
    +++ g.yaml (after)
    @@ -1,2 +1,2 @@
     a: 1
    -b: 2
    +b: 3
    """
    return "".join(difflib.unified_diff(
        result.before.splitlines(keepends=True), result.after.splitlines(keepends=True),
        f"{result.path} (now)", f"{result.path} (after)"))


# --- picking an item ---------------------------------------------------------------------------


def _node_names(kg: mechgraph.MechGraph) -> tuple[list[str], dict[str, str]]:
    ids = sorted(kg.nodes, key=lambda i: (kg.nodes[i].label.lower(), i))
    return ids, {i: f"{with_module(kg.nodes[i].label, kg.nodes[i].module)} ({i})"
                 for i in ids}


def _edge_names(kg: mechgraph.MechGraph) -> tuple[list[str], dict[str, str]]:
    keys = sorted(kg.edges)
    return [edge_ref(k) for k in keys], {
        edge_ref(k): f"{kg.nodes[k[0]].label} {k[2]} {kg.nodes[k[1]].label} ({edge_ref(k)})"
        for k in keys}


def _short(text: str, size: int = 70) -> str:
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def pick(kg: mechgraph.MechGraph, action: str, kind: str, slots: Slots) -> Picked | None:
    """The item the editor picks (selectboxes are searchable: typing narrows them)."""
    prefix = f"{action}-{kind}"
    if kind == "node":
        ids, names = _node_names(kg)
        chosen = _pick("Node (type to search)", ids, f"{prefix}-pick", names, blank=True,
                       slots=slots)
        return (chosen,) if chosen else None
    if kind == "reference":
        keys = sorted(kg.references)
        names = {k: f"{k}: {reference_title(r)}" for k, r in kg.references.items()}
        chosen = _pick("Reference (type to search)", keys, f"{prefix}-pick", names,
                       blank=True, slots=slots)
        return (chosen,) if chosen else None
    refs, names = _edge_names(kg)
    chosen = _pick("Link (type to search)", refs, f"{prefix}-pick", names, blank=True,
                   slots=slots)
    if not chosen:
        return None
    key = parse_edge_ref(chosen)
    if kind == "edge":
        return key
    items = kg.edges[key].evidence
    if not items:
        st.info("This link has no evidence items.")
        return None
    labels = {str(i): f"{e.ref} ({e.stance}): {_short(e.finding)}"
              for i, e in enumerate(items)}
    place = _pick("Evidence item", list(labels), f"{prefix}-item", labels, blank=True,
                  slots=slots)
    return (*key, int(place)) if place else None


def _evidence_at(kg: mechgraph.MechGraph, picked: Picked) -> tuple[EdgeKey, str, int | None]:
    """The edge, the evidence item's reference, and its index among the edge's items that
    cite that reference (``None`` when it is the only one)."""
    key: EdgeKey = (picked[0], picked[1], picked[2])
    items = kg.edges[key].evidence
    ref = items[picked[3]].ref
    same = [i for i, e in enumerate(items) if e.ref == ref]
    return key, ref, same.index(picked[3]) if len(same) > 1 else None


def _load(prefix: str, picked: Picked, values: dict[str, Any]) -> None:
    """Fill the form's widgets with the picked item's values, once per item picked (the
    editor's changes stay until another item is picked, or the change is saved).

    If the item changed in the files meanwhile (another editor, the command line), the
    form is filled in again, with a warning: a change made on an old copy would otherwise
    undo theirs.

    Every run gives each widget its value again (the value it has): a browser that drew a
    widget afresh from a later run (the run that filled it in was cut short by the next
    one, on a busy machine) would otherwise show the widget's empty default, and send it
    back with the next click, as if the editor had cleared the field."""
    state = st.session_state
    marker = (picked, tuple(values.items()))
    loaded = state.get(f"{prefix}-loaded")
    if loaded == marker:
        for name in values:  # see the docstring
            key = f"{prefix}-{name}"
            if key in state:
                state[key] = state[key]
        return
    if loaded is not None and loaded[0] == picked:
        st.warning("This item changed in the files since the form was filled in (another "
                   "editor, or the command line): the form now shows its current values; "
                   "make your change again.")
    for name, value in values.items():
        state[f"{prefix}-{name}"] = value
    state[f"{prefix}-loaded"] = marker


# --- the change forms ----------------------------------------------------------------------


def _node_form(kg: mechgraph.MechGraph, root: Path, picked: Picked, slots: Slots,
               ) -> tuple[dict[str, Any], Callable[..., EditResult], list[tuple[str, str]]]:
    node = kg.nodes[picked[0]]
    _load("set-node", picked, {
        "label": node.label, "kind": node.kind, "framework": node.framework,
        "description": node.description or "", "plain": node.plain or "",
        "synonyms": "\n".join(node.synonyms), "module": node.module or "",
        "control": node.control})
    form = _node_fields("set-node", f"The node {picked[0]}", slots, with_id=False)
    changes = changes_of(node.model_dump(), form, EDITABLE["node"])

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return set_node(root, picked[0], changes, dry_run=dry_run, author=author)

    return changes, save, [(r"nodes\[\d+\]", "set-node-")]


def _edge_fields(slots: Slots) -> dict[str, Any]:
    relation = _pick("Relation", list(VOCABULARIES["relation"]), "set-edge-relation",
                     slots=slots)
    definitional = st.checkbox(DEFINITIONAL, key="set-edge-definitional")
    _slot(slots, "set-edge-definitional")
    return {"relation": relation, "definitional": definitional,
            "description": _text("Description (optional)", "set-edge-description",
                                 area=True, slots=slots),
            "plain": _text("Plain wording for patients (optional)", "set-edge-plain",
                           area=True, slots=slots),
            "claimed_by": _text("Claimed by (optional): who claims the link with no checked "
                                "study", "set-edge-claimed_by", slots=slots),
            "curated_in": _text("Curated in (optional): a knowledge base that asserts the "
                                "link with no study attached", "set-edge-curated_in",
                                slots=slots)}


def _edge_form(kg: mechgraph.MechGraph, root: Path, picked: Picked, slots: Slots,
               ) -> tuple[dict[str, Any], Callable[..., EditResult], list[tuple[str, str]]]:
    edge = kg.edges[picked]
    _load("set-edge", picked, {
        "relation": edge.relation, "definitional": edge.definitional,
        "description": edge.description or "", "plain": edge.plain or "",
        "claimed_by": edge.claimed_by or "", "curated_in": edge.curated_in or ""})
    changes = changes_of(edge.model_dump(), _edge_fields(slots), EDITABLE["edge"])

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return set_edge(root, *picked, changes, dry_run=dry_run, author=author)

    return changes, save, [(r"edges\[\d+\]", "set-edge-")]


def _evidence_form(kg: mechgraph.MechGraph, root: Path, picked: Picked, slots: Slots,
                   ) -> tuple[dict[str, Any], Callable[..., EditResult], list[tuple[str, str]]]:
    key, ref, index = _evidence_at(kg, picked)
    item = kg.edges[key].evidence[picked[3]]
    _load("set-evidence", picked, {
        "ref": item.ref, "stance": item.stance, "comparison": item.comparison or "",
        "finding": item.finding, "quote": item.quote or ""})
    names = {k: f"{k}: {reference_title(r)}" for k, r in kg.references.items()}
    a, b, c = st.columns(3)
    with a:
        new_ref = _pick("Reference", sorted(kg.references), "set-evidence-ref", names,
                        slots=slots)
    with b:
        stance = _pick("Stance", list(VOCABULARIES["stance"]), "set-evidence-stance",
                       slots=slots)
    with c:
        comparison = _pick("Compared with", list(VOCABULARIES["comparison"]),
                           "set-evidence-comparison", blank=True, slots=slots)
    form = {"ref": new_ref, "stance": stance, "comparison": comparison,
            "finding": _text("Finding: what the study showed, in one sentence",
                             "set-evidence-finding", area=True, slots=slots),
            "quote": _text("Quote (optional): the reference's own words, verbatim",
                           "set-evidence-quote", area=True, slots=slots)}
    changes = changes_of(item.model_dump(), form, EDITABLE["evidence"])

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return set_evidence(root, *key, ref, changes, index=index, dry_run=dry_run,
                            author=author)

    return changes, save, [(r"edges\[\d+\]\.evidence\[\d+\]", "set-evidence-")]


def _reference_form(kg: mechgraph.MechGraph, root: Path, picked: Picked, slots: Slots,
                    ) -> tuple[dict[str, Any], Callable[..., EditResult], list[tuple[str, str]]]:
    reference = kg.references[picked[0]]
    unknown_year = reference.year == "unknown"
    _load("set-reference", picked, {
        **{name: str(getattr(reference, name) or "") for name in (
            "title", "authors", "journal", "doi", "pmid", "url", "note")},
        "design": reference.design, "subjects": reference.subjects,
        "year": 2020 if unknown_year else int(reference.year),
        "year-unknown": unknown_year})
    form = _reference_fields("set-reference", slots)
    current = reference.model_dump()
    current["pmid"] = str(current["pmid"]) if current.get("pmid") else None
    changes = changes_of(current, form, EDITABLE["reference"])

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return set_reference(root, picked[0], changes, dry_run=dry_run, author=author)

    return changes, save, [(r"references\.[^.]+", "set-reference-")]


SET_FORMS = {"node": _node_form, "edge": _edge_form, "evidence": _evidence_form,
             "reference": _reference_form}

REQUIRED = {"node": ("label", "kind"), "edge": ("relation",), "evidence": ("ref", "stance",
                                                                            "finding"),
            "reference": ("design",)}
"""The fields a change form cannot leave empty."""

MARKS = {"node": "control", "edge": "definitional"}
"""The flag whose rule a problem of the whole item is about (a control that is not a
treatment, a definitional link with evidence): shown under that checkbox."""


def set_form(kg: mechgraph.MechGraph, root: Path, kind: str) -> Form | None:
    """The change form of the picked item (``None`` until one is picked)."""
    slots: Slots = {}
    picked = pick(kg, "set", kind, slots)
    if picked is None:
        return None
    changes, save, prefixes = SET_FORMS[kind](kg, root, picked, slots)
    missing = [name for name in REQUIRED[kind] if name in changes and changes[name] is None]

    def field_of(problem: mechgraph.Problem) -> str | None:
        mark = MARKS.get(kind)
        if mark and re.fullmatch(r"(nodes|edges)\[\d+\]", problem.path) and (
                f"'{mark}" in problem.message):
            return f"set-{kind}-{mark}"  # a problem of the whole item, caused by its mark
        return _field_key(problem.path, prefixes)

    return Form(missing, save, field_of, not changes, slots)


# --- remove and rename ---------------------------------------------------------------------


def _users(kg: mechgraph.MechGraph, kind: str, picked: Picked) -> list[Any]:
    if kind == "evidence":
        return []  # nothing points at one evidence item
    return uses(kg, kind, picked if kind == "edge" else picked[0])


def remove_form(kg: mechgraph.MechGraph, root: Path, kind: str) -> Form | None:
    """Remove the picked item; with its users only when the editor ticks the box."""
    slots: Slots = {}
    picked = pick(kg, "remove", kind, slots)
    if picked is None:
        return None
    users = _users(kg, kind, picked)
    cascade = False
    if users:
        st.markdown(f"**Used by {len(users)} item(s)**:")
        st.code("\n".join(str(u) for u in users), language=None, wrap_lines=True)
        cascade = st.checkbox("Also remove what uses it (the list of everything that goes "
                              "is shown below before anything is saved)",
                              key=f"remove-{kind}-cascade")
        if not cascade:
            st.warning("It cannot be removed while these items use it: change or remove "
                       "them first, or tick the box above to remove them with it.")

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        if kind == "node":
            return remove_node(root, picked[0], cascade=cascade, dry_run=dry_run, author=author)
        if kind == "reference":
            return remove_reference(root, picked[0], cascade=cascade, dry_run=dry_run,
                                    author=author)
        if kind == "edge":
            return remove_edge(root, *picked, cascade=cascade, dry_run=dry_run, author=author)
        key, ref, index = _evidence_at(kg, picked)
        return remove_evidence(root, *key, ref, index=index, dry_run=dry_run, author=author)

    return Form([], save, blocked=bool(users) and not cascade, slots=slots)


def rename_form(kg: mechgraph.MechGraph, root: Path, kind: str) -> Form | None:
    """Give the picked node or reference a new id, rewritten everywhere it is used."""
    slots: Slots = {}
    picked = pick(kg, "rename", kind, slots)
    if picked is None:
        return None
    old = picked[0]
    used = _users(kg, kind, picked)
    st.caption(f"'{old}' is used {len(used)} time(s) besides its definition; every use is "
               "rewritten in the same step.")
    new = _text("New id (lower case, digits, _)" if kind == "node" else
                "New key (e.g. smith2020)", f"rename-{kind}-new", slots=slots)

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        rename = rename_node if kind == "node" else rename_reference
        return rename(root, old, new, dry_run=dry_run, author=author)

    def field_of(problem: mechgraph.Problem) -> str:
        return f"rename-{kind}-new"  # the graph was valid: only the new id can be wrong

    return Form([] if new else ["the new id"], save, field_of, new == old, slots)


FORMS: dict[str, Callable[[mechgraph.MechGraph, Path, str], Form | None]] = {
    "set": set_form, "remove": remove_form, "rename": rename_form}


# --- the page --------------------------------------------------------------------------------


def _shown_after(action: str, kind: str, values: Any) -> dict[str, Any]:
    """Where to look after a save: the node or link in explore mode, else edit mode again
    (for a reference, or a node that is gone: then with no focus or selection, which may
    have named it)."""
    picked = values.get(f"{action}-{kind}-pick", "")
    if kind == "node" and action != "remove":
        focus = values.get("rename-node-new", "").strip() if action == "rename" else picked
        return {"focus": focus, "selected": None}
    if kind in ("edge", "evidence"):
        source, target, relation = parse_edge_ref(picked)
        if action == "set" and kind == "edge":
            relation = values.get("set-edge-relation") or relation
        edge = edge_ref((source, target, relation))
        gone = action == "remove" and kind == "edge"
        return {"focus": source, "selected": None if gone else edge}
    if kind == "reference" and action != "remove":
        return {"mode": "edit"}
    return {"mode": "edit", "focus": None, "selected": None}  # what they named may be gone


def _preview(result: EditResult, action: str) -> None:
    st.markdown("The whole graph checks with it.")
    if action == "remove":
        st.markdown("This removes:")
        st.code(result.summary, language=None, wrap_lines=True)
    for part in (*result.others, result):
        if part.before != part.after:
            st.markdown(f"The change to `{part.path}`:")
            st.code(unified(part), language="diff", wrap_lines=True)


def change_mode(kg: mechgraph.MechGraph, root: Path, action: str,
                author: str | None = None) -> dict[str, Any] | None:
    """Draw the change, remove or rename form of ``action``. Returns where to look after a
    save (``mode``, ``focus``, ``selected``), else ``None``."""
    kinds = KINDS[action]
    kind = st.radio(ACTIONS[action], list(kinds), format_func=kinds.get, horizontal=True,
                    key=f"{action}-kind")
    form = FORMS[action](kg, root, kind)
    st.subheader("Preview")
    if form is None:
        st.info(f"Pick the {'link' if kind == 'edge' else kind} to "
                f"{ACTIONS[action].lower()}.")
        return None
    if form.missing:
        st.info("Fill in: " + ", ".join(form.missing) + ".")
        return None
    if form.blocked:
        if action != "remove":
            st.info("Nothing differs from the graph yet: change a field above.")
        return None
    preview = _try(form, dry_run=True)
    if preview is None:
        return None
    _preview(preview, action)
    show_warnings(preview)
    if not st.button("Save", type="primary", key="edit-save"):
        return None
    result = _try(form, dry_run=False, author=author)
    if result is None:
        return None
    shown = _shown_after(action, kind, st.session_state)
    for key in [k for k in st.session_state if str(k).startswith(f"{action}-{kind}-")]:
        del st.session_state[key]  # an empty form for the next item
    st.session_state["edit-saved"] = saved_words(result)
    return shown


def saved_words(result: EditResult) -> str:
    """What a save wrote, in one paragraph: the main file and line, the summary, the other
    files changed, and (for a removal) every item removed.

    >>> from pathlib import Path
    >>> done = EditResult(Path("a.yaml"), 7, "", "", "", False, True,
    ...     "removed node x (and 1 item(s) that used it)\\n  a.yaml:7: node x\\n"
    ...     "  b.yaml:3: edge y -increases-> x",
    ...     (EditResult(Path("b.yaml"), 1, "", "", "", False, True),))
    >>> print(saved_words(done).replace(". ", ".\\n"))
    Saved to a.yaml:7: removed node x (and 1 item(s) that used it); also changed b.yaml.
    Removed: a.yaml:7: node x; b.yaml:3: edge y -increases-> x.
    """
    first, *listed = result.summary.splitlines() or [""]
    words = f"Saved to {result.path}:{result.line}: {first}"
    if result.others:
        words += "; also changed " + ", ".join(str(o.path) for o in result.others)
    if listed:
        words += ". Removed: " + "; ".join(line.strip() for line in listed)
    return words + "."
