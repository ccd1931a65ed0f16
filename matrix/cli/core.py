"""The command line's frame: the parser, the sub-command registry and ``main``.

Exit status: 0 success, 2 bad input or usage (one line on stderr), 1 internal error.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    pass

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
  policy-matrix north_korea.xlsx         read your edits back, regenerate the workbook
  policy-matrix table.csv --directions cost=min,riders=max
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


#: Sub-commands by name; anything else on the command line is the default run.
#: Each module of this package adds its own commands when imported.
COMMANDS: dict[str, Command] = {}


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
        help="a case folder, a workbook policy-matrix wrote (with your edits), or the name of "
        "a bundled case (default: north_korea)",
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
    parser.add_argument(
        "--no-backup",
        action="store_true",
        help="replace an existing workbook without keeping the previous one beside it",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even if the workbook looks open in a spreadsheet (a stale lock file)",
    )
    _add_perspective(parser, "rank with this perspective's weights instead of the case's own")
    from matrix.cli.redlines import add_red_lines

    add_red_lines(parser)
    table = parser.add_argument_group(
        "plain tables",
        "CASE may also be a table you already have (.csv, or .xlsx not written by "
        "policy-matrix): options down the first column, one column per criterion.",
    )
    table.add_argument(
        "--directions",
        metavar="C=max,...",
        help="each criterion's direction, e.g. 'cost=min,riders=max' (max: more is better)",
    )
    table.add_argument(
        "--weights", metavar="C=W,...", help="weights, e.g. 'cost=2,riders=1' (default: 1 each)"
    )
    table.add_argument(
        "--criteria",
        metavar="FILE",
        help="a criteria table (CSV with id, direction and optionally weight, scale_min, ...)",
    )
    table.add_argument(
        "--ignore",
        metavar="C,...",
        help="columns that are not criteria (notes, labels), e.g. 'Notes,Region'",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    return parser


def _version() -> str:
    from matrix import __version__

    return __version__


def _width() -> int:
    return max(80, min(shutil.get_terminal_size((100, 24)).columns, 140))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


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
        if command:
            return COMMANDS[command].run(args, out)
        from matrix.cli.run import run_default

        return run_default(args, out)
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. | head): stop quietly
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
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
