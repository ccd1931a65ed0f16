"""With CI set, a missing spreadsheet engine fails the engine tests instead of skipping them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

PROBE = """
from pathlib import Path
from engines import gnumeric, libreoffice, needs_gnumeric, needs_libreoffice

@needs_libreoffice
def test_libreoffice(tmp_path):
    libreoffice(Path("x.xlsx"), tmp_path)

@needs_gnumeric
def test_gnumeric(tmp_path):
    gnumeric(Path("x.xlsx"), tmp_path)
"""


def run_probe(tmp_path: Path, *, ci: bool) -> subprocess.CompletedProcess[str]:
    """Run the probe in a fresh interpreter whose PATH holds no spreadsheet engine."""
    (tmp_path / "test_probe.py").write_text(PROBE)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = str(Path(sys.executable).parent)  # python only: no soffice, no ssconvert
    env["PYTHONPATH"] = str(TESTS)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-o",
         "addopts=", str(tmp_path / "test_probe.py")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip


def test_without_ci_a_missing_engine_skips(tmp_path):
    proc = run_probe(tmp_path, ci=False)
    assert proc.returncode == 0, proc.stdout
    assert "2 skipped" in proc.stdout
    assert "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc" in proc.stdout


def test_in_ci_a_missing_engine_fails_the_run(tmp_path):
    proc = run_probe(tmp_path, ci=True)
    assert proc.returncode == 1, proc.stdout
    assert "2 failed" in proc.stdout
    for engine in ("LibreOffice (soffice)", "Gnumeric (ssconvert)"):
        assert f"{engine} is not installed and CI is set" in proc.stdout
