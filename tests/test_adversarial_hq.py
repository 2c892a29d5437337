"""Hostile packets at HQ: each refused through the real CLI, with one clear line, nothing changed.

Every refusal is checked three ways: the exit code (3, or 4 for a fork), one line naming the
reason, and an archive whose SQL dump is the same as before (a fork may only add its incident).
Hostile-but-signed packets are crafted with the station's own private key, read from its data
directory, and the library's lower-level sealing pieces: only a key holder could make them.
"""

from __future__ import annotations

import base64
import copy
import json
import shutil
import sqlite3
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from conftest import HQ_PASSPHRASE, Clock, run_cli
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outpost.errors import InputRefused
from outpost.hq import HqArchive, import_packet
from outpost.logbook import Logbook
from outpost.model import Entry, canonical_bytes, entry_hash
from outpost.sync.identity import (
    Card,
    card_encryption_key,
    hq_card,
    key_fingerprint,
    load_station_key,
    read_card,
)
from outpost.sync.limits import MAX_PACKET_BYTES
from outpost.sync.packet import INFO_LABEL, MAGIC, SUITE, seal_packet
from outpost.sync.station import export, own_card_path, set_hq_card

STATION = "yingen-couple-post"
CREATED = "2026-11-26T18:00:00+08:00"


@dataclass
class World:
    """An HQ that holds seq 1-3 of a station's log, and a genuine packet of seq 4-6 not yet
    imported; both folders closed, ready for the command line."""

    tmp: Path
    hq_dir: Path
    station_dir: Path
    key: Ed25519PrivateKey
    """The station's private key, read from its data directory (never printed)."""
    hq_card: Card
    log_id: str
    held: list[Entry]
    due: list[Entry]
    packet: bytes


def make_world(tmp: Path, clock: Clock) -> World:
    """Set up an HQ and an enrolled station in `tmp`; HQ imports the first export."""
    hq_dir, station_dir = tmp / "hq", tmp / "station"
    archive = HqArchive.create(
        hq_dir, hq_id="alxa-brigade", name="阿拉善左旗边境管理大队",
        passphrase=HQ_PASSPHRASE, clock=clock,
    )  # fmt: skip
    book = Logbook.create(
        station_dir, station_id=STATION, name="银根戍边夫妻警务室",
        officers=["张伟", "李娜"], clock=clock,
    )  # fmt: skip
    try:
        set_hq_card(book, archive.card)
        archive.enroll(read_card(own_card_path(book), "outpost-station"))
        book.add("household", {"household_id": "hh-0007", "head": "巴特尔", "gacha": "查干嘎查"})
        book.add("water_delivery", {"household": "hh-0007", "litres": 800})
        book.add("water_delivery", {"household": "hh-0007", "litres": 600, "note": "旱情"})
        [first] = export(book).packets
        import_packet(archive, first.read_bytes())
        clock.advance(days=1)
        book.add("water_delivery", {"household": "hh-0007", "litres": 900})
        book.add("herder_visit", {"household": "hh-0007", "purpose": "welfare_check"})
        book.add("assistance", {"category": "parcel", "description": "送药到嘎查"})
        [second] = export(book).packets
        key = load_station_key(station_dir)
        assert key is not None
        return World(
            tmp=tmp,
            hq_dir=hq_dir,
            station_dir=station_dir,
            key=key,
            hq_card=archive.card,
            log_id=book.config.log_id,
            held=list(book.entries(1, 3)),
            due=list(book.entries(4, 6)),
            packet=second.read_bytes(),
        )
    finally:
        book.close()
        archive.close()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> World:
    """One World per module; each test gets its own copy (keys are slow to make)."""
    return make_world(tmp_path_factory.mktemp("world"), Clock())


def copy_world(template: World, tmp: Path) -> World:
    """A copy of `template`'s folders in `tmp`, same keys, log and packet."""
    for folder in (template.hq_dir, template.station_dir):
        shutil.copytree(folder, tmp / folder.name)
    return replace(template, tmp=tmp, hq_dir=tmp / "hq", station_dir=tmp / "station")


@pytest.fixture
def world(template: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> World:
    """A fresh copy of the World in tmp_path, HQ's passphrase in the environment for the CLI."""
    monkeypatch.setenv("OUTPOST_HQ_PASSPHRASE", HQ_PASSPHRASE.decode())
    return copy_world(template, tmp_path)


# -- looking at the archive ----------------------------------------------------------------------


def dump(hq_dir: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Every statement of the archive's SQL dump (tables in `skip` left out, and the note of a
    refused packet: `refused_packets` keeps what HQ refused, never what it holds)."""
    skip = (*skip, "refused_packets")
    db = sqlite3.connect(f"file:{hq_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        lines = list(db.iterdump())
    finally:
        db.close()
    return [
        line for line in lines if not any(f'INSERT INTO "{t}"' in line for t in skip)
    ]  # fmt: skip


def incidents(hq_dir: Path) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(f"file:{hq_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        return db.execute(
            "SELECT station, log_id, kind, seq, held_hash, packet_hash FROM incidents"
        ).fetchall()
    finally:
        db.close()


def import_cli(world: World, raw: bytes, name: str = "hostile.opk") -> Any:
    """Write `raw` as a packet file and run `outpost hq import` on it."""
    path = world.tmp / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw)
    return run_cli("hq", "import", str(path), data_dir=world.hq_dir)


def refused_by_cli(world: World, raw: bytes, words: str, code: int = 3) -> str:
    """`hq import` refuses `raw` with `code` and one line holding `words`; the archive is the
    same, byte for byte, and the genuine packet still imports afterwards."""
    before = dump(world.hq_dir)
    done = import_cli(world, raw)
    assert done.returncode == code, (done.stdout, done.stderr)
    [line] = done.stdout.splitlines()
    assert "refused" in line and words in line, line
    assert done.stderr == f"outpost: {line}\n"  # the refusal on stderr too (issue 10)
    if code == 3:
        assert dump(world.hq_dir) == before
    return line


# -- crafting hostile packets ----------------------------------------------------------------------


def rechain(entries: list[Entry], prev: str) -> list[Entry]:
    """Copies of `entries` with every `prev` recomputed from `prev` (a consistent chain)."""
    out = []
    for entry in entries:
        entry = copy.deepcopy(entry)
        entry["prev"] = prev
        prev = entry_hash(entry)
        out.append(entry)
    return out


def craft(
    world: World,
    entries: list[Entry],
    *,
    header: dict[str, Any] | None = None,
    manifest: dict[str, Any] | None = None,
    lines: list[bytes] | None = None,
    plaintext: bytes | None = None,
    compressed: bytes | None = None,
    seal_to: X25519PublicKey | None = None,
    key: Ed25519PrivateKey | None = None,
) -> bytes:
    """A packet of `entries`, sealed and signed the way `seal_packet` does, with any part
    replaced: header fields, manifest fields, the entry lines, the plaintext or compressed
    body, the HPKE recipient, the signing key. Sizes follow the body unless `header` names them."""
    key = key or world.key
    if lines is None:
        lines = [canonical_bytes(e) for e in entries]
    identity = {
        "station": STATION,
        "station_key": key_fingerprint(key.public_key()),
        "log_id": world.log_id,
        "hq": world.hq_card["id"],
        "hq_key": key_fingerprint(card_encryption_key(world.hq_card)),
        "packet_id": "ab" * 16,
        "first_seq": entries[0]["seq"],
        "last_seq": entries[-1]["seq"],
        "count": len(entries),
        "last_hash": entry_hash(entries[-1]),
    }
    manifest_line = canonical_bytes({"type": "manifest", **identity, **(manifest or {})})
    if plaintext is None:
        plaintext = b"\n".join([manifest_line, *lines]) + b"\n"
    if compressed is None:
        compressed = zlib.compress(plaintext)
    fields = {
        "format": 1,
        "type": "packet",
        **identity,
        "created_at": CREATED,
        "compression": "zlib",
        "compressed_size": len(compressed),
        "plaintext_size": len(plaintext),
        **(header or {}),
    }
    header_bytes = canonical_bytes(fields)
    recipient = seal_to or card_encryption_key(world.hq_card)
    ciphertext = SUITE.encrypt(compressed, recipient, info=INFO_LABEL + header_bytes)
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + ciphertext
    return signed + key.sign(signed)


def other_hq_card() -> Card:
    return hq_card(
        "other-brigade",
        "额济纳旗边境管理大队",
        Ed25519PrivateKey.generate().public_key(),
        X25519PrivateKey.generate().public_key(),
        CREATED,
    )


# -- the outer layer -------------------------------------------------------------------------------


def test_crafted_packet_of_the_genuine_entries_is_accepted(world: World) -> None:
    """The crafting helper makes packets HQ accepts, so every refusal below is the hostile part."""
    done = import_cli(world, craft(world, world.due))
    assert done.returncode == 0, done.stderr
    assert "new, 3 entries (4–6)" in done.stdout


def test_trailing_bytes_after_the_signature_are_refused(world: World) -> None:
    """Bytes appended after the signature are refused as unexpected bytes."""
    refused_by_cli(world, world.packet + b"\n\n", "2 unexpected bytes")


def test_file_with_the_wrong_magic_is_refused_as_not_a_packet(world: World) -> None:
    """A file that does not start with OUTPOST-PACKET/1 is not taken for a packet."""
    refused_by_cli(world, b"PK\x03\x04" + world.packet[4:], "not an outpost packet")


def test_empty_file_is_refused_as_not_a_packet(world: World) -> None:
    """A zero-byte .opk file (a copy that never finished) is refused as cut short."""
    refused_by_cli(world, b"", "cut short")


def test_unsupported_version_is_named_and_not_called_corrupt(world: World) -> None:
    """A packet of format 7 says "unsupported format v7", not that the packet is damaged."""
    raw = b"OUTPOST-PACKET/7\n" + world.packet[len(MAGIC) :]
    line = refused_by_cli(world, raw, "unsupported format v7")
    assert "cut short" not in line and "signature" not in line


def test_unsupported_version_inside_a_signed_header_is_named(world: World) -> None:
    """A signed header announcing format 2 behind a v1 magic is refused as unsupported too."""
    raw = craft(world, world.due, header={"format": 2})
    refused_by_cli(world, raw, "unsupported format v2")


def test_header_length_over_4_kib_is_refused_before_reading_it(world: World) -> None:
    """A header length field of 1 MiB is refused without trying to read that much."""
    at = len(MAGIC)
    raw = world.packet[:at] + struct.pack(">I", 1 << 20) + world.packet[at + 4 :]
    refused_by_cli(world, raw, "header is too big")


def test_signed_header_over_4_kib_is_refused(world: World) -> None:
    """A correctly signed packet whose header really is over 4 KiB is refused as too big."""
    raw = craft(world, world.due, header={"note": "界" * 1500})
    refused_by_cli(world, raw, "header is too big")


def test_packet_over_the_size_cap_is_refused_unread(world: World) -> None:
    """A file one byte over the packet size cap is refused before it is parsed."""
    raw = world.packet + b"\0" * (MAX_PACKET_BYTES + 1 - len(world.packet))
    refused_by_cli(world, raw, f"the limit is {MAX_PACKET_BYTES}")


def test_header_that_is_not_json_is_refused(world: World) -> None:
    """Header bytes that are not JSON are refused as an invalid header."""
    junk = b"{not json" + b" " * 10
    raw = MAGIC + struct.pack(">I", len(junk)) + junk + world.packet[len(MAGIC) + 4 :]
    refused_by_cli(world, raw, "header is invalid")


def test_header_with_a_count_disagreeing_with_its_range_is_refused(world: World) -> None:
    """A signed header saying seq 4-6 holds 2 entries is refused."""
    raw = craft(world, world.due, header={"count": 2}, manifest={"count": 2})
    refused_by_cli(world, raw, "count disagrees")


# -- who sent it, for whom ------------------------------------------------------------------------


def test_packet_from_an_unenrolled_station_is_refused(world: World, clock: Clock) -> None:
    """A station HQ never enrolled is named in the refusal, and nothing is stored."""
    stranger = Logbook.create(
        world.tmp / "stranger", station_id="ejina-post", name="额济纳警务室",
        officers=["王强"], clock=clock,
    )  # fmt: skip
    try:
        set_hq_card(stranger, world.hq_card)
        stranger.add("assistance", {"category": "errand", "description": "代买饲料"})
        [path] = export(stranger).packets
    finally:
        stranger.close()
    refused_by_cli(world, path.read_bytes(), "station ejina-post is not enrolled")


def test_packet_signed_with_a_key_the_station_did_not_enroll_is_refused(world: World) -> None:
    """A packet naming an enrolled station but sealed with a new key is refused by the key."""
    raw = craft(world, world.due, key=Ed25519PrivateKey.generate())
    refused_by_cli(world, raw, "not the key station yingen-couple-post enrolled with")


def test_forged_signature_under_the_enrolled_fingerprint_is_refused(world: World) -> None:
    """A packet claiming the enrolled key's fingerprint but signed by another key is forged."""
    raw = craft(
        world,
        world.due,
        header={"station_key": key_fingerprint(world.key.public_key())},
        key=Ed25519PrivateKey.generate(),
    )
    refused_by_cli(world, raw, "altered or forged")


def test_packet_sealed_for_another_hq_is_refused(world: World) -> None:
    """A packet the station sealed to another brigade's card is refused by its header."""
    other = other_hq_card()
    raw = seal_packet(
        world.due, station_key=world.key, log_id=world.log_id, hq_card=other, created_at=CREATED
    )
    refused_by_cli(world, raw, "sealed for HQ other-brigade")


def test_body_sealed_to_another_key_under_our_header_is_refused(world: World) -> None:
    """A header naming this HQ over a body encrypted to another key cannot be decrypted."""
    raw = craft(world, world.due, seal_to=X25519PrivateKey.generate().public_key())
    refused_by_cli(world, raw, "cannot be decrypted")


def test_header_moved_onto_another_packets_body_is_refused(world: World) -> None:
    """A signed header of packet A over the ciphertext of packet B does not decrypt: the body
    is bound to its header."""
    one = craft(world, world.due[:1])
    two = craft(world, world.due[1:2])
    at = len(MAGIC)
    (length_two,) = struct.unpack(">I", two[at : at + 4])
    body_two = two[at + 4 + length_two : -64]
    (length_one,) = struct.unpack(">I", one[at : at + 4])
    header_one = json.loads(one[at + 4 : at + 4 + length_one])
    header_one["compressed_size"] = len(body_two) - 48
    header_bytes = canonical_bytes(header_one)
    signed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes + body_two
    refused_by_cli(world, signed + world.key.sign(signed), "cannot be decrypted")


# -- the sealed body -------------------------------------------------------------------------------


def test_decompression_bomb_stops_at_the_announced_size(world: World) -> None:
    """A signed, sealed body that inflates to 40 MB while announcing 2 KB is stopped there."""
    genuine = b"\n".join(canonical_bytes(e) for e in world.due)
    bomb = zlib.compress(genuine + b"\n" + b"\0" * 40_000_000, 9)
    raw = craft(world, world.due, compressed=bomb, header={"plaintext_size": 2048})
    assert len(raw) < 100_000
    refused_by_cli(world, raw, "expands beyond its announced size")


def test_body_that_is_not_zlib_is_refused(world: World) -> None:
    """A correctly sealed body that is not zlib data is refused as a bad body."""
    refused_by_cli(world, craft(world, world.due, compressed=b"\x00" * 64), "not zlib data")


def test_manifest_disagreeing_with_its_header_is_refused(world: World) -> None:
    """A sealed manifest naming another last seq than the header is refused."""
    raw = craft(world, world.due, manifest={"last_seq": 7})
    refused_by_cli(world, raw, "manifest disagrees")


def test_entries_of_another_station_inside_are_refused(world: World) -> None:
    """A packet of this station carrying entries that name another station is refused."""
    foreign = [dict(e, station="ejina-post") for e in world.due]
    raw = craft(world, rechain(foreign, entry_hash(world.held[-1])))
    refused_by_cli(world, raw, "belongs to another station (ejina-post)")


def test_broken_prev_chain_inside_one_packet_is_refused(world: World) -> None:
    """An entry whose prev is not the hash of the entry before it breaks the chain."""
    entries = copy.deepcopy(world.due)
    entries[2]["prev"] = "f" * 64
    refused_by_cli(world, craft(world, entries), "hash chain is broken at entry 6")


def test_seq_gap_inside_one_packet_is_refused(world: World) -> None:
    """Seq 4 followed by seq 6 inside one packet is refused as not consecutive."""
    gapped = [world.due[0], dict(world.due[1], seq=6), dict(world.due[2], seq=7)]
    entries = rechain(gapped, entry_hash(world.held[-1]))
    raw = craft(world, entries, header={"last_seq": 6}, manifest={"last_seq": 6})
    refused_by_cli(world, raw, "expected 5, found 6")


def test_entry_failing_its_schema_is_refused(world: World) -> None:
    """A water delivery of "lots" litres (not an integer) is refused naming the entry."""
    entries = copy.deepcopy(world.due)
    entries[0]["data"]["litres"] = "lots"
    raw = craft(world, rechain(entries, entry_hash(world.held[-1])))
    line = refused_by_cli(world, raw, "entry 4 in the packet is invalid")
    assert "Litres" in line


def test_entry_line_that_is_not_json_is_refused(world: World) -> None:
    """A signed body whose entry line is not JSON names the entry."""
    raw = craft(world, world.due[:1], lines=[b'{"seq": 4, "kind": "wat'])
    refused_by_cli(world, raw, "entry 4 in the packet is invalid: not JSON")


def test_amendment_whose_new_data_fails_its_targets_schema_is_refused(world: World) -> None:
    """An amendment giving a held water delivery "lots" litres is refused (the station's own
    rules refuse it too), so HQ's summaries never meet data no station could record."""
    amendment = dict(
        world.due[0],
        kind="amendment",
        data={"target": world.held[1]["id"], "data": {"household": "hh-0007", "litres": "lots"},
              "reason": "记错了"},
    )  # fmt: skip
    raw = craft(world, rechain([amendment], entry_hash(world.held[-1])))
    line = refused_by_cli(world, raw, "entry 4 in the packet is invalid")
    assert "Litres" in line


def test_amendment_of_a_correction_is_refused(world: World) -> None:
    """A void, then an amendment of that void, in one packet: refused as a correction of a
    correction, nothing stored."""
    void = dict(world.due[0], kind="void", data={"target": world.held[1]["id"], "reason": "重复"})
    amendment = dict(
        world.due[1],
        kind="amendment",
        data={"target": void["id"], "data": {"target": world.held[2]["id"], "reason": "x"},
              "reason": "改"},
    )  # fmt: skip
    raw = craft(world, rechain([void, amendment], entry_hash(world.held[-1])))
    refused_by_cli(world, raw, "entry 5 in the packet is invalid")


# -- what HQ already holds -------------------------------------------------------------------------


def test_fork_is_refused_with_exit_4_and_one_incident_with_both_hashes(world: World) -> None:
    """A restored laptop's different entry 3 is refused with exit 4 and recorded once, with
    the held hash and the packet's hash; nothing else in the archive changes."""
    other = copy.deepcopy(world.held[2])
    other["data"]["litres"] = 650
    [fork] = rechain([other], other["prev"])
    raw = craft(world, [fork])
    before = dump(world.hq_dir, skip=("incidents",))
    assert incidents(world.hq_dir) == []
    refused_by_cli(world, raw, "FORK", code=4)
    assert dump(world.hq_dir, skip=("incidents",)) == before
    assert incidents(world.hq_dir) == [
        (STATION, world.log_id, "fork", 3, entry_hash(world.held[2]), entry_hash(fork))
    ]
    again = import_cli(world, raw)
    assert again.returncode == 4
    assert len(incidents(world.hq_dir)) == 1


def test_packet_that_does_not_follow_the_held_chain_is_a_fork(world: World) -> None:
    """Seq 4 whose prev is not the hash HQ holds at seq 3 is a fork at seq 3."""
    entries = rechain(world.due, "e" * 64)
    before = dump(world.hq_dir, skip=("incidents",))
    refused_by_cli(world, craft(world, entries), "FORK", code=4)
    assert dump(world.hq_dir, skip=("incidents",)) == before
    [(_s, _l, kind, seq, held, other)] = incidents(world.hq_dir)
    assert (kind, seq, held, other) == ("fork", 3, entry_hash(world.held[2]), "e" * 64)


def test_entry_id_held_at_another_seq_is_a_conflict_with_one_incident(world: World) -> None:
    """Seq 4 reusing the id of entry 2 is refused with exit 4 and one duplicate-id incident;
    nothing else changes."""
    entries = copy.deepcopy(world.due)
    entries[0]["id"] = world.held[1]["id"]
    raw = craft(world, rechain(entries, entry_hash(world.held[-1])))
    before = dump(world.hq_dir, skip=("incidents",))
    refused_by_cli(world, raw, "entry id HQ holds at another seq", code=4)
    assert dump(world.hq_dir, skip=("incidents",)) == before
    [(_s, _l, kind, _seq, _held, _other)] = incidents(world.hq_dir)
    assert kind == "duplicate_id"


def test_first_entry_of_a_log_not_chained_to_genesis_is_refused(world: World) -> None:
    """A new log whose entry 1 claims a predecessor is refused as a broken chain at entry 1."""
    first = dict(copy.deepcopy(world.held[0]), id="9d0c8f51-6f1e-4d4b-8a57-1c2d3e4f5a6b")
    [entry] = rechain([first], "d" * 64)
    raw = craft(world, [entry], header={"log_id": "f" * 32}, manifest={"log_id": "f" * 32})
    refused_by_cli(world, raw, "hash chain is broken at entry 1")


def test_same_entries_resealed_in_a_new_packet_change_nothing(world: World) -> None:
    """Entries HQ holds, sealed again into a packet with another id and bytes, are already
    held: exit 0 and the archive as it was."""
    again = craft(world, world.held)
    before = dump(world.hq_dir)
    done = import_cli(world, again)
    assert done.returncode == 0, done.stderr
    assert "already held" in done.stdout
    assert dump(world.hq_dir) == before


# -- property-based: any damage at any offset ------------------------------------------------------


@pytest.fixture
def open_world(world: World) -> Iterator[tuple[World, HqArchive]]:
    """The world's HQ opened in this process (for fast property-based runs)."""
    archive = HqArchive.open(world.hq_dir)
    archive.unlock(HQ_PASSPHRASE)
    yield world, archive
    archive.close()


def refused_in_process(archive: HqArchive, raw: bytes, before: list[str]) -> None:
    with pytest.raises(InputRefused) as refusal:
        import_packet(archive, raw)
    message = refusal.value.message()
    assert refusal.value.exit_code == 3
    assert message and "\n" not in message
    assert list(archive.db.iterdump()) == before


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=st.data())
def test_truncation_at_any_offset_is_refused(
    open_world: tuple[World, HqArchive], data: st.DataObject
) -> None:
    """A packet cut at any offset is refused with exit 3 and the archive unchanged."""
    world, archive = open_world
    cut = data.draw(st.integers(0, len(world.packet) - 1), label="cut")
    refused_in_process(archive, world.packet[:cut], list(archive.db.iterdump()))


@PROPERTY
@given(data=st.data())
def test_bit_flip_at_any_offset_is_refused(
    open_world: tuple[World, HqArchive], data: st.DataObject
) -> None:
    """One bit flipped anywhere in a packet gets it refused with exit 3, archive unchanged."""
    world, archive = open_world
    at = data.draw(st.integers(0, len(world.packet) - 1), label="offset")
    bit = data.draw(st.integers(0, 7), label="bit")
    raw = bytearray(world.packet)
    raw[at] ^= 1 << bit
    refused_in_process(archive, bytes(raw), list(archive.db.iterdump()))


def test_genuine_packet_imports_after_every_kind_of_damage(
    open_world: tuple[World, HqArchive],
) -> None:
    """Refused damaged copies leave no trace that would stop the genuine packet afterwards."""
    world, archive = open_world
    before = list(archive.db.iterdump())
    for cut in range(0, len(world.packet), 97):
        refused_in_process(archive, world.packet[:cut], before)
    result = import_packet(archive, world.packet)
    assert (result.status, result.new_entries) == ("new", 3)


# -- accepted, and idempotent ---------------------------------------------------------------------


def test_same_packet_twice_changes_nothing_the_second_time(world: World) -> None:
    """Importing a packet again exits 0, says it is already held, and changes nothing."""
    assert import_cli(world, world.packet).returncode == 0
    before = dump(world.hq_dir)
    again = import_cli(world, world.packet, name="copy-from-usb.opk")
    assert again.returncode == 0, again.stderr
    assert "already held" in again.stdout
    assert dump(world.hq_dir) == before


def test_overlapping_resend_adds_only_what_is_new(world: World) -> None:
    """A packet of seq 2-6 after HQ holds 1-3 adds exactly 4-6."""
    held_and_new = [*world.held[1:], *world.due]
    done = import_cli(world, craft(world, held_and_new))
    assert done.returncode == 0, done.stderr
    assert "new, 3 entries (2–6)" in done.stdout
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=world.hq_dir).stdout)
    assert (row["entries"], row["contiguous_through"], row["missing"]) == (6, 6, [])


def test_packets_out_of_order_report_the_gap_then_fill_it(world: World) -> None:
    """Seq 6 before 4-5: HQ names 4-5 as missing, then holds 1-6 without a gap."""
    late = import_cli(world, craft(world, world.due[2:]), name="late.opk")
    assert late.returncode == 0, late.stderr
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=world.hq_dir).stdout)
    assert (row["contiguous_through"], row["missing"]) == (3, [[4, 5]])
    early = import_cli(world, craft(world, world.due[:2]), name="early.opk")
    assert early.returncode == 0, early.stderr
    [row] = json.loads(run_cli("hq", "stations", "--json", data_dir=world.hq_dir).stdout)
    assert (row["entries"], row["contiguous_through"], row["missing"]) == (6, 6, [])


def test_empty_export_makes_no_packet_and_changes_nothing_at_hq(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After everything is exported, `export` the same day makes no packet; HQ given the empty
    outbox folder says there is nothing to import and keeps its archive as it was."""
    # The world's last export was at its clock's start plus a day: within a day of it, a
    # station has nothing to send (a day later it would send its head alone).
    monkeypatch.setenv("OUTPOST_NOW", "2026-11-27T12:00:00+08:00")
    outbox = world.station_dir / "outbox"
    before_files = sorted(p.name for p in outbox.iterdir())
    done = run_cli("export", data_dir=world.station_dir)
    assert done.returncode == 0, done.stderr
    assert "nothing to export" in done.stdout
    assert sorted(p.name for p in outbox.iterdir()) == before_files
    empty = world.tmp / "empty-stick"
    empty.mkdir()
    before = dump(world.hq_dir)
    imported = run_cli("hq", "import", str(empty), data_dir=world.hq_dir)
    assert imported.returncode == 3
    assert len(imported.stderr.strip().splitlines()) == 1
    assert dump(world.hq_dir) == before


def test_many_hostile_files_in_one_folder_refuse_each_and_import_the_genuine(
    world: World,
) -> None:
    """A stick holding hostile packets beside the genuine one: each bad file is refused on its
    own line (exit 3 overall), the genuine one imported, nothing of the bad ones stored."""
    stick = world.tmp / "stick"
    stick.mkdir()
    (stick / "a-truncated.opk").write_bytes(world.packet[:-5])
    (stick / "b-genuine.opk").write_bytes(world.packet)
    (stick / "c-trailing.opk").write_bytes(world.packet + b"x")
    (stick / "d-other-hq.opk").write_bytes(
        seal_packet(world.due, station_key=world.key, log_id=world.log_id,
                    hq_card=other_hq_card(), created_at=CREATED)
    )  # fmt: skip
    done = run_cli("hq", "import", str(stick), data_dir=world.hq_dir)
    assert done.returncode == 3
    lines = done.stdout.splitlines()
    assert [("refused" in line) for line in lines] == [True, False, True, True]
    assert "new, 3 entries (4–6)" in lines[1]
    db = sqlite3.connect(f"file:{world.hq_dir / 'archive.sqlite'}?mode=ro", uri=True)
    try:
        sources = [row[0] for row in db.execute("SELECT source FROM packets ORDER BY source")]
    finally:
        db.close()
    assert [Path(s).name for s in sources if s] == ["b-genuine.opk"]


def test_station_private_key_never_appears_in_cli_output(world: World) -> None:
    """Refusing a packet signed by the station never prints the station's private key."""
    from cryptography.hazmat.primitives import serialization

    secret = world.key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    done = import_cli(world, craft(world, world.due, manifest={"count": 9}))
    assert done.returncode == 3
    shown = done.stdout + done.stderr
    assert secret.hex() not in shown and secret.hex().upper() not in shown
    assert base64.b64encode(secret).decode() not in shown
