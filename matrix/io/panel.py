"""Read a panel: analysts' workbooks (or case folders) of one case, each analyst named once.

Each workbook handed out by ``policy-matrix panel init`` carries its analyst's
name in a document property (:data:`matrix.excel.analyst.ANALYST_PROPERTY`); a
workbook without one is named by the case's "Prepared by", else by its file name.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from matrix.errors import CaseFileError, PanelError, WorkbookError
from matrix.io.case import BUNDLED_CASES, OPTIONS_FILE, load_case
from matrix.model import DecisionModel

__all__ = [
    "ANALYST_PROPERTY",
    "analyst_sources",
    "is_panel_workbook",
    "load_panel",
    "read_analyst",
    "read_panel_workbook",
    "read_property",
    "read_round1",
]

#: The custom document property holding the analyst's name (matrix.excel.analyst writes it).
ANALYST_PROPERTY = "policy-matrix analyst"


def read_analyst(path: str | Path) -> str:
    """The analyst's name stamped on a workbook, or "" when it has none."""
    return read_property(path, ANALYST_PROPERTY)


def read_property(path: str | Path, name: str) -> str:
    """A custom document property of a workbook, or "" when it has none."""
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
        if prop.get("name") == name:
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


def _load_with_blanks(path: Path) -> tuple[DecisionModel, list[tuple[str, str]]]:
    """An analyst's model, and the scores they left empty on the Scores sheet (each read
    as a stand-in inside its range, which the panel then ignores)."""
    if not (path.is_file() and path.suffix.lower() == ".xlsx"):
        return load_case(path), []
    from matrix.io.workbook import read_workbook

    blanks: list[tuple[str, str]] = []
    return read_workbook(path, blanks=blanks), blanks


def load_panel(
    paths: Sequence[str | Path],
) -> tuple[dict[str, DecisionModel], dict[str, str], dict[str, list[tuple[str, str]]]]:
    """Each analyst's model, where it came from and the scores each left blank,
    ``({analyst: model}, {analyst: file}, {analyst: [(option, criterion), ...]})``, ready
    for :meth:`matrix.Panel.from_models`. A panel workbook stands for all its analysts.

    Raises
    ------
    PanelError
        Fewer than two analysts, or the same analyst twice (naming both files).
    CaseFileError, WorkbookError, ValidationError
        A file that cannot be read, or an invalid edit in it (file, sheet and cell).
    """
    models: dict[str, DecisionModel] = {}
    where: dict[str, str] = {}
    missing: dict[str, list[tuple[str, str]]] = {}
    seen: dict[str, str] = {}

    def add(name: str, model: DecisionModel, source: str) -> None:
        key = " ".join(name.casefold().split())
        if key in seen:
            raise PanelError(
                f"{source}: analyst {name!r} again (also {where[seen[key]]}); "
                "give each analyst's workbook once"
            )
        seen[key] = name
        models[name] = model
        where[name] = source

    for path in analyst_sources(paths):
        if path.is_file() and is_panel_workbook(path):
            found, sources, left_out = read_panel_workbook(path)
            for name, model in found.items():
                add(name, model, sources[name])
                missing[name] = left_out[name]
        else:
            model, blanks = _load_with_blanks(path)
            name = _analyst_name(path, model)
            add(name, model, str(path))
            if blanks:
                missing[name] = blanks
    if len(models) < 2:
        named = f" ({next(iter(where.values()))})" if where else ""
        raise PanelError(
            f"a panel needs at least two analysts' workbooks; got {len(models)}{named}"
        )
    return models, where, missing


def is_panel_workbook(path: str | Path) -> bool:
    """Whether ``path`` is a panel workbook (``policy-matrix panel merge -o``)."""
    from defusedxml import ElementTree

    from matrix.io.panel_layout import PANEL_PROPERTY

    try:
        with zipfile.ZipFile(path) as archive:
            if "docProps/custom.xml" not in archive.namelist():
                return False
            with archive.open("docProps/custom.xml") as part:
                root = ElementTree.fromstring(part.read(1_000_000))
    except (zipfile.BadZipFile, ElementTree.ParseError):
        return False
    return any(prop.get("name") == PANEL_PROPERTY for prop in root)


def _number(ws: Any, row: int, col: int, path: Path, what: str) -> float | None:
    value = ws.cell(row, col).value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise WorkbookError(
            f"{path}, sheet {ws.title}, cell {ws.cell(row, col).coordinate}: {what} must be a "
            f"number; got {value!r}"
        )
    return float(value)


def read_panel_workbook(
    path: str | Path,
) -> tuple[dict[str, DecisionModel], dict[str, str], dict[str, list[tuple[str, str]]]]:
    """Each analyst's model, where it came from and the scores each left blank, read from a
    panel workbook: ``({analyst: model}, {analyst: "file (analyst)"}, {analyst: [(option,
    criterion), ...]})``, ready for :meth:`matrix.Panel.from_models`.

    A blank score is filled, in the analyst's model, with the mean of the other
    analysts' (it is listed as missing, so the panel ignores it).

    Raises
    ------
    WorkbookError
        A cell that should hold a number does not (named by file, sheet and cell).
    """
    import numpy as np
    import openpyxl
    import pandas as pd

    from matrix.io.guard import check_archive
    from matrix.io.panel_layout import GROUP, JUDGEMENTS, RATIONALE, PanelLayout
    from matrix.model import CaseInfo, Criterion, Option

    path = Path(path)
    check_archive(path)
    workbook = openpyxl.load_workbook(path)
    props = {p.name: "" if p.value is None else str(p.value) for p in workbook.custom_doc_props}
    for sheet in (GROUP, JUDGEMENTS):
        if sheet not in workbook.sheetnames:
            raise WorkbookError(f"{path}: the panel workbook has no {sheet} sheet")
    group, judgements = workbook[GROUP], workbook[JUDGEMENTS]
    probe = PanelLayout(1, 1, 1)
    names = []
    col = probe.weight_col
    while group.cell(probe.criteria_header_row, col).value not in (None, "Group"):
        names.append(str(group.cell(probe.criteria_header_row, col).value))
        col += 1
    m = 0
    while group.cell(probe.criterion_row(m), 1).value not in (None, ""):
        m += 1
    rows = 0
    while judgements.cell(probe.header_row + 1 + rows, 1).value not in (None, ""):
        rows += 1
    if not names or not m or rows % m:
        raise WorkbookError(f"{path}: not a panel workbook policy-matrix can read back")
    n = rows // m
    lay = PanelLayout(n, m, len(names))
    criteria_rows = []
    for j in range(m):
        row = lay.criterion_row(j)
        low = _number(group, row, 4, path, "scale min")
        high = _number(group, row, 5, path, "scale max")
        criteria_rows.append(
            (str(group.cell(row, 1).value), str(group.cell(row, 2).value or ""),
             str(group.cell(row, 3).value), low, high)
        )  # fmt: skip
    option_rows = [
        (str(judgements.cell(lay.judgement_row(i, 0), 1).value),
         str(judgements.cell(lay.judgement_row(i, 0), 2).value or ""))
        for i in range(n)
    ]  # fmt: skip
    options = [Option(id=o, label=label) for o, label in option_rows]
    option_ids = [o for o, _ in option_rows]
    criterion_ids = [c[0] for c in criteria_rows]
    cube = np.full((3, len(names), n, m), np.nan)
    for a in range(len(names)):
        for j in range(m):
            for i in range(n):
                row = lay.judgement_row(i, j)
                for part, what in enumerate(("low", "score", "high")):
                    value = _number(judgements, row, lay.analyst_col(a, part), path, what)
                    cube[part, a, i, j] = np.nan if value is None else value
    info = CaseInfo(
        name=props.get("policy-matrix case") or path.stem,
        title=props.get("policy-matrix title") or path.stem,
        question=props.get("policy-matrix question", ""),
    )
    models: dict[str, DecisionModel] = {}
    missing: dict[str, list[tuple[str, str]]] = {}
    fill = np.nanmean(cube[1], axis=0)
    for a, name in enumerate(names):
        blank = np.isnan(cube[1, a])
        missing[name] = [(option_ids[i], criterion_ids[j]) for i, j in np.argwhere(blank)]
        score = np.where(blank, fill, cube[1, a])
        low = np.where(np.isnan(cube[0, a]), score, cube[0, a])
        high = np.where(np.isnan(cube[2, a]), score, cube[2, a])
        criteria = [
            Criterion(id=c, label=label, direction=direction, scale_min=lo, scale_max=hi,  # type: ignore[arg-type]
                      weight=float(_number(group, lay.criterion_row(j), lay.weight_col + a, path,
                                           "a weight share") or 0.0))
            for j, (c, label, direction, lo, hi) in enumerate(criteria_rows)
        ]  # fmt: skip
        frame = lambda values: pd.DataFrame(values, index=option_ids, columns=criterion_ids)  # noqa: E731
        why = np.full((n, m), "", dtype=object)
        if RATIONALE in workbook.sheetnames:
            sheet = workbook[RATIONALE]
            for i in range(n):
                for j in range(m):
                    text = sheet.cell(lay.judgement_row(i, j), 3 + a).value
                    why[i, j] = "" if text is None else str(text)
        models[name] = DecisionModel(
            options,
            criteria,
            frame(score),
            low=frame(low),
            high=frame(high),
            rationale=frame(why),
            info=info,
        )
    sources = {name: f"{path} ({name})" for name in names}
    return models, sources, missing


def read_round1(paths: Sequence[str | Path]) -> Any:
    """The round-1 group score and spread of each score, ``DataFrame`` indexed by (option,
    criterion), from the first round-2 workbook among ``paths`` (``panel round2``); None when
    none is one."""
    import openpyxl
    import pandas as pd

    from matrix.io.panel_layout import ROUND2
    from matrix.io.panel_layout import ROUND2_HEADERS as HEADERS

    first = HEADERS.index("Option id") + 1
    for path in analyst_sources(paths):
        if not (path.is_file() and path.suffix.lower() == ".xlsx"):
            continue
        workbook = openpyxl.load_workbook(path, read_only=True)
        try:
            if ROUND2 not in workbook.sheetnames:
                continue
            rows = []
            for row in workbook[ROUND2].iter_rows(min_row=5, min_col=first, max_col=first + 3,
                                                  values_only=True):  # fmt: skip
                option, criterion, group, spread = row
                if option is None or not isinstance(group, int | float):
                    continue
                rows.append((str(option), str(criterion), float(group), float(spread or 0.0)))
        finally:
            workbook.close()
        if rows:
            frame = pd.DataFrame(rows, columns=["option", "criterion", "group", "spread"])
            return frame.set_index(["option", "criterion"])
    return None
