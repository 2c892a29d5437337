"""A forgotten station passphrase, recovered through HQ end to end on the command line; an
answer from another HQ or for another station is refused and changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from outpost.store import atrest
from tests.conftest import run_cli

HQ_PASSPHRASE = "saxaul-dune-camel-well-27"
FORGOTTEN = "camel-well-saxaul-41"
NEW = "gobi-stars-at-night-9"


def hq_init(folder: Path, hq_id: str) -> None:
    made = run_cli("hq", "init", "--id", hq_id, "--name", "大队", data_dir=folder)
    assert made.returncode == 0, made.stderr


def station_init(folder: Path, station_id: str, hq: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sealed station holding `hq`'s card, enrolled there, with one household."""
    monkeypatch.setenv("OUTPOST_PASSPHRASE", FORGOTTEN)
    init = run_cli(
        "init", "--station-id", station_id, "--name", "银根", "--officer", "张伟",
        "--hq-card", str(hq / "hq.card.json"), data_dir=folder,
    )  # fmt: skip
    assert init.returncode == 0, init.stderr
    household = json.dumps({"household_id": "hh-0007", "head": "巴特尔"})
    assert run_cli("add", "household", "--data", household, data_dir=folder).returncode == 0
    card = str(folder / "station.card.json")
    assert run_cli("hq", "enroll", card, data_dir=hq).returncode == 0
    monkeypatch.delenv("OUTPOST_PASSPHRASE")
    atrest.lock(folder)  # the passphrase is forgotten: this process no longer holds the key


def answer(hq: Path, request: Path, out: Path) -> str:
    """`outpost hq recover`: the one-time code it prints."""
    done = run_cli("hq", "recover", str(request), "--out", str(out), data_dir=hq)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().rsplit(" ", 1)[-1]


@pytest.fixture
def hq_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE)


def test_a_forgotten_passphrase_is_recovered_through_hq(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hq_env: None
) -> None:
    """Request, HQ's answer and its code, a new passphrase: the log opens with it, whole; the
    request and the answer hold neither the key nor a name in clear."""
    hq, station = tmp_path / "hq", tmp_path / "station"
    hq_init(hq, "alxa-brigade")
    station_init(station, "yingen-couple-post", hq, monkeypatch)
    request, reply = tmp_path / "stick" / "request.json", tmp_path / "stick" / "answer.json"
    request.parent.mkdir()
    made = run_cli("recovery-request", "--out", str(request), data_dir=station)
    assert made.returncode == 0, made.stderr
    code = answer(hq, request, reply)
    monkeypatch.setenv("OUTPOST_NEW_PASSPHRASE", NEW)
    monkeypatch.setenv("OUTPOST_RECOVERY_CODE", "AAAA-AAAA-AAAA-AAAA-AAAA")
    wrong = run_cli("recover", str(reply), data_dir=station)
    assert wrong.returncode == 3 and "one-time code" in wrong.stderr
    monkeypatch.setenv("OUTPOST_RECOVERY_CODE", code.lower())  # as typed from the phone
    done = run_cli("recover", str(reply), data_dir=station)
    assert done.returncode == 0, done.stderr
    atrest.lock(station)
    monkeypatch.setenv("OUTPOST_PASSPHRASE", FORGOTTEN)
    assert run_cli("log", data_dir=station).returncode == 3
    monkeypatch.setenv("OUTPOST_PASSPHRASE", NEW)
    shown = run_cli("log", data_dir=station)
    assert shown.returncode == 0 and "巴特尔" in shown.stdout
    for path in (request, reply):
        assert "巴特尔".encode() not in path.read_bytes()


def test_an_answer_for_another_station_or_from_another_hq_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hq_env: None
) -> None:
    """Station A given the answer made for station B, or made by another HQ for a request
    carried there, is refused in one line (exit 3) and its unlock file is unchanged."""
    hq, other_hq = tmp_path / "hq", tmp_path / "other-hq"
    hq_init(hq, "alxa-brigade")
    hq_init(other_hq, "ejin-brigade")
    a, b = tmp_path / "a", tmp_path / "b"
    station_init(a, "post-a", hq, monkeypatch)
    station_init(b, "post-b", hq, monkeypatch)
    for folder in (a, b):
        out = tmp_path / f"{folder.name}.request"
        assert run_cli("recovery-request", "--out", str(out), data_dir=folder).returncode == 0
    code_b = answer(hq, tmp_path / "b.request", tmp_path / "b.answer")
    card = str(a / "station.card.json")
    assert run_cli("hq", "enroll", card, data_dir=other_hq).returncode == 0
    refused = run_cli("hq", "recover", str(tmp_path / "a.request"), "--out",
                      str(tmp_path / "x.answer"), data_dir=other_hq)  # fmt: skip
    assert refused.returncode == 3 and not (tmp_path / "x.answer").exists()
    assert "not sealed to this HQ" in refused.stderr
    before = (a / "unlock.json").read_bytes()
    monkeypatch.setenv("OUTPOST_NEW_PASSPHRASE", NEW)
    monkeypatch.setenv("OUTPOST_RECOVERY_CODE", code_b)
    foreign = run_cli("recover", str(tmp_path / "b.answer"), data_dir=a)
    assert foreign.returncode == 3 and foreign.stderr.count("\n") == 1
    assert "another station" in foreign.stderr
    assert (a / "unlock.json").read_bytes() == before
