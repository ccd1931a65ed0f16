"""The workbook's layout, as the sheet writers use it: see :mod:`matrix.io.layout`.

One description serves the writer and the reader. It lives beside the reader,
in ``matrix.io``, because ``matrix.excel`` already depends on ``matrix.io``
(safe saving, open-file checks) and the reader must not depend on the writer.
"""

from __future__ import annotations

from matrix.io.layout import CALC, EVIDENCE, SCORES, SUMMARY, Layout, cell, span

__all__ = ["CALC", "EVIDENCE", "SCORES", "SUMMARY", "Layout", "cell", "span"]
