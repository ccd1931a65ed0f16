"""Helpers the tests share: a tiny case folder (not North Korea), file snapshots."""

from __future__ import annotations

import csv
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "diplomatic-surge-north-korea.txt"

TINY_OPTIONS = [
    {"id": "bus", "label": "Bus lane", "description": "Paint a bus lane.", "quote": ""},
    {"id": "tram", "label": "Tram line", "description": "Build a tram.", "quote": ""},
    {"id": "nothing", "label": "Do nothing", "description": "", "quote": ""},
]
TINY_CRITERIA = [
    {
        "id": "cost",
        "label": "Cost (EUR m)",
        "description": "Capital cost",
        "direction": "min",
        "scale_min": "0",
        "scale_max": "100",
        "scale_min_means": "free",
        "scale_max_means": "EUR 100m",
        "weight": "2",
        "weight_rationale": "budget is tight",
    },
    {
        "id": "riders",
        "label": "Riders",
        "description": "Daily riders (thousands)",
        "direction": "max",
        "scale_min": "",
        "scale_max": "",
        "scale_min_means": "",
        "scale_max_means": "",
        "weight": "1",
        "weight_rationale": "",
    },
]
TINY_SCORES = [
    {
        "option": "bus",
        "criterion": "cost",
        "score": "10",
        "low": "5",
        "high": "20",
        "rationale": "cheap",
        "evidence": "analyst judgement",
    },
    {
        "option": "bus",
        "criterion": "riders",
        "score": "4",
        "low": "",
        "high": "",
        "rationale": "",
        "evidence": "analyst judgement",
    },
    {
        "option": "tram",
        "criterion": "cost",
        "score": "80",
        "low": "60",
        "high": "100",
        "rationale": "rails are dear",
        "evidence": "analyst judgement",
    },
    {
        "option": "tram",
        "criterion": "riders",
        "score": "9",
        "low": "7",
        "high": "12",
        "rationale": "",
        "evidence": "analyst judgement",
    },
    {
        "option": "nothing",
        "criterion": "cost",
        "score": "0",
        "low": "0",
        "high": "0",
        "rationale": "",
        "evidence": "analyst judgement",
    },
    {
        "option": "nothing",
        "criterion": "riders",
        "score": "1",
        "low": "1",
        "high": "1",
        "rationale": "",
        "evidence": "analyst judgement",
    },
]


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> None:
    header = header or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_case(
    folder: Path,
    *,
    options=None,
    criteria=None,
    scores=None,
    toml: str | None = 'title = "Tiny transport case"\nquestion = "Which line?"\n',
) -> Path:
    """Write a small case folder (not North Korea) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(
        folder / "options.csv",
        options if options is not None else TINY_OPTIONS,
        list(TINY_OPTIONS[0]),
    )
    write_csv(
        folder / "criteria.csv",
        criteria if criteria is not None else TINY_CRITERIA,
        list(TINY_CRITERIA[0]),
    )
    write_csv(
        folder / "scores.csv", scores if scores is not None else TINY_SCORES, list(TINY_SCORES[0])
    )
    if toml is not None:
        (folder / "case.toml").write_text(toml, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


TINY_PERSPECTIVES = [
    {
        "id": "thrift",
        "label": "Treasury",
        "description": "Keeps spending down.",
        "rationale": "Cost first.",
        "evidence": "analyst judgement",
        "elicitation": "direct",
        "order_method": "",
        "random_index": "",
    },
    {
        "id": "growth",
        "label": "Growth lobby",
        "description": "Wants riders.",
        "rationale": "Riders matter most.",
        "evidence": "analyst judgement",
        "elicitation": "swing",
        "order_method": "",
        "random_index": "",
    },
    {
        "id": "planner",
        "label": "Planner",
        "description": "",
        "rationale": "",
        "evidence": "analyst judgement",
        "elicitation": "order",
        "order_method": "rank_sum",
        "random_index": "",
    },
    {
        "id": "council",
        "label": "Council",
        "description": "",
        "rationale": "",
        "evidence": "analyst judgement",
        "elicitation": "ahp",
        "order_method": "",
        "random_index": "",
    },
]
TINY_PERSPECTIVE_WEIGHTS = [
    {"perspective": "thrift", "criterion": "cost", "value": "3"},
    {"perspective": "thrift", "criterion": "riders", "value": "1"},
    {"perspective": "growth", "criterion": "cost", "value": "40"},
    {"perspective": "growth", "criterion": "riders", "value": "100"},
    {"perspective": "planner", "criterion": "cost", "value": "1"},
    {"perspective": "planner", "criterion": "riders", "value": "2"},
]
TINY_PAIRWISE = [{"perspective": "council", "row": "cost", "column": "riders", "value": "1/3"}]


def add_perspectives(folder: Path, *, perspectives=None, weights=None, pairwise=None) -> Path:
    """Write the tiny case's perspective files (``[]`` leaves a file out)."""
    files = (
        ("perspectives.csv", perspectives, TINY_PERSPECTIVES),
        ("perspective_weights.csv", weights, TINY_PERSPECTIVE_WEIGHTS),
        ("perspective_pairwise.csv", pairwise, TINY_PAIRWISE),
    )
    for name, rows, default in files:
        rows = default if rows is None else rows
        if rows:
            write_csv(folder / name, rows, list(default[0]))
    return folder


def random_model(
    seed: int,
    *,
    options: int | None = None,
    criteria: int | None = None,
    undeclared: bool = True,
    zero_weight: bool = False,
):
    """A seeded random model (continuous scores, so ties have probability zero).

    Scores lie on 0-10 scales with a low-high range around each; some criteria
    point ``min``; with ``undeclared`` one criterion declares no scale (methods
    then use the range of its scores); with ``zero_weight`` one criterion weighs 0.
    """
    import numpy as np
    import pandas as pd

    from matrix.model import Criterion, DecisionModel, Option

    rng = np.random.default_rng(seed)
    n = options or int(rng.integers(3, 7))
    m = criteria or int(rng.integers(2, 6))
    scores = rng.uniform(0.5, 9.5, size=(n, m))
    low = scores - rng.uniform(0, 0.5, size=(n, m)) * scores
    high = scores + rng.uniform(0, 0.5, size=(n, m)) * (10 - scores)
    weights = rng.uniform(0.5, 10, size=m)
    if zero_weight and m > 2:
        weights[-1] = 0.0
    crits = []
    for j in range(m):
        declared = not (undeclared and j == 1)
        crits.append(
            Criterion(
                id=f"c{j}",
                direction="min" if rng.random() < 0.3 else "max",
                weight=float(weights[j]),
                scale_min=0.0 if declared else None,
                scale_max=10.0 if declared else None,
            )
        )
    rows = [f"o{i}" for i in range(n)]
    cols = [c.id for c in crits]
    frame = lambda a: pd.DataFrame(a, index=rows, columns=cols)  # noqa: E731
    return DecisionModel(
        [Option(id=r) for r in rows], crits, frame(scores), low=frame(low), high=frame(high)
    )


def model_from(values, directions, weights=None, *, options=None, criteria=None, scales=None):
    """A DecisionModel from a plain array (rows = options), for method tests.

    ``directions`` is a string like ``"bbcb"`` (b = max/benefit, c = min/cost)
    or a list of ``"max"``/``"min"``; options default to A1..An and criteria to
    C1..Cm, as the published examples name them.
    """
    import numpy as np
    import pandas as pd

    from matrix import from_frame

    values = np.asarray(values, dtype=float)
    n, m = values.shape
    options = options or [f"A{i + 1}" for i in range(n)]
    criteria = criteria or [f"C{j + 1}" for j in range(m)]
    if isinstance(directions, str):
        directions = ["max" if d == "b" else "min" for d in directions]
    weights = [1.0] * m if weights is None else list(weights)
    frame = pd.DataFrame(values, index=options, columns=criteria)
    return from_frame(frame, directions=directions, weights=weights, scales=scales)


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, standard output, standard error."""
    import io

    from matrix.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def docx_text(path: Path) -> str:
    """Every paragraph, table cell and footer line of a .docx, one per line."""
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines += [cell.text for cell in row.cells]
    lines += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(lines)


def fails_in_one_line(args, folder, match):
    """Run the command line: exit 2, one line on stderr holding ``match``, no traceback,
    and nothing in ``folder`` changed. Returns stderr."""
    before = snapshot(folder)
    code, _stdout, stderr = run_cli(*args)
    assert code == 2, stderr
    assert stderr.count("\n") == 1 and match in stderr, stderr
    assert "Traceback" not in stderr
    assert snapshot(folder) == before
    return stderr
