"""``python -m matrix.bench``: run the benchmark and print its table."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from matrix.bench import (
    GROUPS,
    ITEMS,
    Plan,
    Row,
    describe_machine,
    format_markdown,
    format_text,
    run,
)

EPILOG = """\
ratio: our time / theirs, measured in the same run (below 1: policy-matrix is faster).
runs: how many samples each median is taken over (fewer than --repeats when a
call is slow: sampling stops after --budget seconds, keeping one at least).

examples:
  python -m matrix.bench                     everything (about 10 minutes with the peers)
  python -m matrix.bench --quick             small sizes only, a smoke test
  python -m matrix.bench --only topsis       one method, wherever it is measured
  python -m matrix.bench --markdown > speed.md"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m matrix.bench",
        description="Time policy-matrix against pymcdm, scikit-criteria, numpy and pandas.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument(
        "--only",
        metavar="NAME",
        choices=[*GROUPS, *ITEMS],
        help=f"one group ({', '.join(GROUPS)}) or one method ({', '.join(ITEMS)})",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=None,
        metavar="N",
        help="samples per median (default 5; 3 with --quick)",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=None,
        metavar="SECONDS",
        help="stop sampling one measure after this long (default 30; 5 with --quick)",
    )
    parser.add_argument(
        "--no-peers", action="store_true", help="do not run pymcdm or scikit-criteria"
    )
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the benchmark; progress goes to stderr, the table to ``out``."""
    out = out or sys.stdout
    args = _parser().parse_args(argv)
    plan = Plan.quick() if args.quick else Plan()
    changes: dict[str, object] = {"use_peers": not args.no_peers}
    if args.repeats is not None:
        if args.repeats < 1:
            print("python -m matrix.bench: error: --repeats must be at least 1", file=sys.stderr)
            return 2
        changes["repeats"] = args.repeats
    if args.budget is not None:
        changes["budget"] = args.budget
    from dataclasses import replace

    plan = replace(plan, **changes)  # type: ignore[arg-type]
    started = time.perf_counter()

    def progress(row: Row) -> None:
        took = time.perf_counter() - started
        print(
            f"[{took:6.1f} s] {row.benchmark} {row.size} {row.against}".rstrip(),
            file=sys.stderr,
            flush=True,
        )

    rows = run(plan, only=args.only, progress=progress)
    print(f"Machine: {describe_machine()}.", file=out)
    print(f"Median of up to {plan.repeats} runs each; ratio = ours / theirs.", file=out)
    print(file=out)
    print(format_markdown(rows) if args.markdown else format_text(rows), file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
