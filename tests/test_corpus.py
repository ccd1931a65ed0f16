"""The bad-input corpus (tests/corpus, made by make_corpus.py): every entry is refused cleanly.

For each: exit status 2, one line on stderr that names the file and where the
problem is, no traceback, nothing created or changed in the output folder, and
the input itself untouched.
"""

from __future__ import annotations

import csv
import io
import shlex
from pathlib import Path

import pytest
from helpers import snapshot

from matrix.cli import main

CORPUS = Path(__file__).resolve().parent / "corpus"
with (CORPUS / "MANIFEST.csv").open(encoding="utf-8") as handle:
    ENTRIES = list(csv.DictReader(handle))


def test_the_corpus_is_large_enough():
    assert len(ENTRIES) >= 30
    assert {p.name for p in CORPUS.iterdir()} >= {e["entry"] for e in ENTRIES}


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["entry"] for e in ENTRIES])
def test_bad_input_is_refused_cleanly(entry, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "earlier.xlsx").write_bytes(b"an analyst's earlier workbook")
    monkeypatch.chdir(out_dir)
    args = shlex.split(entry["args"])
    args[0] = str(CORPUS / args[0])
    before_out, before_in = snapshot(out_dir), snapshot(CORPUS)
    stdout, stderr = io.StringIO(), io.StringIO()
    code = main([*args, "-o", str(out_dir / "earlier.xlsx")], out=stdout, err=stderr)
    message = stderr.getvalue()
    assert code == 2, message
    assert message.count("\n") == 1 and message.startswith("policy-matrix: error: ")
    assert "Traceback" not in message
    assert entry["expect"] in message
    assert entry["entry"].split(".")[0] in message  # names the file or folder
    assert snapshot(out_dir) == before_out
    assert snapshot(CORPUS) == before_in
