"""`outpost hq import` keeps its per-packet lines on stdout and gives each refusal on stderr."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import HQ_PASSPHRASE, run_cli


def test_each_refused_packet_is_also_one_line_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two bad packets among the files: stdout has a line for each as before, stderr one
    `outpost: ` line per refusal (a script keeping `2>errors.log` sees them), exit 3."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    hq, usb = tmp_path / "hq", tmp_path / "usb"
    assert run_cli("hq", "init", "--id", "alxa", "--name", "大队", data_dir=hq).returncode == 0
    usb.mkdir()
    (usb / "a.opk").write_bytes(b"not a packet")
    (usb / "b.opk").write_bytes(b"OUTPOST\x00" + b"\x00" * 40)
    done = run_cli("hq", "import", str(usb), data_dir=hq)
    assert done.returncode == 3
    out = done.stdout.splitlines()
    assert [line.split(":")[0] for line in out] == ["a.opk", "b.opk"]
    errors = done.stderr.splitlines()
    assert len(errors) == 2
    assert all(line.startswith("outpost: ") for line in errors)
    assert errors == [f"outpost: {line}" for line in out]
    json_run = run_cli("hq", "import", "--json", str(usb), data_dir=hq)
    assert json_run.returncode == 3 and len(json_run.stderr.splitlines()) == 2
