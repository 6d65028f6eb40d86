"""Bounds on reading one graph file (:class:`Limits`), and the problem of a file over them.

Kept apart from :mod:`mechgraph.source` (the YAML reader) so that deciding which files to
read, and whether a folder was checked before, needs no YAML or validation code.

Examples
--------
>>> Limits().max_depth
64
>>> limits_key(Limits(max_depth=8))
'-d8'
"""

from __future__ import annotations

from dataclasses import dataclass

from mechgraph.errors import Problem

__all__ = ["Limits", "file_too_large", "limits_key"]


@dataclass(frozen=True)
class Limits:
    """Bounds that keep reading one file within bounded time and memory.

    Attributes
    ----------
    max_file_bytes : int
        Larger files are refused before they are read (default 32 MiB).
    max_depth : int
        Collections nested deeper are refused (default 64; the format needs 5).
    max_alias_values : int
        Refuse a file whose aliases (``*name``) expand to more values than this in all
        (default 100,000): an "alias bomb" expands to billions from a few lines.
    """

    max_file_bytes: int = 32 * 1024 * 1024
    max_depth: int = 64
    max_alias_values: int = 100_000


def limits_key(limits: Limits) -> str:
    """A short tag of non-default limits for cache keys (``""`` for the defaults).

    Examples
    --------
    >>> limits_key(Limits())
    ''
    >>> limits_key(Limits(max_depth=8))
    '-d8'
    """
    default = Limits()
    parts = [f"{tag}{getattr(limits, name)}" for tag, name in
             (("s", "max_file_bytes"), ("d", "max_depth"), ("a", "max_alias_values"))
             if getattr(limits, name) != getattr(default, name)]
    return "".join("-" + p for p in parts)


def file_too_large(name: str, size: int, limits: Limits) -> Problem:
    """The problem of a file refused for its size (before it is read).

    Examples
    --------
    >>> print(file_too_large("big.yaml", 40 * 2**20, Limits()).message[:60])
    the file is 41,943,040 bytes, over the limit of 33,554,432 b
    """
    return Problem(name, None, None, "",
                   f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} "
                   f"bytes{_mib(limits.max_file_bytes)} for one graph file; split it into "
                   "smaller files", "file-too-large")


def _mib(n: int) -> str:
    return f" ({n // 2**20} MiB)" if n >= 2**20 and n % 2**20 == 0 else ""
