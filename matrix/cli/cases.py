"""``policy-matrix export-case`` and ``policy-matrix init``: cases in and out of workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from matrix.cli.core import COMMANDS, EXIT_OK, Command


def _configure_export(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workbook", metavar="WORKBOOK", help="a workbook policy-matrix wrote")
    parser.add_argument("folder", metavar="DIR", help="the case folder to write (new or empty)")
    parser.add_argument(
        "--force", action="store_true", help="replace the case files of a folder that has some"
    )


def _run_export(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.io import load_case
    from matrix.io.writer import write_case

    model = load_case(Path(args.workbook))
    folder = write_case(model, args.folder, force=args.force)
    names = sorted(p.name for p in folder.iterdir())
    n, m = model.shape
    print(f"Case folder: {folder.resolve()}", file=out)
    print(f"{n} options, {m} criteria, {len(model.perspectives)} perspectives, "
          f"{len(model.scenarios)} scenarios: {', '.join(names)}", file=out)  # fmt: skip
    return EXIT_OK


def _configure_init(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", metavar="PATH", help="a new folder, or a new workbook name ending in .xlsx"
    )
    parser.add_argument("--force", action="store_true", help="replace what is there")


def _run_init(args: argparse.Namespace, out: TextIO) -> int:
    from matrix.template import write_template

    path = write_template(args.path, force=args.force)
    if path.suffix.lower() == ".xlsx":
        print(f"Blank workbook: {path.resolve()}", file=out)
        print("Two example options and criteria to replace; the Summary sheet says how. Then run "
              f"policy-matrix {path} to check it and regenerate it.", file=out)  # fmt: skip
    else:
        print(f"New case folder: {path.resolve()}", file=out)
        print(f"Fill in the files (see {path / 'README.md'}), then run policy-matrix {path}.",
              file=out)  # fmt: skip
    return EXIT_OK


COMMANDS["export-case"] = Command(
    summary="write a workbook's case (with your edits) as a case folder, for version control",
    configure=_configure_export,
    run=_run_export,
    epilog="examples:\n  policy-matrix export-case north_korea.xlsx cases/north_korea\n"
    "  policy-matrix export-case edited.xlsx cases/north_korea --force",
)
COMMANDS["init"] = Command(
    summary="start a new case: a folder of files to fill in, or a blank workbook",
    configure=_configure_init,
    run=_run_init,
    epilog="examples:\n  policy-matrix init my_case\n  policy-matrix init my_case.xlsx",
)
