"""The Markdown brief: the same sections as the Word one, text from the case kept as text."""

from __future__ import annotations

import datetime as dt

import pytest
from helpers import model_from, random_model

import matrix
from matrix.brief import brief_content, brief_markdown, write_brief
from matrix.errors import MatrixError
from matrix.model import Option
from matrix.robustness import montecarlo


def test_labels_that_look_like_markdown_stay_text():
    model = model_from([[8, 2], [3, 6]], "bb", scales={"C1": (0, 10), "C2": (0, 10)})
    odd = [
        Option(id="A1", label="Bus | *tram*", description="Cheap [link](x) `code`."),
        Option(id="A2", label="<b>Rail</b>"),
    ]
    text = brief_markdown(brief_content(model.replace(options=odd), samples=200, seed=1))
    assert r"Bus \| \*tram\*" in text
    assert r"\<b>Rail\</b>" in text
    assert r"Cheap \[link\](x) \`code\`." in text
    table = [line for line in text.splitlines() if line.startswith("| ")]
    # every row of the matrix has as many cells as its header: no '|' leaked from a label
    widths = {len(line.replace("\\|", "").split("|")) for line in table[:4]}
    assert len(widths) == 1


def test_write_brief_from_a_model_or_a_brief(tmp_path):
    model = matrix.load_case()
    day = dt.date(2026, 12, 2)
    direct = matrix.write_brief(
        model, tmp_path / "a.md", fmt="markdown", samples=500, seed=1, date=day
    )
    brief = brief_content(model, samples=500, seed=1, date=day)
    computed = write_brief(brief, tmp_path / "b.md", fmt="markdown")
    assert direct.read_text(encoding="utf-8") == computed.read_text(encoding="utf-8")
    assert direct.read_text(encoding="utf-8") == brief_markdown(brief)


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("a.docx", "markdown", "must end in .md"),
        ("a.md", "docx", "must end in .docx"),
        ("a.md", "pdf", "unknown brief format 'pdf'"),
        ("missing/a.md", "markdown", "does not exist"),
    ],
)
def test_bad_paths_fail_before_any_work(tmp_path, name, fmt, message):
    with pytest.raises(MatrixError, match=message):
        write_brief(matrix.load_case(), tmp_path / name, fmt=fmt)
    assert list(tmp_path.iterdir()) == []


def test_a_case_too_large_for_the_random_draws_says_so(monkeypatch):
    monkeypatch.setattr(montecarlo, "MAX_OPTIONS", 3)
    model = random_model(11, options=5, criteria=3)
    brief = brief_content(model, samples=200, seed=1)
    assert brief.acceptability is None
    text = brief_markdown(brief)
    assert "the random-draw test is left out for a case of 5 options" in text
    assert "random draws (" not in text
