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
from typing import TYPE_CHECKING, Any

from matrix.brief.content import Brief, EvidenceItem, Shift, brief_content

if TYPE_CHECKING:
    from matrix.model import DecisionModel

__all__ = [
    "FORMATS",
    "Brief",
    "EvidenceItem",
    "Shift",
    "brief_content",
    "brief_markdown",
    "check_path",
    "write_brief",
]

#: The brief's formats and the file suffix each must have.
FORMATS = {"docx": ".docx", "markdown": ".md"}


def brief_markdown(brief: Brief) -> str:
    """The brief as Markdown text."""
    from matrix.brief.markdown import render_markdown
    from matrix.text.brief import brief_document

    return render_markdown(brief_document(brief))


def check_path(path: str | Path, fmt: str) -> Path:
    """``path`` as a Path if a ``fmt`` brief can be written there, before any work is done.

    Raises
    ------
    MatrixError
        For an unknown format, a name whose suffix does not match it, a folder, or a folder
        that does not exist.
    """
    from matrix.errors import MatrixError

    target = Path(path)
    if fmt not in FORMATS:
        raise MatrixError(f"unknown brief format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if target.suffix.lower() != FORMATS[fmt]:
        raise MatrixError(f"{target}: a {fmt} brief's name must end in {FORMATS[fmt]}")
    if target.is_dir():
        raise MatrixError(f"{target}: is a folder; give a file name ending in {FORMATS[fmt]}")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise MatrixError(f"{target}: the folder {folder} does not exist")
    return target


def write_brief(
    source: DecisionModel | Brief,
    path: str | Path,
    *,
    fmt: str = "docx",
    **options: Any,
) -> Path:
    """Write a decision brief to ``path`` as Word (``"docx"``) or Markdown (``"markdown"``).

    Parameters
    ----------
    source
        A decision model (its brief is computed with :func:`brief_content`) or a brief
        already computed.
    path
        Where to write; its suffix must be ``.docx`` or ``.md`` as ``fmt`` says. An existing
        file is replaced atomically: ``path`` holds the old brief or the whole new one.
    fmt
        ``"docx"`` or ``"markdown"``.
    **options
        Passed to :func:`brief_content` with a model (``method``, ``perspective``,
        ``samples``, ``seed``, ``origin``, ``date``, ...).

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    MatrixError
        For an unknown format, a name whose suffix does not match it, a folder that does
        not exist, or bad ``options``.
    """
    from matrix.io.atomic import atomic_write
    from matrix.text.brief import brief_document

    target = check_path(path, fmt)
    if isinstance(source, Brief):
        if options:
            raise TypeError(f"write_brief() got options {sorted(options)} with a computed brief")
        brief = source
    else:
        brief = brief_content(source, **options)
    document = brief_document(brief)

    def write(temp: Path) -> None:
        if fmt == "docx":
            from matrix.brief.docx import write_docx

            write_docx(document, temp)
        else:
            from matrix.brief.markdown import render_markdown

            temp.write_text(render_markdown(document), encoding="utf-8")

    return atomic_write(target, write)
