"""The explorer's state, kept in the page's URL so that a view can be bookmarked or shared.

Parameter names (tests and scripts rely on them): ``mode`` (``explain`` | ``explore`` |
``compare`` | ``claims`` | ``edit``, the last only where the app was started with editing
on), ``source`` and ``target`` (explain), ``target`` and ``treatments`` (compare: the
condition, and the treatment ids separated by commas, ``treatments=pill_a,exercise``; none
means every treatment that reaches the condition; an id that is not a treatment is dropped
with a warning), ``claims_source`` (claims: the key of the source whose claims are shown; by
default the first source) and ``claim`` (claims: the id of the claim whose links and
evidence are open), ``focus``, ``depth``, ``direction`` (explore),
``path`` (the chosen path, 1-based), ``from`` and ``to`` (the explore path finder),
``selected`` (the node or link whose details are shown: a node id, or
``SOURCE|TARGET|RELATION`` for a link, as a click on the picture sets it), ``without``
(explain and explore: the nodes and links blocked to ask "what if?", separated by commas,
``without=endorphins,acupuncture|qi|increases``; the source, target or focus shown cannot
be blocked), and
the filters ``relation``, ``level`` (minimum evidence level), ``stance``, ``design``,
``subjects`` (who was studied), ``comparison``, ``kind``, ``framework``, ``basis`` (what a
link rests on: studied, curated, claimed, traditional) (repeat a name for
several values). A value the graph does not know is dropped with a warning, never an error
page. The app keeps the state in the session and writes it here (see
:mod:`mechgraph.app.state`); it reads this only when the URL changed from outside.

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> state, warnings = ViewState.from_params({"mode": "explore", "focus": "endorphins",
...                                          "depth": "2", "stance": ["supports"]}, kg)
>>> state.mode, state.focus, state.depth, state.stance, warnings
('explore', 'endorphins', 2, ('supports',), [])
>>> state.to_params()["focus"]
'endorphins'
>>> print(ViewState.from_params({"source": "acupunture"}, kg)[1][0])
unknown node 'acupunture' in the page address (did you mean 'acupuncture'?); showing 'acupuncture'
>>> state, warnings = ViewState.from_params({"mode": "compare", "target": "chronic_low_back_pain",
...                                          "treatments": "acupunture,endorphins"}, kg)
>>> state.treatments, state.to_params()
((), {'mode': 'compare', 'target': 'chronic_low_back_pain'})
>>> for warning in warnings:
...     print(warning)
unknown treatment 'acupunture' in the page address (did you mean 'acupuncture'?); ignored
'endorphins' in the page address is a mediator, not a treatment; ignored
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from mechgraph.graph import MechGraph
from mechgraph.keys import EdgeKey, as_edge_key
from mechgraph.query import DIRECTIONS, Filter
from mechgraph.text import suggest
from mechgraph.vocab import EVIDENCE_LEVELS, FILTER_FIELDS, FILTER_VOCABULARIES
from mechgraph.whatif import Blocked

__all__ = ["MODES", "ViewState"]

MODES = ("explain", "compare", "explore", "claims", "edit")
MAX_DEPTH = 4
_LISTS = {name: FILTER_VOCABULARIES[name] for name in FILTER_FIELDS}


@dataclass(frozen=True)
class ViewState:
    """Everything that decides what the explorer shows."""

    mode: str = "explain"
    source: str | None = None
    target: str | None = None
    focus: str | None = None
    depth: int = 1
    direction: str = "both"
    path: int | None = None
    path_from: str | None = None
    path_to: str | None = None
    selected: str | None = None
    level: str | None = None
    relation: tuple[str, ...] = ()
    stance: tuple[str, ...] = ()
    design: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    comparison: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    framework: tuple[str, ...] = ()
    basis: tuple[str, ...] = ()
    claims_source: str | None = None
    claim: str | None = None
    treatments: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    """Blocked nodes (ids) and links (``SOURCE|TARGET|RELATION``), in the order chosen."""

    @classmethod
    def from_params(cls, params: Mapping[str, Any], kg: MechGraph,
                    ) -> tuple[ViewState, list[str]]:
        """Read the state from URL parameters; unknown values are dropped with a warning."""
        warnings: list[str] = []

        def one(name: str) -> str | None:
            value = params.get(name)
            if isinstance(value, list):
                value = value[0] if value else None
            return None if value in (None, "") else str(value)

        def many(name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
            value = params.get(name, [])
            values = [value] if isinstance(value, str) else list(value)
            kept = []
            for v in values:
                if v in allowed:
                    kept.append(v)
                else:
                    warnings.append(f"unknown {name} '{v}' in the page address"
                                    f"{suggest(v, allowed)}; ignored")
            return tuple(dict.fromkeys(kept))

        def node(name: str, fallback: str | None = None) -> str | None:
            value = one(name)
            if value is not None and value in kg.nodes:
                return value
            default = fallback and first(fallback)  # looked for only when needed
            if value is None:
                return default
            shown = f"; showing '{default}'" if default else "; ignored"
            warnings.append(f"unknown node '{value}' in the page address{suggest(value, kg.nodes)}"
                            f"{shown}")
            return default

        def number(name: str, default: int | None, low: int, high: int) -> int | None:
            value = one(name)
            if value is None:
                return default
            try:
                n = int(value)
            except ValueError:
                n = None
            if n is None or not low <= n <= high:
                warnings.append(f"'{name}' must be a whole number from {low} to {high}, not "
                                f"'{value}'; ignored")
                return default
            return n

        def selection() -> str | None:
            value = one("selected")
            if value is None or value in kg.nodes:
                return value
            key = as_edge_key(value)
            if key in kg.edges:
                return value
            what = "node" if key is None else "link"
            hint = "" if what == "link" else suggest(value, kg.nodes)
            warnings.append(f"unknown {what} '{value}' selected in the page address{hint}; ignored")
            return None

        def treatments() -> tuple[str, ...]:
            value = params.get("treatments", [])
            values = [value] if isinstance(value, str) else list(value)
            kept = []
            for item in (v.strip() for text in values for v in str(text).split(",")):
                if not item:
                    continue
                node = kg.nodes.get(item)
                if node is None:
                    ids = [i for i, n in kg.nodes.items() if n.kind == "treatment"]
                    warnings.append(f"unknown treatment '{item}' in the page address"
                                    f"{suggest(item, ids)}; ignored")
                elif node.kind != "treatment":
                    warnings.append(f"'{item}' in the page address is a {node.kind}, not a "
                                    "treatment; ignored")
                else:
                    kept.append(item)
            return tuple(dict.fromkeys(kept))

        def without() -> tuple[str, ...]:
            value = params.get("without", [])
            values = [value] if isinstance(value, str) else list(value)
            kept = []
            for item in (v.strip() for text in values for v in str(text).split(",")):
                key = as_edge_key(item)
                if not item or item in kg.nodes or key in kg.edges:
                    kept.append(item)
                elif key is None:
                    warnings.append(f"unknown node '{item}' to block in the page address"
                                    f"{suggest(item, kg.nodes)}; not blocked")
                else:
                    warnings.append(f"unknown link '{item}' to block in the page address; "
                                    "not blocked")
            return tuple(dict.fromkeys(k for k in kept if k))

        def first(kind: str) -> str | None:
            return min((i for i, n in kg.nodes.items() if n.kind == kind), default=None)

        def choice(name: str, allowed: tuple[str, ...], default: str | None) -> str | None:
            value = one(name)
            if value is None or value in allowed:
                return value if value is not None else default
            warnings.append(f"unknown {name} '{value}' in the page address"
                            f"{suggest(value, allowed)}; ignored")
            return default

        def claims_source() -> str | None:
            value, default = one("claims_source"), next(iter(kg.sources), None)
            if value is None or value in kg.sources:
                return value or default
            shown = f"; showing '{default}'" if default else "; ignored"
            warnings.append(f"unknown source '{value}' in the page address"
                            f"{suggest(value, kg.sources)}{shown}")
            return default

        def claim(source: str | None) -> str | None:
            value = one("claim")
            ids = [c.id for c in kg.sources[source].claims] if source else []
            if value is None or value in ids:
                return value
            warnings.append(f"unknown claim '{value}' in the page address{suggest(value, ids)}; "
                            "ignored")
            return None

        text = claims_source()
        state = cls(
            mode=choice("mode", MODES, "explain") or "explain",
            claims_source=text,
            claim=claim(text),
            source=node("source", "treatment"),
            target=node("target", "condition"),
            focus=node("focus"),
            depth=number("depth", 1, 0, MAX_DEPTH) or 0,
            direction=choice("direction", DIRECTIONS, "both") or "both",
            path=number("path", None, 1, 10_000),
            path_from=node("from"),
            path_to=node("to"),
            selected=selection(),
            level=choice("level", EVIDENCE_LEVELS, None),
            treatments=treatments(),
            without=without(),
            **{name: many(name, allowed) for name, allowed in _LISTS.items()},
        )
        for node in state.without:
            if node in state.shown_ends():
                role = "the focus" if state.mode == "explore" else "an end of the pathways"
                warnings.append(f"'{node}' in the page address is {role} shown, so it "
                                "cannot be blocked; not blocked")
        return state.unblock_ends(), warnings

    def to_params(self) -> dict[str, str | list[str]]:
        """The URL parameters of this state (defaults left out, so links stay short)."""
        out: dict[str, str | list[str]] = {"mode": self.mode}
        if self.mode == "explain":
            for name in ("source", "target"):
                if getattr(self, name):
                    out[name] = getattr(self, name)
        elif self.mode == "claims":
            for name in ("claims_source", "claim"):
                if getattr(self, name):
                    out[name] = getattr(self, name)
        elif self.mode == "compare":
            if self.target:
                out["target"] = self.target
            if self.treatments:
                out["treatments"] = ",".join(self.treatments)
        else:
            if self.focus:
                out["focus"] = self.focus
            if self.depth != 1:
                out["depth"] = str(self.depth)
            if self.direction != "both":
                out["direction"] = self.direction
            if self.path_from:
                out["from"] = self.path_from
            if self.path_to:
                out["to"] = self.path_to
        if self.without and self.mode in ("explain", "explore"):
            out["without"] = ",".join(self.without)
        if self.path is not None:
            out["path"] = str(self.path)
        if self.selected:
            out["selected"] = self.selected
        if self.level:
            out["level"] = self.level
        for name in _LISTS:
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        return out

    def selected_edge(self) -> EdgeKey | None:
        """The selected link as ``(source, target, relation)``, if a link is selected."""
        return as_edge_key(self.selected) if self.selected else None

    def shown_ends(self) -> tuple[str, ...]:
        """The nodes the view is about, which cannot be blocked: the source and target in
        explain mode, the focus in explore mode."""
        ends = ((self.source, self.target) if self.mode == "explain"
                else (self.focus,) if self.mode == "explore" else ())
        return tuple(n for n in ends if n)

    def unblock_ends(self) -> ViewState:
        """This state without its own nodes among the blocked ones."""
        ends = self.shown_ends()
        if not any(n in ends for n in self.without):
            return self
        return replace(self, without=tuple(n for n in self.without if n not in ends))

    def blocked(self) -> Blocked:
        """The blocked nodes and links (:class:`~mechgraph.whatif.Blocked`).

        >>> ViewState(without=("qi", "a|b|increases")).blocked().to_dict()
        {'nodes': ['qi'], 'edges': [['a', 'b', 'increases']]}
        """
        edges = [as_edge_key(x) for x in self.without]
        return Blocked(frozenset(x for x, e in zip(self.without, edges, strict=True)
                                 if e is None),
                       frozenset(e for e in edges if e is not None))

    def filter(self) -> Filter:
        """The :class:`~mechgraph.query.Filter` the state asks for."""
        return Filter.of_fields({name: getattr(self, name) for name in _LISTS},
                                min_level=self.level)

    def with_(self, **changes: Any) -> ViewState:
        """A copy with some fields changed."""
        known = {f.name for f in fields(self)}
        return replace(self, **{k: v for k, v in changes.items() if k in known})

    def changed(self, **changes: Any) -> ViewState:
        """The state after a user changed some fields, with what belonged to the old view
        cleared: another mode, question (``source``, ``target``) or path finder end
        (``path_from``, ``path_to``) forgets the chosen path and the selection; another
        focus forgets the selection (unless the selection is the new focus); another
        condition (``target``) forgets the treatments chosen for the last one (compare
        mode then shows every treatment of the new one).

        Examples
        --------
        >>> s = ViewState(source="a", target="b", path=2, selected="x|b|decreases")
        >>> s.changed(source="c").path, s.changed(source="c").selected
        (None, None)
        >>> s.changed(source="a").path  # nothing changed, nothing forgotten
        2
        >>> ViewState(focus="a", selected="b").changed(focus="b").selected
        'b'
        >>> c = ViewState(mode="compare", target="b", treatments=("x", "y"))
        >>> c.changed(target="c").treatments, c.changed(mode="explain", source="x").treatments
        ((), ('x', 'y'))
        """
        new = self.with_(**changes)
        if any(getattr(new, f) != getattr(self, f)
               for f in ("mode", "source", "target", "path_from", "path_to")):
            new = replace(new, path=changes.get("path"), selected=changes.get("selected"))
        if new.focus != self.focus and new.selected != new.focus and "selected" not in changes:
            new = replace(new, selected=None)
        if new.claims_source != self.claims_source and "claim" not in changes:
            new = replace(new, claim=None)  # another source: its claims are others
        if new.target != self.target and "treatments" not in changes:
            new = replace(new, treatments=())
        return new.unblock_ends()  # a blocked node chosen as an end is no longer blocked
