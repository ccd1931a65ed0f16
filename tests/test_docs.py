"""Docstring examples run, so they stay true."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import matrix

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(matrix.__path__, "matrix.")
    if not info.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


def test_some_examples_exist():
    total = sum(doctest.testmod(importlib.import_module(n)).attempted for n in MODULES)
    assert total >= 10


def test_import_is_cheap():
    import subprocess
    import sys

    code = "import sys, matrix; print('pandas' in sys.modules, 'openpyxl' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(matrix.__path__[0].rsplit("/", 1)[0])},
    )
    assert out.stdout.split() == ["False", "False"]
