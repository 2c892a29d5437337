"""Hostile acks at the station: refused through the real CLI, the station's files unchanged.

Each refusal asserts the exit code (3; 4 for the alarms of a disagreeing HQ), one line naming
the reason on stderr, and every file of the station's data directory byte for byte as before.
Acks HQ really signed are crafted with HQ's signing key, read from its data directory.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, Clock, run_cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_adversarial_hq import STATION, World, copy_world, make_world

from outpost.errors import InputRefused
from outpost.hq import HqArchive, import_packet, make_ack
from outpost.logbook import Logbook
from outpost.model import entry_hash
from outpost.sync.ack import MAGIC, seal_ack
from outpost.sync.identity import load_hq_keys
from outpost.sync.limits import MAX_ACK_BYTES
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import sync_status


@dataclass
class AckWorld:
    """A station that applied HQ's first ack (seq 1-3 held), and HQ's genuine second ack
    (seq 1-6 held) not yet applied; plus HQ's signing key to craft acks HQ really signed."""

    world: World
    first_ack: bytes
    second_ack: bytes
    hq_signing: Ed25519PrivateKey
    hashes: dict[int, str]
    """The station's own entry hash at each seq."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> AckWorld:
    """One AckWorld per module; each test works on a copy."""
    world = make_world(tmp_path_factory.mktemp("acks"), Clock())
    archive = HqArchive.open(world.hq_dir)
    book = Logbook.open(world.station_dir)
    try:
        archive.unlock(HQ_PASSPHRASE)
        first, _ = make_ack(archive, STATION)
        apply_ack(book, first)
        import_packet(archive, world.packet)
        second, _ = make_ack(archive, STATION)
        hashes = {e["seq"]: entry_hash(e) for e in book.entries()}
    finally:
        book.close()
        archive.close()
    signing = load_hq_keys(world.hq_dir, HQ_PASSPHRASE).signing
    return AckWorld(world, first, second, signing, hashes)


@pytest.fixture
def acks(template: AckWorld, tmp_path: Path) -> AckWorld:
    """A fresh copy of the AckWorld's folders in tmp_path."""
    return replace(template, world=copy_world(template.world, tmp_path))


def station_files(folder: Path) -> dict[str, bytes]:
    """Every file of the station's data directory (its lock file aside) and its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def status(acks: AckWorld) -> dict[str, Any]:
    """What `outpost status --json` reports on sync, read in this process (the CLI is done)."""
    book = Logbook.open(acks.world.station_dir)
    try:
        return sync_status(book)
    finally:
        book.close()


def ack_cli(acks: AckWorld, raw: bytes, name: str = "from-hq.oack") -> Any:
    path = acks.world.tmp / "acks-in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw)
    return run_cli("ack", str(path), data_dir=acks.world.station_dir)


def refused_by_cli(acks: AckWorld, raw: bytes, words: str, code: int = 3) -> str:
    """`outpost ack` refuses `raw` with `code` and one line holding `words`; every station file
    is the same, byte for byte."""
    before = station_files(acks.world.station_dir)
    done = ack_cli(acks, raw)
    assert done.returncode == code, (done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert words in line, line
    assert station_files(acks.world.station_dir) == before
    return line


def signed_ack(acks: AckWorld, key: Ed25519PrivateKey | None = None, **fields: Any) -> bytes:
    """An ack of HQ's genuine second ack's content with `fields` changed, signed by `key`
    (HQ's own key unless named)."""
    body: dict[str, Any] = {
        "hq_id": "alxa-brigade",
        "station": STATION,
        "log_id": acks.world.log_id,
        "counter": 3,
        "created_at": "2026-11-27T10:00:00+00:00",
        "contiguous_through": 6,
        "hash_at": acks.hashes[6],
        "held_above": [],
    }
    body.update(fields)
    return seal_ack(hq_key=key or acks.hq_signing, **body)


def test_genuine_ack_is_applied(acks: AckWorld) -> None:
    """HQ's second ack, unaltered, moves the acknowledged seq from 3 to 6."""
    assert status(acks)["acknowledged_through"] == 3
    done = ack_cli(acks, acks.second_ack)
    assert done.returncode == 0, done.stderr
    assert status(acks)["acknowledged_through"] == 6


def test_crafted_ack_signed_by_hq_is_applied(acks: AckWorld) -> None:
    """The crafting helper makes acks the station accepts, so each refusal below is the
    hostile part, not the helper."""
    done = ack_cli(acks, signed_ack(acks))
    assert done.returncode == 0, done.stderr
    assert status(acks)["acknowledged_through"] == 6


def test_ack_signed_by_another_hq_key_is_refused(acks: AckWorld) -> None:
    """An ack naming this HQ but signed by another key is refused as not signed by HQ."""
    raw = signed_ack(acks, key=Ed25519PrivateKey.generate())
    refused_by_cli(acks, raw, "not signed by HQ alxa-brigade")


def test_ack_naming_another_hq_is_refused(acks: AckWorld) -> None:
    """An ack whose body names another HQ is refused, naming both HQs."""
    raw = signed_ack(acks, hq_id="other-brigade")
    refused_by_cli(acks, raw, "comes from HQ other-brigade")


def test_ack_for_another_station_is_refused(acks: AckWorld) -> None:
    """An ack HQ signed for another station is refused, naming that station."""
    refused_by_cli(acks, signed_ack(acks, station="ejina-post"), "for station ejina-post")


def test_ack_for_another_log_of_this_station_is_refused(acks: AckWorld) -> None:
    """An ack for this station's earlier log (a reinstalled laptop) is refused."""
    other = "0" * 31 + "1"
    refused_by_cli(acks, signed_ack(acks, log_id=other), f"log {other[:8]}")


def test_replayed_ack_is_refused_and_changes_nothing(acks: AckWorld) -> None:
    """The first ack, already applied, brought again is refused as not newer."""
    refused_by_cli(acks, acks.first_ack, "no. 1 is not newer than the last one applied (no. 1)")


def test_older_ack_after_a_newer_one_is_refused(acks: AckWorld) -> None:
    """After ack no. 2 is applied, a genuine ack no. 1 changes nothing."""
    assert ack_cli(acks, acks.second_ack).returncode == 0
    older = signed_ack(acks, counter=1, contiguous_through=3, hash_at=acks.hashes[3])
    refused_by_cli(acks, older, "no. 1 is not newer than the last one applied (no. 2)")
    assert status(acks)["acknowledged_through"] == 6


def alarmed(acks: AckWorld, raw: bytes, words: str) -> tuple[str, dict[str, Any]]:
    """Apply a signed ack that disagrees with the log through the CLI: exit 4, one line, and
    the only change anywhere in the station's files is the alarm kept in its bookkeeping."""
    folder = acks.world.station_dir
    before_files = station_files(folder)
    before = status(acks)
    done = ack_cli(acks, raw)
    assert done.returncode == 4, (done.stdout, done.stderr)
    [line] = done.stderr.splitlines()
    assert words in line, line
    after = status(acks)
    [alarm] = after.pop("alarms")
    assert before.pop("alarms") == []
    assert after == before
    after_files = station_files(folder)
    for files in (before_files, after_files):
        files.pop("station.json")
    assert after_files == before_files
    return line, alarm


def test_ack_whose_hash_disagrees_raises_the_alarm_and_changes_nothing(acks: AckWorld) -> None:
    """An ack holding another hash at seq 6 than the station's own exits 4 with an alarm that
    status keeps showing; nothing else of the station changes."""
    line, alarm = alarmed(acks, signed_ack(acks, hash_at="c" * 64), "ALARM")
    assert "entry 6" in line
    assert alarm["kind"] == "hash_mismatch" and alarm["seq"] == 6
    assert alarm["hq_hash"] == "c" * 64 and alarm["own_hash"] == acks.hashes[6]


def test_ack_claiming_entries_the_log_never_had_raises_the_alarm(acks: AckWorld) -> None:
    """An ack saying HQ holds seq 9 of a log that ends at 6 exits 4 with an alarm."""
    raw = signed_ack(acks, held_above=[[8, 9]])
    _, alarm = alarmed(acks, raw, "holds entry 9, but this log ends at 6")
    assert alarm["kind"] == "beyond_log" and alarm["seq"] == 9


def test_ack_with_held_ranges_out_of_order_is_refused(acks: AckWorld) -> None:
    """A signed ack listing held ranges that overlap what it calls contiguous is refused."""
    raw = signed_ack(acks, contiguous_through=3, hash_at=acks.hashes[3], held_above=[[2, 5]])
    refused_by_cli(acks, raw, "held ranges out of order")


def test_truncated_ack_is_refused(acks: AckWorld) -> None:
    """An ack cut short (half a file from a stick pulled too early) is refused."""
    refused_by_cli(acks, acks.second_ack[: len(acks.second_ack) // 2], "cut short")


def test_ack_with_trailing_bytes_is_refused(acks: AckWorld) -> None:
    """Bytes after an ack's signature are refused."""
    refused_by_cli(acks, acks.second_ack + b"\0", "trailing bytes")


def test_ack_of_an_unsupported_version_is_named(acks: AckWorld) -> None:
    """An ack announcing format 4 is refused as an unsupported format, not as damage."""
    raw = b"OUTPOST-ACK/4\n" + acks.second_ack[len(MAGIC) :]
    refused_by_cli(acks, raw, "unsupported ack format v4")


def test_ack_over_the_size_cap_is_refused(acks: AckWorld) -> None:
    """An ack file over the cap is refused as too big."""
    raw = acks.second_ack + b"\0" * MAX_ACK_BYTES
    refused_by_cli(acks, raw, f"the limit is {MAX_ACK_BYTES}")


def test_ack_body_length_over_the_cap_is_refused(acks: AckWorld) -> None:
    """An ack whose length field announces 1 MiB is refused without reading that much."""
    at = len(MAGIC)
    raw = acks.second_ack[:at] + struct.pack(">I", 1 << 20) + acks.second_ack[at + 4 :]
    refused_by_cli(acks, raw, "body over 32768 bytes")


def test_packet_given_as_an_ack_is_refused(acks: AckWorld) -> None:
    """A packet file handed to `outpost ack` by mistake is refused as not an ack."""
    refused_by_cli(acks, acks.world.packet, "not an outpost ack")


def test_bad_ack_beside_a_good_one_applies_only_the_good(acks: AckWorld) -> None:
    """Given a tampered ack and the genuine one, the station applies the genuine one and
    exits 3 naming the tampered file."""
    folder = acks.world.tmp / "stick"
    folder.mkdir()
    tampered = bytearray(acks.second_ack)
    tampered[-1] ^= 0x40
    (folder / "a.oack").write_bytes(bytes(tampered))
    (folder / "b.oack").write_bytes(acks.second_ack)
    done = run_cli("ack", str(folder), data_dir=acks.world.station_dir)
    assert done.returncode == 3
    [line] = done.stderr.splitlines()
    assert line.startswith("outpost: a.oack:") and "not signed by HQ" in line
    assert status(acks)["acknowledged_through"] == 6


# -- property-based: any damage to a genuine ack ---------------------------------------------------

PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def open_book(acks: AckWorld) -> Any:
    book = Logbook.open(acks.world.station_dir)
    yield acks, book
    book.close()


def refused_in_process(book: Logbook, raw: bytes, before: dict[str, bytes]) -> None:
    with pytest.raises(InputRefused) as refusal:
        apply_ack(book, raw)
    assert refusal.value.exit_code == 3
    assert refusal.value.message() and "\n" not in refusal.value.message()
    assert station_files(book.folder) == before
    assert book.config.sync["acknowledged_through"] == 3


@PROPERTY
@given(data=st.data())
def test_ack_cut_at_any_offset_is_refused(
    open_book: tuple[AckWorld, Logbook], data: st.DataObject
) -> None:
    """A genuine ack cut at any offset is refused with exit 3 and the station unchanged."""
    acks, book = open_book
    cut = data.draw(st.integers(0, len(acks.second_ack) - 1), label="cut")
    refused_in_process(book, acks.second_ack[:cut], station_files(book.folder))


@PROPERTY
@given(data=st.data())
def test_ack_with_a_bit_flipped_anywhere_is_refused(
    open_book: tuple[AckWorld, Logbook], data: st.DataObject
) -> None:
    """One bit flipped anywhere in a genuine ack gets it refused, the station unchanged."""
    acks, book = open_book
    raw = bytearray(acks.second_ack)
    at = data.draw(st.integers(0, len(raw) - 1), label="offset")
    raw[at] ^= 1 << data.draw(st.integers(0, 7), label="bit")
    refused_in_process(book, bytes(raw), station_files(book.folder))
