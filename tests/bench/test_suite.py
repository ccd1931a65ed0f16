"""The benchmark runs end to end on tiny sizes, and measures what it says it does.

No assertion here is about time: the machine running the tests is not the one
the README describes.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import matrix
from matrix.bench import Plan, Row, Target, cases, format_markdown, format_text, peers, run
from matrix.bench import __main__ as command
from matrix.bench.cases import workbook_cells, write_only_floor
from matrix.bench.report import HEADER
from matrix.bench.timing import Measure, time_call

TINY = Plan.quick(
    method_sizes=((12, 4),),
    promethee_size=(40, 3),
    montecarlo=(6, 3, 200),
    workbook_sizes=((4, 3),),
    repeats=1,
    budget=0.1,
)

METHODS = list(cases.METHOD_CASES)


@pytest.fixture(scope="module")
def rows(tmp_path_factory) -> list[Row]:
    """The whole tiny benchmark, with the peers made to look uninstalled."""
    patch = pytest.MonkeyPatch()
    patch.setattr(peers, "peer_version", lambda peer: None)
    try:
        return run(TINY)
    finally:
        patch.undo()


def test_the_table_has_every_comparison_of_issue_8(rows):
    found = {(r.benchmark, r.ours, r.against) for r in rows}
    expected = {("build model", "from_frame", "scikit-criteria mkdm")}
    for name in METHODS:
        expected.add((name, "array function", "numpy floor"))
        expected.add((name, "evaluate()", "pymcdm"))
        if not name.startswith("promethee2"):
            expected.add((name, "evaluate()", "scikit-criteria"))
    for name in ("promethee2 usual", "promethee2 linear"):
        expected.add((name, "evaluate()", "numpy floor"))
    for method in ("wsm", "topsis"):
        expected.add((f"monte carlo {method}", "rank_acceptability", ""))
        expected.add((f"monte carlo {method}", "peak memory", "after imports"))
    expected.add(("workbook", "write_workbook", "DataFrame.to_excel"))
    expected.add(("workbook", "write_workbook", "openpyxl write-only, same cells bare"))
    expected.add(("policy-matrix --help", "command", "python -c pass"))
    expected.add(("policy-matrix --help", "command", "import pandas, openpyxl"))
    expected.add(("policy-matrix (default run)", "command", "import pandas, openpyxl"))
    for ours in (
        "Panel: aggregate, pivotal, tau",
        "rank_acceptability",
        "panel workbook (in memory)",
    ):
        expected.add(("panel merge", ours, ""))  # issue 14: 20 analysts, 30 x 10 in the full run
    assert found == expected
    sizes = {r.size for r in rows if r.ours == "array function"}
    assert sizes == {"12 x 4", "40 x 3"}


def test_a_missing_peer_is_a_row_that_says_so(rows):
    missing = [
        r for r in rows if r.against in ("pymcdm", "scikit-criteria", "scikit-criteria mkdm")
    ]
    assert missing
    for row in missing:
        assert row.baseline is None and row.ratio is None and row.met is None
        assert "not installed (pip install 'policy-matrix[bench]')" in row.note
        assert row.value is not None and row.value.value > 0  # our side was still measured


def test_every_other_row_is_measured_against_its_baseline(rows):
    measured = [r for r in rows if r.against not in ("", "pymcdm", "scikit-criteria")]
    measured = [r for r in measured if "mkdm" not in r.against]
    for row in measured:
        assert row.value is not None and row.baseline is not None, row
        assert row.value.value > 0 and row.baseline.value > 0
    memory = [r for r in rows if r.ours == "peak memory"]
    for row in memory:
        assert row.value.unit == "B" and row.value.value >= row.baseline.value
    assert all(r.target is None for r in rows if r.size == "12 x 4")  # targets are for big sizes
    helped = next(r for r in rows if r.against == "python -c pass")
    assert helped.target is not None and helped.target.kind == "extra"
    default = next(r for r in rows if r.benchmark == "policy-matrix (default run)")
    assert default.target == Target("ratio", 1.5)


def test_the_write_only_floor_writes_the_same_cells(tmp_path):
    import openpyxl

    from matrix.excel import build_book

    book = build_book(cases.make_model(cases.make_case(6, 3), scale=(0.0, 100.0)))
    write_only_floor(workbook_cells(book.workbook), tmp_path / "bare.xlsx")
    book.save(tmp_path / "ours.xlsx")

    def cells(path):
        wb = openpyxl.load_workbook(path)
        return {(ws.title, c.coordinate): c.value for ws in wb.worksheets
                for row in ws.iter_rows() for c in row if c.value is not None}  # fmt: skip

    bare, ours = cells(tmp_path / "bare.xlsx"), cells(tmp_path / "ours.xlsx")
    assert bare.keys() == ours.keys()
    for key, value in ours.items():  # openpyxl writes 16 digits, the package every digit
        if isinstance(value, float):
            assert value == pytest.approx(bare[key], rel=1e-15, abs=1e-300), key
        else:
            assert value == bare[key], key
    assert sum(1 for v in bare.values() if str(v).startswith("=")) == len(book.expected)


def test_the_text_and_markdown_tables_hold_every_row(rows):
    text = format_text(rows).splitlines()
    assert text[0].split()[:3] == ["benchmark", "size", "policy-matrix"]
    assert len(text) == len(rows) + 2
    markdown = format_markdown(rows).splitlines()
    assert len(markdown) == len(rows) + 2
    assert all(
        line.startswith("| ") and line.count(" | ") == len(HEADER) - 1
        for line in [markdown[0], *markdown[2:]]
    )
    assert "pymcdm: not installed" in format_text(rows)


@pytest.mark.parametrize("name", METHODS)
def test_each_floor_computes_the_methods_scores(name):
    case = cases.make_case(30, 6, seed=3)
    method, params = cases.METHOD_CASES[name]
    expected = matrix.evaluate(cases.make_model(case), method, **params).scores.to_numpy()
    floor = cases.FLOORS[name](case.values, case.weights, case.is_max)
    np.testing.assert_allclose(floor, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("peer", sorted(peers.PEERS))
def test_each_peer_ranks_as_we_do(peer):
    if peers.peer_version(peer) is None:
        pytest.skip(f"{peer} is not installed")
    case = cases.make_case(25, 6, seed=5)
    model = cases.make_model(case)
    for name in sorted(peers.METHODS_OF[peer]):
        method, params = cases.METHOD_CASES[name]
        ours = matrix.evaluate(model, method, **params)
        call = peers.peer_call(peer, name, case)
        assert call is not None
        theirs = np.asarray(call(), dtype=float)
        oriented = ours.scores.to_numpy() * (1 if ours.higher_is_better else -1)
        assert (np.argsort(-theirs, kind="stable") == np.argsort(-oriented, kind="stable")).all()


def test_only_picks_a_group_or_one_method():
    rows = run(Plan.quick(method_sizes=((6, 2),), use_peers=False, repeats=1), only="methods")
    assert {r.benchmark for r in rows} == {"build model", *METHODS}
    rows = run(TINY, only="build")
    assert [r.benchmark for r in rows] == ["build model"]


def test_a_slow_call_is_sampled_until_the_budget_is_spent():
    calls = []
    measure = time_call(lambda: calls.append(1), repeats=4, budget=60.0)
    assert measure.samples == 4 and len(calls) > 4  # a warm-up, and loops of fast calls
    assert str(Measure(1.5)) == "1.50 s"


def test_the_command_prints_the_machine_and_the_table(monkeypatch):
    monkeypatch.setattr(Plan, "quick", classmethod(lambda cls: TINY))
    out = io.StringIO()
    assert command.main(["--quick", "--only", "build", "--no-peers"], out=out) == 0
    text = out.getvalue()
    assert text.startswith("Machine: ") and "Python 3." in text and "numpy " in text
    assert "build model" in text and "scikit-criteria: not run" in text
    out = io.StringIO()
    assert command.main(["--quick", "--only", "build", "--no-peers", "--markdown"], out=out) == 0
    assert "| build model | 12 x 4 | from_frame |" in out.getvalue()


def test_the_command_rejects_zero_repeats(capsys):
    assert command.main(["--quick", "--repeats", "0"]) == 2
    assert "--repeats must be at least 1" in capsys.readouterr().err


def test_neither_import_matrix_nor_the_command_line_loads_the_benchmark():
    code = "import sys, matrix, matrix.cli; print('matrix.bench' in sys.modules)"
    root = str(Path(matrix.__file__).resolve().parents[1])
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": root},
    )
    assert out.stdout.strip() == "False"


def test_a_measure_that_could_not_finish_misses_its_target():
    from matrix.bench import Target

    row = Row(
        "workbook",
        "10,000 x 50",
        "write_workbook",
        None,
        "DataFrame.to_excel",
        Measure(5.0),
        Target("ratio", 2.0),
        "not done after 300 s",
        failed=True,
    )
    assert row.met is False and row.ratio is None
    assert "≤ 2x MISSED" in format_text([row])
