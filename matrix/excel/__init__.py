"""The Excel workbook: layout, formulas, one function per sheet, charts and the writer."""

from matrix.excel.workbook import build_book, build_workbook, write_workbook

__all__ = ["build_book", "build_workbook", "write_workbook"]
