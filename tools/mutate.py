"""A mutation run: put one plausible bug into the code at a time, and see whether a test fails.

A development tool, not part of CI (a run takes minutes per mutant on two cores).
Each mutant in ``tools/mutants.toml`` replaces one fragment of one file. For each,
the repository's ``matrix/`` and ``tests/`` are copied once into a scratch folder,
the fragment is replaced there (the working tree is never touched), and the
mutant's tests run with ``pytest -x``. A mutant is *killed* when a test fails (or
the run times out), and *survives* when every test passes: then either a test is
missing, or the mutant changes nothing a user could see. See docs/mutation.md.

Usage::

    python tools/mutate.py                     # every mutant
    python tools/mutate.py break-even-farther  # some, by id
    python tools/mutate.py --list              # the mutants, without running them
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MUTANTS = REPO / "tools" / "mutants.toml"


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    find: str
    replace: str
    tests: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    status: str  # "killed", "survived", "timeout" or "error"
    seconds: float
    detail: str


def load(path: Path = MUTANTS) -> list[Mutant]:
    """The mutants of ``path``, each checked to apply to exactly one place."""
    entries = tomllib.loads(path.read_text(encoding="utf-8"))["mutant"]
    mutants = [Mutant(**{**e, "tests": tuple(e["tests"])}) for e in entries]
    for mutant in mutants:
        count = (REPO / mutant.file).read_text(encoding="utf-8").count(mutant.find)
        if count != 1:
            raise SystemExit(
                f"mutant {mutant.id}: {mutant.find!r} occurs {count} times in {mutant.file}"
            )
    ids = [m.id for m in mutants]
    if len(set(ids)) != len(ids):
        raise SystemExit("mutant ids must be unique")
    return mutants


def scratch_copy() -> Path:
    """The code and tests in a scratch folder, where ``import matrix`` finds the copy."""
    root = Path(tempfile.mkdtemp(prefix="mutate-"))
    for name in ("matrix", "tests", "data"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, root / name)
    return root


def run(mutant: Mutant, root: Path, *, timeout: float) -> Outcome:
    target = root / mutant.file
    original = target.read_text(encoding="utf-8")
    target.write_text(original.replace(mutant.find, mutant.replace), encoding="utf-8")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
               "-p", "no:randomly", *mutant.tests]  # fmt: skip
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            command, cwd=root, env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Outcome(mutant, "timeout", time.perf_counter() - start, f"over {timeout:.0f} s")
    finally:
        target.write_text(original, encoding="utf-8")
    seconds = time.perf_counter() - start
    lines = proc.stdout.strip().splitlines()
    failed = [line for line in lines if line.startswith(("FAILED", "ERROR"))]
    if proc.returncode == 0:
        return Outcome(mutant, "survived", seconds, lines[-1] if lines else "")
    if proc.returncode == 1 and failed:
        return Outcome(mutant, "killed", seconds, failed[0].split(" - ")[0])
    return Outcome(mutant, "error", seconds, (lines[-1] if lines else proc.stderr.strip())[:200])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="run only these mutants")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per mutant")
    args = parser.parse_args(argv)
    mutants = load()
    if args.ids:
        unknown = sorted(set(args.ids) - {m.id for m in mutants})
        if unknown:
            parser.error(f"unknown mutant {unknown[0]!r}; see --list")
        mutants = [m for m in mutants if m.id in args.ids]
    if args.list:
        for m in mutants:
            print(f"{m.id:30} {m.file:36} {m.why}")
        return 0
    root = scratch_copy()
    outcomes = []
    try:
        for mutant in mutants:
            outcome = run(mutant, root, timeout=args.timeout)
            outcomes.append(outcome)
            print(f"{outcome.status:8} {outcome.seconds:6.1f} s  {mutant.id:30} {outcome.detail}",
                  flush=True)  # fmt: skip
    finally:
        shutil.rmtree(root, ignore_errors=True)
    survived = [o for o in outcomes if o.status in ("survived", "error")]
    killed = len(outcomes) - len(survived)
    print(f"\n{killed} of {len(outcomes)} mutants killed")
    for o in survived:
        print(f"{o.status}: {o.mutant.id} ({o.mutant.file}): {o.mutant.why}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
