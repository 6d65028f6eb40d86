"""Writing files so that no reader ever sees half of one.

:func:`atomic_write` writes beside the target, flushes and syncs, then renames over it:
a crash at any moment leaves either the old file or the new one, never a mix. The cache,
the app's component files and every edit of a graph file go through it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes | str, *,
                 durable: bool = True) -> Path:
    """Replace ``path`` with ``data`` in one step.

    Parameters
    ----------
    path
        The file to write; its folder must exist. An existing file keeps its permissions.
    data
        The new content; text is encoded as UTF-8 (newlines are written as given).
    durable
        Also ``fsync`` the file and its folder, so the new content survives a power cut
        (slower; the cache, which can be rebuilt, turns it off).

    Returns
    -------
    Path
        The path written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atomic_write(folder / "a.yaml", "nodes: []\\n").read_text()
    'nodes: []\\n'
    """
    target = Path(path)
    blob = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(blob)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    if durable:
        _sync_folder(target.parent)
    return target


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some systems cannot open a folder; the rename is still atomic
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
