"""The default run: rank a case, print the answer, write the workbook."""

from __future__ import annotations

import argparse
import shlex
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import pandas as pd

    from matrix.robustness import RobustnessSummary

from matrix.cli.core import DEFAULT_RUN, EXIT_OK, _clip, _width
from matrix.cli.inputs import load_input
from matrix.cli.progress import progress_bar
from matrix.text.format import fixed

if TYPE_CHECKING:
    pass


#: The default run prints the first this many options of each table.
PRINT_MAX_OPTIONS = 25


def format_ranking(table: pd.DataFrame, width: int = 100, *, limit: int | None = None) -> str:
    """An aligned text table of rank, option, score, strongest and weakest criterion.

    Long labels are shortened with an ellipsis only when the table would be
    wider than ``width``. With ``limit`` only the first ``limit`` rows are shown,
    and a last line says how many more there are.
    """
    more = 0 if limit is None else max(len(table) - limit, 0)
    if more:
        table = table.iloc[:limit]
    option_w = max(len("Option"), *(len(o) for o in table["option"]))
    crit_w = max(
        len("Strongest criterion"),
        *(len(c) for c in table["strongest"]),
        *(len(c) for c in table["weakest"]),
    )
    rules = 4 + 2 + 2 + 5 + 2 + 2
    while rules + option_w + 2 * crit_w > width and crit_w > 19:
        crit_w -= 1
    while rules + option_w + 2 * crit_w > width and option_w > 16:
        option_w -= 1
    lines = [
        f"{'Rank':>4}  {'Option':<{option_w}}  {'Score':>5}  "
        f"{'Strongest criterion':<{crit_w}}  {'Weakest criterion'}",
        f"{'─' * 4}  {'─' * option_w}  {'─' * 5}  {'─' * crit_w}  {'─' * crit_w}",
    ]
    scores = [fixed(score) for score in table["score"].to_numpy(dtype=float)]
    for line, score in zip(table.itertuples(index=False), scores, strict=True):
        lines.append(
            f"{line.rank:>4}  {_clip(str(line.option), option_w):<{option_w}}  "
            f"{score:>5}  {_clip(str(line.strongest), crit_w):<{crit_w}}  "
            f"{_clip(str(line.weakest), crit_w)}".rstrip()
        )
    if more:
        lines.append(f"      … and {more:,} more")
    return "\n".join(lines)


def run_default(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.errors import MatrixError
    from matrix.excel import write_workbook
    from matrix.io.atomic import file_state
    from matrix.io.guard import backup_path, check_not_open
    from matrix.methods import compare, evaluate
    from matrix.text.ranking import format_methods_summary
    from matrix.text.reading import ranking_table

    if args.no_workbook and args.output:
        raise MatrixError(
            f"-o {args.output} asks for a workbook and --no-workbook for none; give one of them"
        )
    # what the input was when it was read: a workbook regenerated in place must still be
    # that file when it is replaced (another run or a spreadsheet may save it meanwhile)
    read_state = file_state(args.case) if args.case and Path(args.case).is_file() else None
    model, kind = load_input(args)
    from_table = kind == "table"
    persp = model.perspective(args.perspective) if args.perspective else None
    if persp is not None:
        model = model.under(persp.id)
    output: Path | None = None
    if not args.no_workbook:
        if args.output:
            output = Path(args.output)
        elif kind == "workbook":  # regenerate the analyst's workbook in place, keeping a backup
            output = Path(args.case)
        else:
            output = Path(f"{model.info.name}.xlsx")
            if from_table and _same_file(output, Path(args.case)):  # mine.xlsx -> mine-matrix.xlsx
                output = Path(f"{model.info.name}-matrix.xlsx")
        output = output.expanduser()
        _check_output(output)
        _check_not_an_input(output, args, kind, explicit=bool(args.output))
        check_not_open(output, force=args.force)
        in_place = kind == "workbook" and _same_file(output, Path(args.case))
        expected = read_state if in_place else file_state(output)
    from matrix.cli.redlines import notes, ranked_part
    from matrix.redlines import policy

    how = policy(model, args.red_lines)
    shown = ranked_part(model, how)  # under "exclude", the acceptable options alone
    result = evaluate(model, "wsm")  # the workbook's own ranking ("last" when red lines)
    width = _width()
    info = model.info
    print(info.title, file=out)
    if info.question:
        print(textwrap.fill(info.question, width), file=out)
    n, m = model.shape
    print(
        f"{_count(n, 'option')}, {_count(m, 'criterion', 'criteria')}. Weighted sum on each "
        "criterion's scale (1 = best possible on every criterion).",
        file=out,
    )
    if persp is not None:
        from matrix.text.perspectives import elicitation_text, inconsistency_warnings

        print(
            f"Weights of perspective {persp.id!r} ({persp.label}), from {elicitation_text(persp)}.",
            file=out,
        )
        for line in inconsistency_warnings(model, [persp.id]):
            print(line, file=out)
    print(file=out)
    if shown is not None:
        mine = "ignore" if shown is not model else how
        table = ranking_table(shown, evaluate(shown, "wsm", red_lines=mine))
        print(format_ranking(table, width, limit=PRINT_MAX_OPTIONS), file=out)
    said = notes(model, how, width)
    if said:
        print(said, file=out)
    comparison = None
    if shown is not None:
        print(file=out)
        comparison = compare(shown, red_lines=mine)
        summary = format_methods_summary(shown, comparison, width, limit=PRINT_MAX_OPTIONS)
        print(summary, file=out)
    follow = _follow_up_case(args, output, from_table)
    print(f"Scores and intermediates: policy-matrix rank{follow and ' ' + follow}", file=out)
    if len(model.options) > PRINT_MAX_OPTIONS:
        print(f"Every option: policy-matrix rank{follow and ' ' + follow} --format csv, or the "
              "workbook's Summary sheet.", file=out)  # fmt: skip
    robustness = _print_robustness(model, out, width, case=follow)
    if output is not None:
        backup = None if args.no_backup or not output.exists() else backup_path(output)
        written = write_workbook(
            model,
            output,
            result=result,
            backup_to=backup,
            force=args.force,
            expect=expected,
            robustness=robustness,  # its analyses are the robustness sheets': made once
            comparison=comparison if shown is model else None,  # the Methods sheet's, if it fits
        )
        print(f"\nWorkbook: {written.resolve()}", file=out)
        if backup is not None:
            print(f"Previous version kept as: {backup.resolve()}", file=out)
    return EXIT_OK


def _count(n: int, one: str, many: str | None = None) -> str:
    """``1 option``, ``5 options``."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def _check_output(output: Path) -> None:
    from matrix.errors import MatrixError

    if output.suffix.lower() != ".xlsx":
        raise MatrixError(f"{output}: the workbook's name must end in .xlsx")
    if output.is_dir():
        raise MatrixError(f"{output}: is a folder; give a file name ending in .xlsx")
    if not output.parent.exists():
        raise MatrixError(f"{output}: the folder {output.parent} does not exist")


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _check_not_an_input(
    output: Path, args: argparse.Namespace, kind: str, *, explicit: bool
) -> None:
    """Never write the workbook over a file the run reads (a plain table, a criteria file), nor,
    by default, over an .xlsx file that policy-matrix did not write."""
    from matrix.errors import MatrixError

    inputs = [Path(p) for p in (args.criteria,) if p]
    if kind != "workbook" and args.case:
        inputs.append(Path(args.case))
    for given in inputs:
        if _same_file(output, given):
            also = "" if str(given) == str(output) else f" (as {given})"
            raise MatrixError(
                f"{output}: is an input of this run{also}, so the workbook cannot replace it; "
                "write the workbook elsewhere with -o NEW.xlsx"
            )
    if not explicit and output.is_file() and not _ours(output):
        raise MatrixError(
            f"{output}: exists and was not written by policy-matrix, so it is not replaced; "
            "choose where the workbook goes with -o NEW.xlsx"
        )


def _ours(path: Path) -> bool:
    """Whether policy-matrix wrote ``path`` (a damaged file is not ours either)."""
    from matrix.errors import MatrixError
    from matrix.io.workbook import is_policy_workbook

    try:
        return is_policy_workbook(path)
    except MatrixError:
        return False


def _follow_up_case(args: argparse.Namespace, output: Path | None, from_table: bool) -> str:
    """How to name this case to the other commands (they take folders and workbooks, not tables)."""
    if from_table:
        return shlex.quote(str(output)) if output is not None else ""
    return shlex.quote(args.case) if args.case else ""


def _print_robustness(
    model: object, out: TextIO, width: int, *, case: str = ""
) -> RobustnessSummary:
    """Print the default run's short robustness summary (fixed seed, so the output is
    reproducible) and return it, for the workbook's robustness sheets."""
    from matrix.robustness import robustness_summary
    from matrix.text.robustness import summary_text

    with progress_bar() as bar:
        summary = robustness_summary(model, method="wsm", progress=bar)  # type: ignore[arg-type]
    print(file=out)
    has_scenarios = bool(model.scenarios)  # type: ignore[attr-defined]
    print(summary_text(summary, width, case=case, scenarios=has_scenarios), file=out)
    return summary


DEFAULT_RUN["run"] = run_default
