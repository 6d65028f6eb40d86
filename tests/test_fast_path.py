"""The fast path reads every file exactly as the careful (positioned) path does.

``parse_fast`` either gives the same value as ``parse_text`` or gives up, and it gives up
on everything the careful path refuses: a refusal can never be skipped by going fast.

A property whose fast path gave up on every case would pass having compared nothing, so
each one counts the cases really compared and asks for a share of them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Literal

import pytest
import yaml
from conftest import GRAPH
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_source import mutated

from mechgraph import find_files
from mechgraph.source import Limits, parse_fast, parse_text

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "errors"

SCALARS = ["no", "yes", "on", "off", "y", "n", "true", "False", "~", "null", "", "2004",
           "017", "0o17", "0x1F", "0b101", "1_000", "1:20", "1e3", "1.5", ".inf", "-.nan",
           "+1", "2004-01-02", "2004-02-30", "2004-01-02 10:00:00", "=", "<<", "a: b", "- x",
           "#x", "x #y", "'q'", '"d"', "10.1016/j.x", "https://x.org/a?b=c", "é", "\\u00e9",
           "line\nbreak", "  spaced  ", "Endorphins", "1.0.0", "0.", "-0", "1,000"]


Outcome = Literal["compared", "refused", "gave up"]


def same_reading(text: str) -> Outcome:
    """Check that both paths read ``text`` alike; say what was checked: ``compared`` (both
    read it, to the same value), ``refused`` (the careful path refuses it and the fast path
    gave up) or ``gave up`` (the fast path gave up on a text the careful path reads: only
    the careful path's reading counts, nothing was compared)."""
    careful = parse_text(text, "x.yaml")
    try:
        fast = parse_fast(text)
    except ValueError:
        return "refused" if careful.problems else "gave up"
    assert not careful.problems, f"fast path accepted what is refused: {careful.problems}"
    assert fast == careful.data
    assert repr(fast) == repr(careful.data)  # same types too (1 vs True vs 1.0)
    return "compared"


class Tally:
    """The outcomes of :func:`same_reading` over one property's cases."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()

    def __call__(self, text: str) -> None:
        self.outcomes[same_reading(text)] += 1

    def assert_compared(self, share: float) -> None:
        """Fail unless at least ``share`` of the cases were compared (at least 20 cases)."""
        total, compared = sum(self.outcomes.values()), self.outcomes["compared"]
        assert compared >= max(20, share * total), (
            f"only {compared} of {total} cases were compared (want {share:.0%}): the fast "
            f"path gave up on the rest, so the property checked too little; "
            f"{dict(self.outcomes)}")


@pytest.mark.parametrize("path", find_files(GRAPH), ids=lambda p: p.name)
def test_seed_files_take_the_fast_path_and_read_alike(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert parse_fast(text) == parse_text(text, path.name).data


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_no_refusal_is_skipped_on_the_fast_path(path: Path) -> None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return  # bytes are decoded (and refused) before either path runs
    careful = parse_text(text, path.name)
    if careful.problems:
        with pytest.raises(ValueError):
            parse_fast(text)
    else:
        assert parse_fast(text) == careful.data


def test_depth_limit_holds_on_the_fast_path() -> None:
    text = "a:\n" + "".join("  " * i + f"- k{i}:\n" for i in range(1, 12))
    assert parse_text(text, "x", Limits(max_depth=8)).problems
    with pytest.raises(ValueError):
        parse_fast(text, Limits(max_depth=8))


plain_scalars = st.one_of(st.sampled_from(SCALARS), st.text(max_size=12))
keys = st.one_of(st.sampled_from(["id", "no", "1", "true", "<<", "~", "a b"]),
                 st.text(min_size=1, max_size=8))
values = st.recursive(
    st.one_of(plain_scalars, st.integers(), st.floats(allow_nan=False), st.booleans(),
              st.none()),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=4)),
    max_leaves=20)

SLOW = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def test_dumped_documents_read_alike() -> None:
    tally = Tally()

    @SLOW
    @given(values, st.sampled_from([None, False, True]))
    def read(data: object, flow: bool | None) -> None:
        tally(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))

    read()
    tally.assert_compared(0.5)  # about 85-95 % in practice


written_keys = st.one_of(st.sampled_from(["id", "no", "1", "true", "~", "label", "year"]),
                         st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True))
written_values = st.one_of(st.sampled_from(SCALARS),
                           st.from_regex(r"[A-Za-z0-9][A-Za-z0-9 .,:/+-]{0,15}", fullmatch=True))


def test_hand_written_plain_scalars_read_alike() -> None:
    tally = Tally()

    @SLOW
    @given(st.lists(st.tuples(written_keys, written_values), max_size=8,
                    unique_by=lambda pair: pair[0]))
    def read(pairs: list[tuple[str, str]]) -> None:
        # Written the way a curator writes them: unquoted, whatever YAML makes of them.
        tally("".join(f"{k}: {v}\n" for k, v in pairs))
        tally("".join(f"- {v}\n" for _, v in pairs))

    read()
    tally.assert_compared(0.5)  # about 85-90 % in practice


def test_mutated_seed_files_read_alike() -> None:
    tally = Tally()

    @SLOW
    @given(mutated())
    def read(text: str) -> None:
        tally(text)

    read()
    # Most mutations break the file (refused: the careful path decides); about 30-45 % of
    # the cases still read, and those must read alike.
    tally.assert_compared(0.1)


def test_a_property_that_compared_too_little_fails() -> None:
    tally = Tally()
    tally.outcomes.update({"compared": 20, "refused": 100, "gave up": 80})
    tally.assert_compared(0.1)
    with pytest.raises(AssertionError, match="only 20 of 200 cases were compared"):
        tally.assert_compared(0.5)
    tally.outcomes = Counter({"gave up": 5})
    with pytest.raises(AssertionError, match="only 0 of 5"):
        tally.assert_compared(0.0)
