"""The command line's frame: the parser, the sub-command registry and ``main``.

Exit status: 0 success, 2 bad input or usage (one line on stderr), 1 internal error,
130 interrupted (SIGINT), 143 terminated (SIGTERM); after a signal no file is left
half-written.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn, TextIO

from matrix.cli.inputs import add_table_arguments

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

exit status: 0 success, 2 bad input or usage, 1 internal error, 130 interrupted (Ctrl-C),
143 stopped by SIGTERM"""


@dataclass(frozen=True)
class Command:
    """A sub-command: ``policy-matrix NAME ...``."""

    summary: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, TextIO], int]
    epilog: str = ""


#: Output formats of ``policy-matrix rank`` (the same as ``matrix.text.ranking.FORMATS``).


#: Sub-commands by name; anything else on the command line is the default run.
#: Each module of this package adds its own commands when imported.
COMMANDS: dict[str, Command] = {}

#: The run when no command is named (``policy-matrix CASE``), added by :mod:`matrix.cli.run`
#: as the other modules add their commands, so that this frame imports none of them.
DEFAULT_RUN: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {}


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


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program is, so that it unwinds as Ctrl-C does: files
    being written are removed and nothing half-written is left."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise _Terminated


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM like SIGINT while the command runs (the main thread only)."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except (ValueError, OSError, AttributeError):  # not the main thread, or no SIGTERM
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
    add_table_arguments(parser)
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    return parser


def _version() -> str:
    from matrix import __version__

    return __version__


def _width() -> int:
    return max(80, min(shutil.get_terminal_size((100, 24)).columns, 140))


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


#: What a terminal that cannot show a character gets instead (a Windows console in cp1252,
#: output redirected to a file in a legacy encoding): rules, bars and dashes degrade to ASCII.
FALLBACKS = {
    "─": "-", "│": "|", "█": "#", "░": ".", "…": "...", "—": "-", "–": "-", "’": "'",
    "‘": "'", "“": '"', "”": '"', "±": "+/-", "≤": "<=", "≥": ">=", "×": "x", "≈": "~",
    "€": "EUR", "→": "->", "·": ".", "\u00a0": " ",
}  # fmt: skip


def _degrade(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: each character the encoding lacks becomes its ASCII fallback."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    bad = exc.object[exc.start : exc.end]
    return "".join(FALLBACKS.get(ch, "?") for ch in bad), exc.end


codecs.register_error("policy-matrix", _degrade)


def _stream(stream: TextIO | None) -> TextIO:
    """A standard stream ready for any text: closed becomes a sink, and characters its
    encoding cannot show degrade (see :data:`FALLBACKS`) instead of failing the run."""
    if stream is None:  # started with the stream closed (``>&-``): Python gives None
        return open(os.devnull, "w", encoding="utf-8")
    reconfigure = getattr(stream, "reconfigure", None)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if reconfigure is not None and encoding not in ("utf-8", "utf8", "utf-16", "utf-32"):
        reconfigure(errors="policy-matrix")
    return stream


def _check_not_a_typo(word: str) -> None:
    """Refuse a first word that is no file or bundled case but is close to a command's name."""
    if word.startswith("-"):  # an option (--help, say): no need to import the case reader
        return
    import difflib

    from matrix.io.case import BUNDLED_CASES

    if word in BUNDLED_CASES or os.path.exists(word):
        return
    near = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.7)
    if near:
        raise _UsageError(
            f"unknown command {word!r} (and no such case folder or file); did you mean {near[0]!r}?"
        )


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line and return its exit status (never raises, never exits)."""
    if out is None:
        sys.stdout = out = _stream(sys.stdout)
    if err is None:
        sys.stderr = err = _stream(sys.stderr)
    argv = list(sys.argv[1:] if argv is None else argv)
    with _sigterm_as_interrupt():
        return _main(argv, out, err)


def _main(argv: list[str], out: TextIO, err: TextIO) -> int:
    try:
        try:
            command = argv[0] if argv and argv[0] in COMMANDS else None
            if command is None and argv:
                _check_not_a_typo(argv[0])
            parser = _parser(command)
            parser.out = out
            args = parser.parse_args(argv[1:] if command else argv)
        except SystemExit as exc:  # --help and --version
            return int(exc.code or 0)
        if command:
            return COMMANDS[command].run(args, out)
        return DEFAULT_RUN["run"](args, out)
    except _UsageError as exc:
        print(f"{PROG}: error: {exc}", file=err)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (e.g. | head): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except _Terminated:
        print(f"{PROG}: terminated (SIGTERM); nothing was written", file=err)
        return 143
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
