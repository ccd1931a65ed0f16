"""Recalculate a workbook in a real spreadsheet engine (LibreOffice, Gnumeric).

The recalculated copy is for reading values only (it loses freeze panes and
more); users never see it. Without an engine its tests skip, except in CI
(the environment variable ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
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

#: In CI (the variable ``CI`` set, as .ci/run and every CI service do) a missing engine
#: fails the tests that need it: a green run there must mean the workbook was recalculated.
IN_CI = bool(os.environ.get("CI"))

_INSTALL = {
    "LibreOffice (soffice)": "apt-get install libreoffice-calc",
    "Gnumeric (ssconvert)": "apt-get install gnumeric",
}


def _needs(found: str | None, engine: str) -> pytest.MarkDecorator:
    """Skip without the engine on a developer's machine; in CI, run and fail (see ``_require``)."""
    return pytest.mark.skipif(
        found is None and not IN_CI, reason=f"{engine} is not installed: {_INSTALL[engine]}"
    )


def _require(found: str | None, engine: str) -> str:
    if found is None:
        pytest.fail(
            f"{engine} is not installed and CI is set: the engine tests must run in CI "
            f"({_INSTALL[engine]})",
            pytrace=False,
        )
    return found


needs_libreoffice = _needs(SOFFICE, "LibreOffice (soffice)")
needs_gnumeric = _needs(SSCONVERT, "Gnumeric (ssconvert)")


def libreoffice(path: Path, out_dir: Path) -> Path:
    """Open ``path`` in LibreOffice with recalculate-on-load forced, save a copy in ``out_dir``."""
    soffice = _require(SOFFICE, "LibreOffice (soffice)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        (Path(profile) / "user").mkdir()
        (Path(profile) / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
        proc = subprocess.run(
            [soffice, "--headless", "--norestore", "--nolockcheck",
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
    ssconvert = _require(SSCONVERT, "Gnumeric (ssconvert)")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = out_dir / path.name
    proc = subprocess.run(
        [ssconvert, "--recalc", str(path), str(result)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    if proc.returncode != 0 or not result.is_file():
        raise RuntimeError(f"Gnumeric failed: {proc.stdout} {proc.stderr}")
    return result


def pdf_pages(document: Path, out_dir: Path) -> int:
    """Convert ``document`` (a .docx) to PDF in LibreOffice and count the PDF's pages."""
    import re

    soffice = _require(SOFFICE, "LibreOffice (soffice)")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(document)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
    pdf = out_dir / f"{document.stem}.pdf"
    assert pdf.is_file(), "LibreOffice made no PDF (is libreoffice-writer installed?)"
    info = shutil.which("pdfinfo")
    if info:
        out = subprocess.run([info, str(pdf)], capture_output=True, text=True, check=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", out, re.M)
        assert found is not None
        return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
