"""Measuring: the median of several timed calls, subprocess timings and peak memory.

A call that takes well under the clock's resolution is repeated in a loop until
the loop takes at least :data:`MIN_SAMPLE_SECONDS`, as :mod:`timeit` does, and
each sample is the loop's time divided by its length. The first call is a
warm-up and is not counted, unless it takes over a second (then it is the first
sample: repeating a minute-long call to warm it up would be waste). Sampling
stops after ``repeats`` samples or once ``budget`` seconds are spent, whichever
comes first, and always keeps at least one sample; the number kept is shown
beside every time.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MIN_SAMPLE_SECONDS",
    "Measure",
    "child_env",
    "format_bytes",
    "format_seconds",
    "memory_available",
    "peak_memory",
    "run_child",
    "time_call",
    "time_command",
]

#: A sample shorter than this is made of a loop of calls.
MIN_SAMPLE_SECONDS = 0.02

#: A first call longer than this counts as a sample instead of a warm-up.
_LONG_CALL = 1.0


@dataclass(frozen=True)
class Measure:
    """A measured quantity: a median time in seconds, or a peak in bytes.

    ``samples`` is how many samples the median is taken over (1 for a peak).
    """

    value: float
    unit: str = "s"
    samples: int = 1

    def __str__(self) -> str:
        """The value as a person reads it.

        >>> str(Measure(0.00123)), str(Measure(2.5e8, "B"))
        ('1.23 ms', '250 MB')
        """
        return format_seconds(self.value) if self.unit == "s" else format_bytes(self.value)


def format_seconds(seconds: float) -> str:
    """Seconds with three significant digits, in s, ms or µs.

    >>> format_seconds(12.345), format_seconds(0.5), format_seconds(4.2e-5)
    ('12.3 s', '500 ms', '42.0 µs')
    """
    for scale, unit in ((1.0, "s"), (1e-3, "ms"), (1e-6, "µs")):
        if seconds >= scale or unit == "µs":
            value = seconds / scale
            digits = 0 if value >= 100 else 1 if value >= 10 else 2
            return f"{value:.{digits}f} {unit}"
    raise AssertionError("unreachable")


def format_bytes(size: float) -> str:
    """A size in MB (10**6 bytes), or GB from 1,000 MB.

    >>> format_bytes(3.5e6), format_bytes(1.25e9)
    ('3.5 MB', '1.25 GB')
    """
    if size >= 1e9:
        return f"{size / 1e9:.2f} GB"
    megabytes = size / 1e6
    return f"{megabytes:.0f} MB" if megabytes >= 100 else f"{megabytes:.1f} MB"


def time_call(call: Callable[[], object], *, repeats: int = 5, budget: float = 30.0) -> Measure:
    """The median time of ``call()`` over up to ``repeats`` samples.

    >>> measure = time_call(lambda: sum(range(100)), repeats=3)
    >>> measure.samples, measure.value < 0.01
    (3, True)
    """
    gc.collect()
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    samples = [first] if first > _LONG_CALL else []
    loops = 1
    if first < MIN_SAMPLE_SECONDS:
        loops = max(1, int(MIN_SAMPLE_SECONDS / max(first, 1e-7)))
    spent = first
    while len(samples) < repeats and (not samples or spent < budget):
        start = time.perf_counter()
        for _ in range(loops):
            call()
        took = time.perf_counter() - start
        samples.append(took / loops)
        spent += took
    return Measure(statistics.median(samples), samples=len(samples))


def child_env(root: Path | None = None) -> dict[str, str]:
    """The environment for a child Python that imports this copy of ``matrix``."""
    root = root or Path(__file__).resolve().parents[2]
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH", "")]))
    env["COLUMNS"] = "100"
    return env


def time_command(
    command: Sequence[str], *, cwd: Path, repeats: int = 5, budget: float = 60.0
) -> Measure:
    """The median wall time of running ``command`` to its end (output discarded).

    Raises :class:`subprocess.CalledProcessError` if the command fails.
    """
    env = child_env()

    def run() -> None:
        subprocess.run(
            list(command),
            cwd=cwd,
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    samples: list[float] = []
    run()  # warm the file cache
    spent = 0.0
    while len(samples) < repeats and (not samples or spent < budget):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
        spent += samples[-1]
    return Measure(statistics.median(samples), samples=len(samples))


_PEAK = """
import json, resource, sys
exec(compile(sys.argv[1], "<setup>", "exec"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
exec(compile(sys.argv[2], "<work>", "exec"))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps([before * 1024, after * 1024]))
"""


def peak_memory(setup: str, work: str, *, cwd: Path) -> tuple[Measure, Measure] | None:
    """Peak resident memory of a fresh Python running ``setup`` then ``work``.

    Returns (peak after ``setup``, peak after ``work``) in bytes, the whole
    process counted (interpreter, numpy, pandas), or None where the platform
    does not report it (the ``resource`` module is Unix only).
    """
    if sys.platform == "win32":
        return None
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, setup, work],
        cwd=cwd,
        env=child_env(),
        check=True,
        capture_output=True,
        text=True,
    )
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS
    scale = 1 / 1024 if sys.platform == "darwin" else 1
    before, after = json.loads(out.stdout.strip().splitlines()[-1])
    return Measure(before * scale, "B"), Measure(after * scale, "B")


def memory_available() -> int | None:
    """Bytes of memory available now (Linux), or None where unknown."""
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


_LIMITED = """
import json, resource, sys
limit = int(sys.argv[2])
if limit > 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
try:
    exec(compile(sys.argv[1], "<child>", "exec"))
except MemoryError:
    print(json.dumps({"error": "out of memory"}))
"""


def run_child(
    code: str, *, cwd: Path, memory_limit: int | None = None, timeout: float | None = None
) -> dict[str, object]:
    """Run ``code`` in a fresh Python whose address space is capped at ``memory_limit``
    bytes, so that a call that would exhaust the machine fails alone with a
    MemoryError. ``code`` prints one JSON object as its last line; on a
    MemoryError the result is ``{"error": "out of memory"}``, and after
    ``timeout`` seconds the child is stopped and the result says so."""
    limit = memory_limit if memory_limit and sys.platform.startswith("linux") else 0
    try:
        out = subprocess.run(
            [sys.executable, "-c", _LIMITED, code, str(limit)],
            cwd=cwd,
            env=child_env(),
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as stopped:
        # keep what the child printed before it was stopped (its last JSON line)
        printed = stopped.stdout or ""
        if isinstance(printed, bytes):
            printed = printed.decode()
        lines = printed.strip().splitlines()
        partial = json.loads(lines[-1]) if lines else {}
        return {**partial, "error": f"not done after {format_seconds(timeout or 0)}, stopped"}
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert isinstance(result, dict)
    return result
