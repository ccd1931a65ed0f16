"""Assemble the workbook and write it safely."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from matrix import __version__
from matrix.excel import sheets
from matrix.excel.methods_sheet import write_methods
from matrix.excel.styles import add_styles
from matrix.io.atomic import atomic_write
from matrix.methods import Ranking, compare, evaluate
from matrix.model import DecisionModel

__all__ = ["build_workbook", "write_workbook"]


def _page_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.oddFooter.center.text = "&A — page &P of &N"
    ws.oddFooter.center.size = 8


def build_workbook(model: DecisionModel, result: Ranking | None = None) -> Workbook:
    """The workbook for a model, in memory.

    ``result`` is the ranking to show (the weighted sum when not given).
    """
    result = result or evaluate(model, "wsm")
    workbook = Workbook()
    add_styles(workbook)
    summary = workbook.active
    summary.title = "Summary"
    sheets.write_summary(summary, model, result)
    sheets.write_scores(workbook.create_sheet("Scores"), model)
    sheets.write_evidence(workbook.create_sheet("Evidence"), model)
    sheets.write_options(workbook.create_sheet("Options"), model)
    sheets.write_criteria(workbook.create_sheet("Criteria"), model)
    write_methods(workbook.create_sheet("Methods"), model, compare(model))
    for ws in workbook.worksheets:
        _page_setup(ws)
        ws.sheet_view.showGridLines = False
    info = model.info
    props = workbook.properties
    props.title = info.title
    props.subject = info.question or info.title
    props.creator = f"policy-matrix {__version__}"
    props.description = f"Decision matrix for: {info.question or info.title}. Source: {info.source}"
    props.keywords = "decision matrix, multi-criteria analysis, policy"
    props.category = "Policy analysis"
    return workbook


def write_workbook(
    model: DecisionModel, path: str | Path, *, result: Ranking | None = None
) -> Path:
    """Write the workbook to ``path`` atomically and return the path.

    The file appears whole or not at all; an existing file is replaced only
    once the new one is complete.
    """
    workbook = build_workbook(model, result)
    return atomic_write(path, lambda temp: workbook.save(temp))
