"""``policy-matrix brief``: the two-page decision memo, as Word or Markdown."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from matrix.cli.core import COMMANDS, EXIT_OK, Command, _add_case, _add_perspective
from matrix.cli.inputs import add_table_arguments
from matrix.cli.progress import progress_bar
from matrix.cli.robustness import _add_method

if TYPE_CHECKING:
    from matrix.model import DecisionModel
    from matrix.panel import Panel


def _configure_brief(parser: argparse.ArgumentParser) -> None:
    _add_case(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="where to write the brief (default: CASE-NAME-brief.docx, or .md with "
        "--format markdown, in the current folder)",
    )
    parser.add_argument(
        "--format",
        choices=("docx", "markdown"),
        help="docx (Word; the default) or markdown (for version control); "
        "taken from -o's suffix when not given",
    )
    _add_perspective(parser, "write the brief with this perspective's weights")
    _add_method(parser)
    add_table_arguments(parser)
    parser.add_argument(
        "--name-analysts",
        action="store_true",
        help="for a panel: name the analyst behind each disagreement that changes "
        "the leader (default: 'one analyst', as in a Delphi round)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="write even if the brief looks open in Word (a stale lock file)",
    )


def _load_panel(args: argparse.Namespace) -> tuple[DecisionModel, Panel, str] | None:
    """The group's model, the panel and its aggregate when CASE is a panel workbook
    (``policy-matrix panel merge -o``) or a folder of analysts' workbooks (not a case
    folder), else None. From the analysts' own workbooks the brief keeps the case's
    quotes, perspectives, scenarios and red lines, which a panel workbook does not hold."""
    from matrix.io.case import OPTIONS_FILE
    from matrix.io.panel import is_panel_workbook
    from matrix.panel import read_analysts, read_panel

    path = Path(args.case).expanduser() if args.case else None
    if path is not None and path.is_dir() and not (path / OPTIONS_FILE).exists():
        panel = read_analysts([path])
        return panel.aggregate(how="mean"), panel, "mean"
    if path is None or not path.is_file() or not is_panel_workbook(path):
        return None
    panel, how = read_panel(path)
    return panel.aggregate(how=how), panel, how


def _origin(args: argparse.Namespace, kind: str, name: str) -> str:
    if not args.case or not Path(args.case).exists():
        return f"the bundled case {name}"
    what = {"workbook": "workbook", "table": "table", "panel workbook": "panel workbook",
            "panel folder": "analysts' workbooks in"}.get(kind, "case folder")  # fmt: skip
    return f"{what} {Path(args.case).name}"


def _run_brief(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.brief import FORMATS, brief_content, check_path, write_brief
    from matrix.cli.inputs import load_input
    from matrix.errors import MatrixError
    from matrix.io.guard import check_not_open
    from matrix.methods import evaluate
    from matrix.methods.compare import CONSENSUS

    fmt = args.format
    if fmt is None:
        suffix = Path(args.output).suffix.lower() if args.output else ""
        fmt = "markdown" if suffix == ".md" else "docx"
    from_panel = _load_panel(args)
    if from_panel is None:
        if args.name_analysts:
            raise MatrixError(
                "--name-analysts goes with a panel workbook (panel merge -o) or a folder of "
                "analysts' workbooks"
            )
        model, kind = load_input(args)
        panel, how = None, "mean"
    else:
        from matrix.cli.inputs import TABLE_OPTIONS

        what = "panel workbook" if Path(args.case).is_file() else "folder of analysts' workbooks"
        if any(getattr(args, dest, None) for dest in TABLE_OPTIONS.values()):
            raise MatrixError(
                "--directions, --weights, --criteria and --ignore go with a plain table; "
                f"{args.case} is a {what}"
            )
        model, panel, how = from_panel
        kind = "panel workbook" if Path(args.case).is_file() else "panel folder"
    if args.perspective:
        model.perspective(args.perspective)  # an unknown name fails before any work
    if args.method == CONSENSUS:
        raise MatrixError(
            "the brief follows one method (wsm, wpm, topsis, vikor or promethee2), not the "
            "consensus; 'policy-matrix rank --method consensus' shows it"
        )
    evaluate(model, args.method)  # an unknown method fails before any work
    output = check_path(
        Path(args.output or f"{model.info.name}-brief{FORMATS[fmt]}").expanduser(), fmt
    )
    check_not_open(output, force=args.force)
    with progress_bar() as bar:
        brief = brief_content(
            model,
            method=args.method,
            perspective=args.perspective,
            origin=_origin(args, kind, model.info.name),
            progress=bar,
            panel=panel,
            aggregate=how,
            name_analysts=args.name_analysts,
        )
    written = write_brief(brief, output, fmt=fmt)
    print(f"Brief: {written.resolve()}", file=out)
    return EXIT_OK


COMMANDS["brief"] = Command(
    summary="a two-page decision memo (Word or Markdown), bottom line first",
    configure=_configure_brief,
    run=_run_brief,
    epilog="""\
The brief says, in this order: the recommended option and how robust that is; the
question and the options; the matrix, shaded; the trade-offs; what would change the
answer; the evidence behind the decisive scores; the method and its caveats. Every
number is the library's result; the footer names the case, date and version.

examples:
  policy-matrix brief                              the bundled case, north_korea-brief.docx
  policy-matrix brief my_case -o memo.docx         any case folder
  policy-matrix brief north_korea.xlsx             from your edited workbook
  policy-matrix brief panel.xlsx                   a panel's (policy-matrix panel merge -o)
  policy-matrix brief panel/                       a panel's, from the analysts' workbooks
  policy-matrix brief --format markdown            north_korea-brief.md, for version control
  policy-matrix brief --perspective seoul --method topsis

exit status: 0 success, 2 bad input or usage, 1 internal error""",
)
