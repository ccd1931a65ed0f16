"""Read a case's perspectives: ``perspectives.csv``, ``perspective_weights.csv``,
``perspective_pairwise.csv`` (all optional; the format is in ``data/README.md``).

Each perspective says how its weights were elicited (``direct``, ``swing``,
``order`` or ``ahp``); the reader derives the final weights with
:mod:`matrix.weights` and keeps what was given in ``Perspective.inputs``.
Every error names the file, the row and the column.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from matrix import weights as W
from matrix.errors import CaseFileError, WeightError
from matrix.io.rows import Row as _Row
from matrix.io.rows import cell_id as _id
from matrix.io.rows import cell_number as _number
from matrix.io.rows import cell_text as _text
from matrix.io.rows import read_csv as _read_csv
from matrix.model import Perspective
from matrix.numbers import parse_number

__all__ = [
    "PAIRWISE_FILE",
    "PERSPECTIVES_FILE",
    "RED_LINES_FILE",
    "WEIGHTS_FILE",
    "PerspectiveLines",
    "read_perspectives",
]

PERSPECTIVES_FILE = "perspectives.csv"
WEIGHTS_FILE = "perspective_weights.csv"
PAIRWISE_FILE = "perspective_pairwise.csv"
RED_LINES_FILE = "perspective_red_lines.csv"

PERSPECTIVE_COLUMNS = {
    "required": ("id", "elicitation"),
    "optional": (
        "label",
        "description",
        "rationale",
        "evidence",
        "order_method",
        "random_index",
    ),
}
WEIGHT_COLUMNS = {"required": ("perspective", "criterion", "value"), "optional": ()}
PAIRWISE_COLUMNS = {"required": ("perspective", "row", "column", "value"), "optional": ()}
RED_LINE_COLUMNS = {"required": ("perspective", "criterion", "red_line"), "optional": ()}

#: What ``value`` in ``perspective_weights.csv`` means, by elicitation.
VALUE_MEANS = {
    "direct": "a weight (any total)",
    "swing": "swing points (100 for the most valued swing)",
    "order": "an importance position (1 = most important)",
}


@dataclass
class PerspectiveLines:
    """Where each piece of the perspectives came from, for error messages."""

    folder: Path
    rows: dict[str, int] = field(default_factory=dict)
    weights: dict[tuple[str, str], int] = field(default_factory=dict)
    pairs: dict[tuple[str, str, str], int] = field(default_factory=dict)
    red_lines: dict[tuple[str, str], int] = field(default_factory=dict)

    def place(self, perspective: str, criterion: str, column: str) -> str:
        """``file row N, column 'x'`` for a perspective (and criterion) field."""
        if column == "red_line" and (perspective, criterion) in self.red_lines:
            line = self.red_lines[perspective, criterion]
            return f"{self.folder / RED_LINES_FILE} row {line}, column {column!r}"
        if criterion and (perspective, criterion) in self.weights:
            line = self.weights[perspective, criterion]
            return f"{self.folder / WEIGHTS_FILE} row {line}, column {column!r}"
        line_text = f" row {self.rows[perspective]}" if perspective in self.rows else ""
        return f"{self.folder / PERSPECTIVES_FILE}{line_text}, column {column!r}"


def _fraction(row: _Row, path: Path) -> float:
    """A judgement: a number or a fraction such as ``1/3``."""
    text = row.values.get("value", "").strip()
    where = f"{path} row {row.line}, column 'value'"
    if not text:
        raise CaseFileError(f"{where}: empty; expected a judgement such as 3 or 1/3")
    try:
        value = _parse_number(text)
    except (ValueError, ZeroDivisionError):
        raise CaseFileError(
            f"{where}: expected a judgement such as 3 or 1/3, got {text!r}"
        ) from None
    if not math.isfinite(value):
        raise CaseFileError(f"{where}: expected a finite number, got {text!r}")
    return value


@dataclass
class _Spec:
    id: str
    line: int
    elicitation: str
    texts: dict[str, str]
    method: str
    table: str
    values: dict[str, float] = field(default_factory=dict)
    pairs: dict[tuple[str, str], float] = field(default_factory=dict)


def _read_specs(folder: Path, lines: PerspectiveLines) -> dict[str, _Spec]:
    path = folder / PERSPECTIVES_FILE
    specs: dict[str, _Spec] = {}
    for row in _read_csv(path, PERSPECTIVE_COLUMNS):
        pid = _id(row, "id", path)
        first = next((k for k in specs if k.casefold() == pid.casefold()), None)
        if first is not None:
            raise CaseFileError(
                f"{path} row {row.line}, column 'id': duplicate perspective id {pid!r} "
                f"(ids must be unique, ignoring case; {first!r} is on row {specs[first].line})"
            )
        elicitation = _text(row, "elicitation").lower()
        if elicitation not in W.ELICITATIONS:
            raise CaseFileError(
                f"{path} row {row.line}, column 'elicitation': expected one of "
                f"{', '.join(W.ELICITATIONS)}; got {_text(row, 'elicitation')!r}"
            )
        method, table = _text(row, "order_method"), _text(row, "random_index")
        for column, value, owner, choices in (
            ("order_method", method, "order", W.ORDER_METHODS),
            ("random_index", table, "ahp", W.RANDOM_INDEX),
        ):
            if value and elicitation != owner:
                raise CaseFileError(
                    f"{path} row {row.line}, column {column!r}: applies only to elicitation "
                    f"{owner!r}; this perspective is elicited by {elicitation!r} (leave it blank)"
                )
            if value and value not in choices:
                raise CaseFileError(
                    f"{path} row {row.line}, column {column!r}: expected one of "
                    f"{', '.join(choices)}; got {value!r}"
                )
        texts = {k: _text(row, k) for k in ("label", "description", "rationale", "evidence")}
        specs[pid] = _Spec(pid, row.line, elicitation, texts, method or "roc", table)
        lines.rows[pid] = row.line
    return specs


def _owner(row: _Row, path: Path, specs: dict[str, _Spec], wanted: bool) -> _Spec:
    """The perspective a row belongs to; ``wanted`` is whether it must be elicited by AHP."""
    pid = _id(row, "perspective", path)
    if pid not in specs:
        raise CaseFileError(
            f"{path} row {row.line}, column 'perspective': unknown perspective {pid!r}; "
            f"{PERSPECTIVES_FILE} has {', '.join(specs)}"
        )
    spec = specs[pid]
    if (spec.elicitation == "ahp") != wanted:
        home = PAIRWISE_FILE if spec.elicitation == "ahp" else WEIGHTS_FILE
        raise CaseFileError(
            f"{path} row {row.line}, column 'perspective': perspective {pid!r} is elicited by "
            f"{spec.elicitation!r}, so its values belong in {home}"
        )
    return spec


def _criterion(row: _Row, column: str, path: Path, criteria: Sequence[str]) -> str:
    crit = _id(row, column, path)
    if crit not in criteria:
        raise CaseFileError(
            f"{path} row {row.line}, column {column!r}: unknown criterion {crit!r}; "
            f"criteria.csv has {', '.join(criteria)}"
        )
    return crit


def _read_values(
    folder: Path, specs: dict[str, _Spec], criteria: Sequence[str], lines: PerspectiveLines
) -> None:
    path = folder / WEIGHTS_FILE
    if not path.is_file():
        return
    for row in _read_csv(path, WEIGHT_COLUMNS):
        spec = _owner(row, path, specs, wanted=False)
        crit = _criterion(row, "criterion", path, criteria)
        if (spec.id, crit) in lines.weights:
            raise CaseFileError(
                f"{path} row {row.line}: a second value for perspective {spec.id!r}, criterion "
                f"{crit!r} (first on row {lines.weights[spec.id, crit]})"
            )
        lines.weights[spec.id, crit] = row.line
        spec.values[crit] = _number(row, "value", path, required=True)  # type: ignore[assignment]


def _read_pairs(
    folder: Path, specs: dict[str, _Spec], criteria: Sequence[str], lines: PerspectiveLines
) -> None:
    path = folder / PAIRWISE_FILE
    if not path.is_file():
        return
    for row in _read_csv(path, PAIRWISE_COLUMNS):
        spec = _owner(row, path, specs, wanted=True)
        first, second = (_criterion(row, c, path, criteria) for c in ("row", "column"))
        key = (spec.id, first, second)
        if key in lines.pairs:
            raise CaseFileError(
                f"{path} row {row.line}: a second judgement for perspective {spec.id!r}, "
                f"{first!r} over {second!r} (first on row {lines.pairs[key]})"
            )
        lines.pairs[key] = row.line
        spec.pairs[first, second] = _fraction(row, path)


def _read_red_lines(
    folder: Path, specs: dict[str, _Spec], criteria: Sequence[str], lines: PerspectiveLines
) -> dict[str, dict[str, float | None]]:
    """Each perspective's own red lines (blank: none on that criterion, whatever the case says)."""
    path = folder / RED_LINES_FILE
    found: dict[str, dict[str, float | None]] = {}
    if not path.is_file():
        return found
    for row in _read_csv(path, RED_LINE_COLUMNS):
        pid = _id(row, "perspective", path)
        if pid not in specs:
            raise CaseFileError(
                f"{path} row {row.line}, column 'perspective': unknown perspective {pid!r}; "
                f"{PERSPECTIVES_FILE} has {', '.join(specs)}"
            )
        crit = _criterion(row, "criterion", path, criteria)
        if (pid, crit) in lines.red_lines:
            raise CaseFileError(
                f"{path} row {row.line}: a second red line for perspective {pid!r}, criterion "
                f"{crit!r} (first on row {lines.red_lines[pid, crit]})"
            )
        lines.red_lines[pid, crit] = row.line
        found.setdefault(pid, {})[crit] = _number(row, "red_line", path, required=False)
    return found


def _derive(spec: _Spec, criteria: Sequence[str]) -> tuple[pd.Series, dict[str, Any]]:
    if spec.elicitation == "ahp":
        frame = W.pairwise_frame(spec.pairs, criteria)
        result = W.ahp(frame, random_index=spec.table or "saaty1980")
        given = {"random_index": spec.table} if spec.table else {}  # blank stays blank
        return result.weights, {"pairwise": dict(spec.pairs), **given}
    if spec.elicitation == "direct":
        return W.direct(spec.values, criteria=criteria), {"weights": dict(spec.values)}
    if spec.elicitation == "swing":
        return W.swing(spec.values, criteria=criteria), {"points": dict(spec.values)}
    positions = {c: v for c, v in spec.values.items()}
    derived = W.order_weights(positions, method=spec.method, criteria=criteria)
    return derived, {"positions": positions, "method": spec.method}


def derive(elicitation: str, inputs: Mapping[str, Any], criteria: Sequence[str]) -> pd.Series:
    """The weights a perspective's elicitation inputs give (``Perspective.inputs``' shape)."""
    if elicitation == "ahp":
        frame = W.pairwise_frame(dict(inputs["pairwise"]), criteria)
        return W.ahp(frame, random_index=inputs.get("random_index", "saaty1980")).weights
    if elicitation == "direct":
        return W.direct(dict(inputs["weights"]), criteria=criteria)
    if elicitation == "swing":
        return W.swing(dict(inputs["points"]), criteria=criteria)
    return W.order_weights(dict(inputs["positions"]), method=inputs.get("method", "roc"),
                           criteria=criteria)  # fmt: skip


def parse_inputs(text: str) -> dict[str, Any]:
    """A perspective's inputs from the one line of text a format-1 workbook kept them in
    (``points: cost=100; speed=40``); raises ``ValueError`` on text it cannot read.

    >>> parse_inputs("pairwise (saaty1980): cost/speed=3")
    {'pairwise': {('cost', 'speed'): 3.0}, 'random_index': 'saaty1980'}
    """
    head, _, body = text.partition(":")
    key, _, extra = head.strip().partition(" (")
    if key not in ("weights", "points", "positions", "pairwise") or not body.strip():
        raise ValueError(
            f"expected 'weights|points|positions|pairwise: id=value; ...', got {text!r}"
        )
    values: dict[Any, float] = {}
    for item in body.split(";"):
        name, _, number = item.strip().rpartition("=")
        if key == "pairwise":
            first, _, second = name.partition("/")
            values[(first.strip(), second.strip())] = _parse_number(number)
        else:
            values[name.strip()] = _parse_number(number)
    out: dict[str, Any] = {key: values}
    if extra:
        out["method" if key == "positions" else "random_index"] = extra.rstrip(")")
    return out


def _parse_number(text: str) -> float:
    """A number or a fraction such as ``1/3``, each part read by :func:`parse_number`."""
    top, slash, bottom = text.strip().partition("/")
    if not slash:
        return parse_number(top)
    parse_number(top), parse_number(bottom)  # both strict decimals (or nan/inf: refused below)
    return float(Fraction(top.strip()) / Fraction(bottom.strip()))


def _located(exc: WeightError, spec: _Spec, folder: Path, lines: PerspectiveLines) -> str:
    subject = exc.subject
    if spec.elicitation == "ahp":
        path = folder / PAIRWISE_FILE
        line = None
        if isinstance(subject, tuple):
            line = lines.pairs.get((spec.id, *subject)) or lines.pairs.get(
                (spec.id, subject[1], subject[0])
            )
    else:
        path = folder / WEIGHTS_FILE
        line = lines.weights.get((spec.id, subject)) if isinstance(subject, str) else None
    if line is not None:
        column = exc.field if exc.field in ("criterion", "row", "column") else "value"
        return f"{path} row {line}, column {column!r}: perspective {spec.id!r}: {exc}"
    return (
        f"{path}: perspective {spec.id!r}: {exc} (the perspective is on "
        f"{folder / PERSPECTIVES_FILE} row {spec.line})"
    )


def read_perspectives(
    folder: Path, criteria: Sequence[str], lines: PerspectiveLines | None = None
) -> list[Perspective]:
    """The perspectives of a case folder (an empty list when it has none).

    Parameters
    ----------
    folder
        The case folder.
    criteria
        The case's criterion ids, in order.
    lines
        Filled with the row of every perspective and value, for later messages.

    Raises
    ------
    CaseFileError, WeightError
        Naming the file, row and column of the problem.
    """
    lines = lines if lines is not None else PerspectiveLines(folder)
    present = [n for n in (WEIGHTS_FILE, PAIRWISE_FILE, RED_LINES_FILE) if (folder / n).is_file()]
    if not (folder / PERSPECTIVES_FILE).is_file():
        if present:
            raise CaseFileError(
                f"{folder / present[0]}: found without {PERSPECTIVES_FILE}, which names and "
                "describes each perspective"
            )
        return []
    specs = _read_specs(folder, lines)
    _read_values(folder, specs, criteria, lines)
    _read_pairs(folder, specs, criteria, lines)
    red_lines = _read_red_lines(folder, specs, criteria, lines)
    perspectives = []
    for spec in specs.values():
        if spec.elicitation == "ahp" and not (folder / PAIRWISE_FILE).is_file():
            raise CaseFileError(
                f"{folder / PERSPECTIVES_FILE} row {spec.line}, column 'elicitation': "
                f"perspective {spec.id!r} is elicited by 'ahp' but {PAIRWISE_FILE} is missing"
            )
        if spec.elicitation != "ahp" and not spec.values:
            raise CaseFileError(
                f"{folder / PERSPECTIVES_FILE} row {spec.line}, column 'elicitation': "
                f"perspective {spec.id!r} has no rows in {WEIGHTS_FILE}; give "
                f"{VALUE_MEANS[spec.elicitation]} for every criterion"
            )
        try:
            derived, inputs = _derive(spec, criteria)
        except WeightError as exc:
            raise type(exc)(
                _located(exc, spec, folder, lines), subject=exc.subject, field=exc.field
            ) from None
        perspectives.append(
            Perspective(
                id=spec.id,
                weights={c: float(derived[c]) for c in criteria},
                elicitation=spec.elicitation,
                inputs=inputs,
                red_lines=red_lines.get(spec.id, {}),
                **spec.texts,
            )
        )
    return perspectives
