"""The brief of a panel (issues 14 and 15): ``policy-matrix brief panel.xlsx`` and
``brief_content(..., panel=...)``. The group's model is ranked as the panel workbook holds it;
"What would change the answer" adds where the analysts disagree. Numbers are checked against
hand computation, an independent Kendall's tau (scipy) and the library, read back from the
.docx with python-docx."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import docx
import pytest
from engines import needs_libreoffice, pdf_pages
from helpers import docx_text, fails_in_one_line, run_cli
from openpyxl import load_workbook
from panel_edits import edit_scores, hand_out
from scipy.stats import kendalltau

import matrix
from matrix.brief import brief_content, brief_markdown
from matrix.errors import PanelError
from matrix.io.panel import read_panel_workbook

DAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The bundled case handed to Ana, Ben and Cat (the README's panel), plus Cat's doubt
    about the risk of war of the military option (6, not 9), which swaps her 4th and 5th;
    merged into panel.xlsx and briefed from it."""
    root = tmp_path_factory.mktemp("panel-brief")
    out = root / "panel"
    out.mkdir()
    code, _, stderr = run_cli("panel", "init", "--analysts", "Ana,Ben,Cat", "-o", str(out))
    assert (code, stderr) == (0, "")
    edit_scores(
        out / "north_korea-Ben.xlsx",
        {
            ("diplomatic_surge", "nuclear_constraint"): (2, 1, 4),
            ("diplomatic_surge", "cheating_exposure"): (8, 6, 9),
        },
    )
    edit_scores(
        out / "north_korea-Cat.xlsx",
        {
            ("leave_to_china", "china_cooperation"): (9, 7, 10),
            ("leave_to_china", "nuclear_constraint"): (5, 3, 6),
            ("military_strike", "war_risk"): (6, 5, 8),
        },
    )
    workbook = root / "panel.xlsx"
    code, _, stderr = run_cli("panel", "merge", str(out), "-o", str(workbook), "--samples", "500")
    assert (code, stderr) == (0, "")
    brief = root / "brief.docx"
    code, stdout, stderr = run_cli("brief", str(workbook), "-o", str(brief))
    assert (code, stderr) == (0, ""), stderr
    assert "Brief:" in stdout
    return workbook, brief


def test_the_panel_brief_ranks_the_groups_model(bundled):
    workbook, brief = bundled
    models, sources, missing = read_panel_workbook(workbook)
    panel = matrix.Panel.from_models(models, sources=sources, missing=missing)
    ranking = panel.ranking()
    table = docx.Document(str(brief)).tables[0]
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in table.rows}
    for option in panel.base.options:
        cells = rows[option.label]
        assert cells[-2] == f"{ranking.scores[option.id] * 100:.1f}"
        assert cells[-1] == str(int(ranking.ranks[option.id]))
    # the group's score is the mean of the analysts': Exposure to cheating 7, 8, 7 -> 7.33
    header = [c.text for c in table.rows[0].cells]
    assert rows["Diplomatic surge"][header.index("Exposure to cheating ↓")] == "7.33"
    assert rows["Military option"][header.index("Risk of war ↓")] == "8"  # (9 + 9 + 6) / 3


def test_what_would_change_the_answer_says_where_analysts_disagree(bundled):
    workbook, brief = bundled
    text = docx_text(brief)
    assert "A panel of 3 analysts scored the case; each score is the mean of theirs." in text
    # Kendall's tau-b, computed independently: each analyst's own ranking by the weighted sum
    models, _, _ = read_panel_workbook(workbook)
    ranks = {name: matrix.evaluate(m, "wsm").ranks.loc[m.option_ids] for name, m in models.items()}
    names = list(ranks)
    taus = [
        kendalltau(ranks[a], ranks[b]).statistic
        for k, a in enumerate(names)
        for b in names[k + 1 :]
    ]
    # Cat swaps 4th and 5th: one discordant pair of ten, tau = 1 - 2/10 against Ana and Ben
    assert min(taus) == pytest.approx(0.8) and max(taus) == pytest.approx(1.0)
    assert "Kendall's tau between two analysts' rankings runs from 0.80 to 1.00" in text
    # no single disagreement changes the leader (the README's panel)
    assert "No single disagreement changes first place" in text
    assert "no single disagreement among them changes first place." in text
    # widest in weighted points, by hand: spread / scale width x weight share x 100
    # nuclear constraint (20%): 5 - 2 = 3 of 10 -> 6.0; war risk (20%): 9 - 6 -> 6.0;
    # cooperation with China (10%): 9 - 4 = 5 of 10 -> 5.0
    line = next(p for p in text.splitlines() if p.startswith("The widest disagreements"))
    assert (
        "Diplomatic surge on Nuclear & missile constraint (scores from 2 to 5: 6.0 points)" in line
    )
    assert "Military option on Risk of war (scores from 6 to 9: 6.0 points)" in line
    assert "Cooperation with China" not in line  # the third, beyond the two shown


def test_footer_names_the_panel_workbook(bundled):
    _, brief = bundled
    footer = " ".join(p.text for p in docx.Document(str(brief)).sections[0].footer.paragraphs)
    assert "from panel workbook panel.xlsx" in footer
    assert "case north_korea" in footer


@pytest.mark.engine
@needs_libreoffice
def test_the_bundled_panel_brief_fits_on_two_pages(bundled, tmp_path):
    _, brief = bundled
    assert 1 <= pdf_pages(brief, tmp_path) <= 2


def _tiny_panel(tmp_path: Path) -> tuple[Path, Path]:
    """The tiny case handed to Ana, Ben and Cat; Cat puts the bus lane's cost at 30, not 10.

    By hand (weighted sum; cost 2/3 of the weight, min, scale 0-100; riders 1/3, max,
    scored 1 to 9): the group's bus cost is (10 + 10 + 30) / 3 = 16.67, so the bus lane
    scores 0.8333 x 2/3 + 3/8 x 1/3 = 0.681 against doing nothing's 2/3 = 0.667: first.
    With Cat's 30 it would score 0.7 x 2/3 + 0.125 = 0.592: doing nothing comes first.
    """
    _, out, _ = hand_out(tmp_path, {"Cat": {("bus", "cost"): (30, 20, 40)}})
    workbook = tmp_path / "panel.xlsx"
    code, _, stderr = run_cli("panel", "merge", str(out), "-o", str(workbook), "--samples", "200")
    assert (code, stderr) == (0, "")
    return out, workbook


def test_a_disagreement_that_changes_the_leader_is_shown_first(tmp_path):
    _, workbook = _tiny_panel(tmp_path)
    target = tmp_path / "tiny-brief.docx"
    code, _, stderr = run_cli("brief", str(workbook), "-o", str(target))
    assert (code, stderr) == (0, "")
    lines = docx_text(target).splitlines()
    said = (
        "If one analyst's score for Bus lane on Cost (EUR m) (30) replaced the group's "
        "(16.67), Do nothing would come first."
    )
    assert said in lines
    assert (
        "Panel: 3 analysts scored the case independently and each score here is the mean of "
        "theirs; 1 single disagreement among them would change first place (below)." in lines
    )
    # Cat ranks Do nothing, Bus lane, Tram (her own bus cost: 0.7 x 2/3 + 0.125 = 0.592 <
    # 0.667); Ana and Ben Bus lane, Do nothing, Tram: one discordant pair of three, tau 1/3
    panel_start = lines.index(
        "A panel of 3 analysts scored the case; each score is the mean of theirs. Kendall's "
        "tau between two analysts' rankings runs from 0.33 to 1.00 (1: the same order; -1: "
        "reversed)."
    )
    assert lines.index(said) == panel_start + 1  # first after the panel's size and agreement
    # anonymous by default: the method section names the panel, not who said what
    changes = lines[panel_start : lines.index("The evidence behind the decisive scores")]
    assert not {"Ana", "Ben", "Cat"} & set(re.findall(r"\w+", " ".join(changes)))
    named = tmp_path / "named.md"
    code, _, stderr = run_cli("brief", str(workbook), "-o", str(named), "--name-analysts")
    assert (code, stderr) == (0, "")
    assert "If Cat's score for Bus lane on Cost (EUR m) (30)" in named.read_text(encoding="utf-8")


def test_brief_content_takes_a_panel_from_python():
    ana = matrix.load_case()
    ben = ana.with_scores({("diplomatic_surge", "us_credibility"): 0})
    panel = matrix.Panel.from_models({"Ana": ana, "Ben": ben})
    group = panel.aggregate()
    brief = brief_content(group, panel=panel, samples=200, seed=1, date=DAY)
    assert brief.panel is not None
    # by hand: the group's credibility is 3.5, Ben's 0 loses Diplomatic surge 7 x 8% = 5.6
    # points against the group's 3.5 x 8% = 2.8, not enough to lose its 20.9-point lead
    assert brief.panel.pivotal == ()
    assert brief.panel.spreads[0]["option"] == "diplomatic_surge"
    assert brief.panel.spreads[0]["points"] == pytest.approx(7 / 10 * 0.08 * 100)
    assert brief.panel.tau == (1.0, 1.0)
    assert "A panel of 2 analysts" in brief_markdown(brief)
    with pytest.raises(PanelError, match="group's model"):
        brief_content(matrix.load_case(), panel=matrix.Panel.from_models(
            {"a": _other(), "b": _other()}), samples=10)  # fmt: skip


def test_the_brief_shows_four_disagreements_that_change_the_leader_and_counts_the_rest():
    # six 0-10 criteria of equal weight; the group scores A1 5 and A2 4.5 on each. Ben's 0
    # on any one of A1's scores puts A1 at 25 / 60 = 0.417 < 0.45: six changes, four shown
    from helpers import model_from

    scales = {f"C{k}": (0, 10) for k in range(1, 7)}
    ana = model_from([[10] * 6, [4.5] * 6], "b" * 6, (1,) * 6, scales=scales)
    ben = model_from([[0] * 6, [4.5] * 6], "b" * 6, (1,) * 6, scales=scales)
    panel = matrix.Panel.from_models({"ana": ana, "ben": ben})
    brief = brief_content(panel.aggregate(), panel=panel, samples=100, seed=1, date=DAY)
    assert len(brief.panel.pivotal) == 6
    text = brief_markdown(brief)
    said = re.findall(r"If one analyst's score for A1 on (C\d) \(0\) replaced the group's "
                      r"\(5\), A2 would come first\.", text)  # fmt: skip
    assert said == ["C1", "C2", "C3", "C4"]
    assert "2 more single disagreements would also change first place." in text


def _other():
    from helpers import model_from

    return model_from([[1, 2], [3, 4]], "bb", (1, 1))


def test_a_damaged_panel_workbook_exits_2_in_one_line_writing_nothing(tmp_path):
    _, workbook = _tiny_panel(tmp_path)
    target = str(tmp_path / "brief.docx")
    typed = tmp_path / "typed.xlsx"
    shutil.copy(workbook, typed)
    book = load_workbook(typed)
    cell = book["Judgements"]["F6"]  # Ana's first score
    cell.value = "about ten"
    book.save(typed)
    err = fails_in_one_line(
        ["brief", str(typed), "-o", target], tmp_path, "sheet Judgements, cell F6"
    )
    assert "typed.xlsx" in err
    gone = tmp_path / "gone.xlsx"
    shutil.copy(workbook, gone)
    book = load_workbook(gone)
    del book["Group"]
    book.save(gone)
    fails_in_one_line(["brief", str(gone), "-o", target], tmp_path, "has no Group sheet")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(workbook.read_bytes()[:2_000])
    fails_in_one_line(["brief", str(cut), "-o", target], tmp_path, "cut.xlsx")
    fails_in_one_line(
        ["brief", str(tmp_path / "tiny"), "-o", target, "--name-analysts"],
        tmp_path,
        "--name-analysts goes with a panel workbook",
    )
    fails_in_one_line(
        ["brief", str(workbook), "-o", target, "--weights", "cost=1"],
        tmp_path,
        "is a panel workbook",
    )
    assert not re.search(r"brief\.docx", " ".join(p.name for p in tmp_path.iterdir()))


def test_a_brief_from_the_analysts_folder_keeps_what_the_panel_workbook_loses(bundled, tmp_path):
    """``brief panel/`` (the analysts' workbooks) ranks the same group as ``brief panel.xlsx``
    and adds what only the analysts' workbooks hold: red lines and the verbatim quotes."""
    workbook, _ = bundled
    folder = workbook.parent / "panel"
    from_book, from_folder = tmp_path / "book.md", tmp_path / "folder.md"
    for source, target in ((workbook, from_book), (folder, from_folder)):
        code, _, stderr = run_cli("brief", str(source), "-o", str(target))
        assert (code, stderr) == (0, ""), stderr
    book, kept = from_book.read_text(), from_folder.read_text()
    case = matrix.load_case()
    quotes = {q[:40] for q in case.evidence.to_numpy().ravel() if len(q) > 40}
    assert any(q in kept for q in quotes) and not any(q in book for q in quotes)  # verbatim
    assert "red line" in kept.lower() and "red line" not in book.lower()
    bottom = [line for line in kept.splitlines() if line.strip()][1:3]
    assert bottom == [line for line in book.splitlines() if line.strip()][1:3]  # same leader
    assert "analysts' workbooks in panel" in kept  # the footer's origin
