"""Writing files without losing any (issue 13): backups, second writers, symbolic links,
full disks, signals, killed runs, long names. Each test is a regression test for a case
that lost or overwrote data, or printed a traceback, before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest
from helpers import make_case, snapshot

import matrix
from matrix.io.atomic import atomic_write, file_state, remove_stale_temps, temp_name
from matrix.io.guard import backup_path

REPO = Path(__file__).resolve().parents[2]


def _put(text: str):
    def write(path: Path) -> None:
        path.write_text(text)

    return write


def test_backups_made_in_the_same_second_never_share_a_name(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_text("v0")
    now = datetime(2026, 12, 2, 5, 0, 0)
    kept = []
    for version in ("v1", "v2", "v3"):
        backup = backup_path(book, now=now)  # the same second each time
        atomic_write(book, _put(version), backup_to=backup)
        kept.append(backup)
    assert [p.name for p in kept] == ["book.backup-20261202-050000.xlsx",
                                      "book.backup-20261202-050000-2.xlsx",
                                      "book.backup-20261202-050000-3.xlsx"]  # fmt: skip
    assert [p.read_text() for p in kept] == ["v0", "v1", "v2"]
    assert book.read_text() == "v3"


def test_a_backup_never_overwrites_a_file(tmp_path):
    book, taken = tmp_path / "book.xlsx", tmp_path / "taken.xlsx"
    book.write_text("the analyst's workbook")
    taken.write_text("another file that happens to have the backup's name")
    before = snapshot(tmp_path)
    with pytest.raises(matrix.MatrixError, match=r"taken\.xlsx: a file of that name appeared"):
        atomic_write(book, _put("new"), backup_to=taken)
    assert snapshot(tmp_path) == before  # nothing changed, no temporary file left


def test_a_failed_replace_leaves_no_backup(tmp_path, monkeypatch):
    book = tmp_path / "book.xlsx"
    book.write_text("old")
    before = snapshot(tmp_path)

    def refuse(source, target):
        raise PermissionError(1, "Operation not permitted")  # an immutable file (chattr +i)

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(matrix.MatrixError, match=r"book.xlsx: cannot replace the file: no perm"):
        atomic_write(book, _put("new"), backup_to=backup_path(book))
    assert snapshot(tmp_path) == before


def test_a_second_writer_that_read_an_older_file_does_not_win(tmp_path):
    book = tmp_path / "book.xlsx"
    book.write_text("v0")
    first, second = file_state(book), file_state(book)  # two runs read the same file
    atomic_write(book, _put("first"), expect=first)
    with pytest.raises(matrix.MatrixError, match="changed by another program"):
        atomic_write(book, _put("second"), expect=second, backup_to=backup_path(book))
    assert book.read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]
    with pytest.raises(matrix.MatrixError, match="changed by another program"):
        atomic_write(tmp_path / "new.xlsx", _put("x"), expect=file_state(book))  # did not exist


def test_four_simultaneous_runs_on_one_workbook_lose_nothing(tmp_path):
    """The issue's attack: four runs at once. Each either wins (and keeps what it replaced
    under a name of its own) or is refused in one line; the original survives."""
    folder = make_case(tmp_path / "tiny")
    book = tmp_path / "book.xlsx"
    matrix.write_workbook(matrix.load_case(folder), book)
    original = book.read_bytes()
    runs = [subprocess.Popen([sys.executable, "-m", "matrix", str(book)], cwd=tmp_path,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]  # fmt: skip
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    for run in runs:
        run.stdout.close()
        run.stderr.close()
    won = [err for code, err in results if code == 0]
    refused = [err for code, err in results if code != 0]
    assert won, results
    for err in refused:
        assert err.count("\n") == 1 and "changed by another program" in err, err
    backups = sorted(tmp_path.glob("book.backup-*.xlsx"))
    assert len(backups) == len(won)  # one backup per run that replaced the file
    assert original in [b.read_bytes() for b in backups]
    assert not [p for p in tmp_path.iterdir() if "policy-matrix" in p.name]  # no temp, no lock


def test_a_symbolic_link_is_kept_and_its_target_updated(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (real / "book.xlsx").write_text("old")
    link = tmp_path / "book.xlsx"
    link.symlink_to(real / "book.xlsx")
    atomic_write(link, _put("new"), backup_to=backup_path(link))
    assert link.is_symlink() and link.read_text() == "new"
    assert (real / "book.xlsx").read_text() == "new"
    assert [p.read_text() for p in tmp_path.glob("book.backup-*.xlsx")] == ["old"]


def test_long_names_are_not_refused_for_their_temporary_or_backup_names(tmp_path):
    model = matrix.load_case(make_case(tmp_path / "tiny"))
    longest = tmp_path / ("w" * 250 + ".xlsx")  # 255 bytes: the longest legal name
    matrix.write_workbook(model, longest)
    matrix.write_workbook(model, longest, backup_to=backup_path(longest))
    backups = [p for p in tmp_path.iterdir() if ".backup-" in p.name]
    assert len(backups) == 1 and len(backups[0].name.encode()) <= 255
    assert backups[0].name.endswith(".xlsx")
    assert len(temp_name(longest)) < 100


def test_a_full_disk_names_the_file_and_prints_no_traceback(tmp_path):
    """ENOSPC injected into the zip writer, as a full disk gives it: the archive then also
    fails to finish in its finaliser, which printed 'Exception ignored ... Traceback'."""
    folder = make_case(tmp_path / "tiny")
    (tmp_path / "out.xlsx").write_bytes(b"the previous workbook")
    script = textwrap.dedent(f"""
        import errno, sys, zipfile
        from matrix.cli import main

        class Full:
            def __init__(self, stream):
                self.stream = stream
            def write(self, data):
                raise OSError(errno.ENOSPC, "No space left on device")
            def __getattr__(self, name):
                return getattr(self.stream, name)

        real = zipfile.ZipFile.writestr
        def writestr(self, *args, **kwargs):
            real(self, *args, **kwargs)
            self.fp = Full(self.fp)  # from now on every write fails, as on a full disk
            raise OSError(errno.ENOSPC, "No space left on device")

        zipfile.ZipFile.writestr = writestr
        sys.exit(main([{str(folder)!r}, "-o", "out.xlsx"]))
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "policy-matrix: error: out.xlsx: cannot write the file: the disk is full; nothing was "
        "changed\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "tiny"]
    assert (tmp_path / "out.xlsx").read_bytes() == b"the previous workbook"


def _run_and_signal(tmp_path: Path, how: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI; as the workbook is half written, the process signals itself."""
    folder = make_case(tmp_path / "tiny")
    script = textwrap.dedent(f"""
        import os, signal, sys, time
        import matrix.excel.results as results
        from matrix.cli import main

        def save(workbook, filename, expected):  # the workbook's save path (Book.save)
            with open(filename, "wb") as half:
                half.write(b"half a workbook")
            os.kill(os.getpid(), signal.{how})
            time.sleep(60)

        results.save = save
        sys.exit(main([{str(folder)!r}, "-o", "out.xlsx"]))
    """)
    return subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600)  # fmt: skip


def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    (tmp_path / "out.xlsx").write_bytes(b"the previous workbook")
    done = _run_and_signal(tmp_path, "SIGTERM")
    assert done.returncode == 143
    assert done.stderr == "policy-matrix: terminated (SIGTERM); nothing was written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "tiny"]
    assert (tmp_path / "out.xlsx").read_bytes() == b"the previous workbook"


def test_a_temp_file_left_by_sigkill_is_recognisable_and_removed_by_the_next_run(tmp_path):
    done = _run_and_signal(tmp_path, "SIGKILL")
    assert done.returncode == -signal.SIGKILL
    left = [p for p in tmp_path.iterdir() if p.name not in ("tiny",)]
    assert len(left) == 1
    assert left[0].name.startswith(".out.xlsx.") and ".policy-matrix-" in left[0].name
    assert left[0].name.endswith(".tmp")
    model = matrix.load_case(tmp_path / "tiny")
    matrix.write_workbook(model, tmp_path / "out.xlsx")  # the next write of that workbook
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx", "tiny"]


def test_a_live_writers_temp_file_is_left_alone(tmp_path):
    target = tmp_path / "out.xlsx"
    mine = tmp_path / f"{temp_name(target)}abc.tmp"  # this process is alive
    mine.write_text("being written")
    other = tmp_path / ".out.xlsx.0123abcd.policy-matrix-1-x.tmp"  # another target's digest
    other.write_text("not ours to judge")
    assert remove_stale_temps(target) == []
    assert mine.exists() and other.exists()
