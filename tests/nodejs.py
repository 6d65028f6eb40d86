"""Node.js helpers for the tests that load an export into a real JavaScript consumer.

The npm packages go into ``tests/.node/`` (git-ignored; its ``package.json`` records them,
so installing one never removes another), installed once and reused; a
test skips, with the reason, when Node or npm is missing or the registry cannot be
reached. CI needs ``node`` and ``npm`` on PATH (Debian: ``apt-get install nodejs npm``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

NODE_DIR = Path(__file__).resolve().parent / ".node"


def node_packages(*packages: str) -> Path:
    """Install ``packages`` (npm specs such as ``cytoscape@3``) into ``tests/.node`` if
    they are not there yet; return the folder. Skips the test when that cannot be done."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("node and npm are needed to load the export in the real JavaScript "
                    "package (apt-get install nodejs npm)")
    NODE_DIR.mkdir(exist_ok=True)
    missing = [spec for spec in packages
               if not (NODE_DIR / "node_modules" / spec.rsplit("@", 1)[0] / "package.json")
               .exists()]
    if missing:
        result = subprocess.run(
            [npm, "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
             "--loglevel=error", *missing],
            capture_output=True, text=True, timeout=600, check=False)
        if result.returncode != 0:
            pytest.skip(f"npm install {' '.join(missing)} failed (is the npm registry "
                        f"reachable?): {result.stderr.strip()[-500:]}")
    return NODE_DIR


def run_node(script: str, *args: str, timeout: int = 120) -> Any:
    """Run a JavaScript module (ES module syntax) with ``tests/.node`` as its folder and
    return what it printed, parsed as JSON."""
    with tempfile.NamedTemporaryFile("w", dir=NODE_DIR, suffix=".mjs", delete=False,
                                     encoding="utf-8") as out:
        out.write(script)
    try:
        result = subprocess.run([shutil.which("node") or "node", out.name, *args],
                                cwd=NODE_DIR, capture_output=True, text=True,
                                timeout=timeout, check=False)
    finally:
        Path(out.name).unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)
