"""Golden negative fixtures: ``fixtures/errors/<case>.yaml`` gives exactly ``<case>.expected``.

Each fixture is a small self-contained graph of one file. Its first line is
``# code: <code>`` (or several codes, comma-separated), the problem codes it must produce;
``<case>.expected`` holds the exact lines ``str(problem)`` gives, in order, with the file
shown as ``<case>.yaml``. Adding a fixture adds a test.

A fixture whose expected output is right but which the library does not yet produce is
listed in :data:`KNOWN_BUGS` (a strict xfail: it fails the suite once the bug is fixed, so
that the entry is removed).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mechgraph import check_graph
from mechgraph.errors import CODES

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "errors"
CASES = sorted(FIXTURES.glob("*.yaml"))
CODE_LINE = re.compile(r"^# code: ([a-z0-9-]+(?:, [a-z0-9-]+)*)$")

KNOWN_BUGS: dict[str, str] = {}


def declared_codes(path: Path) -> set[str]:
    """The codes named on the fixture's first line, ``# code: a, b``."""
    first = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    match = CODE_LINE.match(first)
    assert match, f"{path.name}: the first line must be '# code: <code>[, <code>...]'"
    return set(match.group(1).split(", "))


def _cases() -> list[object]:
    out = []
    for path in CASES:
        reason = KNOWN_BUGS.get(path.stem)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(path.name, id=path.stem, marks=marks))
    return out


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 50


def test_every_fixture_has_expected_output_and_vice_versa() -> None:
    yamls = {p.stem for p in CASES}
    expected = {p.stem for p in FIXTURES.glob("*.expected")}
    assert sorted(yamls - expected) == [], "add a .expected file for each fixture"
    assert sorted(expected - yamls) == [], "remove .expected files that have no fixture"


def test_known_bugs_name_existing_fixtures() -> None:
    assert set(KNOWN_BUGS) <= {p.stem for p in CASES}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_declared_codes_exist(path: Path) -> None:
    assert declared_codes(path) <= set(CODES)


@pytest.mark.parametrize("name", _cases())
def test_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture's problems are exactly the expected lines, in order, with its codes."""
    monkeypatch.chdir(FIXTURES)
    path = Path(name)
    expected_file = path.with_suffix(".expected")
    assert expected_file.exists(), f"missing {expected_file.name}"
    problems = check_graph(path)
    assert [str(p) for p in problems] == expected_file.read_text(encoding="utf-8").splitlines()
    assert {p.code for p in problems} == declared_codes(path)
    assert {p.file for p in problems} == {name}
    positions = [(p.line or 0, p.col or 0) for p in problems]
    assert positions == sorted(positions), "problems must be reported in file order"
