"""``policy-matrix brief``: what it writes, from what, and how it refuses bad input."""

from __future__ import annotations

import docx
import pytest
from helpers import make_case, snapshot
from helpers import run_cli as run

import matrix


def _docx_text(path) -> str:
    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    lines += [p.text for p in document.sections[0].footer.paragraphs]
    return "\n".join(lines)


def test_bundled_case_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("brief")
    target = tmp_path / "north_korea-brief.docx"
    assert (code, err) == (0, "")
    assert out == f"Brief: {target}\n"
    text = _docx_text(target)
    assert "Recommended: Diplomatic surge." in text
    assert "the bundled case north_korea" in text


def test_markdown_by_format_or_by_suffix(tmp_path, tiny_case):
    code, _, err = run(
        "brief", str(tiny_case), "--format", "markdown", "-o", str(tmp_path / "a.md")
    )
    assert code == 0, err
    code, _, err = run("brief", str(tiny_case), "-o", str(tmp_path / "b.md"))
    assert code == 0, err
    a = (tmp_path / "a.md").read_text(encoding="utf-8")
    assert a == (tmp_path / "b.md").read_text(encoding="utf-8")
    assert a.startswith("# Tiny transport case\n")
    assert "case folder tiny" in a


def test_from_an_edited_workbook(tmp_path, tiny_case):
    book = tmp_path / "tiny.xlsx"
    assert run(str(tiny_case), "-o", str(book))[0] == 0
    from_case, from_book = tmp_path / "case.md", tmp_path / "book.md"
    assert run("brief", str(tiny_case), "-o", str(from_case))[0] == 0
    assert run("brief", str(book), "-o", str(from_book))[0] == 0
    case_text = from_case.read_text(encoding="utf-8")
    book_text = from_book.read_text(encoding="utf-8")
    assert "workbook tiny.xlsx" in book_text.splitlines()[-1]
    # the same numbers: only the footer's origin differs
    assert case_text.splitlines()[:-1] == book_text.splitlines()[:-1]


def test_perspective_and_method(tmp_path):
    target = tmp_path / "seoul.md"
    code, _, err = run("brief", "--perspective", "seoul", "--method", "topsis", "-o", str(target))
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    model = matrix.load_case().under("seoul")
    winner = matrix.evaluate(model, "topsis").winner
    assert f"**Recommended: {model.option(winner).label}.**" in text
    assert "Weights: those of Seoul (Moon Jae-in government)" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--perspective", "nobody"], "unknown perspective 'nobody'"),
        (["--method", "nope"], "unknown method 'nope'"),
        (["--method", "consensus"], "not the consensus"),
        (["-o", "brief.txt"], "brief.txt: a docx brief's name must end in .docx"),
        (["--format", "markdown", "-o", "brief.docx"], "must end in .md"),
        (["-o", "missing/brief.docx"], "the folder missing does not exist"),
        (["no_such_case"], "no_such_case"),
        (["--format", "pdf"], "invalid choice: 'pdf'"),
    ],
)
def test_bad_input_exit_2_one_line_nothing_written(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    make_case(tmp_path / "tiny")
    before = snapshot(tmp_path)
    code, out, err = run("brief", *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_an_existing_brief_is_replaced_whole_or_not_at_all(tmp_path, tiny_case, monkeypatch):
    target = tmp_path / "brief.docx"
    assert run("brief", str(tiny_case), "-o", str(target))[0] == 0
    first = target.read_bytes()

    def broken(document, path):
        path.write_bytes(b"PK half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("matrix.brief.docx.write_docx", broken)
    code, _, err = run("brief", str(tiny_case), "-o", str(target))
    assert code == 2 and "the disk is full" in err and err.count("\n") == 1
    assert target.read_bytes() == first
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.docx", "tiny"]
    monkeypatch.undo()
    assert run("brief", str(tiny_case), "-o", str(target), "--perspective", "x")[0] == 2
    assert target.read_bytes() == first
    assert run("brief", str(tiny_case), "-o", str(target), "--method", "topsis")[0] == 0
    assert target.read_bytes() != first
    assert "under TOPSIS" in _docx_text(target)


def test_a_brief_open_in_word_is_not_overwritten(tmp_path, tiny_case):
    target = tmp_path / "brief.docx"
    assert run("brief", str(tiny_case), "-o", str(target))[0] == 0
    (tmp_path / "~$brief.docx").write_bytes(b"lock")
    before = snapshot(tmp_path)
    code, _, err = run("brief", str(tiny_case), "-o", str(target))
    assert code == 2 and "lock file ~$brief.docx" in err
    assert snapshot(tmp_path) == before
    assert run("brief", str(tiny_case), "-o", str(target), "--force")[0] == 0


def test_the_readme_excerpt_is_what_the_command_writes(tmp_path, monkeypatch):
    import re

    from helpers import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"```markdown\n(## Bottom line\n.*?)```", readme, re.S)
    assert shown is not None
    monkeypatch.chdir(tmp_path)
    assert run("brief", "--format", "markdown")[0] == 0
    written = (tmp_path / "north_korea-brief.md").read_text(encoding="utf-8")
    assert shown.group(1) in written
