"""The packages' dependencies run one way: ``matrix.excel`` may use ``matrix.io``, never the
reverse, so that the workbook's reader does not depend on its writer.

Imports are read from the source with :mod:`ast` (every ``import`` statement, also those
inside functions), so the test sees what would be imported without running anything.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "matrix"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The ``matrix`` modules a source file imports (relative imports resolved)."""
    here = _module_name(path).split(".")
    if path.name != "__init__.py":
        here = here[:-1]  # the package the module is in
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name == "matrix" or name.startswith("matrix.")}


def package_edges(first: str, second: str) -> dict[tuple[str, str], list[str]]:
    """Which modules of package ``first`` import ``second`` and the reverse, by direction."""
    edges: dict[tuple[str, str], list[str]] = {(first, second): [], (second, first): []}
    for source, target in ((first, second), (second, first)):
        for path in sorted((PACKAGE / source.split(".")[-1]).rglob("*.py")):
            hits = sorted(n for n in imports(path) if n == target or n.startswith(target + "."))
            edges[source, target] += [f"{_module_name(path)} imports {n}" for n in hits]
    return edges


def test_the_import_reader_sees_relative_and_local_imports(tmp_path, monkeypatch):
    folder = tmp_path / "matrix" / "io"
    folder.mkdir(parents=True)
    source = folder / "thing.py"
    source.write_text(
        "from ..excel import book\nimport matrix.model\ndef f():\n    from .layout import SCORES\n"
    )
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "matrix")
    assert imports(source) == {
        "matrix.excel",
        "matrix.excel.book",
        "matrix.model",
        "matrix.io.layout",
        "matrix.io.layout.SCORES",
    }


@pytest.mark.parametrize(("user", "used"), [("matrix.excel", "matrix.io")])
def test_no_import_cycle_between_io_and_excel(user, used):
    edges = package_edges(user, used)
    backwards = edges[used, user]
    assert not backwards, "the reader must not import the writer:\n" + "\n".join(backwards)
    assert edges[user, used], "the writer uses matrix.io (safe saving and the layout)"
