"""The ``policy-matrix`` command. The only module that prints or exits.

Exit status: 0 success, 2 bad input or usage (one line on stderr), 1 internal error.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    import pandas as pd

PROG = "policy-matrix"

EXIT_OK, EXIT_INTERNAL, EXIT_USAGE = 0, 1, 2

DESCRIPTION = """\
Turn a policy debate into a transparent decision matrix: rank the options of a
case and write an Excel workbook with the scores, weights, evidence and ranking.

With no CASE, analyses the bundled North Korea case (options after 'maximum
pressure', from Sen. Ben Cardin's 2017 op-ed)."""

EPILOG = """\
examples:
  policy-matrix                          rank the bundled case, write north_korea.xlsx
  policy-matrix -o ~/Desktop/nk.xlsx     choose where the workbook goes
  policy-matrix path/to/my_case          any case folder (format: data/README.md)
  policy-matrix my_case --no-workbook    print the ranking only
  policy-matrix --perspective seoul      rank as one perspective weighs the criteria

exit status: 0 success, 2 bad input or usage, 1 internal error"""


@dataclass(frozen=True)
class Command:
    """A sub-command: ``policy-matrix NAME ...``."""

    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]
    epilog: str = ""


#: Output formats of ``policy-matrix rank`` (the same as ``matrix.rank_output.FORMATS``).
RANK_FORMATS = ("table", "csv", "json", "markdown")

RANK_EPILOG = """\
methods:
  wsm         weighted sum         --param normalization=scale|max|minmax|vector|sum|none
  wpm         weighted product     (no parameters; every score must be > 0)
  topsis      TOPSIS               --param normalization=vector|minmax
  vikor       VIKOR (lower Q wins) --param v=0.5  (0 to 1)
  promethee2  PROMETHEE II         --param preference=usual|ushape|vshape|level|linear|gaussian
                                   --param q=... --param p=... --param s=...
  consensus   of all the others    --param rule=borda|copeland

  A parameter for each criterion: --param q=war_risk:1,time_to_effect:2
  (for promethee2, criteria the preference mapping leaves out use 'usual').

examples:
  policy-matrix rank                              every method side by side, and the consensus
  policy-matrix rank --method topsis              one method, with its intermediates
  policy-matrix rank --method wsm --param normalization=vector
  policy-matrix rank --method promethee2 --param preference=linear --param q=0.5 --param p=2
  policy-matrix rank my_case --format csv > ranks.csv

CSV cells of text that begin with = + - @ (or a tab or carriage return) are
prefixed with ' so spreadsheets do not run them as formulas.

exit status: 0 success, 2 bad input or usage, 1 internal error"""


def _configure_rank(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    parser.add_argument(
        "--method",
        metavar="NAME",
        help="one method (see below); default: every method side by side, and the consensus",
    )
    parser.add_argument(
        "--param",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="a parameter of the method; repeat for several",
    )
    parser.add_argument(
        "--format", choices=RANK_FORMATS, default="table", help="output format (default: table)"
    )


def _scalar(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _param_value(key: str, text: str) -> object:
    if ":" not in text:
        return _scalar(text)
    mapping: dict[str, object] = {}
    for part in text.split(","):
        criterion, sep, value = part.partition(":")
        if not sep or not criterion.strip() or not value.strip():
            raise _UsageError(
                f"--param {key}: expected CRITERION:VALUE pairs separated by commas; got {text!r}"
            )
        mapping[criterion.strip()] = _scalar(value.strip())
    return mapping


def parse_params(items: Sequence[str]) -> dict[str, object]:
    """``["v=0.3", "q=a:1,b:2"]`` -> ``{"v": 0.3, "q": {"a": 1.0, "b": 2.0}}``.

    >>> parse_params(["preference=linear", "q=war_risk:1", "p=2"])
    {'preference': 'linear', 'q': {'war_risk': 1.0}, 'p': 2.0}
    """
    params: dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise _UsageError(f"--param expects KEY=VALUE; got {item!r}")
        if key in params:
            raise _UsageError(f"--param {key} is given twice")
        params[key] = _param_value(key, value.strip())
    return params


def _run_rank(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.methods import compare, evaluate
    from matrix.rank_output import render_comparison, render_ranking

    params = parse_params(args.param)
    if params and not args.method:
        raise _UsageError("--param needs --method (parameters belong to one method)")
    model = load_case(args.case)
    width = _width()
    if args.method:
        text = render_ranking(model, evaluate(model, args.method, **params), args.format, width)
    else:
        text = render_comparison(model, compare(model), args.format, width)
    if args.format in ("table", "markdown"):
        title = model.info.title
        print(f"# {title}\n" if args.format == "markdown" else title, file=out)
    out.write(text)
    return EXIT_OK


#: Sub-commands by name; anything else on the command line is the default run.
COMMANDS: dict[str, Command] = {
    "rank": Command(
        summary="rank a case by one method, or by every method side by side with the consensus",
        configure=_configure_rank,
        run=_run_rank,
        epilog=RANK_EPILOG,
    ),
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line and exits with status 2."""

    out: TextIO | None = None

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{message} (see '{self.prog} --help')")

    def _print_message(self, message: str, file: object = None) -> None:
        if message:
            (self.out or sys.stdout).write(message)


class _UsageError(Exception):
    pass


def _add_case(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "case",
        nargs="?",
        metavar="CASE",
        help="a case folder, or the name of a bundled case (default: north_korea)",
    )


def _add_perspective(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--perspective", metavar="NAME", help=f"{text} (an id in perspectives.csv)")


def _parser(command: str | None = None) -> _Parser:
    if command is not None:
        spec = COMMANDS[command]
        parser = _Parser(
            prog=f"{PROG} {command}",
            description=spec.summary,
            epilog=spec.epilog or None,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        spec.configure(parser)
        return parser
    epilog = EPILOG
    if COMMANDS:
        listing = "\n".join(f"  {name:<12} {spec.summary}" for name, spec in COMMANDS.items())
        epilog = f"commands (policy-matrix COMMAND --help for more):\n{listing}\n\n{EPILOG}"
    parser = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_case(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write the workbook (default: CASE-NAME.xlsx in the current folder)",
    )
    parser.add_argument(
        "--no-workbook", action="store_true", help="print the ranking without writing a workbook"
    )
    _add_perspective(parser, "rank with this perspective's weights instead of the case's own")
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    return parser


def _version() -> str:
    from matrix import __version__

    return __version__


def _width() -> int:
    return max(80, min(shutil.get_terminal_size((100, 24)).columns, 140))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_ranking(table: pd.DataFrame, width: int = 100) -> str:
    """An aligned text table of rank, option, score, strongest and weakest criterion.

    Long labels are shortened with an ellipsis only when the table would be
    wider than ``width``.
    """
    option_w = max(len("Option"), *(len(o) for o in table["option"]))
    crit_w = max(
        len("Strongest criterion"),
        *(len(c) for c in table["strongest"]),
        *(len(c) for c in table["weakest"]),
    )
    fixed = 4 + 2 + 2 + 5 + 2 + 2
    while fixed + option_w + 2 * crit_w > width and crit_w > 19:
        crit_w -= 1
    while fixed + option_w + 2 * crit_w > width and option_w > 16:
        option_w -= 1
    lines = [
        f"{'Rank':>4}  {'Option':<{option_w}}  {'Score':>5}  "
        f"{'Strongest criterion':<{crit_w}}  {'Weakest criterion'}",
        f"{'─' * 4}  {'─' * option_w}  {'─' * 5}  {'─' * crit_w}  {'─' * crit_w}",
    ]
    for line in table.itertuples(index=False):
        lines.append(
            f"{line.rank:>4}  {_clip(line.option, option_w):<{option_w}}  {line.score:>5.3f}  "
            f"{_clip(line.strongest, crit_w):<{crit_w}}  {_clip(line.weakest, crit_w)}".rstrip()
        )
    return "\n".join(lines)


def _run(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.excel import write_workbook
    from matrix.io import load_case
    from matrix.methods import compare, evaluate
    from matrix.rank_output import format_methods_summary
    from matrix.report import ranking_table

    model = load_case(args.case)
    persp = model.perspective(args.perspective) if args.perspective else None
    if persp is not None:
        model = model.under(persp.id)
    output: Path | None = None
    if not args.no_workbook:
        output = Path(args.output) if args.output else Path(f"{model.info.name}.xlsx")
        output = output.expanduser()
        _check_output(output)
    result = evaluate(model, "wsm")
    width = _width()
    info = model.info
    print(info.title, file=out)
    if info.question:
        print(textwrap.fill(info.question, width), file=out)
    n, m = model.shape
    print(
        f"{n} options, {m} criteria. Weighted sum on each criterion's scale "
        "(1 = best possible on every criterion).",
        file=out,
    )
    if persp is not None:
        from matrix.perspective_report import elicitation_text, inconsistency_warnings

        print(
            f"Weights of perspective {persp.id!r} ({persp.label}), from {elicitation_text(persp)}.",
            file=out,
        )
        for line in inconsistency_warnings(model, [persp.id]):
            print(line, file=out)
    print(file=out)
    print(format_ranking(ranking_table(model, result), width), file=out)
    print(file=out)
    print(format_methods_summary(model, compare(model), width), file=out)
    case = f" {shlex.quote(args.case)}" if args.case else ""
    print(f"Scores and intermediates: policy-matrix rank{case}", file=out)
    _print_robustness(model, out, width)
    if output is not None:
        written = write_workbook(model, output, result=result)
        print(f"\nWorkbook: {written.resolve()}", file=out)
    return EXIT_OK


def _check_output(output: Path) -> None:
    from matrix.errors import MatrixError

    if output.suffix.lower() != ".xlsx":
        raise MatrixError(f"{output}: the workbook's name must end in .xlsx")
    if output.is_dir():
        raise MatrixError(f"{output}: is a folder; give a file name ending in .xlsx")
    if not output.parent.exists():
        raise MatrixError(f"{output}: the folder {output.parent} does not exist")


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit status (never raises, never exits)."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            command = argv[0] if argv and argv[0] in COMMANDS else None
            parser = _parser(command)
            parser.out = out
            args = parser.parse_args(argv[1:] if command else argv)
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
        return COMMANDS[command].run(args, out) if command else _run(args, out)
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was written", file=err)
        return 130
    except Exception as exc:
        from matrix.errors import MatrixError

        if isinstance(exc, MatrixError):
            print(f"{PROG}: error: {exc}", file=err)
            return EXIT_USAGE
        if isinstance(exc, OSError):
            where = f"{exc.filename}: " if exc.filename else ""
            print(f"{PROG}: error: {where}{exc.strerror or exc}", file=err)
            return EXIT_USAGE
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} "
            "(please report this with the command you ran)",
            file=err,
        )
        return EXIT_INTERNAL


# -- policy-matrix weights ------------------------------------------------------------


def _configure_weights(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    _add_perspective(parser, "show this perspective in full: what was given and why")


def _run_weights(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.perspective_report import format_perspective, format_weights

    model = load_case(args.case)
    width = _width()
    print(model.info.title, file=out)
    if args.perspective:
        text = format_perspective(model, args.perspective, width=width)
    else:
        text = format_weights(model, width=width)
    print(text, file=out)
    return EXIT_OK


COMMANDS["weights"] = Command(
    summary="each perspective's weights, AHP consistency, and the ranks they give",
    configure=_configure_weights,
    run=_run_weights,
    epilog="""\
A perspective is one stakeholder's weight set, given in the case folder directly,
as swing points, as an importance order or as AHP pairwise judgements (format:
data/README.md). A consistency ratio (CR) above 0.10 is flagged, with the
judgements to revisit.

examples:
  policy-matrix weights                         every perspective of the bundled case
  policy-matrix weights --perspective beijing   one perspective in full
  policy-matrix weights path/to/my_case

exit status: 0 success, 2 bad input or usage, 1 internal error""",
)


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


def _print_robustness(model: object, out: TextIO, width: int) -> None:
    """The default run's short robustness summary (fixed seed, so the output is reproducible)."""
    from matrix.robustness import robustness_summary
    from matrix.robustness.text import summary_text

    bar = _progress()
    try:
        summary = robustness_summary(model, method="wsm", progress=bar)  # type: ignore[arg-type]
    finally:
        if bar is not None:
            bar.close()
    print(file=out)
    print(summary_text(summary, width), file=out)


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
