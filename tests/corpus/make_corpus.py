"""Write the bad-input corpus: malformed case folders, tables and workbooks.

Run from the repository root to regenerate it: ``python tests/corpus/make_corpus.py``.
Each entry is listed in MANIFEST.csv with the command-line arguments to try and a
piece of the one-line error that must name what is wrong and where.
"""

from __future__ import annotations

import csv
import re
import shutil
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parents[1])]

from helpers import (  # noqa: E402
    TINY_CRITERIA,
    TINY_OPTIONS,
    TINY_PERSPECTIVES,
    TINY_SCORES,
    add_perspectives,
    make_case,
    write_csv,
)

import matrix  # noqa: E402


def edit(rows, index, **changes):
    rows = [dict(r) for r in rows]
    rows[index].update(changes)
    return rows


def folder(name, **kwargs):
    return make_case(HERE / name, **kwargs)


def main() -> None:
    for old in HERE.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
        elif old.name not in ("make_corpus.py", "MANIFEST.csv"):
            old.unlink()
    manifest = []

    def case(name, expect, **kwargs):
        folder(name, **kwargs)
        manifest.append((name, name, expect))

    case(
        "score_off_scale",
        "scores.csv row 4, column 'score'",
        scores=edit(TINY_SCORES, 2, score="120", high="130"),
    )
    case(
        "text_in_number",
        "scores.csv row 3, column 'score': expected a number, got 'four'",
        scores=edit(TINY_SCORES, 1, score="four"),
    )
    case(
        "nan_score",
        "scores.csv row 3, column 'score': expected a finite number, got 'NaN'",
        scores=edit(TINY_SCORES, 1, score="NaN"),
    )
    case(
        "inf_weight",
        "criteria.csv row 2, column 'weight': expected a finite number, got 'inf'",
        criteria=edit(TINY_CRITERIA, 0, weight="inf"),
    )
    case(
        "empty_score",
        "scores.csv row 2, column 'score': empty",
        scores=edit(TINY_SCORES, 0, score=""),
    )
    case("low_above_score", "scores.csv row 2, column 'low'", scores=edit(TINY_SCORES, 0, low="15"))
    case(
        "high_below_score", "scores.csv row 5, column 'high'", scores=edit(TINY_SCORES, 3, high="8")
    )
    case(
        "negative_weight",
        "criteria.csv row 3, column 'weight'",
        criteria=edit(TINY_CRITERIA, 1, weight="-1"),
    )
    case(
        "all_zero_weights",
        "all weights are zero",
        criteria=[dict(c, weight="0") for c in TINY_CRITERIA],
    )
    case(
        "unknown_direction",
        "criteria.csv row 2, column 'direction'",
        criteria=edit(TINY_CRITERIA, 0, direction="less"),
    )
    case(
        "duplicate_option",
        "options.csv row 5, column 'id': duplicate option id 'bus'",
        options=[*TINY_OPTIONS, TINY_OPTIONS[0]],
    )
    case(
        "duplicate_criterion",
        "criteria.csv row 4, column 'id': duplicate criterion id 'COST'",
        criteria=[*TINY_CRITERIA, dict(TINY_CRITERIA[0], id="COST")],
    )
    case(
        "duplicate_score_row",
        "scores.csv row 8: a second score",
        scores=[*TINY_SCORES, TINY_SCORES[0]],
    )
    case(
        "missing_score_row",
        "scores.csv: no score for option 'nothing', criterion 'riders'",
        scores=TINY_SCORES[:-1],
    )
    case(
        "unknown_option_in_scores",
        "scores.csv row 2, column 'option': unknown option 'car'",
        scores=edit(TINY_SCORES, 0, option="car"),
    )
    case("no_options", "options.csv: no data rows", options=[])
    case("bad_toml", "case.toml: not valid TOML", toml='title = "unclosed\n')
    case(
        "duplicate_option_ignoring_case",
        "options.csv row 3, column 'id': duplicate option id 'BUS'",
        options=[TINY_OPTIONS[0], dict(TINY_OPTIONS[1], id="BUS")],
    )

    path = folder("missing_column")
    text = (path / "criteria.csv").read_text().replace("direction,", "", 1)
    (path / "criteria.csv").write_text(text)
    manifest.append(
        ("missing_column", "missing_column", "criteria.csv row 1: missing column 'direction'")
    )
    path = folder("extra_column")
    text = (path / "options.csv").read_text().replace("quote", "quote,colour", 1)
    (path / "options.csv").write_text(text)
    manifest.append(("extra_column", "extra_column", "options.csv row 1: unknown column 'colour'"))
    path = folder("missing_file")
    (path / "scores.csv").unlink()
    manifest.append(("missing_file", "missing_file", "scores.csv: file not found"))
    path = folder("ragged_row")
    with (path / "scores.csv").open("a") as handle:
        handle.write("bus,cost,1\n")
    manifest.append(("ragged_row", "ragged_row", "scores.csv row 8: 3 cells; expected 7"))
    path = folder("latin1_encoding")
    (path / "options.csv").write_bytes("id,label\nbus,Caf\xe9 bus\n".encode("latin-1"))
    manifest.append(
        ("latin1_encoding", "latin1_encoding", "options.csv row 2: not UTF-8 text (byte 0xe9)")
    )

    def persp(name, expect, **kwargs):
        add_perspectives(folder(name), **kwargs)
        manifest.append((name, name, expect))

    weights = [
        {"perspective": "thrift", "criterion": "cost", "value": "3"},
        {"perspective": "thrift", "criterion": "speed", "value": "1"},
    ]
    persp(
        "unknown_criterion_in_perspective",
        "perspective_weights.csv row 3, column 'criterion'",
        perspectives=TINY_PERSPECTIVES[:1],
        weights=weights,
        pairwise=[],
    )
    persp(
        "missing_criterion_in_perspective",
        "perspective_weights.csv",
        perspectives=TINY_PERSPECTIVES[:1],
        weights=weights[:1],
        pairwise=[],
    )
    persp(
        "ahp_zero_judgement",
        "perspective_pairwise.csv row 2",
        perspectives=TINY_PERSPECTIVES[3:],
        weights=[],
        pairwise=[{"perspective": "council", "row": "cost", "column": "riders", "value": "0"}],
    )
    persp(
        "ahp_not_reciprocal",
        "perspective_pairwise.csv row 3",
        perspectives=TINY_PERSPECTIVES[3:],
        weights=[],
        pairwise=[
            {"perspective": "council", "row": "cost", "column": "riders", "value": "3"},
            {"perspective": "council", "row": "riders", "column": "cost", "value": "3"},
        ],
    )

    # red lines (issue 16): outside the scale, not a number, on an unknown criterion
    def lined(name, expect, cost):
        path = folder(name)
        rows = [dict(c, red_line=cost if c["id"] == "cost" else "") for c in TINY_CRITERIA]
        write_csv(path / "criteria.csv", rows)
        manifest.append((name, name, expect))

    lined(
        "red_line_off_scale",
        "red_line_off_scale/criteria.csv row 2, column 'red_line'",
        "150",
    )
    lined(
        "red_line_not_a_number",
        "criteria.csv row 2, column 'red_line': expected a number, got 'cheap'",
        "cheap",
    )
    lined(
        "red_line_nan",
        "criteria.csv row 2, column 'red_line': expected a finite number, got 'NaN'",
        "NaN",
    )

    def persp_lines(name, expect, rows):
        path = add_perspectives(folder(name))
        write_csv(
            path / "perspective_red_lines.csv", rows, ["perspective", "criterion", "red_line"]
        )
        manifest.append((name, name, expect))

    persp_lines(
        "perspective_red_line_off_scale",
        "perspective_red_lines.csv row 2, column 'red_line')",
        [{"perspective": "thrift", "criterion": "cost", "red_line": "-5"}],
    )
    persp_lines(
        "perspective_red_line_not_a_number",
        "perspective_red_lines.csv row 3, column 'red_line': expected a number, got 'lots'",
        [
            {"perspective": "thrift", "criterion": "cost", "red_line": "60"},
            {"perspective": "growth", "criterion": "cost", "red_line": "lots"},
        ],
    )
    persp_lines(
        "perspective_red_line_unknown_criterion",
        "perspective_red_lines.csv row 2, column 'criterion': unknown criterion 'comfort'",
        [{"perspective": "thrift", "criterion": "comfort", "red_line": "5"}],
    )
    persp_lines(
        "perspective_red_line_unknown_perspective",
        "perspective_red_lines.csv row 2, column 'perspective': unknown perspective 'mayor'",
        [{"perspective": "mayor", "criterion": "cost", "red_line": "50"}],
    )

    # plain tables
    (HERE / "table_text.csv").write_text("Option,Cost\nBus,cheap\n", encoding="utf-8")
    manifest.append(
        (
            "table_text.csv",
            "table_text.csv --directions Cost=min",
            "table_text.csv row 2, column 'Cost': expected a number",
        )
    )
    (HERE / "table_no_direction.csv").write_text("Option,Cost\nBus,1\n", encoding="utf-8")
    manifest.append(
        ("table_no_direction.csv", "table_no_direction.csv", "no direction for criterion 'Cost'")
    )
    (HERE / "table_latin1.csv").write_bytes("Option,Coût\nBus,1\n".encode("latin-1"))
    manifest.append(
        (
            "table_latin1.csv",
            "table_latin1.csv --directions x=min",
            "table_latin1.csv row 1: not UTF-8 text",
        )
    )
    (HERE / "table_formula.csv").write_text('Option,Cost\n=HYPERLINK("x"),abc\n', encoding="utf-8")
    manifest.append(
        (
            "table_formula.csv",
            "table_formula.csv --directions Cost=min",
            "table_formula.csv row 2, column 'Cost': expected a number",
        )
    )

    # workbooks
    good_folder = make_case(HERE / "_good_source")
    model = matrix.load_case(good_folder)
    shutil.rmtree(good_folder)
    good = matrix.write_workbook(model, HERE / "_good.xlsx")
    data = good.read_bytes()
    (HERE / "truncated.xlsx").write_bytes(data[: len(data) // 3])
    manifest.append(("truncated.xlsx", "truncated.xlsx", "truncated.xlsx: not an .xlsx workbook"))
    (HERE / "not_a_zip.xlsx").write_text("Option,Cost\nBus,1\n")
    manifest.append(("not_a_zip.xlsx", "not_a_zip.xlsx", "not_a_zip.xlsx: not an .xlsx workbook"))
    with zipfile.ZipFile(
        HERE / "zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9
    ) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 2**20))
    manifest.append(("zip_bomb.xlsx", "zip_bomb.xlsx", "possible zip bomb"))
    attacks = {
        "xml_bomb.xlsx": '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><workbook>&lol3;</workbook>',
        "external_entity.xlsx": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><workbook>&xxe;</workbook>',
    }
    for name, xml in attacks.items():
        with (
            zipfile.ZipFile(good) as src,
            zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for item in src.infolist():
                dst.writestr(
                    item, xml.encode() if item.filename == "xl/workbook.xml" else src.read(item)
                )
        manifest.append((name, name, "a possible XML bomb or external-entity attack"))

    import openpyxl

    from matrix.excel.layout import Layout

    lay = Layout(*model.shape)

    def workbook(name, expect, change):
        wb = openpyxl.load_workbook(good)
        change(wb)
        wb.save(HERE / name)
        manifest.append((name, name, expect))

    workbook(
        "renamed_sheet.xlsx",
        "no sheet named 'Options'",
        lambda wb: setattr(wb["Options"], "title", "Choices"),
    )
    workbook(
        "wb_score_off_scale.xlsx",
        "sheet Scores, cell C13",
        lambda wb: setattr(wb["Scores"].cell(lay.score_row(0), lay.crit_col(0)), "value", 500),
    )
    workbook(
        "wb_text_weight.xlsx",
        "sheet Scores, cell D9: weight must be a number; got 'heavy'",
        lambda wb: setattr(wb["Scores"].cell(lay.weight_row, lay.crit_col(1)), "value", "heavy"),
    )
    workbook(
        "wb_formula_score.xlsx",
        "sheet Scores, cell C14: the score of 'tram' on 'cost' is a formula with no saved value",
        lambda wb: setattr(wb["Scores"].cell(lay.score_row(1), lay.crit_col(0)), "value", "=1+1"),
    )
    workbook(
        "wb_unknown_evidence_row.xlsx",
        "sheet Evidence, cell A5: option 'ghost' is not on the Scores sheet",
        lambda wb: setattr(wb["Evidence"].cell(5, 1), "value", "ghost"),
    )

    # hostile workbook families (issue 13): each must be refused naming the cell, and fast
    def rewrite(source, name, change):
        """Copy a workbook part by part, with ``change(part name, bytes) -> bytes``."""
        with (
            zipfile.ZipFile(source) as src,
            zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for item in src.infolist():
                dst.writestr(item, change(item.filename, src.read(item)))

    def understate(part, data):  # every sheet claims to be one cell (a writer's hint, a lie)
        return re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', data)

    wb = openpyxl.load_workbook(good)
    ghost_row = wb["Evidence"].max_row + 1
    wb["Evidence"].cell(ghost_row, 1, "ghost")
    wb.save(HERE / "_ghost.xlsx")
    rewrite(HERE / "_ghost.xlsx", "wb_dimension_lie.xlsx", understate)
    (HERE / "_ghost.xlsx").unlink()
    manifest.append(("wb_dimension_lie.xlsx", "wb_dimension_lie.xlsx",
                     f"sheet Evidence, cell A{ghost_row}: option 'ghost' is not on the Scores sheet"))  # fmt: skip

    def far_cell(wb):  # Excel and LibreOffice then record the used range to the sheet's end
        wb["Scores"]["XFD1048576"] = "stray"
        wb["Scores"].cell(lay.weight_row, lay.crit_col(1)).value = "heavy"

    workbook("wb_far_cell.xlsx", "sheet Scores, cell D9: weight must be a number", far_cell)

    def nan_score(part, data):
        if part != "xl/worksheets/sheet2.xml":  # Scores
            return data
        cell = f'<c r="C{lay.score_row(0)}"'.encode()
        start = data.index(cell)
        value = data.index(b"<v>", start)
        end = data.index(b"</v>", value)
        return data[: value + 3] + b"NaN" + data[end:]

    rewrite(good, "wb_nan_score.xlsx", nan_score)
    manifest.append(("wb_nan_score.xlsx", "wb_nan_score.xlsx",
                     f"sheet Scores, cell C{lay.score_row(0)}: the value stored is 'NaN'"))  # fmt: skip

    workbook(
        "wb_blank_column.xlsx",
        "sheet Scores, cell D5: column D is blank between criteria",
        lambda wb: wb["Scores"].insert_cols(lay.crit_col(1)),
    )

    def newer(part, data):
        return re.sub(rb"(policy-matrix format.*?>)1(</vt:lpwstr>)", rb"\g<1>99\2", data, count=1)

    rewrite(good, "wb_newer_format.xlsx", newer)
    manifest.append(("wb_newer_format.xlsx", "wb_newer_format.xlsx",
                     "written by a newer policy-matrix (workbook format 99"))  # fmt: skip

    # what Excel writes for a workbook with a password: an OLE compound file holding an
    # "EncryptedPackage" stream (the header and the stream's name are enough to tell)
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504) + "EncryptedPackage".encode("utf-16-le")
    (HERE / "encrypted.xlsx").write_bytes(ole + bytes(1024))
    manifest.append(("encrypted.xlsx", "encrypted.xlsx", "protected with a password"))
    shutil.copyfile(HERE / "wb_far_cell.xlsx", HERE / "macros.xlsm")
    manifest.append(("macros.xlsm", "macros.xlsm", "a macro-enabled workbook (.xlsm)"))

    wb = openpyxl.Workbook()
    wb.active.title = "Budget"
    wb.active.append(["Item", "Amount"])
    wb.active.append(["Roads", "lots"])
    wb.save(HERE / "not_ours.xlsx")
    manifest.append(
        ("not_ours.xlsx", "not_ours.xlsx", "not_ours.xlsx is not a policy-matrix workbook")
    )
    good.unlink()
    hostile(manifest)

    with (HERE / "MANIFEST.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["entry", "args", "expect"])
        writer.writerows(manifest)
    print(f"{len(manifest)} bad inputs in {HERE}")


def hostile(manifest: list[tuple[str, str, str]]) -> None:
    """Issue 13's hostile families: encodings, overflow, TOML abuse, plain-table duplicates."""

    def case(name, expect, **kwargs):
        folder(name, **kwargs)
        manifest.append((name, name, expect))

    def table(name, content, args, expect, encoding="utf-8"):
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (HERE / name).write_bytes(data)
        manifest.append((name, f"{name} {args}".strip(), expect))

    # encodings and numbers a spreadsheet would not read as numbers
    path = folder("utf16_scores")
    text = (path / "scores.csv").read_text(encoding="utf-8")
    (path / "scores.csv").write_bytes(text.encode("utf-16"))
    manifest.append(
        ("utf16_scores", "utf16_scores", "scores.csv row 1: not UTF-8 text (byte 0xff)")
    )
    table("table_utf16.csv", "Option,Cost\nBus,1\n", "--directions Cost=min",
          "table_utf16.csv row 1: not UTF-8 text", encoding="utf-16")  # fmt: skip
    table("table_cp1252.csv", "Option,Coût\nBus,1\n", "--directions x=min",
          "table_cp1252.csv row 1: not UTF-8 text (byte 0xfb)", encoding="cp1252")  # fmt: skip
    case("fullwidth_digit", "scores.csv row 3, column 'score': expected a number, got '４'; "
         "write it with the digits 0-9", scores=edit(TINY_SCORES, 1, score="４"))  # fmt: skip
    case("underscore_number", "criteria.csv row 2, column 'weight': expected a number, got "
         "'1_0'; write it without underscores",
         criteria=edit(TINY_CRITERIA, 0, weight="1_0"))  # fmt: skip
    table("table_fullwidth.csv", "Option,Cost\nBus,７\nTram,2\n", "--directions Cost=min",
          "table_fullwidth.csv row 2, column 'Cost': expected a number, got '７'")  # fmt: skip
    table("table_decimal_comma.csv", "Option;Cost\nBus;1,5\nTram;2\n", "--directions Cost=min",
          "table_decimal_comma.csv row 2, column 'Cost': expected a number, got '1,5'; use a "
          "decimal point")  # fmt: skip

    # numbers too large or too small to compute with
    case("overflow_score", "score 1e+308 is too large to compute with",
         scores=edit(TINY_SCORES, 1, score="1e308"))  # fmt: skip
    case("overflow_weight", "weight 1e+308 is too large to compute with",
         criteria=[dict(c, weight="1e308") for c in TINY_CRITERIA])  # fmt: skip
    case("vanishing_weight", "weight 1e-200 is too small to compute with",
         criteria=edit(TINY_CRITERIA, 1, weight="1e-200"))  # fmt: skip
    table("table_overflow.csv", "Option,Cost\nBus,1e308\nTram,-1e308\n",
          "--directions Cost=min", "score 1e+308 is too large to compute with")  # fmt: skip
    table("table_overflow_weight.csv", "Option,Cost\nBus,1\nTram,2\n",
          "--directions Cost=min --weights Cost=1e308",
          "weight 1e+308 is too large to compute with")  # fmt: skip

    # case.toml abuse
    case("toml_control_character", "control character '\\x01' at position 2",
         toml='title = "a\\u0001b"\n')  # fmt: skip
    case("toml_deep_nesting", "case.toml: arrays or tables nested too deeply",
         toml="title = " + "[" * 50_000 + "]" * 50_000 + "\n")  # fmt: skip
    case("toml_long_title", "text is 40,000 characters long; spreadsheets keep at most 32,767",
         toml=f'title = "{"x" * 40_000}"\n')  # fmt: skip
    case("toml_table_title", "case.toml, key 'title': must be text in quotes; got a table",
         toml="[title]\nx = 1\n")  # fmt: skip

    # plain tables: what a case folder refuses
    table("table_duplicate_option.csv", "Option,Cost\nBus,1\nbus,2\n", "--directions Cost=min",
          "table_duplicate_option.csv row 3, column 1: option 'bus' appears twice")  # fmt: skip
    table("table_duplicate_number.csv", "Option,Cost\n1,1\n1.0,2\n", "--directions Cost=min",
          "table_duplicate_number.csv row 3, column 1: option '1.0' appears twice")  # fmt: skip
    table("table_duplicate_column.csv", "Option,Cost,Cost\nBus,1,2\nTram,2,3\n",
          "--directions Cost=min",
          "table_duplicate_column.csv row 1, column 3: column 'Cost' appears twice")  # fmt: skip
    table("table_blank_header.csv", "Option,Cost,\nBus,1,7\nTram,2,8\n", "--directions Cost=min",
          "table_blank_header.csv row 2, column 3: '7' is in a column with no name")  # fmt: skip
    folder("case_file_alone")
    manifest.append(("case_file_alone", "case_file_alone/options.csv",
                     "is one file of the case folder"))  # fmt: skip


if __name__ == "__main__":
    main()
