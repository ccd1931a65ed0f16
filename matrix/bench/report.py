"""The benchmark's table, as plain text for the terminal or Markdown for the README."""

from __future__ import annotations

from collections.abc import Sequence

from matrix.bench.rows import Row
from matrix.bench.timing import format_seconds

__all__ = ["HEADER", "cells", "format_markdown", "format_text"]

HEADER = (
    "benchmark",
    "size",
    "policy-matrix",
    "ours",
    "against",
    "theirs",
    "ratio",
    "runs",
    "target",
    "note",
)


def _ratio(row: Row) -> str:
    """ours / theirs, two significant digits (blank for memory, where it means nothing).

    >>> from matrix.bench.timing import Measure
    >>> _ratio(Row("x", "", "f", Measure(0.5), "g", Measure(0.02)))
    '25'
    >>> _ratio(Row("x", "", "f", Measure(0.0004), "g", Measure(0.02)))
    '0.02'
    """
    ratio = row.ratio
    if ratio is None or row.value is None or row.value.unit != "s":
        return ""
    return f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.2g}"


def _target(row: Row) -> str:
    if row.target is None:
        return ""
    met = row.met
    verdict = "" if met is None else " met" if met else " MISSED"
    return f"{row.target.text}{verdict}"


def _note(row: Row) -> str:
    notes = [row.note] if row.note else []
    if row.target is not None and row.target.kind == "extra" and row.ratio is not None:
        assert row.value is not None and row.baseline is not None
        notes.insert(0, f"+{format_seconds(row.value.value - row.baseline.value)}")
    return "; ".join(notes)


def cells(row: Row) -> tuple[str, ...]:
    """The row's cells, in the order of :data:`HEADER`."""
    runs = [str(m.samples) for m in (row.value, row.baseline) if m is not None and m.unit == "s"]
    return (
        row.benchmark,
        row.size,
        row.ours,
        "" if row.value is None else str(row.value),
        row.against,
        "" if row.baseline is None else str(row.baseline),
        _ratio(row),
        "/".join(runs),
        _target(row),
        _note(row),
    )


def format_text(rows: Sequence[Row]) -> str:
    """Aligned columns for the terminal (the ratio is ours / theirs: below 1, we are faster)."""
    table = [HEADER, *(cells(row) for row in rows)]
    widths = [max(len(line[k]) for line in table) for k in range(len(HEADER))]
    right = {3, 5, 6}  # numbers
    lines = []
    for line in table:
        parts = [
            text.rjust(widths[k]) if k in right else text.ljust(widths[k])
            for k, text in enumerate(line)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_markdown(rows: Sequence[Row]) -> str:
    """A Markdown table (pipes in cells escaped)."""

    def line(items: Sequence[str]) -> str:
        return "| " + " | ".join(item.replace("|", "\\|") for item in items) + " |"

    align = ["---:" if k in (3, 5, 6) else "---" for k in range(len(HEADER))]
    return "\n".join([line(HEADER), "|" + "|".join(align) + "|", *(line(cells(r)) for r in rows)])


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    import platform

    return platform.processor() or platform.machine()


def describe_machine() -> str:
    """One line: cores, CPU, and the versions that matter to the times."""
    import contextlib
    import importlib.metadata
    import os
    import platform

    versions = []
    for name in ("numpy", "pandas", "openpyxl", "pymcdm", "scikit-criteria"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.append(f"{name} {importlib.metadata.version(name)}")
    cores = os.cpu_count()
    return (
        f"{cores} cores ({_cpu_model()}), {platform.system()}, "
        f"Python {platform.python_version()}, {', '.join(versions)}"
    )
