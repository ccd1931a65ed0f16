"""Recalculate a workbook in a real spreadsheet engine (LibreOffice, Gnumeric).

The recalculated copy is for reading values only (it loses freeze panes and
more); users never see it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SSCONVERT = shutil.which("ssconvert")

needs_libreoffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc",
)
needs_gnumeric = pytest.mark.skipif(
    SSCONVERT is None, reason="Gnumeric (ssconvert) is not installed: apt-get install gnumeric"
)


def libreoffice(path: Path, out_dir: Path) -> Path:
    """Open ``path`` in LibreOffice with recalculate-on-load forced, save a copy in ``out_dir``."""
    assert SOFFICE is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
        proc = subprocess.run(
            [SOFFICE, "--headless", "--norestore", "--nolockcheck",
             f"-env:UserInstallation=file://{profile}",
             "--convert-to", "xlsx", "--outdir", str(out_dir), str(path)],
            capture_output=True, text=True, timeout=180, check=False,
        )  # fmt: skip
    result = out_dir / path.name
    if proc.returncode != 0 or not result.is_file():
        raise RuntimeError(f"LibreOffice failed: {proc.stdout} {proc.stderr}")
    return result


def gnumeric(path: Path, out_dir: Path) -> Path:
    """Recalculate ``path`` with Gnumeric's ssconvert and save a copy in ``out_dir``."""
    assert SSCONVERT is not None
    out_dir.mkdir(parents=True, exist_ok=True)
    result = out_dir / path.name
    proc = subprocess.run(
        [SSCONVERT, "--recalc", str(path), str(result)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    if proc.returncode != 0 or not result.is_file():
        raise RuntimeError(f"Gnumeric failed: {proc.stdout} {proc.stderr}")
    return result
