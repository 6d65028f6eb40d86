"""What every start of the ``mechgraph`` command needs: the exit codes, the parser class
(which adds a command's options only when that command is used) and the help's examples.

Only the standard library is imported here, so that ``mechgraph --help`` and
``mechgraph --version`` start fast.
"""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing itself is not imported at run time: start-up is measured
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from typing import Any, NoReturn

__all__ = ["EXIT_DATA", "EXIT_OK", "EXIT_TOOL", "Parser", "example"]

EXIT_OK, EXIT_DATA, EXIT_TOOL = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """An argument parser that exits with code 1 on a bad request and, given ``setup``,
    adds its options only when it is first used (so one command's imports are not paid
    by every other command)."""

    def __init__(self, *args: Any, setup: Callable[[Parser], None] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup = setup

    def complete(self) -> Parser:
        """Add the options now if they are not there yet; return the parser."""
        setup, self._setup = self._setup, None
        if setup is not None:
            setup(self)
        return self

    def parse_known_args(self, args: Sequence[str] | None = None,
                         namespace: argparse.Namespace | None = None,
                         ) -> tuple[argparse.Namespace, list[str]]:
        self.complete()
        return super().parse_known_args(args, namespace)

    def format_help(self) -> str:
        self.complete()
        return super().format_help()

    def format_usage(self) -> str:
        self.complete()
        return super().format_usage()

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_DATA, f"{self.prog}: error: {message}\n")


def example(*lines: str) -> str:
    """A command's help epilog: ``Example:`` and one command a line.

    Examples
    --------
    >>> print(example("mechgraph validate graph"))
    Example:
      mechgraph validate graph
    """
    return "Example:\n" + "\n".join(f"  {line}" for line in lines)
