"""Writing case folders, importing plain tables, new-case templates, and the file guards."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path

import openpyxl
import pytest
from helpers import make_case, snapshot

import matrix
from matrix.io import bundled_case_path
from matrix.io.guard import backup_path, check_archive, check_not_open
from matrix.io.table import read_table
from matrix.io.writer import write_case
from matrix.template import write_template


def test_exported_bundled_case_is_the_same_case(tmp_path):
    model = matrix.load_case()
    write_case(model, tmp_path / "north_korea")
    source = bundled_case_path()
    assert sorted(p.name for p in (tmp_path / "north_korea").iterdir()) == sorted(
        p.name for p in source.iterdir()
    )
    for name in ("case.toml", "options.csv", "criteria.csv", "scores.csv"):  # byte for byte
        assert (tmp_path / "north_korea" / name).read_bytes() == (source / name).read_bytes(), name
    assert matrix.load_case(tmp_path / "north_korea").equals(model)


def test_workbook_to_folder_and_back(tmp_path):
    model = matrix.load_case()
    book = matrix.write_workbook(model, tmp_path / "nk.xlsx")
    write_case(matrix.load_case(book), tmp_path / "north_korea")
    again = matrix.load_case(tmp_path / "north_korea")
    assert again.equals(model)


def test_formula_like_text_is_escaped_in_csv_and_read_back(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    options = [dataclasses.replace(o, description=t) for o, t in
               zip(model.options, ["=HYPERLINK(1)", "'quoted", "-x"], strict=True)]  # fmt: skip
    model = model.replace(options=options)
    write_case(model, tmp_path / "out")
    text = (tmp_path / "out" / "options.csv").read_text()
    assert "'=HYPERLINK(1)" in text and "''quoted" in text and ",'-x," in text
    back = matrix.load_case(tmp_path / "out")
    assert [o.description for o in back.options] == ["=HYPERLINK(1)", "'quoted", "-x"]


def test_export_refuses_a_folder_with_files_unless_forced(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    target = tmp_path / "target"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    with pytest.raises(matrix.MatrixError, match="the folder is not empty"):
        write_case(model, target)
    assert snapshot(target) == {"notes.txt": b"mine"}
    write_case(model, target, force=True)
    assert matrix.load_case(target).option_ids == model.option_ids


def test_a_failed_export_leaves_nothing_behind(tmp_path, monkeypatch):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    import matrix.io.writer as writer

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer.os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_case(model, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny"]


def test_plain_table_csv_and_xlsx(tmp_path):
    csv_path = tmp_path / "transport.csv"
    csv_path.write_text(
        "Option,Cost (EUR m),Riders\nBus lane,10,4\nTram line,80,9\n", encoding="utf-8-sig"
    )
    model = read_table(csv_path, directions={"Cost (EUR m)": "min", "riders": "max"},
                       weights={"cost_eur_m": "2"})  # fmt: skip
    assert model.option_ids == ["bus_lane", "tram_line"]
    assert model.criterion_ids == ["cost_eur_m", "riders"]
    assert model.weights.tolist() == [2.0, 1.0]
    assert [c.label for c in model.criteria] == ["Cost (EUR m)", "Riders"]
    wb = openpyxl.Workbook()
    for row in (["Option", "Cost", "Riders"], ["Bus", 10, 4], ["Tram", 80, 9]):
        wb.active.append(row)
    wb.save(tmp_path / "transport.xlsx")
    crit = tmp_path / "criteria.csv"
    crit.write_text("id,direction,weight,scale_min,scale_max\ncost,min,3,0,100\nriders,max,1,,\n")
    model = read_table(tmp_path / "transport.xlsx", criteria_file=crit)
    assert model.criterion("cost").scale_max == 100 and model.weights.tolist() == [3.0, 1.0]


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        (
            "Option,Cost\nBus,ten\n",
            {"directions": {"Cost": "min"}},
            r"row 2, column 'Cost': expected a number, got 'ten'",
        ),
        ("Option,Cost\nBus,\n", {"directions": {"Cost": "min"}}, r"row 2, column 'Cost': empty"),
        ("Option,Cost\nBus,1\n", {}, r"no direction for criterion 'Cost'"),
        ("Option,Cost\nBus,1\n", {"directions": {"Speed": "max"}}, r"unknown criterion 'Speed'"),
        (
            "Option,Cost\nBus,1\n",
            {"directions": {"Cost": "cheap"}},
            r"direction must be one of max, min",
        ),
        (
            "Option,Cost\nBus,1\n",
            {"directions": {"Cost": "min"}, "weights": {"Cost": "-1"}},
            r"transport.csv: weights must be >= 0",
        ),
        (
            "Option,Cost\n,1\n",
            {"directions": {"Cost": "min"}},
            r"row 2, column 1: an option without a name",
        ),
        ("Option\nBus\n", {}, r"row 1: no criterion columns"),
    ],
)
def test_plain_table_errors(tmp_path, content, kwargs, message):
    path = tmp_path / "transport.csv"
    path.write_text(content)
    with pytest.raises(matrix.MatrixError, match=message):
        read_table(path, **kwargs)


def test_templates(tmp_path):
    folder = write_template(tmp_path / "my_case")
    model = matrix.load_case(folder)
    assert len(model.options) == 2 and len(model.criteria) == 2
    assert (folder / "README.md").is_file()
    book = write_template(tmp_path / "blank.xlsx")
    assert matrix.load_case(book).option_ids == ["option_a", "option_b"]
    with pytest.raises(matrix.MatrixError, match="already exists"):
        write_template(book)
    with pytest.raises(matrix.MatrixError, match="the folder is not empty"):
        write_template(folder)


def test_guards(tmp_path):
    book = matrix.write_workbook(
        matrix.load_case(make_case(tmp_path / "tiny")), tmp_path / "t.xlsx"
    )
    check_archive(book)
    (tmp_path / ".~lock.t.xlsx#").write_text("lock")
    with pytest.raises(
        matrix.WorkbookError, match=r"open in a spreadsheet \(lock file .~lock.t.xlsx#\)"
    ):
        check_not_open(book)
    check_not_open(book, force=True)
    (tmp_path / ".~lock.t.xlsx#").unlink()
    (tmp_path / "~$t.xlsx").write_text("lock")
    with pytest.raises(matrix.WorkbookError, match="lock file ~"):
        matrix.write_workbook(matrix.load_case(), book)
    assert backup_path(book).name.startswith("t.backup-")


def test_zip_bomb_and_truncated_files_are_refused_before_opening(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 2**20))
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(matrix.WorkbookError, match="possible zip bomb"):
        matrix.load_case(bomb)
    good = matrix.write_workbook(matrix.load_case(), tmp_path / "good.xlsx")
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[:5000])
    with pytest.raises(matrix.WorkbookError, match="empty, truncated or not a zip"):
        matrix.load_case(truncated)


def test_xml_attacks_are_refused(tmp_path):
    """A part that declares a DTD is refused before any parser sees it (and the parsers
    openpyxl uses do not expand entities either: defusedxml, lxml without entities)."""
    good = matrix.write_workbook(
        matrix.load_case(make_case(tmp_path / "tiny")), tmp_path / "good.xlsx"
    )
    attacks = {
        "laughs": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><workbook>&lol2;</workbook>',
        "external": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook>&xxe;</workbook>',
    }
    for name, xml in attacks.items():
        path = tmp_path / f"{name}.xlsx"
        with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
            for item in src.infolist():
                data = xml.encode() if item.filename == "xl/workbook.xml" else src.read(item)
                dst.writestr(item, data)
        with pytest.raises(
            matrix.WorkbookError,
            match=r"part 'xl/workbook.xml' declares a DTD, .* a possible XML bomb or external",
        ):
            matrix.load_case(path)


def test_atomic_write_survives_a_failure_mid_write(tmp_path, monkeypatch):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"the analyst's previous workbook")
    target.chmod(0o640)
    from matrix.excel.book import Book

    def crash(self, filename):
        Path(filename).write_bytes(b"half a work")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Book, "save", crash)
    with pytest.raises(
        matrix.MatrixError, match=r"t.xlsx: cannot write the file: the disk is full"
    ):
        matrix.write_workbook(model, target)
    assert target.read_bytes() == b"the analyst's previous workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx", "tiny"]
    monkeypatch.undo()
    backup = tmp_path / "t.backup.xlsx"
    matrix.write_workbook(model, target, backup_to=backup)
    assert backup.read_bytes() == b"the analyst's previous workbook"
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert matrix.load_case(target).option_ids == model.option_ids
