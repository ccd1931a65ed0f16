"""One row of the benchmark table: what we timed, what we timed it against, and the target."""

from __future__ import annotations

from dataclasses import dataclass

from matrix.bench.timing import Measure, format_bytes, format_seconds

__all__ = ["Row", "Target"]


@dataclass(frozen=True)
class Target:
    """A goal from issue 8.

    ``kind`` is ``"ratio"`` (ours / theirs at most ``limit``), ``"seconds"``
    (ours under ``limit`` seconds), ``"extra"`` (ours at most ``limit`` seconds
    more than theirs) or ``"bytes"`` (a peak under ``limit`` bytes).

    >>> Target("ratio", 0.1).text, Target("seconds", 2).text, Target("extra", 0.15).text
    ('≤ 0.1x', '< 2.00 s', '≤ +150 ms')
    """

    kind: str
    limit: float

    @property
    def text(self) -> str:
        if self.kind == "ratio":
            return f"≤ {self.limit:g}x"
        if self.kind == "seconds":
            return f"< {format_seconds(self.limit)}"
        if self.kind == "extra":
            return f"≤ +{format_seconds(self.limit)}"
        return f"< {format_bytes(self.limit)}"

    def met(self, ours: Measure, theirs: Measure | None) -> bool | None:
        """Whether the target is met (None when it cannot be judged).

        >>> Target("ratio", 2).met(Measure(3.0), Measure(2.0))
        True
        >>> Target("seconds", 1).met(Measure(3.0), None)
        False
        """
        if self.kind in ("ratio", "extra"):
            if theirs is None or theirs.value <= 0:
                return None
            if self.kind == "ratio":
                return ours.value / theirs.value <= self.limit
            return ours.value - theirs.value <= self.limit
        return ours.value < self.limit


@dataclass(frozen=True)
class Row:
    """A line of the table.

    ``benchmark`` and ``size`` say what was run; ``ours`` names the part of
    policy-matrix that was measured and ``value`` is its measure; ``against``
    names the baseline and ``baseline`` is its measure in the same run (None
    when it was not measured, ``note`` then says why). ``failed`` marks a
    measure of ours that could not finish (out of time or memory).
    """

    benchmark: str
    size: str
    ours: str
    value: Measure | None
    against: str = ""
    baseline: Measure | None = None
    target: Target | None = None
    note: str = ""
    failed: bool = False  # ours ran out of time or memory (a target then counts as missed)

    @property
    def ratio(self) -> float | None:
        """ours / baseline (below 1: we are faster), when both were measured."""
        if self.value is None or self.baseline is None or self.baseline.value <= 0:
            return None
        return self.value.value / self.baseline.value

    @property
    def met(self) -> bool | None:
        """Whether the row's target is met; None without a target or a measure."""
        if self.target is not None and self.failed:
            return False
        if self.target is None or self.value is None:
            return None
        return self.target.met(self.value, self.baseline)
