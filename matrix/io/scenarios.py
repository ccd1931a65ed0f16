"""Read a case's scenarios: ``scenarios.csv`` and ``scenario_scores.csv`` (both optional).

A scenario is a way the world may turn out (say, "North Korea cheats"), given as
the scores it changes. ``scenarios.csv`` names and explains each scenario;
``scenario_scores.csv`` has one row per changed score. The format is in
``data/README.md``. A case has both files or neither; every error names the
file, the row and the column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from matrix.errors import CaseFileError
from matrix.io.rows import Row as _Row
from matrix.io.rows import cell_id as _id
from matrix.io.rows import cell_number as _number
from matrix.io.rows import cell_text as _text
from matrix.io.rows import read_csv as _read_csv
from matrix.model import Criterion, Scenario
from matrix.validation import check_text, fmt_number

__all__ = ["SCENARIOS_FILE", "SCENARIO_SCORES_FILE", "read_scenarios"]

SCENARIOS_FILE = "scenarios.csv"
SCENARIO_SCORES_FILE = "scenario_scores.csv"

SCENARIO_COLUMNS = {
    "required": ("id",),
    "optional": ("label", "description", "rationale", "evidence"),
}
SCENARIO_SCORE_COLUMNS = {
    "required": ("scenario", "option", "criterion", "score"),
    "optional": ("rationale",),
}


def _checked_text(row: _Row, column: str, path: Path) -> str:
    text = _text(row, column)
    check_text(text, f"{path} row {row.line}, column {column!r}")
    return text


def read_scenarios(
    folder: Path, option_ids: Sequence[str], criteria: Mapping[str, Criterion]
) -> list[Scenario]:
    """The scenarios of the case in ``folder`` (an empty list when it has none).

    Parameters
    ----------
    folder
        The case folder.
    option_ids
        The ids in ``options.csv``.
    criteria
        The criteria in ``criteria.csv``, by id (for their scales).

    Raises
    ------
    CaseFileError
        Naming the file, row and column of the first problem.
    """
    path, scores_path = folder / SCENARIOS_FILE, folder / SCENARIO_SCORES_FILE
    if not path.exists() and not scores_path.exists():
        return []
    for present, absent in ((path, scores_path), (scores_path, path)):
        if present.exists() and not absent.exists():
            raise CaseFileError(
                f"{absent}: file not found; a case with {present.name} also needs "
                f"{absent.name} (give both files or neither)"
            )

    lines: dict[str, int] = {}
    fields: dict[str, dict[str, str]] = {}
    for row in _read_csv(path, SCENARIO_COLUMNS):
        scenario_id = _id(row, "id", path)
        first = next((k for k in lines if k.casefold() == scenario_id.casefold()), None)
        if first is not None:
            raise CaseFileError(
                f"{path} row {row.line}, column 'id': duplicate scenario id {scenario_id!r} "
                f"(ids must be unique, ignoring case; {first!r} is on row {lines[first]})"
            )
        lines[scenario_id] = row.line
        fields[scenario_id] = {
            column: _checked_text(row, column, path) for column in SCENARIO_COLUMNS["optional"]
        }

    overrides: dict[str, dict[tuple[str, str], float]] = {s: {} for s in lines}
    reasons: dict[str, dict[tuple[str, str], str]] = {s: {} for s in lines}
    seen: dict[tuple[str, str, str], int] = {}
    for row in _read_csv(scores_path, SCENARIO_SCORE_COLUMNS):
        where = f"{scores_path} row {row.line}"
        scenario_id = _id(row, "scenario", scores_path)
        option_id = _id(row, "option", scores_path)
        criterion_id = _id(row, "criterion", scores_path)
        if scenario_id not in lines:
            raise CaseFileError(
                f"{where}, column 'scenario': unknown scenario {scenario_id!r}; "
                f"{SCENARIOS_FILE} has {', '.join(lines)}"
            )
        if option_id not in option_ids:
            raise CaseFileError(
                f"{where}, column 'option': unknown option {option_id!r}; "
                f"options.csv has {', '.join(option_ids)}"
            )
        if criterion_id not in criteria:
            raise CaseFileError(
                f"{where}, column 'criterion': unknown criterion {criterion_id!r}; "
                f"criteria.csv has {', '.join(criteria)}"
            )
        key = (scenario_id, option_id, criterion_id)
        if key in seen:
            raise CaseFileError(
                f"{where}: a second score for scenario {scenario_id!r}, option {option_id!r}, "
                f"criterion {criterion_id!r} (first on row {seen[key]})"
            )
        seen[key] = row.line
        value = _number(row, "score", scores_path, required=True)
        assert value is not None  # required=True
        crit = criteria[criterion_id]
        if crit.has_scale and not crit.scale_min <= value <= crit.scale_max:  # type: ignore[operator]
            raise CaseFileError(
                f"{where}, column 'score': score {fmt_number(value)} is outside the scale "
                f"{fmt_number(crit.scale_min)} to {fmt_number(crit.scale_max)} "
                f"of criterion {criterion_id!r}"
            )
        overrides[scenario_id][(option_id, criterion_id)] = value
        reason = _checked_text(row, "rationale", scores_path)
        if reason:
            reasons[scenario_id][(option_id, criterion_id)] = reason

    empty = [s for s in lines if not overrides[s]]
    if empty:
        raise CaseFileError(
            f"{path} row {lines[empty[0]]}: scenario {empty[0]!r} changes no scores; "
            f"give the scores it changes in {SCENARIO_SCORES_FILE}"
        )
    return [
        Scenario(
            id=scenario_id,
            overrides=overrides[scenario_id],
            score_rationale=reasons[scenario_id],
            **fields[scenario_id],
        )
        for scenario_id in lines
    ]
