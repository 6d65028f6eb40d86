"""Edit mode: forms that add a node, an edge (with new end nodes if needed), evidence for an
existing edge, or a reference, through :mod:`mechgraph.edit`.

Nothing is saved until the editor presses *Save*: every change of a field shows the exact
YAML that would be written, where, and the result of checking the whole graph with it
(a dry run). Saving goes through the same checks again under the folder's lock, writes
atomically, and the app reloads the graph (its files changed), showing the new item.

Edit mode is off unless the app is started with ``--edit`` (after ``--``) or
``MECHGRAPH_EDIT=1``; if Streamlit's secrets hold ``edit_password`` (top level or under
``[mechgraph]``), it asks for that password first.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

import mechgraph
from mechgraph.edit import (
    EditError,
    EditResult,
    add_edge,
    add_evidence,
    add_node,
    add_reference,
    default_file,
)
from mechgraph.explain import escape_markdown
from mechgraph.vocab import VOCABULARIES

NEW = "+new"
"""The choice 'a new node' in the source and target pickers."""

ITEMS = {"edge": "A link (edge) with its evidence", "evidence": "Evidence for an existing link",
         "node": "A node", "reference": "A reference"}


def password() -> str | None:
    """The edit password from Streamlit's secrets, if one is set."""
    try:
        section = st.secrets.get("mechgraph", {})
        nested = section.get("edit_password") if hasattr(section, "get") else None
        return str(nested or st.secrets.get("edit_password") or "") or None
    except FileNotFoundError:  # no secrets file at all
        return None


def unlocked() -> bool:
    """Ask for the edit password when one is set; ``True`` once it was given."""
    expected = password()
    if expected is None or st.session_state.get("edit-unlocked"):
        return True
    given = st.text_input("Edit password", type="password", key="edit-password")
    if given and hmac.compare_digest(given.encode(), expected.encode()):
        st.session_state["edit-unlocked"] = True
        return True
    if given:
        st.error("That is not the edit password.")
    return False


def _text(label: str, key: str, *, area: bool = False, help: str | None = None) -> str:
    widget = st.text_area if area else st.text_input
    return widget(label, key=key, help=help).strip()


def _pick(label: str, options: list[str], key: str, names: dict[str, str] | None = None,
          *, blank: bool = False) -> str:
    choices = ["", *options] if blank else options
    return st.selectbox(label, choices, key=key,
                        format_func=lambda o: "" if o == "" else (names or {}).get(o, o)) or ""


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    """The fields that were filled in (empty text and lists left out)."""
    return {k: v for k, v in item.items() if v not in ("", None, [], {})}


def _node_fields(prefix: str, title: str) -> dict[str, Any]:
    st.markdown(f"**{title}**")
    a, b, c = st.columns(3)
    with a:
        ident = _text("Id (lower case, digits, _)", f"{prefix}-id")
    with b:
        label = _text("Label", f"{prefix}-label")
    with c:
        kind = _pick("Kind", list(VOCABULARIES["kind"]), f"{prefix}-kind", blank=True)
    framework = st.radio("Framework", VOCABULARIES["framework"], key=f"{prefix}-framework",
                         horizontal=True)
    description = _text("Description (for students)", f"{prefix}-description", area=True)
    plain = _text("Plain wording (for patients)", f"{prefix}-plain", area=True)
    synonyms = [s.strip() for s in _text("Synonyms (one per line)", f"{prefix}-synonyms",
                                         area=True).splitlines() if s.strip()]
    return _clean({"id": ident, "label": label, "kind": kind, "framework": framework,
                   "description": description, "plain": plain, "synonyms": synonyms})


def _evidence_fields(kg: mechgraph.MechGraph, prefix: str) -> dict[str, Any]:
    refs = sorted(kg.references)
    names = {k: f"{k}: {r.title}" for k, r in kg.references.items()}
    a, b, c = st.columns(3)
    with a:
        ref = _pick("Reference", refs, f"{prefix}-ref", names, blank=True)
    with b:
        stance = _pick("Stance", list(VOCABULARIES["stance"]), f"{prefix}-stance", blank=True)
    with c:
        comparison = _pick("Compared with", list(VOCABULARIES["comparison"]),
                           f"{prefix}-comparison", blank=True)
    finding = _text("Finding: what the study showed, in one sentence", f"{prefix}-finding",
                    area=True)
    return _clean({"ref": ref, "stance": stance, "finding": finding, "comparison": comparison})


def _missing(item: dict[str, Any], required: tuple[str, ...]) -> list[str]:
    return [name for name in required if not item.get(name)]


def edge_form(kg: mechgraph.MechGraph, root: Path) -> tuple[list[str], Callable[..., Any]]:
    ids = sorted(kg.nodes, key=lambda i: kg.nodes[i].label.lower())
    names = {NEW: "+ a new node", **{i: f"{kg.nodes[i].label} ({i})" for i in ids}}
    a, b, c = st.columns(3)
    with a:
        source = _pick("Source", [NEW, *ids], "edge-source", names, blank=True)
    with b:
        relation = _pick("Relation", list(VOCABULARIES["relation"]), "edge-relation",
                         blank=True)
    with c:
        target = _pick("Target", [NEW, *ids], "edge-target", names, blank=True)
    new_nodes: list[tuple[str, dict[str, Any]]] = []
    ends = {"source": source, "target": target}
    for end in ("source", "target"):
        if ends[end] == NEW:
            node = _node_fields(f"edge-new-{end}", f"The new {end} node")
            new_nodes.append((f"new {end} node", node))
            ends[end] = node.get("id", "")
    description = _text("Description (optional)", "edge-description", area=True)
    plain = _text("Plain wording for patients (optional)", "edge-plain", area=True)
    st.markdown("**Evidence**")
    evidence = _evidence_fields(kg, "edge-evidence")
    edge = _clean({**ends, "relation": relation, "description": description,
                   "plain": plain, "evidence": [evidence]})
    missing = [name for name, value in (("source", source), ("relation", relation),
                                        ("target", target)) if not value]
    for name, node in new_nodes:
        missing += [f"{name} {m}" for m in _missing(node, ("id", "label", "kind"))]
    missing += [f"evidence {m}" for m in _missing(evidence, ("ref", "stance", "finding"))]
    file = _file_input(root, "edge", edge, kg)

    def save(dry_run: bool) -> EditResult:
        return add_edge(root, edge, new_nodes=[node for _, node in new_nodes], file=file,
                        dry_run=dry_run)

    return missing, save


def evidence_form(kg: mechgraph.MechGraph, root: Path) -> tuple[list[str], Callable[..., Any]]:
    keys = ["|".join(k) for k in sorted(kg.edges)]
    names = {"|".join(k): f"{kg.nodes[k[0]].label} {k[2]} {kg.nodes[k[1]].label}"
             for k in kg.edges}
    edge = _pick("The link", keys, "evidence-edge", names, blank=True)
    evidence = _evidence_fields(kg, "evidence")
    missing = (["link"] if not edge else []) + _missing(evidence, ("ref", "stance", "finding"))

    def save(dry_run: bool) -> EditResult:
        source, target, relation = edge.split("|")
        return add_evidence(root, source, target, relation, evidence, dry_run=dry_run)

    return missing, save


def node_form(kg: mechgraph.MechGraph, root: Path) -> tuple[list[str], Callable[..., Any]]:
    node = _node_fields("node", "The node")
    missing = _missing(node, ("id", "label", "kind"))
    file = _file_input(root, "node", node, kg)

    def save(dry_run: bool) -> EditResult:
        return add_node(root, node, file=file, dry_run=dry_run)

    return missing, save


def reference_form(kg: mechgraph.MechGraph, root: Path,
                   ) -> tuple[list[str], Callable[..., Any]]:
    a, b = st.columns([1, 3])
    with a:
        key = _text("Key (e.g. smith2020)", "reference-key")
    with b:
        title = _text("Title", "reference-title")
    a, b, c = st.columns([2, 1, 2])
    with a:
        authors = _text("Authors", "reference-authors")
    with b:
        year = st.number_input("Year", 1800, 2100, 2020, key="reference-year")
    with c:
        journal = _text("Journal", "reference-journal")
    a, b = st.columns(2)
    with a:
        design = _pick("Design", list(VOCABULARIES["design"]), "reference-design", blank=True)
    with b:
        subjects = _pick("Subjects", list(VOCABULARIES["subjects"]), "reference-subjects",
                         blank=True)
    a, b, c = st.columns(3)
    with a:
        doi = _text("DOI (10.xxxx/...)", "reference-doi")
    with b:
        pmid = _text("PMID", "reference-pmid")
    with c:
        url = _text("URL (http/https)", "reference-url")
    note = _text("Note (optional)", "reference-note", area=True)
    reference = _clean({"title": title, "authors": authors, "year": int(year),
                        "journal": journal, "design": design, "subjects": subjects,
                        "doi": doi, "pmid": pmid, "url": url, "note": note})
    missing = (["key"] if not key else []) + _missing(reference, ("title", "design"))
    if not (doi or pmid or url):
        missing.append("a DOI, PMID or URL")
    file = _file_input(root, "reference", reference, kg)

    def save(dry_run: bool) -> EditResult:
        return add_reference(root, key, reference, file=file, dry_run=dry_run)

    return missing, save


FORMS = {"edge": edge_form, "evidence": evidence_form, "node": node_form,
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
    """Say what the last save wrote (once, in whatever mode the app then shows)."""
    saved = st.session_state.pop("edit-saved", None)
    if saved:
        st.success(saved)


def edit_mode(kg: mechgraph.MechGraph, root: Path) -> dict[str, Any] | None:
    """Draw edit mode. Returns ``{"kind": ..., "focus": ..., "selected": ...}`` after a
    save, for the app to show the new item, else ``None``."""
    if not unlocked():
        return None
    kind = st.radio("Add", list(ITEMS), format_func=ITEMS.get, horizontal=True,
                    key="edit-kind")
    missing, save = FORMS[kind](kg, root)
    st.subheader("Preview")
    if missing:
        st.info("Fill in: " + ", ".join(missing) + ".")
        return None
    try:
        preview = save(dry_run=True)
    except mechgraph.GraphDataError as exc:
        st.error(f"The graph would have {len(exc.problems)} error(s); nothing is saved.")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return None
    except mechgraph.MechgraphError as exc:
        st.error(escape_markdown(str(exc)))  # it may quote what was typed
        return None
    except Exception as exc:  # a bug in mechgraph, not in the data: say so, nothing written
        bug(exc)
        return None
    where = f"{preview.path}:{preview.line}" + (" (a new file)" if preview.created else "")
    st.markdown(f"The whole graph checks with it. This text goes to `{where}`:")
    st.code(preview.added, language="yaml")
    if not st.button("Save", type="primary", key="edit-save"):
        return None
    try:
        result = save(dry_run=False)
    except mechgraph.GraphDataError as exc:  # the graph changed since the preview
        st.error(f"The graph changed meanwhile and would have {len(exc.problems)} error(s); "
                 "nothing is saved.")
        st.code("\n".join(str(p) for p in exc.problems), language=None)
        return None
    except mechgraph.MechgraphError as exc:
        st.error(escape_markdown(str(exc)))  # it may quote what was typed
        return None
    except Exception as exc:
        bug(exc)
        return None
    shown = _shown_after(kind, result, st.session_state)
    for key in [k for k in st.session_state if str(k).startswith(f"{kind}-")]:
        del st.session_state[key]  # an empty form for the next item
    st.session_state["edit-saved"] = f"Saved to {result.path}:{result.line}: {result.summary}."
    return shown


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
        return {"focus": source, "selected": f"{source}|{target}|{relation}"}
    if kind == "evidence":
        edge = values.get("evidence-edge", "")
        return {"focus": edge.split("|")[0], "selected": edge}
    if kind == "node":
        return {"focus": values.get("node-id", "").strip(), "selected": None}
    return {"focus": None, "selected": None}
