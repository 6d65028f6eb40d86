"""Shared fixtures: where the repository, the seed graph and the installed CLI are."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GRAPH = ROOT / "graph"
SHARED = ROOT.parent / "shared"


def mechgraph_command() -> list[str]:
    """The installed ``mechgraph`` console script (next to this Python, else on PATH)."""
    beside = Path(sys.executable).with_name("mechgraph")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("mechgraph")
    if found is None:
        pytest.fail("the mechgraph command is not installed: pip install -e '.[test]'")
    return [found]


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
            ) -> subprocess.CompletedProcess[str]:
    """Run the installed ``mechgraph`` command and capture its output."""
    full_env = {k: v for k, v in os.environ.items() if k != "MECHGRAPH_GRAPH"}
    full_env.update(env or {})
    return subprocess.run([*mechgraph_command(), *args], cwd=cwd or ROOT, env=full_env,
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test (and every command it runs) uses a cache folder of the test session."""
    os.environ["MECHGRAPH_CACHE_DIR"] = str(tmp_path_factory.mktemp("mechgraph-cache"))


@pytest.fixture
def graph_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed graph."""
    dest = tmp_path / "graph"
    shutil.copytree(GRAPH, dest)
    return dest
