"""A brief as a few kinds of blocks, laid out the same way by every writer.

:mod:`matrix.text.brief` fills these with words and numbers; :mod:`matrix.brief.docx` and
:mod:`matrix.brief.markdown` only decide how each kind of block looks.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Block", "Bullets", "Document", "Paragraph", "Run", "Section", "Table", "paragraph"]


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    """Runs of text; ``small`` for notes under a table."""

    runs: tuple[Run, ...]
    small: bool = False

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def paragraph(*parts: str | Run, small: bool = False) -> Paragraph:
    """A paragraph from plain strings and runs."""
    return Paragraph(tuple(Run(p) if isinstance(p, str) else p for p in parts), small=small)


@dataclass(frozen=True)
class Bullets:
    """A bulleted list."""

    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Table:
    """A table: ``right`` says which columns hold numbers (aligned right); ``shading`` gives a
    fill colour (hex ``RRGGBB``) or None for each body cell; ``header_rows`` rows of ``rows``
    after the header are shown like it (the weights row of the matrix)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    right: tuple[bool, ...]
    shading: tuple[tuple[str | None, ...], ...] | None = None
    header_rows: int = 0
    #: Relative column widths (the writer scales them to the page).
    widths: tuple[float, ...] = ()


Block = Paragraph | Bullets | Table


@dataclass(frozen=True)
class Section:
    """A heading and its blocks; ``key`` names the part for code (``"bottom_line"``, ...)."""

    key: str
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    """The whole brief: a title, a line under it, the sections and the footer."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    footer: str

    def section(self, key: str) -> Section:
        """The section called ``key`` (KeyError if there is none)."""
        for part in self.sections:
            if part.key == key:
                return part
        raise KeyError(key)
