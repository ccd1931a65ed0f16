"""A progress bar for long work, shown on a terminal only."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TextIO

__all__ = ["ProgressBar", "progress_bar"]


class ProgressBar:
    """A one-line progress bar on a terminal, shown only once a run has taken ``delay`` seconds.

    Call it as ``bar(done, total)``; call :meth:`close` at the end to clear the line.
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        clock: Callable[[], float] | None = None,
        delay: float = 1.0,
        width: int = 30,
    ) -> None:
        import time

        self.stream = stream
        self.clock = clock or time.monotonic
        self.delay = delay
        self.width = width
        self.start = self.clock()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if self.clock() - self.start < self.delay:
            return
        share = min(max(done / total, 0.0), 1.0) if total > 0 else 1.0
        filled = round(share * self.width)
        bar = "█" * filled + "░" * (self.width - filled)
        self.stream.write(f"\r{bar} {share:4.0%}  {done:,} of {total:,} evaluations")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 48) + "\r")
            self.stream.flush()
            self.shown = False


@contextlib.contextmanager
def progress_bar() -> Iterator[ProgressBar | None]:
    """A bar on standard error when it is a terminal (None otherwise: nothing is shown),
    cleared when the work ends, however it ends."""
    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    try:
        yield bar
    finally:
        if bar is not None:
            bar.close()
