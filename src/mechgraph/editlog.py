"""The edit record: who changed the graph, when, and what, one line per saved edit.

Every edit that reaches the disk through :func:`mechgraph.edit.write_checked` (``add``
today; ``set``, ``remove`` and ``rename`` on the same seam) appends one record to
``<graph>/.mechgraph-edits.log``, a hidden file the loader never reads (like every name
starting with ``.``), so ``validate`` ignores it. Each line is one JSON object::

    {"time": "2026-12-07T03:40:00Z", "author": "A. Editor",
     "summary": "added node substance_p", "diff": "before -> after\\nnodes (+1)\\n..."}

``time`` is UTC (ISO 8601, seconds), ``author`` the name given (``"unknown"`` when none
was: the command line warns then), ``summary`` the edit's one line and ``diff`` exactly the
text ``mechgraph diff`` prints for the change. A dry run records nothing.

Why a log and not a git commit: committing in someone's work tree would sweep up whatever
they had staged, run their hooks, may ask for a signing key, and fails without a git user;
the graph folder need not be in git at all. The log is appended under the folder's lock
(the caller holds it) with one ``write`` of one line, then ``fsync``; a crash between the
graph files and the record loses the record of that edit, never a file. Commit the log with
the graph to keep the history in git too.

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> record = append_record(folder, author="A. Editor", summary="added node x",
...                        diff="before -> after\\n", now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
>>> record.time, (folder / LOG_NAME).is_file()
('2026-01-02T03:04:05Z', True)
>>> [r.summary for r in read_log(folder)]
['added node x']
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mechgraph.errors import MechgraphError

__all__ = ["LOG_NAME", "UNKNOWN", "EditRecord", "append_record", "git_author", "read_log"]

LOG_NAME = ".mechgraph-edits.log"
"""The record's file name inside the graph folder (hidden: the loader skips it)."""
UNKNOWN = "unknown"
"""The author recorded when no name was given."""


@dataclass(frozen=True)
class EditRecord:
    """One saved edit: ``time`` (UTC, ISO 8601), ``author``, ``summary``, ``diff``."""

    time: str
    author: str
    summary: str
    diff: str

    def to_dict(self) -> dict[str, Any]:
        """``{"time", "author", "summary", "diff"}`` (the shape of a line of the log)."""
        return asdict(self)

    def to_text(self) -> str:
        """``TIME AUTHOR: SUMMARY`` then the diff, indented (what ``mechgraph log`` prints).

        Examples
        --------
        >>> print(EditRecord("2026-01-02T03:04:05Z", "Ann", "added node x", "a\\nb\\n").to_text())
        2026-01-02T03:04:05Z Ann: added node x
            a
            b
        """
        body = "\n".join(f"    {line}".rstrip() for line in self.diff.splitlines())
        return f"{self.time} {self.author}: {self.summary}" + (f"\n{body}" if body else "")


def append_record(root: str | os.PathLike[str], *, author: str | None, summary: str,
                  diff: str, now: datetime | None = None) -> EditRecord:
    """Append one record to ``root``'s log (created if needed) and return it.

    The caller holds the folder's lock; the line is written with one ``write`` and
    synced to disk. A name with line breaks is written on one line (JSON escapes them).
    """
    when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    name = " ".join((author or "").split()) or UNKNOWN
    record = EditRecord(when.strftime("%Y-%m-%dT%H:%M:%SZ"), name, summary, diff)
    line = json.dumps(record.to_dict(), ensure_ascii=False) + "\n"
    fd = os.open(Path(root) / LOG_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return record


def read_log(root: str | os.PathLike[str]) -> list[EditRecord]:
    """Every record of ``root``'s log, oldest first (none when there is no log).

    Raises
    ------
    MechgraphError
        A line that is not a record (``FILE:LINE: ...``): the log was edited by hand.
    """
    path = Path(root) / LOG_NAME
    if not path.is_file():
        return []
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            records.append(EditRecord(**{k: str(data[k]) for k in
                                         ("time", "author", "summary", "diff")}))
        except (ValueError, KeyError, TypeError):
            raise MechgraphError(f"{path}:{number}: not an edit record (a JSON object with "
                                 "time, author, summary and diff); was the log edited by "
                                 "hand? Fix or remove that line") from None
    return records


def git_author(folder: str | os.PathLike[str]) -> str | None:
    """``git config user.name`` as seen from ``folder`` (None without git or a name).

    Examples
    --------
    >>> git_author("/nonexistent-folder") is None
    True
    """
    git = shutil.which("git")
    if git is None or not Path(folder).is_dir():
        return None
    try:
        done = subprocess.run([git, "config", "user.name"], cwd=folder, capture_output=True,
                              text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    name = done.stdout.strip()
    return name if done.returncode == 0 and name else None
