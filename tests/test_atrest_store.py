"""A station sealed at rest: a stolen folder reveals no name, a moved or swapped file is refused.

These tests make sealed stations (a passphrase given to `Logbook.create`); the other tests'
fixtures keep making clear ones, which stay supported (docs/threat-model.md).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from outpost.errors import InputRefused
from outpost.logbook import Logbook
from outpost.store import atrest
from outpost.store.files import read_json
from tests.conftest import Clock

PASSPHRASE = b"camel-well-saxaul-41"
SECRETS = [
    "巴特尔",
    "查干嘎查",
    "13904831234",
    "界桩 101-108",
    "Robert'); DROP TABLE households;--",
    "\u202eevil\u202c",
    "银根戍边夫妻警务室",
    "张伟",
]


def forms(text: str) -> list[bytes]:
    """Every way `text` could sit in a file: UTF-8, UTF-16 (both orders), JSON-escaped."""
    escaped = json.dumps(text)[1:-1]
    return [
        text.encode("utf-8"),
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
        escaped.encode("ascii", "backslashreplace"),
    ]


def fill(folder: Path, clock: Clock, passphrase: bytes | None) -> None:
    book = Logbook.create(
        folder,
        station_id="yingen-couple-post",
        name="银根戍边夫妻警务室",
        officers=["张伟", "李娜"],
        clock=clock,
        passphrase=passphrase,
    )
    try:
        head = {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"}
        book.add("household", {**head, "phone": "13904831234"})
        book.add("household", {"household_id": "hh-0008", "head": SECRETS[4]})
        book.add("household", {"household_id": "hh-0009", "head": SECRETS[5]})
        book.add("water_delivery", {"household": "hh-0007", "litres": 800, "note": SECRETS[4]})
        book.add(
            "patrol",
            {
                "started_at": "2026-11-26 06:00",
                "ended_at": "2026-11-26 11:30",
                "route": "界桩 101-108",
                "distance_km": 42.5,
                "markers": ["101", "102"],
            },
        )
        first = next(book.entries())
        book.amend(first["id"], {**first["data"], "head": "巴特尔"}, reason="查干嘎查 phone")
    finally:
        book.close()


def found_in(folder: Path) -> set[str]:
    """The secrets whose bytes appear in any file under `folder`, in any form."""
    blobs = [p.read_bytes() for p in folder.rglob("*") if p.is_file()]
    return {s for s in SECRETS if any(f in blob for f in forms(s) for blob in blobs)}


def test_a_stolen_sealed_folder_reveals_no_name_phone_or_route(
    tmp_path: Path, clock: Clock
) -> None:
    """A copy of a sealed station's folder holds none of its names, phones or routes in any
    encoding, while the same station made clear holds every one (so the search can find)."""
    fill(tmp_path / "sealed", clock, PASSPHRASE)
    fill(tmp_path / "clear", clock, None)
    stolen = tmp_path / "stolen"
    shutil.copytree(tmp_path / "sealed", stolen)
    assert found_in(stolen) == set()
    assert found_in(tmp_path / "clear") >= set(SECRETS) - {SECRETS[5]}


def test_a_sealed_station_opens_again_with_its_passphrase(tmp_path: Path, clock: Clock) -> None:
    """In a fresh process state (the key forgotten), the passphrase opens the log whole."""
    folder = tmp_path / "station"
    fill(folder, clock, PASSPHRASE)
    atrest.lock(folder)
    with pytest.raises(InputRefused) as locked:
        Logbook.open(folder)
    assert locked.value.key == "atrest.locked"
    book = Logbook.open(folder, passphrase=PASSPHRASE)
    try:
        assert book.check().entries == 6
        assert book.config.officers == ["张伟", "李娜"]
    finally:
        book.close()


def test_a_wrong_passphrase_is_refused_and_nothing_is_touched(tmp_path: Path, clock: Clock) -> None:
    """A wrong passphrase is refused (exit 3) before any file is written, the lock included."""
    folder = tmp_path / "station"
    fill(folder, clock, PASSPHRASE)
    atrest.lock(folder)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    with pytest.raises(InputRefused) as wrong:
        Logbook.open(folder, passphrase=b"not-the-passphrase")
    assert wrong.value.key == "atrest.bad_passphrase" and wrong.value.exit_code == 3
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}
    assert after == before


def test_a_page_moved_or_swapped_is_refused(tmp_path: Path, clock: Clock) -> None:
    """A sealed page renamed to another month, or state.json swapped for corrections.json,
    does not open under its new name: refused with a line, never read as if it belonged."""
    folder = tmp_path / "station"
    fill(folder, clock, PASSPHRASE)
    page = folder / "log" / "2026-11.json"
    moved = folder / "log" / "2026-10.json"
    shutil.copy(page, moved)
    with pytest.raises(ValueError, match="another file"):
        read_json(moved)
    swapped = folder / "state.json"
    shutil.copy(folder / "corrections.json", swapped)
    with pytest.raises(ValueError, match="another file"):
        read_json(swapped)
    moved.unlink()
    shutil.copy(page, folder / "log" / "2026-11.2.json")
    with pytest.raises(InputRefused) as refused:
        Logbook.open(folder, passphrase=PASSPHRASE).close()
    assert refused.value.key == "store.unreadable"
    assert "2026-11.2.json" in str(refused.value)


def test_a_bit_flipped_page_is_refused(tmp_path: Path, clock: Clock) -> None:
    """One bit changed anywhere in a sealed page and it does not open."""
    folder = tmp_path / "station"
    fill(folder, clock, PASSPHRASE)
    page = folder / "log" / "2026-11.json"
    raw = bytearray(page.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    page.write_bytes(bytes(raw))
    with pytest.raises(ValueError, match="another file, or damaged"):
        read_json(page)
