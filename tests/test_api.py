"""The library as a notebook user meets it (issue 13, item 25): partial weight changes,
from_frame's defaults, joining results back to the user's frame, readable results."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import matrix
from matrix.methods import Ranking

TABLE = pd.DataFrame({"cost": [3.0, 5.0, 4.0], "riders": [7.0, 9.0, 6.0]},
                     index=["bus", "tram", "bike"])  # fmt: skip
DIRS = {"cost": "min", "riders": "max"}


def test_with_weights_changes_only_the_named_weights():
    model = matrix.from_frame(TABLE, directions=DIRS, weights={"cost": 2, "riders": 1})
    changed = model.with_weights({"riders": 5})
    assert changed.weights.to_dict() == {"cost": 2.0, "riders": 5.0}
    assert model.weights.to_dict() == {"cost": 2.0, "riders": 1.0}  # the original is unchanged
    assert changed.with_weights({}).equals(changed)


def test_with_weights_still_refuses_unknown_criteria_and_bad_weights():
    model = matrix.from_frame(TABLE, directions=DIRS)
    with pytest.raises(matrix.ValidationError, match="unknown criteria in weights: 'speed'"):
        model.with_weights({"speed": 1})
    with pytest.raises(matrix.ValidationError, match="weights must be >= 0; got -1"):
        model.with_weights({"cost": -1})


def test_from_frame_weights_default_to_one_each_like_the_command_line(tmp_path):
    model = matrix.from_frame(TABLE, directions=DIRS)
    assert model.weights.to_dict() == {"cost": 1.0, "riders": 1.0}
    path = tmp_path / "t.csv"
    TABLE.to_csv(path, index_label="Option")
    from matrix.io.table import read_table

    from_cli = read_table(path, directions=DIRS)
    assert matrix.evaluate(from_cli).scores.tolist() == matrix.evaluate(model).scores.tolist()


def test_an_integer_index_joins_back_to_the_users_frame():
    frame = pd.DataFrame({"cost": [3.0, 5.0, 4.0, 1.0]}, index=[10, 7, 3, 99])
    result = matrix.evaluate(matrix.from_frame(frame, directions={"cost": "min"}))
    assert result.ranks.index.tolist() == ["10", "7", "3", "99"]  # ids are text, in row order
    joined = frame.join(result.ranks.set_axis(frame.index))
    assert joined.index.tolist() == [10, 7, 3, 99]
    assert joined["rank"].tolist() == [2, 4, 3, 1]
    assert joined.loc[99, "rank"] == 1  # the cheapest, found under the user's own label


def test_an_index_whose_labels_collide_as_text_is_refused():
    frame = pd.DataFrame({"cost": [3.0, 5.0]}, index=pd.Index([1, "1"], dtype=object))
    with pytest.raises(matrix.ValidationError, match="duplicate option id '1'"):
        matrix.from_frame(frame, directions={"cost": "min"})


def test_a_ranking_reads_well_in_a_terminal():
    result = matrix.evaluate(matrix.load_case(), "wsm")
    lines = repr(result).splitlines()
    assert lines[0] == "Ranking by wsm (higher score is better), 5 options"
    assert lines[1] == "rank  option            score"
    assert lines[2] == "   1  diplomatic_surge  0.583"
    assert len(lines) == 7
    vikor = matrix.evaluate(matrix.load_case(), "vikor")
    assert repr(vikor).startswith("Ranking by vikor (lower score is better)")


def test_a_long_ranking_is_cut_with_a_count():
    scores = np.linspace(0, 1, 25)
    result = Ranking.from_scores("wsm", scores, [f"o{i}" for i in range(25)])
    lines = repr(result).splitlines()
    assert len(lines) == 2 + 10 + 1
    assert lines[-1] == "... and 15 more (result.table() has them all)"
    assert lines[2].split() == ["1", "o24", "1.000"]


def test_a_ranking_in_a_notebook_is_an_escaped_html_table():
    result = Ranking.from_scores("topsis", np.array([0.2175, 0.9]), ["<b>bus</b>", "tram"])
    html = result._repr_html_()
    assert html.startswith("<table><caption>Ranking by topsis (higher score is better), 2 options")
    assert "<td>1</td><td>tram</td><td>0.900</td>" in html
    assert "&lt;b&gt;bus&lt;/b&gt;</td><td>0.218</td>" in html  # rounded as the workbook does
    assert "<b>bus" not in html


def test_the_package_says_what_it_is():
    """README: how to tell this package from the unrelated PyPI package named 'matrix'."""
    from importlib.metadata import version

    assert matrix.__version__ == version("policy-matrix")
    assert matrix.__doc__.splitlines()[0].startswith("policy-matrix: ")
    assert "pip show policy-matrix" in matrix.__doc__
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    shown = f"{matrix.__version__} {matrix.__doc__.splitlines()[0]}"
    assert shown in readme and "pip show policy-matrix" in readme
