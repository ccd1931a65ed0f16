"""The brief as a Word document (python-docx): A4, two pages for a case like the bundled one.

Tables are shaded cell by cell (no charts); the footer names the case, the date, the tool's
version and what the brief was made from, and numbers the pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matrix.brief.layout import Bullets, Document, Paragraph, Table

__all__ = ["write_docx"]

FONT = "Calibri"
BODY_PT = 9.5
SMALL_PT = 7.5
TABLE_PT = 8
HEADER_PT = 7
ACCENT = "1F3864"
RULE = "BFBFBF"


def _shade(cell: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _cell_margins(table: Any, twips: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


def _borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "bottom", "insideH", "insideV", "left", "right"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:color"), RULE)
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _page_field(paragraph: Any) -> None:
    """Append ``Page N of M`` as Word fields (updated by Word and LibreOffice on opening)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def field(code: str) -> None:
        run = paragraph.add_run()
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = code
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(text)
        run._r.append(end)

    paragraph.add_run("  ·  page ")
    field("PAGE")
    paragraph.add_run(" of ")
    field("NUMPAGES")


def _runs(target: Any, block: Paragraph, size: float) -> None:
    from docx.shared import Pt

    for part in block.runs:
        run = target.add_run(part.text)
        run.bold = part.bold or None
        run.italic = part.italic or None
        run.font.size = Pt(size)


def _table(doc: Any, block: Table, width_cm: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    n_rows = 1 + len(block.rows)
    n_cols = len(block.headers)
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _borders(table)
    _cell_margins(table, 60)
    shares = block.widths or tuple([1.0] * n_cols)
    total = sum(shares)
    widths = [Cm(width_cm * s / total) for s in shares]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice lays out by
    for i in range(n_rows):
        header = i <= block.header_rows
        values = block.headers if i == 0 else block.rows[i - 1]
        for j, text in enumerate(values):
            cell = table.cell(i, j)
            cell.width = widths[j]
            para = cell.paragraphs[0]
            para.paragraph_format.space_after = Pt(0)
            para.paragraph_format.space_before = Pt(0)
            if block.right[j] and not (i == 0 and j == 0):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if i else WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(text)
            run.font.size = Pt(HEADER_PT if i == 0 else TABLE_PT)
            if header:
                run.bold = True
                if i == 0:
                    run.font.color.rgb = RGBColor.from_string("FFFFFF")
                    _shade(cell, ACCENT)
                else:
                    _shade(cell, "F2F2F2")
            elif block.shading is not None:
                fill = block.shading[i - 1][j]
                if fill:
                    _shade(cell, fill)


def write_docx(document: Document, path: str | Path) -> None:
    """Write ``document`` to ``path`` as a .docx file (the caller makes it atomic)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.8)
    section.top_margin = Cm(1.5)
    section.bottom_margin = Cm(1.5)
    section.footer_distance = Cm(0.7)
    width_cm = 21.0 - 3.6
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(3)
    normal.paragraph_format.line_spacing = 1.05
    for name in ("List Bullet",):
        style = doc.styles[name]
        style.paragraph_format.space_after = Pt(1)

    doc.core_properties.title = document.title
    doc.core_properties.subject = "Decision brief"
    doc.core_properties.author = "policy-matrix"

    title = doc.add_paragraph()
    title.paragraph_format.space_after = Pt(0)
    run = title.add_run(document.title)
    run.bold = True
    run.font.size = Pt(15)
    run.font.color.rgb = RGBColor.from_string(ACCENT)
    sub = doc.add_paragraph()
    sub.paragraph_format.space_after = Pt(4)
    run = sub.add_run(document.subtitle)
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor.from_string("595959")

    for part in document.sections:
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.space_after = Pt(2)
        heading.paragraph_format.keep_with_next = True
        run = heading.add_run(part.heading)
        run.bold = True
        run.font.size = Pt(11)
        run.font.color.rgb = RGBColor.from_string(ACCENT)
        for k, block in enumerate(part.blocks):
            following = part.blocks[k + 1] if k + 1 < len(part.blocks) else None
            if isinstance(block, Table):
                _table(doc, block, width_cm)
            elif isinstance(block, Bullets):
                for item in block.items:
                    para = doc.add_paragraph(style="List Bullet")
                    _runs(para, item, BODY_PT)
            else:
                para = doc.add_paragraph()
                # a lead-in stays on the page of what it introduces
                para.paragraph_format.keep_with_next = following is not None
                if block.small:
                    para.paragraph_format.space_before = Pt(2)
                _runs(para, block, SMALL_PT if block.small else BODY_PT)

    doc.styles["Footer"].font.size = Pt(SMALL_PT)
    doc.styles["Footer"].font.color.rgb = RGBColor.from_string("595959")
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer.add_run(document.footer)
    _page_field(footer)
    doc.save(str(path))
