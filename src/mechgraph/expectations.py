"""Checking expectations: the statements the graph's answers must keep.

An expectation (:class:`~mechgraph.model.Expectation`, the ``expectations:`` section of a
graph file) is checked against exactly what users see: the pathways
:func:`~mechgraph.query.find_paths` lists between its two nodes, each with its net effect,
its weakest link (:func:`~mechgraph.evidence.path_grade`), whether it is contested and
whether it crosses the traditional framework, and the overall effect of the
:class:`~mechgraph.query.PathReport`. ``mechgraph check`` prints every failure with what
the graph says now; an edit that would break one is warned about
(:func:`broken_by`, called by :func:`mechgraph.edit.write_checked`).

Examples
--------
>>> import mechgraph
>>> kg = mechgraph.load_graph("graph")
>>> results = check_expectations(kg)
>>> all(r.passed for r in results), len(results) == len(kg.expectations)
(True, True)
>>> from mechgraph.model import Expectation
>>> wrong = Expectation(id="x", note="An example.", source="nsaids",
...                     target="chronic_low_back_pain", overall="increases")
>>> passed, says = evaluate(kg, wrong)
>>> passed, says.split(" (")[0]
(False, 'the overall effect of nsaids on chronic_low_back_pain is decreases: ↓ decreases')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mechgraph.evidence import path_rank
from mechgraph.kg import Location, MechGraph
from mechgraph.listing import plural
from mechgraph.model import Expectation
from mechgraph.query import PathReport, Pathway, find_paths
from mechgraph.vocab import EVIDENCE_LEVELS, LEVEL_RANK

__all__ = ["DEFAULT_MAX_LENGTH", "ExpectationResult", "broken_by", "check_expectations",
           "check_record", "check_text", "describe", "evaluate"]

DEFAULT_MAX_LENGTH = 6
"""The most links on a pathway when an expectation does not say (as ``mechgraph paths``)."""
_SHOWN = 3
"""How many pathways a failure names at most."""


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation checked against the graph.

    Attributes
    ----------
    expectation : Expectation
    location : Location
        Where it is written (``file:line:col`` of its first key).
    passed : bool
    says : str
        What the graph says now, in words (why it failed, or how it holds).
    """

    expectation: Expectation
    location: Location
    passed: bool
    says: str

    @property
    def where(self) -> str:
        """``file:line`` of the expectation."""
        return f"{self.location.file}:{self.location.line}"

    def __str__(self) -> str:
        verdict = "passed" if self.passed else "failed"
        return f"{self.where}: expectation {self.expectation.id}: {verdict}: {self.says}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of one result of ``mechgraph check --json``."""
        return {"id": self.expectation.id, "file": self.location.file,
                "line": self.location.line, "passed": self.passed, "says": self.says,
                "expects": describe(self.expectation), "note": self.expectation.note}


def check_expectations(kg: MechGraph, ids: Iterable[str] | None = None,
                       ) -> list[ExpectationResult]:
    """Check every expectation of ``kg`` (or those of ``ids``), in file order.

    Each pair of nodes is searched once, however many expectations name it.

    Parameters
    ----------
    kg : MechGraph
    ids : iterable of str, optional
        Only these expectations (unknown ids are left out).

    Returns
    -------
    list of ExpectationResult
    """
    wanted = None if ids is None else set(ids)
    reports: dict[tuple[str, str, int], PathReport] = {}
    out = []
    for key, expectation in kg.expectations.items():
        if wanted is not None and key not in wanted:
            continue
        passed, says = evaluate(kg, expectation, reports)
        out.append(ExpectationResult(expectation, kg.locations["expectation", key], passed,
                                     says))
    return out


def check_text(root: Path, results: Sequence[ExpectationResult]) -> str:
    """What ``mechgraph check`` prints: each failure, then a summary line.

    Examples
    --------
    >>> import mechgraph
    >>> print(check_text(Path("graph"), check_expectations(mechgraph.load_graph("graph"))))
    ... # doctest: +ELLIPSIS
    graph: ... expectations, all passed
    """
    failed = [r for r in results if not r.passed]
    if not results:
        return (f"{root}: no expectations to check (state some under 'expectations:'; see "
                "docs/format.md)")
    lines = [str(r) for r in failed]
    count = plural(len(results), "expectation")
    lines.append(f"{root}: {count}, {len(results) - len(failed)} passed, {len(failed)} failed"
                 if failed else f"{root}: {count}, all passed")
    return "\n".join(lines)


def check_record(root: Path, results: Sequence[ExpectationResult]) -> dict[str, Any]:
    """The JSON of ``mechgraph check --json`` for a valid graph (see the README)."""
    failed = sum(not r.passed for r in results)
    return {"graph": str(root), "ok": not failed, "error_count": 0, "problems": [],
            "expectations": len(results), "passed": len(results) - failed, "failed": failed,
            "results": [r.to_dict() for r in results]}


def broken_by(after: MechGraph, before: Callable[[], MechGraph | None]) -> list[str]:
    """The warnings of an edit that makes ``after``: one line per expectation that held in
    the graph ``before()`` gives (asked only when an expectation fails after) and fails
    after, ``file:line: warning: this edit would break expectation ID: what the graph
    would say``. When ``before()`` gives ``None`` (the graph could not be read before),
    every failing expectation is named.
    """
    if not after.expectations:
        return []
    failing = [r for r in check_expectations(after) if not r.passed]
    if not failing:
        return []
    old = before()
    held = None
    if old is not None:
        held = {r.expectation.id for r in check_expectations(
            old, [r.expectation.id for r in failing]) if r.passed}
    return [f"{r.where}: warning: this edit would break expectation {r.expectation.id}: "
            f"{r.says}" for r in failing if held is None or r.expectation.id in held]


def evaluate(kg: MechGraph, expectation: Expectation,
             reports: dict[tuple[str, str, int], PathReport] | None = None,
             ) -> tuple[bool, str]:
    """Whether ``expectation`` holds in ``kg``, and what the graph says, in words.

    ``reports`` keeps the pathways found for each ``(source, target, max_length)``, to be
    shared by the expectations of one check.
    """
    e = expectation
    length = e.max_length or DEFAULT_MAX_LENGTH
    key = (e.source, e.target, length)
    cache = {} if reports is None else reports
    if key not in cache:
        cache[key] = find_paths(kg, e.source, e.target, max_length=length)
    report = cache[key]
    verdicts = []
    if e.overall is not None:
        verdicts.append(_overall(e, report))
    if e.quantifier is not None:
        verdicts.append(_pathways(e, report))
    passed = all(ok for ok, _ in verdicts)
    shown = [says for ok, says in verdicts if ok == passed]
    if report.truncated and not passed:
        shown.append(f"(the search stopped at {len(report.paths)} pathways; a smaller "
                     "max_length may find what is expected)")
    return passed, "; ".join(shown)


def describe(expectation: Expectation) -> str:
    """The expectation in words.

    Examples
    --------
    >>> print(describe(Expectation(id="e", note="n", source="acupuncture", target="pain",
    ...                            effect="decreases", min_level="preclinical")))
    some pathway from acupuncture to pain decreases it, with a weakest link of at least \
preclinical
    >>> print(describe(Expectation(id="e", note="n", source="a", target="b", pathways="every",
    ...                            min_level="low", through=["c"], max_length=3)))
    every pathway from a to b of at most 3 links with a weakest link of at least low passes \
through c
    """
    e = expectation
    parts = []
    if e.overall is not None:
        parts.append(f"the overall effect of {e.source} on {e.target} is {e.overall}")
    if e.quantifier is not None:
        span = f"from {e.source} to {e.target}" + (
            f" of at most {plural(e.max_length, 'link')}" if e.max_length else "")
        conditions = e.conditions
        level = conditions.pop("min_level", None) if e.quantifier == "every" else None
        words = _condition_words(conditions)
        at_least = f" with a weakest link of at least {level}" if level else ""
        if e.quantifier == "every" and words:
            parts.append(f"every pathway {span}{at_least} {words}")
        elif e.quantifier == "every":
            parts.append(f"there is a pathway {span}{at_least}")
        elif e.quantifier == "none":
            parts.append(f"no pathway {span} {words}" if words
                         else f"there is no pathway {span}")
        else:
            parts.append(f"some pathway {span} {words}" if words
                         else f"there is a pathway {span}")
    return "; ".join(parts)


def _condition_words(conditions: dict[str, Any]) -> str:
    """The conditions on a pathway, as a verb phrase ("decreases it, with ...")."""
    verbs, withs = [], []
    for name, value in conditions.items():
        if name == "effect":
            verbs.append(_EFFECT_WORDS[value])
        elif name == "through":
            verbs.append("passes through " + ", ".join(value))
        elif name == "avoiding":
            verbs.append("avoids " + ", ".join(value))
        elif name == "framework":
            verbs.append("crosses the traditional framework" if value == "traditional"
                         else "stays in the biomedical framework")
        elif name == "min_level":
            withs.append(f"a weakest link of at least {value}")
        elif name == "max_level":
            withs.append(f"a weakest link of at most {value}")
        elif name == "contested":
            withs.append("a contested link" if value else "no contested link")
        elif name == "graded":
            withs.append("an evidence level" if value else "no evidence level (ungraded)")
    if not verbs and withs:
        verbs.append("exists")
    return " and ".join(verbs) + (", with " + " and ".join(withs) if withs else "")


_EFFECT_WORDS = {"increases": "increases it", "decreases": "decreases it",
                 "unknown": "has an effect of unknown sign", "not_causal": "is not causal"}


def _overall(e: Expectation, report: PathReport) -> tuple[bool, str]:
    from mechgraph.glance import overall_words

    shown = overall_words(report) if report.paths else "there is no pathway"
    says = f"the overall effect of {e.source} on {e.target} is {report.overall}: {shown}"
    if report.truncated:
        return False, says
    return report.overall == e.overall, says


def _misses(p: Pathway, conditions: dict[str, Any]) -> list[str]:
    """What a pathway lacks of ``conditions``, in words (empty: it meets them all)."""
    out = []
    rank = path_rank(p.weakest_evidence)
    for name, value in conditions.items():
        if name == "effect" and p.net_effect != value:
            out.append(f"its effect is {p.net_effect}")
        elif name in ("min_level", "max_level") and (
                rank < LEVEL_RANK[value] if name == "min_level" else rank > LEVEL_RANK[value]):
            out.append(f"its weakest link is {p.weakest_evidence}")
        elif name == "through":
            missing = [n for n in value if n not in p.nodes]
            if missing:
                out.append("it does not pass through " + ", ".join(missing))
        elif name == "avoiding":
            met = [n for n in value if n in p.nodes]
            if met:
                out.append("it passes through " + ", ".join(met))
        elif name == "contested" and p.contested != value:
            out.append("a link of it is contested" if p.contested else "no link of it is "
                       "contested")
        elif name == "framework" and p.traditional != (value == "traditional"):
            out.append("it crosses the traditional framework" if p.traditional
                       else "it stays in the biomedical framework")
        elif name == "graded" and (p.weakest_evidence in EVIDENCE_LEVELS) != value:
            out.append(f"its weakest link is {p.weakest_evidence}")
    return out


def _path_words(p: Pathway) -> str:
    contested = ", contested" if p.contested else ""
    return (f"{' -> '.join(p.nodes)} ({p.net_effect}, weakest link "
            f"{p.weakest_evidence}{contested})")


def _some(paths: list[Pathway]) -> str:
    shown = "; ".join(_path_words(p) for p in paths[:_SHOWN])
    more = f"; and {len(paths) - _SHOWN} more" if len(paths) > _SHOWN else ""
    return shown + more


def _pathways(e: Expectation, report: PathReport) -> tuple[bool, str]:
    paths = list(report.paths)
    span = f"from {e.source} to {e.target}" + (
        f" within {plural(e.max_length, 'link')}" if e.max_length else "")
    conditions = e.conditions
    complete = not report.truncated  # "every" and "none" hold only over every pathway
    if e.quantifier == "every":
        level = conditions.pop("min_level", None)
        at_least = f" with a weakest link of at least {level}" if level else ""
        if level is not None:
            paths = [p for p in paths if path_rank(p.weakest_evidence) >= LEVEL_RANK[level]]
        if not paths:
            return False, f"there is no pathway {span}{at_least}"
        failing = [(p, m) for p in paths if (m := _misses(p, conditions))]
        if not failing:
            return complete, (f"the one pathway {span}{at_least} does" if len(paths) == 1
                              else f"all {len(paths)} pathways {span}{at_least} do")
        first, missed = failing[0]
        return False, (f"{len(failing)} of the {plural(len(paths), 'pathway')} {span}"
                       f"{at_least} do not, e.g. {_path_words(first)}: {'; '.join(missed)}")
    meeting = [p for p in paths if not _misses(p, conditions)]
    if e.quantifier == "none":
        if meeting:
            return False, (f"{plural(len(meeting), 'pathway')} {span} "
                           f"{'does' if len(meeting) == 1 else 'do'}: {_some(meeting)}")
        return complete, (f"none of the {plural(len(paths), 'pathway')} {span} does"
                          if paths else f"there is no pathway {span}")
    if meeting and len(paths) == 1:
        return True, f"the one pathway {span} does: {_path_words(meeting[0])}"
    if meeting:
        return True, (f"{len(meeting)} of the {plural(len(paths), 'pathway')} {span} "
                      f"{'does' if len(meeting) == 1 else 'do'}; the best: "
                      f"{_path_words(meeting[0])}")
    if not paths:
        return False, f"there is no pathway {span}"
    closest = min(paths, key=lambda p: len(_misses(p, conditions)))
    if len(paths) == 1:
        return False, (f"the one pathway {span} does not: {_path_words(closest)}: "
                       f"{'; '.join(_misses(closest, conditions))}")
    return False, (f"none of the {plural(len(paths), 'pathway')} {span} does; the closest, "
                   f"{_path_words(closest)}: {'; '.join(_misses(closest, conditions))}")
