"""The brief names the red lines (issue 15, items 1 and 5): the crossings in the bottom line,
the margins that matter under "What would change the answer". Read back from the Word file
with python-docx and from the Markdown, and compared with the library's own results."""

from __future__ import annotations

import dataclasses
import datetime as dt

import docx
import pytest

import matrix
from matrix.brief import brief_content, brief_markdown, write_brief
from matrix.numbers import round_half_away
from matrix.robustness import rank_acceptability
from matrix.robustness.montecarlo import DEFAULT_SEED
from matrix.text.brief import brief_document
from matrix.text.redlines import POLICY_WORDS

DAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def model():
    return matrix.load_case()


@pytest.fixture(scope="module")
def brief(model):
    return brief_content(model, date=DAY)


@pytest.fixture(scope="module")
def sections(brief, tmp_path_factory):
    """The Word brief's paragraphs, grouped under the section headings."""
    path = tmp_path_factory.mktemp("brief") / "nk.docx"
    write_brief(brief, path)
    headings = {s.heading for s in brief_document(brief).sections}
    out: dict[str, list[str]] = {}
    heading = ""
    for p in docx.Document(str(path)).paragraphs:
        if p.text in headings:
            heading = p.text
            out[heading] = []
        elif p.text:
            out.setdefault(heading, []).append(p.text)
    return out


def test_the_bottom_line_names_every_crossing_the_library_finds(model, sections):
    crossed = matrix.redlines.crossings(model)
    said = next(t for t in sections["Bottom line"] if t.startswith("Red lines crossed: "))
    expected = 0
    for option, criterion in zip(*crossed.to_numpy().nonzero(), strict=True):
        o, c = model.options[option], model.criteria[criterion]
        score = model.values[option, criterion]
        assert f"{o.label} ({c.label} {score:g}, line {c.red_line:g})" in said
        expected += 1
    assert expected == 2  # the op-ed's two red lines, each crossed by one option
    # acceptable options are not named as crossing anything
    for option in matrix.redlines.acceptable(model)[lambda s: s].index:
        assert model.option(option).label not in said
    assert said.endswith(POLICY_WORDS["last"])


def test_what_would_change_gives_the_leaders_margin_and_who_could_cross(model, sections):
    changes = sections["What would change the answer"]
    margins = matrix.red_line_margins(model)
    leader = matrix.evaluate(model, "wsm").winner
    nearest = margins.loc[leader].dropna().idxmin()
    crit = model.criterion(nearest)
    line = next(t for t in changes if t.startswith(model.option(leader).label + " scores "))
    assert (
        f"{model.scores.at[leader, nearest]:g} on {crit.label}, "
        f"{margins.at[leader, nearest]:g} clear of its red line ({crit.red_line:g})"
    ) in line
    # its low end is exactly on the line: it never crosses in the draws
    p = rank_acceptability(model, samples=10_000, seed=DEFAULT_SEED).p_crossing
    assert p[leader] == 0 and "reaches the line, no further" in line
    could = next(t for t in changes if t.startswith("Within their plausible ranges"))
    for option in ("maximum_pressure", "leave_to_china"):
        assert model.low.at[option, nearest] < crit.red_line <= model.scores.at[option, nearest]
        assert f"{model.option(option).label} on {crit.label}" in could
        shown = round_half_away(float(p[option]) * 100, 1)  # the one rounding rule
        assert f"crosses one in {shown:.1f}% of the draws" in could
    # the options past a line already were named in the bottom line, not here
    assert "Military option" not in could and "Accept nuclear status" not in could


def test_the_score_flip_is_said_at_the_red_line(model, sections):
    flip = matrix.flip_winner(model).score
    assert flip["to"] == model.criterion(flip["criterion"]).red_line
    changes = " ".join(sections["What would change the answer"])
    assert f"to below its red line of {flip['to']:g}" in changes


def test_a_case_without_red_lines_says_nothing_about_them(model):
    bare = model.replace(criteria=[dataclasses.replace(c, red_line=None) for c in model.criteria])
    brief = brief_content(bare, date=DAY, samples=500)
    assert brief.red_lines == () and brief.near_red_lines == ()
    assert "red line" not in brief_markdown(brief).lower()


def test_the_markdown_brief_says_the_same(brief):
    text = brief_markdown(brief)
    assert "Red lines crossed: Military option (Risk of war 9, line 8) and Accept nuclear" in text
    assert "Within their plausible ranges, these could cross a red line:" in text
