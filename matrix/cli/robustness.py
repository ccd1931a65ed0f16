"""``policy-matrix sensitivity``, ``montecarlo`` and ``scenarios``: how fragile the answer is."""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    pass

from matrix.cli.core import COMMANDS, EXIT_OK, Command, _add_case, _width

# -- robustness: sensitivity, montecarlo, scenarios --------------------------------


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


def _progress() -> ProgressBar | None:
    return ProgressBar(sys.stderr) if sys.stderr.isatty() else None


def _add_method(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        default="wsm",
        metavar="NAME",
        help="the ranking method (default: wsm, the weighted sum)",
    )


def _heading(model: object, what: str, out: TextIO) -> None:
    info = model.info  # type: ignore[attr-defined]
    print(info.title, file=out)
    print(what, file=out)
    print(file=out)


def _method_name(method: str) -> str:
    from matrix.robustness.text import METHOD_NAMES

    return METHOD_NAMES.get(method, method)


def _configure_sensitivity(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    _add_method(parser)


def _run_sensitivity(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.robustness import flip_winner, tornado
    from matrix.robustness.text import break_even_text, flip_text, tornado_text

    model = load_case(args.case)
    flip = flip_winner(model, method=args.method)
    options = {o.id: o.label for o in model.options}
    width = _width()
    leader = options[flip.winner]
    _heading(
        model, f"Sensitivity of first place ({_method_name(args.method)}): {leader} is first.", out
    )
    print(
        textwrap.fill(
            "Each weight is moved alone, as a share of the total weight; the other weights "
            "keep their proportions (as when one weight is edited and the rest left alone).",
            width,
        ),
        file=out,
    )
    print(file=out)
    print(break_even_text(model, flip.weights, width), file=out)
    print(file=out)
    print(flip_text(model, flip), file=out)
    data = tornado(model, method=args.method)
    base = float(data.weights.loc[data.weights["option"] == flip.winner, "base"].iloc[0])
    print(file=out)
    print(f"What moves {leader}'s score most (now {base:.3f}):", file=out)
    print(tornado_text(model, data, flip.winner), file=out)
    if model.has_red_lines:
        from matrix.redline_text import margins_text

        print(file=out)
        intro = (
            "How far each score is from its red line, in score units (positive: on the "
            "acceptable side; negative: across the line). The weights above move no option "
            "across a red line; only a change of score does."
        )
        print(textwrap.fill(intro, width), file=out)
        print(margins_text(model, width), file=out)
    return EXIT_OK


def _configure_montecarlo(parser: argparse.ArgumentParser) -> None:
    from matrix.robustness.montecarlo import (
        DEFAULT_CONCENTRATION,
        DEFAULT_SAMPLES,
        DEFAULT_SEED,
        SCORE_DISTRIBUTIONS,
        WEIGHT_DISTRIBUTIONS,
    )

    _add_case(parser)
    parser.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"how many random draws (default: {DEFAULT_SAMPLES:,})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        metavar="S",
        help=f"random seed; the same seed gives the same numbers (default: {DEFAULT_SEED})",
    )
    _add_method(parser)
    parser.add_argument(
        "--weights",
        choices=WEIGHT_DISTRIBUTIONS,
        default="dirichlet",
        help="how weights are drawn (default: dirichlet, around the case's weights)",
    )
    parser.add_argument(
        "--concentration",
        type=float,
        default=DEFAULT_CONCENTRATION,
        metavar="C",
        help=f"for --weights dirichlet: larger keeps draws nearer the case's weights "
        f"(default: {DEFAULT_CONCENTRATION:g})",
    )
    parser.add_argument(
        "--scores",
        choices=(*SCORE_DISTRIBUTIONS, "fixed"),
        default="triangular",
        help="how scores are drawn from low, score and high (default: triangular)",
    )
    parser.add_argument(
        "--precision",
        type=float,
        metavar="SE",
        help="stop early once every standard error is at most SE (e.g. 0.005)",
    )


def _run_montecarlo(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.robustness import rank_acceptability
    from matrix.robustness.text import acceptability_text, describe_draws

    model = load_case(args.case)
    bar = _progress()
    try:
        result = rank_acceptability(
            model,
            method=args.method,
            samples=args.samples,
            seed=args.seed,
            weights=args.weights,
            concentration=args.concentration,
            score_dist=None if args.scores == "fixed" else args.scores,
            precision=args.precision,
            progress=bar,
        )
    finally:
        if bar is not None:
            bar.close()
    width = _width()
    params = result.params
    stopped = " (stopped early: precision reached)" if params["stopped_early"] else ""
    _heading(
        model,
        f"Rank acceptability ({_method_name(args.method)}): {result.samples:,} draws, "
        f"seed {params['seed']}{stopped}.",
        out,
    )
    print(textwrap.fill(describe_draws(result), width), file=out)
    print(file=out)
    print(acceptability_text(model, result, width), file=out)
    if model.has_red_lines and result.p_crossing is not None:
        from matrix.redline_text import POLICY_WORDS, probability_sentence

        said = probability_sentence(model, result.p_crossing, result.samples)
        said = said or "Red lines: no option crosses one, in any draw of its scores."
        policy = POLICY_WORDS[result.params["red_lines"]].replace(
            "Options that cross", "In each draw, options that cross"
        )
        print(file=out)
        print(textwrap.fill(f"{said} {policy}", width), file=out)
    return EXIT_OK


def _configure_scenarios(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    _add_method(parser)


def _run_scenarios(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.robustness import scenario_analysis
    from matrix.robustness.text import scenarios_text

    model = load_case(args.case)
    analysis = scenario_analysis(model, method=args.method)
    _heading(model, f"Scenarios and regret ({_method_name(args.method)}).", out)
    print(scenarios_text(model, analysis, _width()), file=out)
    return EXIT_OK


COMMANDS["sensitivity"] = Command(
    summary="break-even weights, what would change first place, and what moves scores most",
    configure=_configure_sensitivity,
    run=_run_sensitivity,
    epilog=(
        "examples:\n  policy-matrix sensitivity\n  policy-matrix sensitivity my_case --method wsm"
    ),
)
COMMANDS["montecarlo"] = Command(
    summary="how often each option takes each rank when weights and scores vary (SMAA-2)",
    configure=_configure_montecarlo,
    run=_run_montecarlo,
    epilog=(
        "examples:\n  policy-matrix montecarlo --samples 20000 --seed 7\n"
        "  policy-matrix montecarlo my_case --weights uniform --scores fixed"
    ),
)
COMMANDS["scenarios"] = Command(
    summary="ranks and regret in each of the case's scenarios, and the minimax-regret choice",
    configure=_configure_scenarios,
    run=_run_scenarios,
    epilog="examples:\n  policy-matrix scenarios\n  policy-matrix scenarios my_case",
)
