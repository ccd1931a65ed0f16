"""Read the perspectives back from a workbook: the Weights sheet and the AHP grids.

Each perspective is read as what it is. Its elicitation (the table "About each
perspective") says where its inputs are: a row of direct weights, swing points
or importance positions under "What each stakeholder gave", or a grid of
judgements on the AHP sheet. Its weights are derived from those inputs again,
exactly as from a case folder, so an edited judgement, point or position comes
back as that (and the perspective keeps its kind). A weight typed over one of
the weight formulas makes the perspective one of weights given directly, with
the column as it stands. Where every input lives is in :mod:`matrix.io.layout`.

A workbook of format 1 (inputs kept as one cell of text) is read as before.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from matrix import weights as W
from matrix.ahp import RECIPROCAL_TOLERANCE
from matrix.errors import WeightError, WorkbookError
from matrix.io.layout import (
    AHP_ID_LABEL,
    DETAIL_COLUMNS,
    DETAIL_HEADERS,
    DETAIL_HEADERS_V1,
    DETAIL_TITLE,
    GIVEN_HEADERS,
    GIVEN_IDS_BELOW_TITLE,
    GIVEN_TITLE,
    NO_RED_LINE,
    PERSPECTIVE_RED_LINES_HEADERS,
    PERSPECTIVE_RED_LINES_TITLE,
    AhpLayout,
    WeightsLayout,
)
from matrix.model import Perspective

__all__ = ["Cells", "read_perspectives"]


class Cells(Protocol):
    """What is read of a sheet (the reader's ``matrix.io.workbook._Cells``)."""

    path: Path
    name: str
    ws: Any  # the sheet's cells; ``rows_from(row)``: the rows from ``row`` down that hold a value

    def where(self, row: int, col: int) -> str: ...
    def raw(self, row: int, col: int) -> Any: ...
    def text(self, row: int, col: int) -> str: ...
    def number(self, row: int, col: int, what: str, *, required: bool) -> float | None: ...
    def is_formula(self, row: int, col: int) -> bool: ...
    def check_header(self, row: int, headers: list[str]) -> None: ...


_LAY = WeightsLayout(0, 0)  # positions that do not depend on the case's size
_KINDS = ("direct", "swing", "order", "ahp")
_GIVEN_KEY = {"direct": "weights", "swing": "points", "order": "positions"}


def _number(cells: Cells, row: int, col: int, what: str) -> float:
    """A number that must be there (an empty cell is an error naming it)."""
    value = cells.number(row, col, what, required=True)
    assert value is not None  # required: an empty cell has raised
    return float(value)


def _table_rows(
    cells: Cells,
    header_row: int,
    headers: list[str],
    columns: Sequence[int],
    stop: int | None = None,
) -> Iterator[int]:
    """The rows of the table under ``header_row`` that hold something (to ``stop``, the
    row where the next table starts, when one follows)."""
    found = [cells.text(header_row, col) for col in columns]
    if found != headers:
        raise WorkbookError(
            f"{cells.path}, sheet {cells.name}, row {header_row}: expected the headers "
            f"{', '.join(headers)}; found {', '.join(h or '(blank)' for h in found)}"
        )
    for row in cells.ws.rows_from(header_row + 1):
        if stop is not None and row >= stop:
            return
        if all(cells.raw(row, col) is None for col in columns):
            continue
        yield row


def _find(cells: Cells, title: str, start: int = 1) -> int | None:
    return next((r for r in cells.ws.rows_from(start) if cells.text(r, 1) == title), None)


def _ids_across(cells: Cells, row: int, col: int) -> dict[str, int]:
    found: dict[str, int] = {}
    while cells.text(row, col):
        found[cells.text(row, col)] = col
        col += 1
    return found


def _ids_down(cells: Cells, row: int) -> dict[str, int]:
    found: dict[str, int] = {}
    while cells.text(row, 1):
        found[cells.text(row, 1)] = row
        row += 1
    return found


def _weight_cells(cells: Cells, criteria: Sequence[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Perspective id -> column and criterion id -> row of the weights at the top."""
    columns = _ids_across(cells, _LAY.ids_row, _LAY.first_col)
    rows = _ids_down(cells, _LAY.first_row)
    unknown = [c for c in rows if c not in criteria]
    if unknown:
        raise WorkbookError(
            f"{cells.where(rows[unknown[0]], 1)}: criterion {unknown[0]!r} is not on the Scores "
            "sheet; add it there or delete this row"
        )
    missing = [c for c in criteria if c not in rows]
    if missing and columns:
        raise WorkbookError(
            f"{cells.where(_LAY.first_row + len(rows), 1)}: no row of weights for criterion "
            f"{missing[0]!r}; add one (its id in column A, a weight under each perspective)"
        )
    return columns, rows


def _details(
    cells: Cells, start: int, headers: list[str], columns: Sequence[int]
) -> dict[str, int]:
    head = _find(cells, DETAIL_TITLE, start)
    if head is None:
        raise WorkbookError(f"{cells.path}, sheet {cells.name}: no table headed {DETAIL_TITLE!r}")
    stop = _find(cells, PERSPECTIVE_RED_LINES_TITLE, head)  # the table that follows
    return {cells.text(r, 1): r for r in _table_rows(cells, head + 2, headers, columns, stop)}


def _detail_row(cells: Cells, details: dict[str, int], pid: str, col: int) -> int:
    """The row about perspective ``pid`` (whose weights are in column ``col``)."""
    if pid not in details:
        raise WorkbookError(
            f"{cells.where(_LAY.ids_row, col)}: perspective {pid!r} has no row in the table "
            f"{DETAIL_TITLE!r}"
        )
    return details[pid]


def read_perspectives(
    weights: Cells, ahp: Cells | None, criteria: Sequence[str], *, version: str
) -> list[Perspective]:
    """The perspectives on the Weights sheet (``weights``) and the AHP sheet (``ahp``).

    ``weights`` and ``ahp`` are the reader's sheets (:class:`matrix.io.workbook._Cells`);
    ``version`` is the workbook's format.

    Raises
    ------
    WorkbookError
        Naming the sheet and cell of a bad input, and the perspective.
    """
    if version == "1":
        return _read_v1(weights, criteria)
    columns, rows = _weight_cells(weights, criteria)
    details = _details(weights, _LAY.first_row, DETAIL_HEADERS, DETAIL_COLUMNS)
    about = dict(zip(("id", "label", "kind", "method", "description", "rationale", "evidence"),
                     DETAIL_COLUMNS, strict=True))  # fmt: skip
    given = _Given(weights)
    grids = _grids(ahp) if ahp is not None else {}
    perspectives = []
    for pid, col in columns.items():
        r = _detail_row(weights, details, pid, col)
        kind = weights.text(r, about["kind"]).strip().lower()
        method = weights.text(r, about["method"]).strip()
        texts: dict[str, Any] = {field: weights.text(r, about[field])
                 for field in ("label", "description", "rationale", "evidence")}  # fmt: skip
        texts["id"] = pid
        if kind not in _KINDS:
            raise WorkbookError(
                f"{weights.where(r, 3)}: perspective {pid!r} is elicited by {kind!r}; expected "
                f"one of {', '.join(_KINDS)}"
            )
        if kind == "ahp":
            if pid not in grids:
                raise WorkbookError(
                    f"{weights.where(r, 3)}: perspective {pid!r} is elicited by AHP but the AHP "
                    "sheet has no judgements for it"
                )
            derived, inputs, known = grids[pid].derive(method, criteria)
        else:
            derived, inputs, known = given.derive(pid, kind, method, criteria)
        typed = {c: _number(weights, rows[c], col, f"the weight of {c!r} for {pid!r}")
                 for c in criteria if not weights.is_formula(rows[c], col)}  # fmt: skip
        edited = {
            c: v
            for c, v in typed.items()
            if c not in derived or not math.isclose(v, derived[c], rel_tol=1e-12, abs_tol=1e-15)
        }
        if edited:  # weights typed in the workbook: they are now given directly
            # A derived weight is kept to 15 digits, which a spreadsheet stores exactly, so
            # that the perspective survives the next round trip unchanged.
            column = {c: typed[c] if c in typed else float(f"{derived[c]:.15g}") for c in criteria}
            try:
                direct = W.direct(column, criteria=criteria)
            except WeightError as exc:
                subject = exc.subject if exc.subject in rows else next(iter(edited))
                raise WorkbookError(
                    f"{weights.where(rows[subject], col)}: perspective {pid!r}: {exc}"
                ) from None
            perspectives.append(
                Perspective(
                    weights={c: float(direct[c]) for c in criteria},
                    elicitation="direct",
                    inputs={"weights": column},
                    **texts,
                )
            )
            continue
        absent = [c for c in criteria if c not in known]
        if absent:
            where = grids[pid].where_ids() if kind == "ahp" else given.where_ids()
            raise WorkbookError(
                f"{where}: no input for criterion {absent[0]!r} in perspective {pid!r}; add a "
                "column for it (its id on top, an input below)"
            )
        perspectives.append(
            Perspective(
                weights={c: float(derived[c]) for c in criteria},
                elicitation=kind,
                inputs=inputs,
                **texts,
            )
        )
    return perspectives


class _Given:
    """The table "What each stakeholder gave": one row of inputs per perspective."""

    def __init__(self, cells: Cells) -> None:
        self.cells = cells
        self.title = _find(cells, GIVEN_TITLE, _LAY.first_row)
        self.ids_row = 0
        self.criteria: dict[str, int] = {}
        self.rows: dict[str, int] = {}
        if self.title is None:
            return
        self.ids_row = self.title + GIVEN_IDS_BELOW_TITLE
        self.criteria = _ids_across(cells, self.ids_row, _LAY.first_col)
        self.cells.check_header(self.ids_row + 1, GIVEN_HEADERS)
        self.rows = _ids_down(cells, self.ids_row + 2)

    def where_ids(self) -> str:
        return str(self.cells.where(self.ids_row, _LAY.first_col + len(self.criteria)))

    def derive(
        self, pid: str, kind: str, method: str, criteria: Sequence[str]
    ) -> tuple[pd.Series, dict[str, Any], set[str]]:
        cells = self.cells
        if self.title is None:
            raise WorkbookError(
                f"{cells.path}, sheet {cells.name}: no table headed {GIVEN_TITLE!r}"
            )
        if pid not in self.rows:
            raise WorkbookError(
                f"{cells.where(self.ids_row + 2 + len(self.rows), 1)}: perspective {pid!r} has no "
                f"row in the table {GIVEN_TITLE!r}"
            )
        row = self.rows[pid]
        what = {"direct": "weight", "swing": "swing points", "order": "position"}[kind]
        values = {c: _number(cells, row, col, f"the {what} of {c!r} for {pid!r}")
                  for c, col in self.criteria.items()}  # fmt: skip
        known = [c for c in criteria if c in values]
        try:
            if kind == "order" and method and method not in W.ORDER_METHODS:
                raise WeightError(f"unknown order method {method!r}; choose one of "
                                  f"{', '.join(W.ORDER_METHODS)}")  # fmt: skip
            if kind == "direct":
                derived = W.direct(values, criteria=known)
                inputs: dict[str, Any] = {"weights": values}
            elif kind == "swing":
                derived = W.swing(values, criteria=known)
                inputs = {"points": values}
            else:
                derived = W.order_weights(values, method=method or "roc", criteria=known)
                inputs = {"positions": values, "method": method or "roc"}
        except WeightError as exc:
            col = self.criteria.get(exc.subject) if isinstance(exc.subject, str) else None
            place = cells.where(row, col) if col else cells.where(row, 1)
            raise WorkbookError(f"{place}: perspective {pid!r}: {exc}") from None
        return derived, inputs, set(values)


class _Grid:
    """One AHP perspective's judgements on the AHP sheet."""

    def __init__(self, cells: Cells, pid: str, top: int) -> None:
        self.cells, self.pid = cells, pid
        probe = AhpLayout(0, top)
        self.ids = _ids_across(cells, probe.ids_row, probe.first_col)
        self.lay = AhpLayout(len(self.ids), top)
        for i, crit in enumerate(self.ids):
            found = cells.text(self.lay.grid_row(i), 1)
            if found != crit:
                raise WorkbookError(
                    f"{cells.where(self.lay.grid_row(i), 1)}: expected criterion id {crit!r} "
                    f"(the grid's rows follow its columns); found {found or '(blank)'!r}"
                )

    def where_ids(self) -> str:
        return str(self.cells.where(self.lay.ids_row, self.lay.grid_col(len(self.ids))))

    def _judgement(self, i: int, j: int) -> float:
        cells, row, col = self.cells, self.lay.grid_row(i), self.lay.grid_col(j)
        names = list(self.ids)
        what = f"the judgement of {names[i]!r} over {names[j]!r} for {self.pid!r}"
        raw = cells.raw(row, col)
        if isinstance(raw, str) and not cells.is_formula(row, col) and "/" in raw:
            try:
                return float(Fraction(raw.strip()))
            except (ValueError, ZeroDivisionError):
                pass
        return _reciprocal(_number(cells, row, col, what))

    def _check_below(self, pairs: dict[tuple[str, str], float]) -> None:
        """The diagonal and the reciprocals below it are formulas; a number typed over one
        is accepted only when it agrees, so that no edit is silently dropped."""
        cells, lay, names = self.cells, self.lay, list(self.ids)
        for i in range(len(names)):
            for j in range(i + 1):
                row, col = lay.grid_row(i), lay.grid_col(j)
                if cells.is_formula(row, col) or cells.raw(row, col) is None:
                    continue
                value = cells.raw(row, col)
                upper = 1.0 if i == j else pairs[names[j], names[i]]
                want = 1.0 if i == j else 1 / upper
                try:
                    number = float(Fraction(str(value).strip()))
                except (ValueError, ZeroDivisionError):
                    number = math.nan
                if not abs(number * upper - 1) <= RECIPROCAL_TOLERANCE:
                    mirror = cells.where(lay.grid_row(j), lay.grid_col(i)).rsplit(" ", 1)[-1]
                    what = ("a criterion compared with itself, always 1" if i == j else
                            f"the reciprocal of the judgement in cell {mirror} "
                            f"({names[j]!r} over {names[i]!r}); edit that one")  # fmt: skip
                    raise WorkbookError(
                        f"{cells.where(row, col)}: perspective {self.pid!r}: this cell is {what}; "
                        f"expected {want:.4g}, got {value!r}"
                    )

    def derive(
        self, table: str, criteria: Sequence[str]
    ) -> tuple[pd.Series, dict[str, Any], set[str]]:
        names = list(self.ids)
        pairs = {(names[i], names[j]): self._judgement(i, j)
                 for i in range(len(names)) for j in range(i + 1, len(names))}  # fmt: skip
        self._check_below(pairs)
        known = [c for c in criteria if c in self.ids]
        try:
            if table and table not in W.RANDOM_INDEX:
                raise WeightError(f"unknown random-index table {table!r}; choose one of "
                                  f"{', '.join(W.RANDOM_INDEX)}")  # fmt: skip
            result = W.ahp(W.pairwise_frame(pairs, known), random_index=table or "saaty1980")
        except WeightError as exc:
            subject = exc.subject
            if isinstance(subject, tuple) and all(s in self.ids for s in subject):
                a, b = sorted(subject, key=names.index)
                place = self.cells.where(self.lay.grid_row(names.index(a)),
                                         self.lay.grid_col(names.index(b)))  # fmt: skip
            else:
                place = self.cells.where(self.lay.id_row, 2)
            raise WorkbookError(f"{place}: perspective {self.pid!r}: {exc}") from None
        given = {"random_index": table} if table else {}  # a blank table stays blank
        return result.weights, {"pairwise": pairs, **given}, set(self.ids)


def _reciprocal(value: float) -> float:
    """``1/k`` exactly for a value a spreadsheet kept to 16 digits (it writes 1/7 as
    0.1428571428571428), so that a judgement such as 1/7 reads back as it was given.

    >>> _reciprocal(0.1428571428571428) == 1 / 7, _reciprocal(0.4)
    (True, 0.4)
    """
    if 0 < value < 1:
        whole = round(1 / value)
        if abs(1 / value - whole) <= 1e-12 * whole:
            return 1 / whole
    return value


def _grids(cells: Cells) -> dict[str, _Grid]:
    grids: dict[str, _Grid] = {}
    for row in cells.ws.rows_from(1):
        if cells.text(row, 1) == AHP_ID_LABEL and cells.text(row, 2):
            grids[cells.text(row, 2)] = _Grid(cells, cells.text(row, 2), row - 1)
    return grids


def _read_v1(cells: Cells, criteria: Sequence[str]) -> list[Perspective]:
    """Format 1: weights typed in, the elicitation's inputs as one cell of text."""
    from matrix.io.perspectives import derive, parse_inputs

    columns, rows = _weight_cells(cells, criteria)
    details = _details(cells, _LAY.first_row, DETAIL_HEADERS_V1, range(1, 8))
    perspectives = []
    for pid, col in columns.items():
        r = _detail_row(cells, details, pid, col)
        weights = {c: _number(cells, rows[c], col, f"the weight of {c!r} for {pid!r}")
                   for c in criteria}  # fmt: skip
        elicitation = cells.text(r, 3)
        perspective: dict[str, Any]
        perspective = dict(id=pid, label=cells.text(r, 2), description=cells.text(r, 5),
                           rationale=cells.text(r, 6), evidence=cells.text(r, 7))  # fmt: skip
        try:
            inputs = parse_inputs(cells.text(r, 4))
            derived = derive(elicitation, inputs, criteria)
            unchanged = all(
                math.isclose(float(derived[c]), weights[c] or 0.0, rel_tol=1e-12, abs_tol=1e-15)
                for c in criteria
            )
        except (ValueError, KeyError):
            unchanged = False
        if unchanged:
            perspectives.append(
                Perspective(
                    weights={c: float(derived[c]) for c in criteria},
                    elicitation=elicitation,
                    inputs=inputs,
                    **perspective,
                )
            )
        else:  # weights edited in the workbook: they are now given directly
            given = {c: float(weights[c] or 0.0) for c in criteria}
            perspectives.append(
                Perspective(
                    weights=given, elicitation="direct", inputs={"weights": given}, **perspective
                )
            )
    return perspectives


def read_red_lines(
    cells: Cells, perspectives: Sequence[str], criteria: Sequence[str]
) -> dict[str, dict[str, float | None]] | None:
    """Each perspective's own red lines, from the table headed
    :data:`~matrix.io.layout.PERSPECTIVE_RED_LINES_TITLE`: a number replaces the case's red
    line on that criterion, :data:`~matrix.io.layout.NO_RED_LINE` removes it, a blank cell
    (or no row for the perspective) leaves the case's. ``None`` when the sheet has no such
    table: a workbook written before it keeps them in a document property."""
    head = _find(cells, PERSPECTIVE_RED_LINES_TITLE, _LAY.first_row)
    if head is None:
        return None
    ids_row = head + 2
    columns = _ids_across(cells, ids_row, len(PERSPECTIVE_RED_LINES_HEADERS) + 1)
    for crit, col in columns.items():
        if crit not in criteria:
            raise WorkbookError(
                f"{cells.where(ids_row, col)}: criterion {crit!r} is not on the Scores sheet; "
                "add it there or delete this column"
            )
    lines: dict[str, dict[str, float | None]] = {}
    rows = _table_rows(cells, ids_row, PERSPECTIVE_RED_LINES_HEADERS, (1, 2))
    for row in rows:
        pid = cells.text(row, 1)
        if pid not in perspectives:
            raise WorkbookError(
                f"{cells.where(row, 1)}: perspective {pid!r} is not among this sheet's "
                f"perspectives ({', '.join(perspectives)}); correct the id or delete the row"
            )
        if pid in lines:
            raise WorkbookError(f"{cells.where(row, 1)}: a second row for perspective {pid!r}")
        lines[pid] = {}
        for crit, col in columns.items():
            if cells.text(row, col).strip().casefold() == NO_RED_LINE:
                lines[pid][crit] = None  # this perspective drops the case's red line
                continue
            line = cells.number(row, col, f"the red line of {pid!r} on {crit!r}", required=False)
            if line is not None:
                lines[pid][crit] = line
    return lines
