"""Write a model out as a case folder: the inverse of :func:`matrix.load_case`.

``policy-matrix export-case WORKBOOK DIR`` uses it, so that a case edited in a
workbook can be kept in version control. The folder is written whole beside
its final place and renamed into it, so it appears complete or not at all.
"""

from __future__ import annotations

import contextlib
import csv
import io
import math
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from matrix.errors import MatrixError
from matrix.io.atomic import remove_stale_temps, temp_name
from matrix.io.case import (
    CASE_FILE,
    CRITERIA_FILE,
    OPTIONS_FILE,
    SCORES_FILE,
)
from matrix.io.rows import escape_text
from matrix.model import CaseInfo, DecisionModel, Perspective, Scenario

__all__ = ["case_files", "write_case"]


def _number(value: float | None) -> str:
    """A number as a person would write it: 20 not 20.0; full precision otherwise."""
    if value is None:
        return ""
    number = float(value)
    if math.isnan(number):
        return ""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def _judgement(value: float) -> str | float:
    """A pairwise judgement as Saaty writes it: 3, or 1/3 for its reciprocal.

    >>> _judgement(3.0), _judgement(1 / 3), _judgement(0.4)
    (3.0, '1/3', 0.4)
    """
    inverse = 1 / float(value)
    if float(value) < 1 and abs(inverse - round(inverse)) < 1e-9:
        return f"1/{round(inverse)}"
    return float(value)


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return buffer.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, str):
        return value if value.startswith("1/") and value[2:].isdigit() else escape_text(value)
    return _number(value)  # type: ignore[arg-type]


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _case_toml(info: CaseInfo) -> str:
    fields = {
        "title": info.title,
        "question": info.question,
        "summary": info.summary,
        "source": info.source,
        "source_text": info.source_text,
        "analyst": info.analyst,
    }
    return "".join(f"{key} = {_toml_string(value)}\n" for key, value in fields.items() if value)


def _perspective_files(perspectives: Sequence[Perspective]) -> dict[str, str]:
    from matrix.io.perspectives import (
        PAIRWISE_FILE,
        PERSPECTIVES_FILE,
        RED_LINES_FILE,
        WEIGHTS_FILE,
    )

    if not perspectives:
        return {}
    heads = ["id", "label", "description", "rationale", "evidence", "elicitation",
             "order_method", "random_index"]  # fmt: skip
    rows, values, pairs = [], [], []
    for p in perspectives:
        inputs = p.inputs
        rows.append([p.id, p.label, p.description, p.rationale, p.evidence, p.elicitation,
                     inputs.get("method", "") if p.elicitation == "order" else "",
                     inputs.get("random_index", "") if p.elicitation == "ahp" else ""])  # fmt: skip
        if p.elicitation == "ahp":
            pairs += [[p.id, a, b, _judgement(v)] for (a, b), v in inputs["pairwise"].items()]
        else:
            key = {"direct": "weights", "swing": "points", "order": "positions"}[p.elicitation]
            given = inputs.get(key, p.weights)
            values += [[p.id, c, float(v)] for c, v in given.items()]
    files = {PERSPECTIVES_FILE: _csv(heads, rows)}
    red_lines = [[p.id, c, line] for p in perspectives for c, line in p.red_lines.items()]
    if red_lines:
        files[RED_LINES_FILE] = _csv(["perspective", "criterion", "red_line"], red_lines)
    if values:
        files[WEIGHTS_FILE] = _csv(["perspective", "criterion", "value"], values)
    if pairs:
        files[PAIRWISE_FILE] = _csv(["perspective", "row", "column", "value"], pairs)
    return files


def _scenario_files(scenarios: Sequence[Scenario]) -> dict[str, str]:
    from matrix.io.scenarios import SCENARIO_SCORES_FILE, SCENARIOS_FILE

    if not scenarios:
        return {}
    return {
        SCENARIOS_FILE: _csv(
            ["id", "label", "description", "rationale", "evidence"],
            [[s.id, s.label, s.description, s.rationale, s.evidence] for s in scenarios],
        ),
        SCENARIO_SCORES_FILE: _csv(
            ["scenario", "option", "criterion", "score", "rationale"],
            [
                [s.id, o, c, float(v), s.score_rationale.get((o, c), "")]
                for s in scenarios
                for (o, c), v in s.overrides.items()
            ],
        ),
    }


def case_files(model: DecisionModel) -> dict[str, str]:
    """The files of a case folder for ``model``, by name, as text."""
    files = {}
    toml = _case_toml(model.info)
    if toml:
        files[CASE_FILE] = toml
    files[OPTIONS_FILE] = _csv(
        ["id", "label", "description", "quote"],
        [[o.id, o.label, o.description, o.quote] for o in model.options],
    )
    lines = model.has_red_lines or any(c.red_line_evidence for c in model.criteria)
    files[CRITERIA_FILE] = _csv(
        ["id", "label", "description", "direction", "scale_min", "scale_max", "scale_min_means",
         "scale_max_means", "weight", "weight_rationale"]
        + (["red_line", "red_line_evidence"] if lines else []),
        [[c.id, c.label, c.description, c.direction, c.scale_min, c.scale_max, c.scale_min_means,
          c.scale_max_means, c.weight, c.weight_rationale]
         + ([c.red_line, c.red_line_evidence] if lines else []) for c in model.criteria],
    )  # fmt: skip
    table = model.evidence_table()
    table["low"] = model.given_low.to_numpy().ravel()  # blank stays blank
    table["high"] = model.given_high.to_numpy().ravel()
    files[SCORES_FILE] = _csv(
        ["option", "criterion", "score", "low", "high", "rationale", "evidence"],
        table[["option", "criterion", "score", "low", "high", "rationale", "evidence"]].itertuples(
            index=False
        ),
    )
    files.update(_perspective_files(model.perspectives))
    files.update(_scenario_files(model.scenarios))
    return files


def _case_file_names() -> set[str]:
    """Every file name a case folder can hold (the others in a folder are the user's own)."""
    from matrix.io.perspectives import PAIRWISE_FILE, PERSPECTIVES_FILE, WEIGHTS_FILE
    from matrix.io.scenarios import SCENARIO_SCORES_FILE, SCENARIOS_FILE

    return {CASE_FILE, OPTIONS_FILE, CRITERIA_FILE, SCORES_FILE, PERSPECTIVES_FILE,
            WEIGHTS_FILE, PAIRWISE_FILE, SCENARIOS_FILE, SCENARIO_SCORES_FILE}  # fmt: skip


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def _put(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _replace_files(target: Path, files: Mapping[str, str]) -> None:
    """Replace the case files in an existing folder, and nothing else in it.

    Every new file is written and flushed beside its final place first; only
    then are they renamed over the old ones, and case files the model no longer
    has (a perspectives file when it has no perspectives) removed. The folder's
    other content (.git, notes, a README) and its permissions are left alone.
    """
    staged: dict[Path, Path] = {}
    try:
        for name, text in files.items():
            final = target / name
            handle, name_made = tempfile.mkstemp(prefix=temp_name(final), suffix=".tmp", dir=target)
            os.close(handle)
            staged[final] = Path(name_made)
            _put(staged[final], text)
            mode = stat.S_IMODE(final.stat().st_mode) if final.is_file() else 0o666 & ~_umask()
            os.chmod(staged[final], mode)
    except BaseException:
        for made in staged.values():
            with contextlib.suppress(OSError):
                made.unlink()
        raise
    for final, made in staged.items():
        os.replace(made, final)
    for name in sorted(_case_file_names() - set(files)):
        with contextlib.suppress(FileNotFoundError):
            (target / name).unlink()


def write_case(
    model: DecisionModel,
    folder: str | Path,
    *,
    force: bool = False,
    extra: Mapping[str, str] | None = None,
) -> Path:
    """Write ``model`` as a case folder at ``folder`` (which must not hold files, unless ``force``).

    A new folder is assembled beside its final place and renamed into it, so it
    appears whole or not at all, with the permissions the umask gives (0755
    under 022). With ``force``, an existing folder keeps everything that is not
    a case file (.git, notes, a README) and its permissions: only its case files
    are replaced.
    """
    target = Path(folder)
    if target.exists() and not target.is_dir():
        raise MatrixError(f"{target}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise MatrixError(
            f"{target}: the folder is not empty; choose a new folder or pass --force to replace "
            "its case files"
        )
    parent = target.parent
    if not parent.is_dir():
        raise MatrixError(f"{target}: the folder {parent} does not exist")
    files = {**case_files(model), **(extra or {})}
    if target.is_dir():
        _replace_files(target, files)
        return target
    remove_stale_temps(target)
    staging = Path(tempfile.mkdtemp(prefix=temp_name(target), suffix=".tmp", dir=parent))
    try:
        for name, text in files.items():
            _put(staging / name, text)
            os.chmod(staging / name, 0o666 & ~_umask())
        os.chmod(staging, 0o777 & ~_umask())
        os.replace(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
        raise
    return target
