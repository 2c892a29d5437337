"""HQ's services (outpost.brigade) called as HQ's screens will call them: no click, no printing."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click
import pytest
from conftest import HQ_PASSPHRASE

from outpost.brigade import (
    PacketImport,
    brigade_summary,
    brigade_summary_of_folder,
    enroll_station,
    hq_card_file,
    open_hq,
    packets_to_import,
    read_station_card,
    set_up_hq,
    station_rows,
    write_ack,
    write_acks,
)
from outpost.errors import ForeignDataDir, InputRefused, NotInitialised, UsageError
from outpost.logbook import Logbook
from outpost.sync.station import export, own_card_path


def exported(book: Logbook) -> Path:
    """The station's outbox after one delivery was logged and exported."""
    book.add("water_delivery", {"household": "hh-0007", "litres": 800})
    [packet] = export(book).packets
    return packet.parent


def test_set_up_hq_hands_back_its_card_file(tmp_path: Path) -> None:
    """Set-up writes HQ's card and returns where it lies and its fingerprint."""
    made = set_up_hq(tmp_path / "hq", hq_id="alxa-brigade", name=" 大队 ", passphrase=HQ_PASSPHRASE)
    assert made.path == tmp_path / "hq" / "hq.card.json"
    assert made.path.is_file()
    with open_hq(tmp_path / "hq", HQ_PASSPHRASE) as archive:
        assert hq_card_file(archive) == made
        assert archive.name == "大队"
    assert made.fingerprint == made.card["fingerprint"]


def test_set_up_hq_refuses_an_empty_name(tmp_path: Path) -> None:
    """An empty name is a usage error and leaves no folder behind."""
    with pytest.raises(UsageError):
        set_up_hq(tmp_path / "hq", hq_id="alxa-brigade", name="  ", passphrase=b"pw")
    assert not (tmp_path / "hq").exists()


def test_passphrase_is_not_asked_for_a_folder_that_is_not_hq(tmp_path: Path) -> None:
    """Opening a folder with no HQ refuses it before the passphrase is asked."""
    asked: list[bool] = []

    def ask() -> bytes:
        asked.append(True)
        return HQ_PASSPHRASE

    with pytest.raises(NotInitialised), open_hq(tmp_path / "nothing", ask):
        pass
    assert asked == []


def test_enrolling_the_same_card_again_changes_nothing(linked_book: Logbook, hq: Any) -> None:
    """A station's card enrolled a second time is "same"."""
    card = read_station_card(own_card_path(linked_book))
    assert enroll_station(hq, card).outcome == "same"


def test_import_reports_each_file_and_the_stations_heard(
    linked_book: Logbook, hq: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A good packet and a bad file: one outcome each, the worst exit code, the station heard."""
    outbox = exported(linked_book)
    bad = tmp_path / "bad.opk"
    bad.write_bytes(b"not a packet")
    run = PacketImport(hq, packets_to_import([outbox, bad]))
    outcomes = list(run)
    assert [o.path for o in outcomes] == [*outbox.glob("*.opk"), bad]
    assert outcomes[0].refusal is None
    assert run.heard == ["yingen-couple-post"]
    assert run.exit_code == 3
    good, refused = run.to_json()
    assert (good["status"], good["new_entries"]) == ("new", 2)
    assert (refused["status"], refused["exit"]) == ("refused", 3)
    [ack] = write_acks(hq, run.heard, tmp_path / "acks" / "usb")
    assert ack.parent == tmp_path / "acks" / "usb"
    assert capsys.readouterr() == ("", "")


def test_no_packet_files_is_refused_before_anything_opens(tmp_path: Path) -> None:
    """An empty folder holds nothing to import."""
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputRefused) as refusal:
        packets_to_import([tmp_path / "empty"])
    assert refusal.value.key == "hq.no_packets"


def test_ack_into_a_folder_is_named_for_the_station(
    linked_book: Logbook, hq: Any, tmp_path: Path
) -> None:
    """An ack written into a folder gets the station's numbered name there."""
    list(PacketImport(hq, packets_to_import([exported(linked_book)])))
    target = write_ack(hq, "yingen-couple-post", tmp_path)
    assert target.parent == tmp_path
    assert target.name.startswith("yingen-couple-post-")


def test_station_rows_and_the_summary_count_what_was_imported(
    linked_book: Logbook, hq: Any
) -> None:
    """After an import the station's row and the brigade's summary both hold its entries."""
    list(PacketImport(hq, packets_to_import([exported(linked_book)])))
    [row] = station_rows(hq)
    assert (row["id"], row["entries"], row["missing"]) == ("yingen-couple-post", 2, [])
    summary = brigade_summary(hq, "2026-11")
    assert summary.to_json()["month"] == "2026-11"


def test_summary_of_a_station_folder_says_a_report_needs_hq(book: Logbook) -> None:
    """A station's folder given to the brigade summary is refused as report.not_hq."""
    with pytest.raises(ForeignDataDir) as refusal:
        brigade_summary_of_folder(book.folder)
    assert refusal.value.key == "report.not_hq"


def test_summary_refuses_a_bad_month_before_looking_at_the_folder(tmp_path: Path) -> None:
    """A bad month is the refusal, even when the folder holds no HQ."""
    with pytest.raises(UsageError) as refusal:
        brigade_summary_of_folder(tmp_path / "nothing", "2026-13")
    assert refusal.value.key == "report.bad_month"


@pytest.mark.parametrize("order", [("cmd_report", "cmd_hq"), ("cmd_hq", "cmd_report")])
def test_hq_report_is_registered_whatever_order_the_commands_load_in(
    order: tuple[str, str],
) -> None:
    """`hq report` exists whichever command module registers first."""
    root = click.Group("outpost")
    for name in order:
        importlib.import_module(f"outpost.cli.{name}").register(root)
    hq = root.commands["hq"]
    assert isinstance(hq, click.Group)
    assert "report" in hq.commands
