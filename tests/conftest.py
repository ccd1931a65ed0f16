"""Shared fixtures: a tiny case folder written for each test, and the op-ed text."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import SEED, make_case


@pytest.fixture
def tiny_case(tmp_path: Path) -> Path:
    return make_case(tmp_path / "tiny")


@pytest.fixture
def op_ed() -> str:
    if not SEED.is_file():
        pytest.skip(f"the op-ed is not beside the repository ({SEED})")
    return SEED.read_text(encoding="utf-8")
