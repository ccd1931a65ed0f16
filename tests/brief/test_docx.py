"""The Word brief read back with python-docx: every number is the library's, every quote
verbatim, the heat map direction-aware, and the bundled case's brief two pages in LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from engines import needs_libreoffice, pdf_pages
from helpers import docx_text

import matrix
from matrix.brief import brief_content, write_brief
from matrix.excel.styles import HEAT
from matrix.model import EVIDENCE_NONE
from matrix.numbers import round_half_away
from matrix.robustness import rank_acceptability, scenario_analysis
from matrix.robustness.montecarlo import DEFAULT_SEED
from matrix.text.reading import strengths

DAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def model():
    return matrix.load_case()


@pytest.fixture(scope="module")
def written(model, tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "nk.docx"
    brief = brief_content(model, origin="case folder north_korea", date=DAY)
    write_brief(brief, path)
    return path


_text = docx_text


def _fill(cell) -> str | None:
    shd = cell._tc.get_or_add_tcPr().find(qn("w:shd"))
    return None if shd is None else shd.get(qn("w:fill"))


def _pct(value: float, digits: int = 1) -> str:
    return f"{value * 100:.{digits}f}%"


def test_matrix_table_holds_the_library_scores_weights_totals_and_ranks(model, written):
    table = docx.Document(str(written)).tables[0]
    labels = {o.label: o.id for o in model.options}
    crit_ids = model.criterion_ids
    header = [c.text for c in table.rows[0].cells]
    assert header[0] == "Option" and header[-2:] == ["Score (of 100)", "Rank"]
    assert [h.removesuffix(" ↓") for h in header[1:-2]] == [c.label for c in model.criteria]
    # the arrow marks exactly the criteria where lower is better
    assert [h.endswith("↓") for h in header[1:-2]] == [d == "min" for d in model.directions]
    weights = [c.text for c in table.rows[1].cells]
    assert weights[0] == "Weight"
    shares = model.normalized_weights
    for text, crit in zip(weights[1:-2], crit_ids, strict=True):
        assert float(text.rstrip("%")) == pytest.approx(shares[crit] * 100, abs=0.5)
    wsm = matrix.evaluate(model, "wsm")
    body = table.rows[2:]
    assert len(body) == len(model.options)
    assert [labels[r.cells[0].text] for r in body] == wsm.order
    for row in body:
        option = labels[row.cells[0].text]
        cells = [c.text for c in row.cells]
        assert [float(v) for v in cells[1:-2]] == model.scores.loc[option].tolist()
        assert float(cells[-2]) == pytest.approx(wsm.scores[option] * 100, abs=0.05)
        assert int(cells[-1]) == wsm.ranks[option]


def test_heat_map_is_direction_aware(model, written):
    """Green at the good end of each scale, red at the bad end, whichever way it points."""
    table = docx.Document(str(written)).tables[0]
    labels = {o.label: o.id for o in model.options}
    body = table.rows[2:]
    war = model.criterion_ids.index("war_risk")  # lower is better
    nuclear = model.criterion_ids.index("nuclear_constraint")  # higher is better
    by_option = {labels[r.cells[0].text]: r.cells for r in body}
    # Military option: war risk 9 of 10 (bad), Diplomatic surge: 3 (good)
    assert model.scores.loc["military_strike", "war_risk"] == 9
    bad = _fill(by_option["military_strike"][1 + war])
    good = _fill(by_option["diplomatic_surge"][1 + war])

    def greenness(fill: str) -> int:
        red, green = int(fill[0:2], 16), int(fill[2:4], 16)
        return green - red

    assert greenness(good) > greenness(bad)
    # a score at the bottom of a max scale is red, whatever the data's range
    low = model.scores["nuclear_constraint"].idxmin()
    assert model.scores.loc[low, "nuclear_constraint"] == 1  # of 0-10: near the bad end
    assert greenness(_fill(by_option[low][1 + nuclear])) < greenness(HEAT["mid"])
    # names, weights, totals and ranks are not shaded as scores
    for cells in by_option.values():
        assert _fill(cells[-1]) is None and _fill(cells[-2]) is None and _fill(cells[0]) is None


def _allowed_numbers(model, brief) -> set[str]:
    """Every number the brief may show, each computed here from the library directly."""
    wsm = matrix.evaluate(model, "wsm")
    weighted = wsm.details["weighted"] * 100
    leader, runner = wsm.order[0], wsm.order[1]
    allowed = {"1", "100", "0", "0%", "100%"}
    allowed |= {f"{v * 100:.1f}" for v in wsm.scores}
    allowed.add(f"{(wsm.scores[leader] - wsm.scores[runner]) * 100:.1f}")
    allowed |= {str(int(r)) for r in wsm.ranks}
    allowed |= {f"{v:g}" for v in model.scores.to_numpy().ravel()}
    allowed |= {_pct(w, 0) for w in model.normalized_weights}
    allowed |= {_pct(w) for w in model.normalized_weights}
    gap = weighted.loc[leader] - weighted.loc[runner]
    allowed |= {f"{v:.1f}" for v in gap.abs()}
    allowed |= {f"{gap[gap > 0].sum():.1f}", f"{-gap[gap < 0].sum():.1f}"}
    draws = rank_acceptability(model, samples=10_000, seed=DEFAULT_SEED)
    allowed |= {f"{draws.samples:,}", str(draws.params["seed"])}
    allowed.add(_pct(draws.p_best[leader]))
    table = matrix.break_even(model)
    allowed |= {_pct(v) for v in table["break_even"].dropna()}
    # the red lines, each score's distance from its line, its range, how often it crosses
    allowed |= {f"{c.red_line:g}" for c in model.criteria if c.red_line is not None}
    margins = matrix.red_line_margins(model).to_numpy().ravel()
    allowed |= {f"{abs(v):g}" for v in margins if v == v}
    allowed |= {f"{v:g}" for v in [*model.low.to_numpy().ravel(), *model.high.to_numpy().ravel()]}
    allowed |= {f"{round_half_away(float(v) * 100, 1):.1f}%" for v in draws.p_crossing}
    scen = scenario_analysis(model)
    allowed |= {str(scen.scores.shape[1]), str(len(model.perspectives))}
    for crit in model.criteria:
        allowed |= {f"{crit.scale_min:g}", f"{crit.scale_max:g}"}
    evidence = model.evidence.to_numpy().ravel()
    judged = sum(1 for e in evidence if e == EVIDENCE_NONE)
    allowed |= {str(evidence.size), str(judged), str(evidence.size - judged)}
    allowed |= {"2026", "12", "02", "2", matrix.__version__}
    return allowed


def test_every_number_in_the_brief_is_the_librarys(model, written):
    """Strip the case's own words (rationales, quotes, descriptions: they hold years and
    counts of their own); every number left is one the library computes."""
    brief = brief_content(model, date=DAY)
    text = _text(written)
    info = model.info
    own = [info.title, info.question, info.source, info.analyst]
    own += [o.description for o in model.options] + [o.label for o in model.options]
    own += [c.label for c in model.criteria]
    own += list(model.rationale.to_numpy().ravel()) + list(model.evidence.to_numpy().ravel())
    own += [p.label for p in model.perspectives] + [str(s) for s in brief.scenarios.labels]
    for words in sorted((w for w in own if w), key=len, reverse=True):
        text = text.replace(words, " ")
        first = re.match(r"(.+?[.!?])(\s|$)", words)
        if first:
            text = text.replace(first.group(1), " ")
    found = re.findall(r"\d+(?:,\d{3})*(?:\.\d+)*%?", text)
    assert len(found) > 60  # the check has something to check
    allowed = _allowed_numbers(model, brief)
    strays = sorted({n for n in found if n not in allowed})
    assert strays == []


def test_bottom_line_names_the_leader_margin_and_robustness(model, written):
    text = _text(written)
    wsm = matrix.evaluate(model, "wsm")
    leader, runner = (model.option(o).label for o in wsm.order[:2])
    margin = (wsm.scores.iloc[:].max() - wsm.scores[wsm.order[1]]) * 100
    assert f"Recommended: {leader}." in text
    assert f"{margin:.1f} points ahead of {runner}" in text
    p_best = rank_acceptability(model, samples=10_000, seed=DEFAULT_SEED).p_best[wsm.order[0]]
    assert f"first in {_pct(p_best)} of 10,000 random draws" in text
    flip = matrix.flip_winner(model).weight
    assert f"rises above {_pct(flip['break_even'])} (now {_pct(flip['weight'])})" in text


def _quotes(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [
        run.text.removeprefix("“").removesuffix("”")
        for p in document.paragraphs
        for run in p.runs
        if run.italic and run.text.startswith("“")
    ]


def test_every_quote_is_verbatim_in_the_case_evidence(model, written):
    quotes = _quotes(written)
    assert len(quotes) >= 3
    evidence = set(model.evidence.to_numpy().ravel())
    for quote in quotes:
        assert quote in evidence


def test_every_quote_is_verbatim_in_the_op_ed(written, op_ed):
    flat = " ".join(op_ed.split())
    for quote in _quotes(written):
        assert " ".join(quote.split()) in flat


def test_strengths_and_tradeoffs_are_the_librarys(model, written):
    table = docx.Document(str(written)).tables[1]
    labels = {o.label: o.id for o in model.options}
    criteria = {c.id: c.label for c in model.criteria}
    expected = strengths(model)
    rows = table.rows[1:]
    assert len(rows) == len(model.options)
    for row in rows:
        option = labels[row.cells[0].text]
        assert row.cells[1].text == criteria[expected.loc[option, "strongest"]]
        assert row.cells[2].text == criteria[expected.loc[option, "weakest"]]


def test_footer_names_case_date_version_and_origin(written):
    footer = " ".join(p.text for p in docx.Document(str(written)).sections[0].footer.paragraphs)
    assert "case north_korea" in footer
    assert "2026-12-02" in footer
    assert f"policy-matrix {matrix.__version__}" in footer
    assert "case folder north_korea" in footer


@pytest.mark.engine
@needs_libreoffice
def test_bundled_brief_fits_on_two_pages_in_libreoffice(written, tmp_path):
    assert 1 <= pdf_pages(written, tmp_path) <= 2
