"""The decision brief: a two-page memo, bottom line first, for the person who decides.

>>> import matrix
>>> from matrix.brief import brief_content, brief_markdown
>>> text = brief_markdown(brief_content(matrix.load_case(), samples=1_000, seed=1))
>>> text.splitlines()[0]
'# North Korea: what comes after maximum pressure?'

:func:`brief_content` computes what the brief says (numbers, as data);
:mod:`matrix.text.brief` words it; :func:`write_brief` writes it as Word or Markdown.
"""

from __future__ import annotations

from pathlib import Path

from matrix.brief.content import Brief, EvidenceItem, Shift, brief_content

__all__ = [
    "FORMATS",
    "Brief",
    "EvidenceItem",
    "Shift",
    "brief_content",
    "brief_markdown",
    "write_brief",
]

#: The brief's formats and the file suffix each must have.
FORMATS = {"docx": ".docx", "markdown": ".md"}


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown text."""
    from matrix.brief.markdown import render_markdown
    from matrix.text.brief import brief_document

    return render_markdown(brief_document(brief))


def write_brief(
    brief: Brief,
    path: str | Path,
    *,
    fmt: str = "docx",
) -> Path:
    """Write ``brief`` to ``path`` as Word (``"docx"``) or Markdown (``"markdown"``).

    An existing file is replaced atomically: ``path`` holds the old brief or the whole new
    one, never a part.

    Raises
    ------
    MatrixError
        For an unknown format, a name whose suffix does not match it, or a missing folder.
    """
    from matrix.errors import MatrixError
    from matrix.io.atomic import atomic_write
    from matrix.text.brief import brief_document

    target = Path(path)
    if fmt not in FORMATS:
        raise MatrixError(f"unknown brief format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if target.suffix.lower() != FORMATS[fmt]:
        raise MatrixError(f"{target}: a {fmt} brief's name must end in {FORMATS[fmt]}")
    if target.is_dir():
        raise MatrixError(f"{target}: is a folder; give a file name ending in {FORMATS[fmt]}")
    document = brief_document(brief)

    def write(temp: Path) -> None:
        if fmt == "docx":
            from matrix.brief.docx import write_docx

            write_docx(document, temp)
        else:
            from matrix.brief.markdown import render_markdown

            temp.write_text(render_markdown(document), encoding="utf-8")

    return atomic_write(target, write)
