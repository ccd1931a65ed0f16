"""Read a panel: analysts' workbooks (or case folders) of one case, each analyst named once.

Each workbook handed out by ``policy-matrix panel init`` carries its analyst's
name in a document property (:data:`matrix.excel.analyst.ANALYST_PROPERTY`); a
workbook without one is named by the case's "Prepared by", else by its file name.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path

from matrix.errors import CaseFileError, PanelError
from matrix.io.case import BUNDLED_CASES, OPTIONS_FILE, load_case
from matrix.model import DecisionModel

__all__ = ["ANALYST_PROPERTY", "analyst_sources", "load_panel", "read_analyst"]

#: The custom document property holding the analyst's name (matrix.excel.analyst writes it).
ANALYST_PROPERTY = "policy-matrix analyst"


def read_analyst(path: str | Path) -> str:
    """The analyst's name stamped on a workbook, or "" when it has none."""
    from defusedxml import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            if "docProps/custom.xml" not in archive.namelist():
                return ""
            with archive.open("docProps/custom.xml") as part:
                root = ElementTree.fromstring(part.read(1_000_000))
    except (zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise CaseFileError(f"{path}: not a readable workbook ({exc})") from None
    for prop in root:
        if prop.get("name") == ANALYST_PROPERTY:
            return "".join(prop.itertext()).strip()
    return ""


def analyst_sources(paths: Sequence[str | Path]) -> list[Path]:
    """The workbooks and case folders named: a folder that is not a case stands for the
    workbooks in it (lock files left by spreadsheets skipped)."""
    found: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if not path.exists() and str(given) in BUNDLED_CASES:
            found.append(path)
        elif not path.exists():
            raise CaseFileError(f"{path}: no such workbook or folder")
        elif path.is_dir() and not (path / OPTIONS_FILE).exists():
            books = sorted(
                p for p in path.glob("*.xlsx") if not p.name.startswith(("~$", ".~lock"))
            )
            if not books:
                raise CaseFileError(f"{path}: holds no case and no workbooks (.xlsx)")
            found.extend(books)
        elif path.is_file() and path.suffix.lower() != ".xlsx":
            raise CaseFileError(f"{path}: expected an analyst's workbook (.xlsx) or a case folder")
        else:
            found.append(path)
    return found


def _analyst_name(path: Path, model: DecisionModel) -> str:
    stamped = read_analyst(path) if path.is_file() else ""
    if stamped:
        return stamped
    if model.info.analyst.strip():
        return model.info.analyst.strip()
    stem = path.stem if path.is_file() else path.name
    prefix = f"{model.info.name}-"
    return stem[len(prefix) :] if stem.startswith(prefix) and len(stem) > len(prefix) else stem


def load_panel(paths: Sequence[str | Path]) -> tuple[dict[str, DecisionModel], dict[str, str]]:
    """Each analyst's model and where it came from, ``({analyst: model}, {analyst: file})``,
    ready for :meth:`matrix.Panel.from_models`.

    Raises
    ------
    PanelError
        Fewer than two workbooks, or two of the same analyst (naming both files).
    CaseFileError, WorkbookError, ValidationError
        A file that cannot be read, or an invalid edit in it (file, sheet and cell).
    """
    sources = analyst_sources(paths)
    if len(sources) < 2:
        named = f" ({sources[0]})" if sources else ""
        raise PanelError(
            f"a panel needs at least two analysts' workbooks; got {len(sources)}{named}"
        )
    models: dict[str, DecisionModel] = {}
    where: dict[str, str] = {}
    seen: dict[str, str] = {}
    for path in sources:
        model = load_case(path)
        name = _analyst_name(path, model)
        key = " ".join(name.casefold().split())
        if key in seen:
            raise PanelError(
                f"{path}: analyst {name!r} again (also {where[seen[key]]}); "
                "give each analyst's workbook once"
            )
        seen[key] = name
        models[name] = model
        where[name] = str(path)
    return models, where
