"""case.toml: every text follows the one text rule, and no TOML makes the reader crash
(issue 13, items 11 and 16)."""

from __future__ import annotations

import pytest
from helpers import make_case

from matrix import CaseInfo, from_frame, load_case
from matrix.errors import CaseFileError, ValidationError
from matrix.validation import MAX_TEXT_LENGTH


def case_with(tmp_path, toml: str):
    folder = make_case(tmp_path / "c")
    (folder / "case.toml").write_text(toml, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    "toml, message",
    [
        ('title = "a\\u0001b"', "control character '\\x01' at position 2"),
        ('question = "tab\\u0008"', "control character '\\x08'"),
        (f'summary = "{"x" * (MAX_TEXT_LENGTH + 1)}"', "text is 32,768 characters long; spreadsheets keep at most 32,767"),
        (f'title = "{"x" * 5_000_000}"', "text is 5,000,000 characters long"),
    ],
)  # fmt: skip
def test_text_in_case_toml_is_checked_like_text_in_csv(tmp_path, toml, message):
    folder = case_with(tmp_path, toml)
    key = toml.split(" ")[0]
    with pytest.raises(ValidationError) as caught:
        load_case(folder)
    text = str(caught.value)
    assert message in text and f"{folder / 'case.toml'}, key '{key}'" in text


@pytest.mark.parametrize(
    "toml, message",
    [
        ("title = " + "[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ("title = " + "{a = " * 5_000 + "1" + "}" * 5_000, "nested too deeply"),
        ("title = [[[1]]]", "key 'title': must be text in quotes; got an array"),
        ("title = {a = 1}", "key 'title': must be text in quotes; got a table"),
        ("title = 1e308", "key 'title': must be text in quotes; got 1e+308"),
        ("[" + "x" * 100 + "]", "unknown key 'xxxxxxxx"),
    ],
)
def test_hostile_toml_gives_one_clear_error(tmp_path, toml, message):
    folder = case_with(tmp_path, toml)
    with pytest.raises(CaseFileError) as caught:
        load_case(folder)
    assert message in str(caught.value) and "case.toml" in str(caught.value)
    assert len(str(caught.value)) < 300


def test_the_library_checks_case_info_too():
    import pandas as pd

    frame = pd.DataFrame({"cost": [1.0, 2.0]}, index=["a", "b"])
    with pytest.raises(ValidationError, match=r"control character .* \(case title\)"):
        from_frame(frame, directions={"cost": "min"}, weights={"cost": 1},
                   info=CaseInfo(title="bad\x07"))  # fmt: skip
