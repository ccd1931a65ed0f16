"""``policy-matrix panel``: hand a case out to a panel of analysts, and merge their judgements."""

from __future__ import annotations

import argparse
import re
import shlex
import textwrap
from pathlib import Path
from typing import Any, TextIO

from matrix.cli.core import COMMANDS, EXIT_OK, Command, _add_case, _width

#: Characters a file name cannot hold on some system; an analyst's name keeps the rest.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _configure_panel(parser: argparse.ArgumentParser) -> None:
    steps = parser.add_subparsers(dest="step", metavar="STEP", required=True)
    init = steps.add_parser(
        "init",
        help="write one workbook per analyst, each stamped with the analyst's name",
        description="Write DIR/CASE-ANALYST.xlsx for each analyst: the case's own workbook, "
        "whose scores, ranges, rationale and evidence the analyst changes.",
    )
    _add_case(init)
    init.add_argument(
        "--analysts", required=True, metavar="NAME,NAME,...", help="the analysts' names"
    )
    init.add_argument(
        "-o", "--output", default=".", metavar="DIR", help="the folder (default: the current one)"
    )
    init.add_argument(
        "--force", action="store_true", help="replace workbooks of the same names in DIR"
    )
    merge = steps.add_parser(
        "merge",
        help="merge analysts' workbooks: the group's scores and the disagreements that matter",
        description="Read analysts' workbooks (or case folders, or a folder of workbooks) of one "
        "case and print the panel's findings, the disagreements that change the leader first.",
    )
    merge.add_argument("sources", nargs="+", metavar="FILE_OR_FOLDER")
    merge.add_argument(
        "--aggregate",
        choices=("mean", "median"),
        default="mean",
        help="the group's score: the mean of the analysts' (default, as in the IDEA protocol) "
        "or their median",
    )
    merge.add_argument(
        "--samples",
        type=int,
        default=10_000,
        metavar="N",
        help="draws of the rank acceptability over the panel (default 10000)",
    )
    merge.add_argument(
        "--seed",
        type=int,
        default=None,
        metavar="N",
        help="seed of the draws (default: the one the workbook uses)",
    )
    merge.add_argument(
        "-o", "--output", metavar="PATH", help="where to write the panel workbook (.xlsx)"
    )
    _configure_round2(steps)


def _configure_round2(steps: Any) -> None:
    round2 = steps.add_parser(
        "round2",
        help="write each analyst a workbook with the group's judgements beside their own",
        description="For each analyst of a panel, write DIR/CASE-ANALYST-round2.xlsx: "
        "their own workbook again, with a Round 2 sheet showing the group's median, the others' "
        "lowest and highest score (anonymised) and the reasons given for the extremes.",
    )
    round2.add_argument(
        "sources",
        nargs="+",
        metavar="PANEL_XLSX_OR_ROUND1",
        help="a panel workbook (panel merge -o), or the analysts' round-1 workbooks or their "
        "folder, as panel merge takes them: round-2 workbooks made from these keep the case's "
        "evidence, descriptions, perspectives and scenarios, which a panel workbook does not hold",
    )
    round2.add_argument(
        "--aggregate",
        choices=("mean", "median"),
        default=None,
        help="the group's score (default: the panel workbook's rule, else the mean)",
    )
    round2.add_argument(
        "-o", "--output", default=".", metavar="DIR", help="the folder (default: the current one)"
    )
    round2.add_argument(
        "--force", action="store_true", help="replace workbooks of the same names in DIR"
    )


def _analyst_names(text: str) -> list[str]:
    from matrix.errors import PanelError

    names = [" ".join(part.split()) for part in text.split(",")]
    if any(not name for name in names):
        raise PanelError(f"--analysts {text!r}: an empty name; separate names with commas")
    if len(names) < 2:
        raise PanelError(f"--analysts {text!r}: a panel needs at least two analysts")
    seen: dict[str, str] = {}
    for name in names:
        if _UNSAFE.search(name):
            raise PanelError(
                f"--analysts: {name!r} holds a character a file name cannot "
                '(one of \\ / : * ? " < > |)'
            )
        key = name.casefold()
        if key in seen:
            raise PanelError(f"--analysts: {name!r} is named twice (also as {seen[key]!r})")
        seen[key] = name
    return names


def _run_init(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.errors import MatrixError
    from matrix.excel import write_workbook
    from matrix.io import load_case
    from matrix.io.guard import check_not_open
    from matrix.text.panel import INIT_NEXT

    names = _analyst_names(args.analysts)
    folder = Path(args.output).expanduser()
    if not folder.is_dir():
        raise MatrixError(f"{folder}: no such folder; create it first")
    model = load_case(args.case)
    targets = [folder / f"{model.info.name}-{name}.xlsx" for name in names]
    for target in targets:
        if target.exists() and not args.force:
            raise MatrixError(f"{target}: already exists; remove it or add --force")
        check_not_open(target, force=args.force)
    print(f"{model.info.title}: a workbook for each of {len(names)} analysts", file=out)
    for name, target in zip(names, targets, strict=True):
        written = write_workbook(model, target, analyst=name, force=args.force)
        print(f"  {name:<16} {written}", file=out)
    print(file=out)
    print(textwrap.fill(INIT_NEXT, _width()), file=out)
    print(f"  policy-matrix panel merge {shlex.quote(str(folder))}", file=out)
    return EXIT_OK


def _run_merge(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.errors import MatrixError
    from matrix.io.panel import read_round1
    from matrix.panel import read_analysts
    from matrix.robustness.montecarlo import DEFAULT_SEED
    from matrix.text.panel import format_panel, moved_lines

    output = Path(args.output).expanduser() if args.output else None
    if output is not None:
        from matrix.cli.run import _check_output
        from matrix.io.guard import check_not_open

        _check_output(output)
        check_not_open(output)
    if args.samples < 1:
        raise MatrixError(f"--samples must be at least 1; got {args.samples}")
    panel = read_analysts(args.sources)
    round1 = read_round1(args.sources)
    how = args.aggregate
    pivotal = panel.pivotal(how=how)
    rankings = panel.rankings(how=how)
    agreement = panel.agreement(how=how)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    acceptability = panel.rank_acceptability(samples=args.samples, seed=seed, how=how)
    print(panel.base.info.title, file=out)
    text = format_panel(
        panel,
        pivotal=pivotal,
        rankings=rankings,
        agreement=agreement,
        acceptability=acceptability,
        how=how,
        width=_width(),
    )
    print(text, file=out)
    moved = [] if round1 is None else moved_lines(panel, round1, how=how, width=_width())
    if moved:
        print(file=out)
        print("\n".join(moved), file=out)
    if output is not None:
        from matrix.excel.panel_sheet import write_panel_workbook

        written = write_panel_workbook(
            panel, output, how=how, acceptability=acceptability, moved=moved
        )
        print(f"\nPanel workbook: {written.resolve()}", file=out)
    return EXIT_OK


def _run_round2(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.errors import MatrixError
    from matrix.excel.round2_sheet import write_round2_workbook
    from matrix.io.guard import check_not_open
    from matrix.io.panel import is_panel_workbook
    from matrix.panel import read_analysts, read_panel

    sources = [Path(source).expanduser() for source in args.sources]
    from_panel = len(sources) == 1 and sources[0].is_file() and is_panel_workbook(sources[0])
    absent = [source for source in sources if not source.exists()]
    if absent:  # checked before the folder, so that the first thing wrong is said
        raise MatrixError(
            f"{absent[0]}: not a panel workbook, nor an analyst's workbook or a folder of them; "
            "make a panel workbook with policy-matrix panel merge -o"
        )
    folder = Path(args.output).expanduser()
    if not folder.is_dir():
        raise MatrixError(f"{folder}: no such folder; create it first")
    if from_panel:
        panel, how = read_panel(sources[0])
    else:  # the analysts' own workbooks: everything in them is kept
        panel, how = read_analysts(sources), "mean"
    how = args.aggregate or how
    case = panel.base.info.name
    targets = {name: folder / f"{case}-{name}-round2.xlsx" for name in panel.analysts}
    for target in targets.values():
        if target.exists() and not args.force:
            raise MatrixError(f"{target}: already exists; remove it or add --force")
        check_not_open(target, force=args.force)
    print(f"{panel.base.info.title}: round 2 for each of {len(targets)} analysts", file=out)
    for name, target in targets.items():
        print(f"  {name:<16} {write_round2_workbook(panel, name, target, how=how)}", file=out)
    print("\nMerge the revised workbooks with:", file=out)
    print(f"  policy-matrix panel merge {shlex.quote(str(folder))}", file=out)
    return EXIT_OK


def _run_panel(args: argparse.Namespace, out: TextIO) -> int:
    if args.step == "init":
        return _run_init(args, out)
    if args.step == "round2":
        return _run_round2(args, out)
    return _run_merge(args, out)


COMMANDS["panel"] = Command(
    summary="a panel of analysts: hand the case out (init), merge their judgements (merge), "
    "a second round (round2)",
    configure=_configure_panel,
    run=_run_panel,
    epilog="""\
Each analyst scores the same case in their own workbook (lowest, best and highest
estimate of every score, as in the IDEA protocol of structured expert judgement).
merge reads them back, makes the group's scores (the mean of the analysts', or
--aggregate median) and lists first the disagreements that would change the
leader: scores where one analyst's value, in place of the group's, puts another
option first.

examples:
  policy-matrix panel init --analysts ana,ben,cat -o panel/
  policy-matrix panel merge panel/
  policy-matrix panel merge panel/ -o panel.xlsx --aggregate median
  policy-matrix panel round2 panel.xlsx -o round2/

exit status: 0 success, 2 bad input or usage, 1 internal error""",
)
