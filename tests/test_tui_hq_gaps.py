"""A station's detail names what would fill each gap: the station's own packet files by their
names, and a packet HQ opened and refused there (kept with its seqs, digest and reason)."""

from __future__ import annotations

import shutil
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from conftest import HQ_PASSPHRASE
from hq_tui_helpers import make_hq
from tui_helpers import screen_text

from outpost.brigade import PacketImport, station_detail, write_acks
from outpost.errors import Conflict
from outpost.hq import HqArchive, import_packet
from outpost.logbook import Logbook
from outpost.station.delivery import apply_acks
from outpost.sync.identity import read_card
from outpost.sync.station import export, own_card_path, set_hq_card
from outpost.tui.hq import build_hq_app
from outpost.tui.hq.stations import StationDetailScreen

STATION = "yingen-couple-post"


def water(book: Logbook, litres: int, times: int) -> Path:
    """`times` water deliveries, exported: the one packet they went into."""
    for _ in range(times):
        book.add("water_delivery", {"household": "hh-0007", "litres": litres})
    [packet] = export(book).packets
    return packet


def station_with_a_gap(tmp_path: Path, clock: Any, hq: Path) -> dict[str, Path]:
    """Packets A (seqs 1-2), B (3-4) and C (5-6) of a station, HQ given A and C (B lost: the gap
    3-4), and F (3-5), a fork sealed from a backup of the station taken after A, which HQ
    opens and refuses (its seq 5 is not the 5 HQ holds). The station's folder is returned."""
    station = tmp_path / "station"
    book = Logbook.create(station, station_id=STATION, name="银根", officers=["张伟"], clock=clock)
    try:
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔"})
        with HqArchive.open(hq, clock) as archive:
            set_hq_card(book, archive.card)
            archive.enroll(read_card(own_card_path(book), "outpost-station"))
        a = water(book, 800, 1)
        shutil.copytree(station, tmp_path / "backup")
        b = water(book, 500, 2)
        c = water(book, 300, 2)
    finally:
        book.close()
    restored = Logbook.open(tmp_path / "backup")
    try:
        fork = water(restored, 999, 3)
    finally:
        restored.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    shutil.copy(fork, stick / "4-fork.opk")  # the courier's name: HQ names the station's own
    with HqArchive.open(hq, clock) as archive:
        archive.unlock(HQ_PASSPHRASE)
        for packet in (a, c):
            import_packet(archive, packet.read_bytes(), source=packet.name)
        [done] = list(PacketImport(archive, [stick / "4-fork.opk"]))
        assert isinstance(done.outcome, Conflict)
        write_acks(archive, [STATION], stick / "acks")
    return {"station": station, "lost": b, "fork": fork, "stick": stick}


async def test_detail_names_the_files_and_the_refused_packet_of_a_gap(
    tmp_path: Path, clock: Any
) -> None:
    """The gap 3-4 names the station's outbox files STATION-0000003-* to STATION-*-0000004-*
    (the lost packet matches both), and the fork HQ refused there by the name the station gave
    it, with the reason; the two station commands it names bring the gap's entries back."""
    hq = tmp_path / "hq"
    make_hq(hq, clock)
    made = station_with_a_gap(tmp_path, clock, hq)
    app = build_hq_app(hq, HQ_PASSPHRASE, clock=clock)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, StationDetailScreen)
            shown = " ".join(screen_text(app).split())
    finally:
        assert app.archive is not None
        app.archive.close()
    first, last = f"{STATION}-0000003-*-*.opk", f"{STATION}-*-0000004-*.opk"
    assert f"3–4: in the station's outbox/, the files from {first} to {last}" in shown
    assert fnmatch(made["lost"].name, first) and fnmatch(made["lost"].name, last)
    assert f"refused here 2026-11-26 09:00 (stick): {made['fork'].name}: " in shown
    assert "FORK" in shown and "4-fork.opk" not in shown
    assert "outpost ack STICK/acks, then outpost export --copy-to STICK" in shown

    book = Logbook.open(made["station"])
    try:
        assert apply_acks(book, [made["stick"]])[0].error is None
        courier = tmp_path / "stick-2"
        export(book, courier)
    finally:
        book.close()
    assert made["lost"].name in {p.name for p in courier.iterdir()}
    with HqArchive.open(hq, clock) as archive:
        archive.unlock(HQ_PASSPHRASE)
        list(PacketImport(archive, sorted(courier.glob("*.opk"))))
        detail = station_detail(archive, STATION)
    assert detail["missing"] == [] and detail["contiguous_through"] == 6


def test_a_packet_refused_before_its_signature_is_not_kept(tmp_path: Path, clock: Any) -> None:
    """A tampered copy of the lost packet (its signature fails) says nothing HQ can trust: the
    gap names no refused packet."""
    hq = tmp_path / "hq"
    make_hq(hq, clock)
    made = station_with_a_gap(tmp_path, clock, hq)
    raw = bytearray(made["lost"].read_bytes())
    raw[-100] ^= 1
    tampered = tmp_path / "tampered.opk"
    tampered.write_bytes(bytes(raw))
    with HqArchive.open(hq, clock) as archive:
        archive.unlock(HQ_PASSPHRASE)
        [done] = list(PacketImport(archive, [tampered]))
        assert done.refusal is not None
        [gap] = station_detail(archive, STATION)["gaps"]
    assert [p["file"] for p in gap["refused"]] == [made["fork"].name]
