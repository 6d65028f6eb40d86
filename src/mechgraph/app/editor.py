"""Edit mode: forms that add a node, an edge (with new end nodes if needed), evidence for an
existing edge, or a reference, through :mod:`mechgraph.edit`; changing, removing and
renaming what exists is in :mod:`mechgraph.app.changer`, which reuses these parts.

Nothing is saved until the editor presses *Save*: every change of a field shows the exact
YAML that would be written, where, and the result of checking the whole graph with it
(a dry run). Saving goes through the same checks again under the folder's lock, writes
atomically, and the app reloads the graph (its files changed), showing the new item.

Edit mode is off unless the app is started with ``--edit`` (after ``--``) or
``MECHGRAPH_EDIT=1``. Who may edit is :mod:`mechgraph.app.guard`'s job: without a password
only a server listening on loopback allows it; with one (``MECHGRAPH_EDIT_PASSWORD`` or
Streamlit's secrets) the password is asked first, with a limit on attempts. The editor's
name is asked once per session and every save is recorded with it
(:mod:`mechgraph.editlog`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

import mechgraph
from mechgraph.app.guard import editor_name, unlocked
from mechgraph.app.scroll import scroll_into_view
from mechgraph.document import reference_title
from mechgraph.edit import (
    EditError,
    EditResult,
    add_edge,
    add_evidence,
    add_node,
    add_reference,
    default_file,
)
from mechgraph.keys import EdgeKey, as_edge_key, edge_ref, parse_edge_ref
from mechgraph.model import (
    REFERENCE_IDENTIFIERS,
    Edge,
    Evidence,
    Node,
    Reference,
    StrictModel,
    required_fields,
)
from mechgraph.text import escape_markdown, suggest, with_module
from mechgraph.vocab import VOCABULARIES

NEW = "+new"
"""The choice 'a new node' in the source and target pickers, 'a new reference' in the
reference pickers."""

ITEMS = {"edge": "A link (edge) with its evidence", "evidence": "Evidence for an existing link",
         "node": "A node", "reference": "A reference"}

ACTIONS = {"add": "Add", "set": "Change", "remove": "Remove", "rename": "Rename"}
"""What Edit mode does: add here; change, remove and rename in
:mod:`mechgraph.app.changer`."""

DEFINITIONAL = ("Definitional: the link holds by definition and needs no study (it then "
                "carries no evidence)")

Slots = dict[str, Any]
"""An empty place under each form field, by widget key, where its problems are shown."""


@dataclass
class Form:
    """What a form asks for: the fields still to fill in, how to save (or dry-run) it
    (``save(dry_run=..., author=...)``, the author for the edit record), and which widget
    each problem of the checked item concerns."""

    missing: list[str]
    save: Callable[..., EditResult]
    field_of: Callable[[mechgraph.Problem], str | None] = lambda problem: None
    blocked: bool = False
    slots: Slots = field(default_factory=dict)


def _slot(slots: Slots, key: str) -> None:
    """Keep a place right under the widget ``key`` for its problems."""
    slots[key] = st.empty()


def _text(label: str, key: str, *, area: bool = False, help: str | None = None,
          slots: Slots | None = None) -> str:
    widget = st.text_area if area else st.text_input
    value = widget(label, key=key, help=help).strip()
    if slots is not None:
        _slot(slots, key)
    return value


def _pick(label: str, options: list[str], key: str, names: dict[str, str] | None = None,
          *, blank: bool = False, slots: Slots | None = None) -> str:
    choices = ["", *options] if blank else options
    value = st.selectbox(label, choices, key=key,
                         format_func=lambda o: "" if o == "" else (names or {}).get(o, o))
    if slots is not None:
        _slot(slots, key)
    return str(value or "").strip()


def _field_key(path: str, prefixes: list[tuple[str, str]]) -> str | None:
    """The widget key of a problem's path: the first ``(pattern, key prefix)`` whose
    pattern matches the start of the path, followed by the field name after it."""
    for pattern, prefix in prefixes:
        found = re.match(pattern + r"\.([a-z_]+)", path)
        if found:
            return prefix + found.group(found.lastindex or 0)
    return None


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """The fields that were filled in (empty text and lists left out)."""
    return {k: v for k, v in item.items() if v not in ("", None, [], {})}


def _node_fields(prefix: str, title: str, slots: Slots, *, with_id: bool = True,
                 ) -> dict[str, Any]:
    """The fields of a node (its id only ``with_id``: a change keeps the id, a rename
    changes it)."""
    st.markdown(f"**{title}**")
    a, b, c = st.columns(3)
    with a:
        ident = _text("Id (lower case, digits, _)", f"{prefix}-id",
                      slots=slots) if with_id else ""
    with b:
        label = _text("Label", f"{prefix}-label", slots=slots)
    with c:
        kind = _pick("Kind", list(VOCABULARIES["kind"]), f"{prefix}-kind", blank=True,
                     slots=slots)
    framework = st.radio("Framework", VOCABULARIES["framework"], key=f"{prefix}-framework",
                         horizontal=True)
    _slot(slots, f"{prefix}-framework")
    description = _text("Description (for students)", f"{prefix}-description", area=True,
                        slots=slots)
    plain = _text("Plain wording (for patients)", f"{prefix}-plain", area=True, slots=slots)
    synonyms = [s.strip() for s in _text("Synonyms (one per line)", f"{prefix}-synonyms",
                                         area=True, slots=slots).splitlines() if s.strip()]
    module = _text("Module (optional: the disorder or mechanism it belongs to)",
                   f"{prefix}-module", slots=slots)
    control = kind == "treatment" and st.checkbox(
        "Control: a sham or placebo used as the comparison in trials, not a treatment "
        "offered to patients", key=f"{prefix}-control")
    if kind == "treatment":
        _slot(slots, f"{prefix}-control")
    return _clean({"id": ident, "label": label, "kind": kind, "framework": framework,
                   "description": description, "plain": plain, "synonyms": synonyms,
                   "module": module, "control": control or None})


def _reference_fields(prefix: str, slots: Slots) -> dict[str, Any]:
    """The fields of a reference (its key asked elsewhere)."""
    title = _text("Title", f"{prefix}-title", slots=slots)
    a, b, c = st.columns([2, 1, 2])
    with a:
        authors = _text("Authors", f"{prefix}-authors", slots=slots)
    with b:
        year = st.number_input("Year", 1800, 2100, 2020, key=f"{prefix}-year")
        _slot(slots, f"{prefix}-year")
        unknown_year = st.checkbox("The source gives no year", key=f"{prefix}-year-unknown")
        _slot(slots, f"{prefix}-year-unknown")
    with c:
        journal = _text("Journal", f"{prefix}-journal", slots=slots)
    a, b = st.columns(2)
    with a:
        design = _pick("Design", list(VOCABULARIES["design"]), f"{prefix}-design", blank=True,
                       slots=slots)
    with b:
        subjects = _pick("Subjects (who was studied)", list(VOCABULARIES["subjects"]),
                         f"{prefix}-subjects", blank=True, slots=slots)
    a, b, c = st.columns(3)
    with a:
        doi = _text("DOI (10.xxxx/...)", f"{prefix}-doi", slots=slots)
    with b:
        pmid = _text("PMID", f"{prefix}-pmid", slots=slots)
    with c:
        url = _text("URL (http/https)", f"{prefix}-url", slots=slots)
    note = _text("Note (optional)", f"{prefix}-note", area=True, slots=slots)
    return _clean({"title": title, "authors": authors,
                   "year": "unknown" if unknown_year else int(year),
                   "journal": journal, "design": design, "subjects": subjects,
                   "doi": doi, "pmid": pmid, "url": url, "note": note})


def _reference_missing(reference: dict[str, Any], what: str) -> list[str]:
    missing = [f"{what}{m}" for m in _missing(reference, Reference)]
    if not any(reference.get(k) for k in REFERENCE_IDENTIFIERS):
        missing.append(f"{what}a DOI, PMID or URL")
    return missing


def _use(key: str, value: str) -> None:
    """A callback: set a widget's value before it is drawn again."""
    st.session_state[key] = value


def _evidence_fields(kg: mechgraph.MechGraph, prefix: str, slots: Slots,
                     ) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """The evidence item; the new reference it cites, if any (key to fields, added in the
    same step); what is still missing for that reference."""
    refs = sorted(kg.references)
    names = {NEW: "+ a new reference", **{k: f"{k}: {reference_title(r)}"
                                          for k, r in kg.references.items()}}
    a, b, c = st.columns(3)
    with a:
        ref = _pick("Reference", [NEW, *refs], f"{prefix}-ref", names, blank=True,
                    slots=slots)
    with b:
        stance = _pick("Stance", list(VOCABULARIES["stance"]), f"{prefix}-stance", blank=True,
                       slots=slots)
    with c:
        comparison = _pick("Compared with", list(VOCABULARIES["comparison"]),
                           f"{prefix}-comparison", blank=True, slots=slots)
    references: dict[str, Any] = {}
    missing: list[str] = []
    if ref == NEW:
        ref = _new_reference(kg, f"{prefix}-newref", f"{prefix}-ref", references, missing,
                             slots)
    finding = _text("Finding: what the study showed, in one sentence", f"{prefix}-finding",
                    area=True, slots=slots)
    quote = _text("Quote (optional): the reference's own words, verbatim", f"{prefix}-quote",
                  area=True, slots=slots)
    evidence = _clean({"ref": ref, "stance": stance, "finding": finding,
                       "comparison": comparison, "quote": quote})
    return evidence, references, missing


def _new_reference(kg: mechgraph.MechGraph, prefix: str, picker: str,
                   references: dict[str, Any], missing: list[str], slots: Slots) -> str:
    """The fields of a reference to add with the evidence that cites it; its key.

    A key the graph has, or one close to a key it has, offers to pick that one."""
    with st.container(border=True):
        key = _text("Key of the new reference (e.g. smith2020)", f"{prefix}-key",
                    slots=slots)
        if not key:
            missing.append("the new reference's key")
            return ""
        closest = key if key in kg.references else None
        if closest:
            note = f"reference '{key}' is already in the graph: pick it"
        else:
            hint = suggest(key, kg.references)
            found = re.search(r"'(.+)'", hint)
            closest = found.group(1) if found else None
            note = (f"no reference '{key}' yet{hint}: pick that one, or add '{key}' "
                    "with the fields below (saved with this item)")
        if closest:
            with slots[f"{prefix}-key"].container():
                st.warning(escape_markdown(note))
                st.button(f"Use '{closest}'", key=f"{prefix}-use-closest",
                          on_click=_use, args=(picker, closest))
            if key in kg.references:
                return key
        reference = _reference_fields(prefix, slots)
    references[key] = reference
    missing += _reference_missing(reference, f"new reference {key} ")
    return key


def _missing(item: dict[str, Any], model: type[StrictModel]) -> list[str]:
    """The fields ``model`` requires that ``item`` lacks (in the model's order)."""
    return [name for name in required_fields(model) if not item.get(name)]


def _to_evidence(key: EdgeKey) -> None:
    """A callback: switch to the evidence form for the existing link ``key``, with the
    evidence typed so far (and a new reference) carried over."""
    state = st.session_state
    state["edit-kind"] = "evidence"
    state["evidence-edge"] = edge_ref(key)
    for name in [k for k in state if str(k).startswith("edge-evidence-")]:
        if not str(name).endswith("-use-closest"):  # a button's state cannot be set
            state["evidence-" + str(name).removeprefix("edge-evidence-")] = state[name]


def edge_form(kg: mechgraph.MechGraph, root: Path) -> Form:
    slots: Slots = {}
    ids = sorted(kg.nodes, key=lambda i: kg.nodes[i].label.lower())
    names = {NEW: "+ a new node",
             **{i: f"{with_module(kg.nodes[i].label, kg.nodes[i].module)} ({i})" for i in ids}}
    a, b, c = st.columns(3)
    with a:
        source = _pick("Source", [NEW, *ids], "edge-source", names, blank=True, slots=slots)
    with b:
        relation = _pick("Relation", list(VOCABULARIES["relation"]), "edge-relation",
                         blank=True, slots=slots)
    with c:
        target = _pick("Target", [NEW, *ids], "edge-target", names, blank=True, slots=slots)
    duplicate = (source, target, relation) in kg.edges
    if duplicate:
        key = (source, target, relation)
        with slots["edge-relation"].container():
            st.error(escape_markdown(
                f"This link is already in the graph ({kg.locations['edge', key]}); add your "
                "evidence to it instead."))
            st.button("Add this as evidence for the existing link", key="edge-to-evidence",
                      on_click=_to_evidence, args=(key,), type="primary")
    new_nodes: list[tuple[str, dict[str, Any]]] = []
    ends = {"source": source, "target": target}
    for end in ("source", "target"):
        if ends[end] == NEW:
            node = _node_fields(f"edge-new-{end}", f"The new {end} node", slots)
            new_nodes.append((end, node))
            ends[end] = node.get("id", "")
    description = _text("Description (optional)", "edge-description", area=True, slots=slots)
    plain = _text("Plain wording for patients (optional)", "edge-plain", area=True,
                  slots=slots)
    definitional = st.checkbox(DEFINITIONAL, key="edge-definitional")
    _slot(slots, "edge-definitional")
    curated_in, evidence, references, ref_missing = "", {}, {}, []
    if not definitional:  # a definitional link carries no study, no curated_in
        curated_in = _text("Curated in (optional): a knowledge base that asserts this link "
                           "with no study attached, e.g. DrugMechDB", "edge-curated-in",
                           slots=slots)
        st.markdown("**Evidence**" + (" (optional for a curated link)" if curated_in else ""))
        evidence, references, ref_missing = _evidence_fields(kg, "edge-evidence", slots)
    edge = _clean({**ends, "relation": relation, "definitional": definitional or None,
                   "description": description, "plain": plain,
                   "evidence": [evidence] if evidence else [], "curated_in": curated_in})
    shown = {"source": source, "relation": relation, "target": target}  # the form's order
    missing = [name for name, value in shown.items() if name in required_fields(Edge)
               and not value]
    for end, node in new_nodes:
        missing += [f"new {end} node {m}" for m in _missing(node, Node)]
    if evidence or not (curated_in or definitional):  # these may come without a study
        missing += [f"evidence {m}" for m in _missing(evidence, Evidence)]
        missing += ref_missing
    file = _file_input(root, "edge", edge, kg)
    base = _nodes_in(kg, root, file, edge)

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return add_edge(root, edge, new_nodes=[node for _, node in new_nodes],
                        references=references, file=file, dry_run=dry_run, author=author)

    def field_of(problem: mechgraph.Problem) -> str | None:
        node = re.match(r"nodes\[(\d+)\]", problem.path)
        if node and base is not None and 0 <= int(node.group(1)) - base < len(new_nodes):
            end = new_nodes[int(node.group(1)) - base][0]
            return _field_key(problem.path, [(r"nodes\[\d+\]", f"edge-new-{end}-")])
        return _field_key(problem.path, [
            (r"edges\[\d+\]\.evidence\[\d+\]", "edge-evidence-"), (r"edges\[\d+\]", "edge-"),
            (r"references\.[^.]+", "edge-evidence-newref-")])

    return Form(missing, save, field_of, duplicate, slots)


def _nodes_in(kg: mechgraph.MechGraph, root: Path, file: str | None,
              edge: dict[str, Any]) -> int | None:
    """How many nodes the edge's file holds now: new nodes get the next indices."""
    try:
        path = Path(root / file) if file else default_file(root, "edge", edge, kg=kg)
    except (EditError, ValueError, KeyError, TypeError):
        return None
    return sum(1 for n in kg.nodes if Path(kg.graph.nodes[n]["file"]) == path)


def evidence_form(kg: mechgraph.MechGraph, root: Path) -> Form:
    slots: Slots = {}
    keys = [edge_ref(k) for k in sorted(kg.edges)]
    names = {edge_ref(k): f"{kg.nodes[k[0]].label} {k[2]} {kg.nodes[k[1]].label}"
             for k in kg.edges}
    edge = _pick("The link", keys, "evidence-edge", names, blank=True, slots=slots)
    evidence, references, ref_missing = _evidence_fields(kg, "evidence", slots)
    missing = (["link"] if not edge else []) + _missing(evidence, Evidence) + ref_missing

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        source, target, relation = parse_edge_ref(edge)
        return add_evidence(root, source, target, relation, evidence, references=references,
                            dry_run=dry_run, author=author)

    def field_of(problem: mechgraph.Problem) -> str | None:
        return _field_key(problem.path, [
            (r"edges\[\d+\]\.evidence\[\d+\]", "evidence-"),
            (r"references\.[^.]+", "evidence-newref-")])

    return Form(missing, save, field_of, False, slots)


def node_form(kg: mechgraph.MechGraph, root: Path) -> Form:
    slots: Slots = {}
    node = _node_fields("node", "The node", slots)
    missing = _missing(node, Node)
    file = _file_input(root, "node", node, kg)

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return add_node(root, node, file=file, dry_run=dry_run, author=author)

    def field_of(problem: mechgraph.Problem) -> str | None:
        return _field_key(problem.path, [(r"nodes\[\d+\]", "node-")])

    return Form(missing, save, field_of, False, slots)


def reference_form(kg: mechgraph.MechGraph, root: Path) -> Form:
    slots: Slots = {}
    key = _text("Key (e.g. smith2020)", "reference-key", slots=slots)
    reference = _reference_fields("reference", slots)
    missing = (["key"] if not key else []) + _reference_missing(reference, "")
    file = _file_input(root, "reference", reference, kg)

    def save(dry_run: bool, author: str | None = None) -> EditResult:
        return add_reference(root, key, reference, file=file, dry_run=dry_run, author=author)

    def field_of(problem: mechgraph.Problem) -> str | None:
        if re.fullmatch(r"references\.[^.]+", problem.path):
            return "reference-key"
        return _field_key(problem.path, [(r"references\.[^.]+", "reference-")])

    return Form(missing, save, field_of, False, slots)


FORMS: dict[str, Callable[[mechgraph.MechGraph, Path], Form]] = {
    "edge": edge_form, "evidence": evidence_form, "node": node_form,
    "reference": reference_form}


def _file_input(root: Path, kind: str, item: dict[str, Any], kg: mechgraph.MechGraph,
                ) -> str | None:
    try:
        default = default_file(root, kind, item, kg=kg)
        shown = str(default.relative_to(root))
    except (EditError, ValueError, KeyError, TypeError):
        shown = ""
    file = _text("File (inside the graph folder; empty for the default)", f"{kind}-file",
                 help=f"default: {shown}" if shown else None)
    return file or None


def bug(exc: Exception) -> None:
    """Report a failure of mechgraph itself (not of the data) without a traceback."""
    st.error(f"mechgraph could not make this edit ({type(exc).__name__}: "
             f"{escape_markdown(str(exc))}). This is a "
             "bug in mechgraph, not in your data; nothing was written. Please report it.")


def saved_message() -> None:
    """Say what the last save wrote (once, in whatever mode the app then shows): a toast,
    and the message at the top of the page, scrolled into view."""
    saved = st.session_state.pop("edit-saved", None)
    if saved:
        st.toast(saved, icon="✅")
        with st.container(key="edit-saved"):
            st.success(saved)
        scroll_into_view("edit-saved", block="center")


def _show_problems(form: Form, problems: list[mechgraph.Problem], intro: str) -> None:
    """Each problem under the field it concerns; then every problem, wrapped."""
    placed = 0
    by_field: dict[str, list[str]] = {}
    for problem in problems:
        key = form.field_of(problem)
        if key in form.slots:
            by_field.setdefault(key, []).append(problem.message)
            placed += 1
    for key, messages in by_field.items():
        form.slots[key].error("\n\n".join(escape_markdown(m) for m in messages))
    beside = f" ({placed} shown beside the field concerned)" if placed else ""
    st.error(f"{intro} {len(problems)} error(s){beside}; nothing is saved.")
    st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


def _try(form: Form, dry_run: bool, author: str | None = None) -> EditResult | None:
    """Run the form's save (or dry run, recording nothing) by ``author``; show what went
    wrong instead of raising."""
    try:
        return form.save(dry_run=dry_run, author=author)
    except mechgraph.GraphDataError as exc:
        _show_problems(form, exc.problems, "The graph would have" if dry_run else
                       "The graph changed meanwhile and would have")
    except mechgraph.MechgraphError as exc:
        st.error(escape_markdown(str(exc)))  # it may quote what was typed
    except Exception as exc:  # a bug in mechgraph, not in the data: say so, nothing written
        bug(exc)
    return None


def show_warnings(preview: EditResult) -> None:
    """Say, before Save, which expectations of the graph the edit would break (it can be
    saved all the same: an expectation changed on purpose goes with it)."""
    for warning in preview.warnings:
        st.warning(escape_markdown(warning))


def edit_mode(kg: mechgraph.MechGraph, root: Path) -> dict[str, Any] | None:
    """Draw edit mode. Returns the view to show after a save (``focus``, ``selected`` and,
    to stay in edit mode, ``mode``: explore mode otherwise), else ``None``."""
    if not unlocked():
        return None
    author = editor_name()
    if author is None:
        return None
    action = st.radio("Action", list(ACTIONS), format_func=ACTIONS.get, horizontal=True,
                      key="edit-action")
    if action != "add":
        from mechgraph.app.changer import change_mode  # it uses this module's parts

        return change_mode(kg, root, action, author)
    kind = st.radio("Add", list(ITEMS), format_func=ITEMS.get, horizontal=True,
                    key="edit-kind")
    form = FORMS[kind](kg, root)
    st.subheader("Preview")
    if form.blocked:
        st.info("This link exists already: add your evidence to it (the button above).")
        return None
    if form.missing:
        st.info("Fill in: " + ", ".join(form.missing) + ".")
        return None
    preview = _try(form, dry_run=True)
    if preview is None:
        return None
    st.markdown("The whole graph checks with it.")
    show_warnings(preview)
    for part in (*preview.others, preview):
        where = f"{part.path}:{part.line}" + (" (a new file)" if part.created else "")
        st.markdown(f"This text goes to `{where}`:")
        st.code(part.added, language="yaml", wrap_lines=True)
    if not st.button("Save", type="primary", key="edit-save"):
        return None
    result = _try(form, dry_run=False, author=author)
    if result is None:
        return None
    shown = _shown_after(kind, result, st.session_state)
    for key in [k for k in st.session_state if str(k).startswith(f"{kind}-")]:
        del st.session_state[key]  # an empty form for the next item
    st.session_state["edit-saved"] = " ".join(
        f"Saved to {r.path}:{r.line}: {r.summary}." for r in (*result.others, result))
    return {k: v for k, v in shown.items() if v}


def _shown_after(kind: str, result: EditResult, values: Any) -> dict[str, Any]:
    """Where to look at a saved item: an edge (or evidence) selected in its source's
    neighbourhood, a node in focus."""
    if kind == "edge":
        source = values.get("edge-source")
        target = values.get("edge-target")
        if source == NEW:
            source = values.get("edge-new-source-id", "").strip()
        if target == NEW:
            target = values.get("edge-new-target-id", "").strip()
        relation = values.get("edge-relation")
        return {"focus": source, "selected": edge_ref((source, target, relation))}
    if kind == "evidence":
        edge = values.get("evidence-edge", "")
        key = as_edge_key(edge)
        return {"focus": key[0] if key else edge, "selected": edge}
    if kind == "node":
        return {"focus": values.get("node-id", "").strip(), "selected": None}
    return {"focus": None, "selected": None}
