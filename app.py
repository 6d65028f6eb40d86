"""The mechgraph explorer (Streamlit): a thin layer over the ``mechgraph`` library.

Run it with ``streamlit run app.py`` (the bundled ``./graph``), ``streamlit run app.py --
--graph DIR`` or ``MECHGRAPH_GRAPH=DIR streamlit run app.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

import mechgraph
from mechgraph.cli import app_graph_dir


@st.cache_resource(show_spinner="Loading the graph ...", max_entries=4)
def load(root: str, signature: tuple[object, ...]) -> tuple[mechgraph.MechGraph | None,
                                                            list[mechgraph.Problem]]:
    """Load the graph; ``signature`` changes when a file changes, which reloads it."""
    try:
        return mechgraph.load_graph(root), []
    except mechgraph.GraphDataError as exc:
        return None, exc.problems


def show_problems(root: Path, problems: list[mechgraph.Problem]) -> None:
    st.error(f"The graph in `{root}` has {len(problems)} error(s). Fix them, then "
             "reload this page.")
    st.code("\n".join(str(p) for p in problems), language=None)


def show_edge(kg: mechgraph.MechGraph, key: tuple[str, str, str]) -> None:
    edge, grade = kg.edges[key], kg.grades[key]
    source, target = kg.nodes[edge.source], kg.nodes[edge.target]
    st.subheader(f"{source.label} → {target.label} ({edge.relation})")
    status = f"Evidence level: **{grade.level}**"
    if grade.contested:
        status += " · **contested** (refuting evidence of comparable weight)"
    if kg.framework_of(edge) == "traditional":
        status += " · traditional framework: an explanation, not measured biology"
    st.markdown(status)
    if edge.plain:
        st.markdown(edge.plain)
    if edge.description:
        st.caption(edge.description)
    for item in edge.evidence:
        ref = kg.references[item.ref]
        links = " · ".join(f"[{name}]({url})" for name, url in ref.links.items())
        comparison = f", vs {item.comparison.replace('_', ' ')}" if item.comparison else ""
        st.markdown(f"- **{item.stance}**{comparison}: {item.finding}  \n"
                    f"  *{ref.title}* ({ref.authors or 'n.a.'}, {ref.year}; {ref.design}) "
                    f"{links}")


def main() -> None:
    st.set_page_config(page_title="mechgraph", layout="wide")
    root = app_graph_dir(sys.argv[1:])
    st.title("mechgraph")
    st.caption(f"How a treatment works, with the evidence for every link · graph: `{root}`")
    kg, problems = load(str(root), mechgraph.graph_signature(root))
    if kg is None:
        show_problems(root, problems)
        return
    stats = kg.stats()
    cols = st.columns(4)
    for col, name in zip(cols, ("nodes", "edges", "references", "contested_edges"),
                         strict=True):
        col.metric(name.replace("_", " ").capitalize(), stats[name])
    keys = list(kg.edges)
    labels = {k: f"{kg.nodes[k[0]].label} → {kg.nodes[k[1]].label} ({k[2]})" for k in keys}
    choice = st.selectbox("Link", keys, format_func=labels.__getitem__)
    if choice is not None:
        show_edge(kg, choice)


main()
