"""``policy-matrix sensitivity``, ``montecarlo`` and ``scenarios``: how fragile the answer is."""

from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    pass

from matrix.cli.core import COMMANDS, EXIT_OK, Command, _add_case, _UsageError, _width
from matrix.cli.inputs import add_table_arguments
from matrix.cli.progress import progress_bar
from matrix.cli.redlines import add_red_lines

# -- robustness: sensitivity, montecarlo, scenarios --------------------------------


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
    from matrix.text.robustness import METHOD_NAMES

    return METHOD_NAMES.get(method, method)


def _policy_line(model: object, how: str, width: int, out: TextIO) -> None:
    """Say which red-line policy the analysis followed (nothing when the case has none)."""
    from matrix.text.redlines import POLICY_WORDS

    if model.has_red_lines:  # type: ignore[attr-defined]
        print(textwrap.fill(POLICY_WORDS[how], width), file=out)


def _configure_sensitivity(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    add_table_arguments(parser)
    _add_method(parser)
    add_red_lines(parser)


def _run_sensitivity(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.cli.inputs import load_input
    from matrix.robustness import flip_winner, tornado
    from matrix.text.format import fixed
    from matrix.text.robustness import break_even_text, flip_text, tornado_text

    model, _ = load_input(args)
    flip = flip_winner(model, method=args.method, red_lines=args.red_lines)
    how = flip.params["red_lines"]
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
    _policy_line(model, how, width, out)
    print(file=out)
    print(break_even_text(model, flip.weights, width), file=out)
    print(file=out)
    print(flip_text(model, flip, width), file=out)
    data = tornado(model, method=args.method, red_lines=how)
    base = float(data.weights.loc[data.weights["option"] == flip.winner, "base"].iloc[0])
    print(file=out)
    print(f"What moves {leader}'s score most (now {fixed(base)}):", file=out)
    print(tornado_text(model, data, flip.winner), file=out)
    if model.has_red_lines:
        from matrix.text.redlines import margins_text

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
    add_table_arguments(parser, weights=False)
    add_red_lines(parser)
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
        "--intervals",
        metavar="C=LO:HI,...",
        help="for --weights intervals: each named criterion's weight range, in the case's weight "
        "units, e.g. 'war_risk=10:30,cost=5:8' (default: half to one and a half times each "
        "weight; criteria not named keep that default)",
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


def _intervals(text: str | None) -> dict[str, tuple[float, float]] | None:
    """``"a=1:3, b=0.5:2"`` as ``{"a": (1.0, 3.0), "b": (0.5, 2.0)}``.

    >>> _intervals("war_risk=10:30, cost=5:8")
    {'war_risk': (10.0, 30.0), 'cost': (5.0, 8.0)}
    """
    if text is None:
        return None
    from matrix.numbers import parse_number

    out: dict[str, tuple[float, float]] = {}
    for item in text.split(","):
        name, _, span = item.partition("=")
        low, colon, high = span.partition(":")
        try:
            if not name.strip() or not colon:
                raise ValueError(item)
            out[name.strip()] = (parse_number(low), parse_number(high))
        except ValueError:
            raise _UsageError(
                f"--intervals: expected CRITERION=LOW:HIGH pairs separated by commas, e.g. "
                f"'war_risk=10:30'; got {item.strip()!r}"
            ) from None
    return out


def _run_montecarlo(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.cli.inputs import load_input
    from matrix.robustness import rank_acceptability
    from matrix.text.robustness import acceptability_text, describe_draws

    if args.red_lines == "exclude":
        from matrix.text.redlines import NO_EXCLUDE_IN_DRAWS

        raise _UsageError(NO_EXCLUDE_IN_DRAWS)
    model, _ = load_input(args)
    intervals = _intervals(args.intervals)
    if intervals is not None and args.weights != "intervals":
        raise _UsageError("--intervals goes with --weights intervals")
    with progress_bar() as bar:
        result = rank_acceptability(
            model,
            method=args.method,
            samples=args.samples,
            seed=args.seed,
            weights=args.weights,
            concentration=args.concentration,
            intervals=intervals,
            score_dist=None if args.scores == "fixed" else args.scores,
            precision=args.precision,
            progress=bar,
            red_lines=args.red_lines,
        )
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
        from matrix.text.redlines import POLICY_WORDS, probability_sentence

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
    add_table_arguments(parser)
    _add_method(parser)
    add_red_lines(parser)


def _run_scenarios(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.cli.inputs import load_input
    from matrix.robustness import scenario_analysis
    from matrix.text.robustness import scenarios_text

    model, kind = load_input(args)
    if kind == "table":
        from matrix.errors import CaseFileError

        raise CaseFileError(
            f"{args.case}: a plain table has no scenarios; scenarios live in a case folder "
            "(scenarios.csv and scenario_scores.csv, format: data/README.md; "
            "policy-matrix init DIR starts one)"
        )
    analysis = scenario_analysis(model, method=args.method, red_lines=args.red_lines)
    _heading(model, f"Scenarios and regret ({_method_name(args.method)}).", out)
    if model.has_red_lines:
        _policy_line(model, analysis.params["red_lines"], _width(), out)
        print(file=out)
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
        "  policy-matrix montecarlo my_case --weights uniform --scores fixed\n"
        "  policy-matrix montecarlo --weights intervals --intervals war_risk=10:30"
    ),
)
COMMANDS["scenarios"] = Command(
    summary="ranks and regret in each of the case's scenarios, and the minimax-regret choice",
    configure=_configure_scenarios,
    run=_run_scenarios,
    epilog="examples:\n  policy-matrix scenarios\n  policy-matrix scenarios my_case",
)
