"""The analyst's stamp on a workbook handed out to a panel (``policy-matrix panel init``).

The name is shown under the title on the Summary sheet and kept in a custom
document property, which ``policy-matrix panel merge`` reads back
(:func:`matrix.io.panel.read_analyst`).
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.worksheet.worksheet import Worksheet

from matrix.excel.styles import put_text
from matrix.io.panel import ANALYST_PROPERTY
from matrix.text.panel import analyst_stamp

__all__ = ["ANALYST_PROPERTY", "stamp_analyst"]


def stamp_analyst(workbook: Workbook, summary: Worksheet, analyst: str) -> None:
    """Put ``analyst``'s name on the Summary sheet (row 2) and in the document properties."""
    put_text(summary, 2, 1, analyst_stamp(analyst), "pm subtitle")
    workbook.custom_doc_props.append(StringProperty(name=ANALYST_PROPERTY, value=analyst))
    workbook.properties.lastModifiedBy = analyst
