"""The brief as Markdown, for version control: the same sections, tables without shading."""

from __future__ import annotations

from matrix.brief.layout import Bullets, Document, Paragraph, Table

__all__ = ["render_markdown"]


def _escape(text: str) -> str:
    for char in ("\\", "*", "`", "|", "<", "[", "]"):
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def _inline(block: Paragraph) -> str:
    parts = []
    for run in block.runs:
        text = _escape(run.text)
        core = text.strip()
        if core and (run.bold or run.italic):
            mark = "**" if run.bold else "*"
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            text = f"{lead}{mark}{core}{mark}{trail}"
        parts.append(text)
    return "".join(parts)


def _table(block: Table) -> list[str]:
    lines = [
        "| " + " | ".join(_escape(h) for h in block.headers) + " |",
        "|" + "|".join("---:" if r else ":---" for r in block.right) + "|",
    ]
    for i, row in enumerate(block.rows):
        cells = [_escape(c) for c in row]
        if i < block.header_rows:
            cells = [f"*{c}*" if c else c for c in cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render_markdown(document: Document) -> str:
    """``document`` as Markdown text."""
    lines = [f"# {_escape(document.title)}", "", f"*{_escape(document.subtitle)}*"]
    for part in document.sections:
        lines += ["", f"## {_escape(part.heading)}"]
        for block in part.blocks:
            lines.append("")
            if isinstance(block, Table):
                lines += _table(block)
            elif isinstance(block, Bullets):
                lines += [f"- {_inline(item)}" for item in block.items]
            else:
                lines.append(_inline(block))
    lines += ["", "---", "", f"*{_escape(document.footer)}*"]
    return "\n".join(lines) + "\n"
