"""What a command reads: a case folder, a workbook policy-matrix wrote, or a plain table.

Every command that takes a CASE takes all three, with the same plain-table
options (:func:`add_table_arguments`) read the same way (:func:`load_input`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matrix.model import DecisionModel

#: The files of a case folder: given alone, each is a mistake for the folder.
CASE_FILES = (
    "case.toml",
    "options.csv",
    "criteria.csv",
    "scores.csv",
    "perspectives.csv",
    "perspective_weights.csv",
    "perspective_pairwise.csv",
    "scenarios.csv",
    "scenario_scores.csv",
)

#: The plain-table options: where each is kept on the parsed arguments.
TABLE_OPTIONS = {
    "directions": "directions",
    "weights": "table_weights",
    "criteria": "criteria",
    "ignore": "ignore",
}


def add_table_arguments(parser: argparse.ArgumentParser, *, weights: bool = True) -> None:
    """The options of a plain table (``--directions``, ``--weights``, ``--criteria``, ``--ignore``).

    ``weights=False`` leaves ``--weights`` out, for a command that uses the name for
    something else (``montecarlo``); a table's weights then come from ``--criteria``,
    or are 1 each.
    """
    table = parser.add_argument_group(
        "plain tables",
        "CASE may also be a table you already have (.csv, or .xlsx not written by "
        "policy-matrix): options down the first column, one column per criterion."
        + ("" if weights else " Its weights are 1 each, or those of the --criteria table."),
    )
    table.add_argument(
        "--directions",
        metavar="C=max,...",
        help="each criterion's direction, e.g. 'cost=min,riders=max' (max: more is better)",
    )
    if weights:
        table.add_argument(
            "--weights",
            dest="table_weights",
            metavar="C=W,...",
            help="weights, e.g. 'cost=2,riders=1' (default: 1 each)",
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


def load_input(args: argparse.Namespace) -> tuple[DecisionModel, str]:
    """The case named on the command line, and what it was: "table", "workbook" or "case"."""
    from matrix.errors import CaseFileError, MatrixError
    from matrix.io import load_case

    path = Path(args.case) if args.case else None
    given: dict[str, str | None] = {k: getattr(args, d, None) for k, d in TABLE_OPTIONS.items()}
    if path is not None and path.is_file() and path.name.lower() in CASE_FILES:
        folder = path.parent
        if any((folder / name).is_file() for name in CASE_FILES if name != path.name.lower()):
            shown = str(folder) if str(folder) != "." else "."
            raise CaseFileError(
                f"{path} is one file of the case folder {shown}; give the folder instead: "
                f"policy-matrix {shown}"
            )
    if path is not None and path.is_file() and path.suffix.lower() in (".csv", ".xlsx"):
        from matrix.io.workbook import is_policy_workbook

        ours = path.suffix.lower() == ".xlsx" and is_policy_workbook(path)
        if not ours:
            from matrix.io.table import parse_assignments, read_table

            try:
                model = read_table(
                    path,
                    directions=parse_assignments(given["directions"], "--directions"),
                    weights=parse_assignments(given["weights"], "--weights"),
                    criteria_file=given["criteria"],
                    ignore=[c.strip() for c in (given["ignore"] or "").split(",") if c.strip()],
                )
            except MatrixError as exc:
                if path.suffix.lower() != ".xlsx":
                    raise
                raise type(exc)(
                    f"{path.name} is not a policy-matrix workbook (it has no Summary, Scores and "
                    f"Evidence sheets), and as a plain table: {exc}"
                ) from None
            return model, "table"
    if any(given.values()):
        raise MatrixError(
            "--directions, --weights, --criteria and --ignore go with a plain table (.csv or "
            ".xlsx); "
            f"{args.case or 'the bundled case'} is a case"
        )
    model = load_case(args.case)
    return model, "workbook" if path is not None and path.suffix.lower() == ".xlsx" else "case"
