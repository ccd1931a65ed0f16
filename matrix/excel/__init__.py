"""The Excel workbook: styles, one function per sheet, and the writer."""

from matrix.excel.workbook import build_workbook, write_workbook

__all__ = ["build_workbook", "write_workbook"]
