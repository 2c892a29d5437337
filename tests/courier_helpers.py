"""The courier simulation's machinery, shared by its stick road (test_courier_simulation.py) and
its network road (test_courier_network.py): three stations' days of work, a courier who loses,
duplicates, delays, reorders and corrupts what it carries, and the checks that HQ holds every
station's log exactly once."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass, field

import pytest

from outpost.errors import InputRefused
from outpost.hq import HqArchive, import_packet, make_ack
from outpost.logbook import Draft, Logbook
from outpost.model import Entry, entry_hash
from outpost.sync.station_acks import apply_ack
from outpost.sync.status import sync_status

STATIONS = (
    ("yingen-couple-post", "银根戍边夫妻警务室", "Asia/Shanghai"),
    ("ejina-post", "额济纳警务室", "Asia/Shanghai"),
    ("alashan-right-post", "阿右旗警务室", "Asia/Urumqi"),
)
HOUSEHOLDS = ("hh-0001", "hh-0002", "hh-0003", "hh-0007")
HERDERS = ("巴特尔", "其其格", "乌力吉", "那仁")


@dataclass
class Parcel:
    """Something the courier carries: a packet for HQ or an ack for a station."""

    kind: str
    """"packet" or "ack"."""
    station: str
    raw: bytes
    corrupted: bool = False


@dataclass
class Courier:
    """A courier who loses, duplicates, delays, reorders and corrupts what it carries."""

    rng: random.Random
    """Decides each parcel's fate: seeded, and drawn the same whatever the parcels' bytes."""
    noise: random.Random
    """Where and how a parcel is damaged (its draws depend on the parcel's length)."""
    delayed: list[Parcel] = field(default_factory=list)
    corrupted: list[Parcel] = field(default_factory=list)
    tally: dict[str, int] = field(default_factory=dict)
    """How often each mishap happened (a seed that spares one tests too little)."""

    def note(self, what: str) -> None:
        self.tally[what] = self.tally.get(what, 0) + 1

    def carry(self, parcels: list[Parcel]) -> list[Parcel]:
        """What arrives this trip, in the order it arrives."""
        arriving: list[Parcel] = []
        held_back, self.delayed = self.delayed, []
        for parcel in parcels + held_back:
            roll = self.rng.random()
            if roll < 0.15:
                self.note("lost")
                continue
            if roll < 0.30:
                self.note("delayed")
                self.delayed.append(parcel)
                continue
            if roll < 0.42:
                self.note("corrupted")
                arriving.append(self.damage(parcel))
                continue
            arriving.append(parcel)
            if roll < 0.55:
                self.note("duplicated")
                arriving.append(parcel)  # copied twice onto the stick
        in_order = list(arriving)
        self.rng.shuffle(arriving)
        if arriving != in_order:
            self.note("reordered")
        return arriving

    def damage(self, parcel: Parcel) -> Parcel:
        raw = bytearray(parcel.raw)
        how = self.noise.choice(("flip", "cut", "append", "splice"))
        at = self.noise.randrange(len(raw))
        if how == "flip":
            raw[at] ^= 1 << self.noise.randrange(8)
        elif how == "cut":
            del raw[at:]
        elif how == "append":
            raw += self.noise.randbytes(self.noise.randint(1, 64))
        else:
            raw[at : at + 16] = self.noise.randbytes(16)
            if bytes(raw) == parcel.raw:
                raw[at] ^= 0xFF
        damaged = Parcel(parcel.kind, parcel.station, bytes(raw), corrupted=True)
        self.corrupted.append(damaged)
        return damaged


def day_of_work(rng: random.Random, book: Logbook, day: int) -> None:
    """What a station records in one day: the households on day one, then deliveries,
    visits, errands and patrols, and now and then a correction of an earlier entry."""
    if day == 0:
        drafts = [
            Draft("household", {"household_id": hh, "head": head})
            for hh, head in zip(HOUSEHOLDS, HERDERS, strict=True)
        ]
        drafts.append(Draft("medicine_stock", {"items": [
            {"medicine": "布洛芬", "quantity": 200, "unit": "盒"}]}))  # fmt: skip
        book.add_many(drafts)
    drafts = []
    for _ in range(rng.randint(20, 40)):
        household = rng.choice(HOUSEHOLDS)
        kind = rng.choice(("water", "visit", "errand", "patrol", "medicine"))
        if kind == "water":
            litres = rng.randrange(200, 2000, 100)
            drafts.append(Draft("water_delivery", {"household": household, "litres": litres}))
        elif kind == "visit":
            drafts.append(Draft("herder_visit", {"household": household,
                                                 "purpose": "welfare_check",
                                                 "issues_raised": rng.randint(0, 3)}))  # fmt: skip
        elif kind == "errand":
            errand = f"送包裹 {rng.randint(1, 99)}"
            drafts.append(Draft("assistance", {"category": "parcel", "description": errand}))
        elif kind == "medicine":
            drafts.append(Draft("medicine_handout", {"recipient": rng.choice(HERDERS),
                "items": [{"medicine": "布洛芬", "quantity": 1, "unit": "盒"}]}))  # fmt: skip
        else:
            start = book.clock().replace(hour=6, minute=0, second=0)
            end = start.replace(hour=rng.randint(8, 14))
            drafts.append(Draft("patrol", {"started_at": start.isoformat(),
                                           "ended_at": end.isoformat(), "route": "界桩 101-108",
                                           "distance_km": rng.randint(10, 80)}))  # fmt: skip
    book.add_many(drafts)
    if day and rng.random() < 0.5:
        target = rng.choice(standing(book))
        book.amend(target["id"], {**target["data"], "litres": 1500}, "记错了升数")
    if day and rng.random() < 0.3:
        book.void(rng.choice(standing(book))["id"], "重复记录")


def standing(book: Logbook) -> list[Entry]:
    """Water deliveries not voided: what an officer may still correct."""
    return [
        e
        for e in book.entries()
        if e["kind"] == "water_delivery" and not book.state.is_voided(e["id"])
    ]


@dataclass
class Simulation:
    hq: HqArchive
    books: dict[str, Logbook]
    courier: Courier
    """Carries packets to HQ."""
    back: Courier
    """Carries acks to the stations (its own bag of delayed acks)."""
    sources: list[str] = field(default_factory=list)
    """The source name of every corrupted packet handed to HQ."""
    deliveries: int = 0

    def deliver_packets(self, parcels: list[Parcel]) -> None:
        for parcel in self.courier.carry(parcels):
            self.hand_to_hq(parcel)

    def hand_to_hq(self, parcel: Parcel) -> None:
        self.deliveries += 1
        source = f"stick-{self.deliveries}"
        if parcel.corrupted:
            self.sources.append(source)
            with pytest.raises(InputRefused):
                import_packet(self.hq, parcel.raw, source=source)
        else:
            import_packet(self.hq, parcel.raw, source=source)  # never a fork, never refused

    def hand_to_station(self, parcel: Parcel) -> None:
        book = self.books[parcel.station]
        if parcel.corrupted:
            with pytest.raises(InputRefused):
                apply_ack(book, parcel.raw)
            return
        try:
            apply_ack(book, parcel.raw)
        except InputRefused as refusal:
            assert refusal.key == "ack.stale"  # a delayed or copied ack: never an alarm

    def acks(self) -> list[Parcel]:
        made = []
        for station in self.books:
            if self.hq.logs(station):
                raw, _ = make_ack(self.hq, station)
                made.append(Parcel("ack", station, raw))
        return made


def archive_dump(hq: HqArchive) -> list[str]:
    return list(hq.db.iterdump())


def assert_each_log_held_once(hq: HqArchive, books: dict[str, Logbook]) -> None:
    """HQ holds each station's log exactly (same hashes, nothing twice, nothing missing, the
    same current view), and each station's acknowledged seq is its last and HQ's."""
    for station, book in books.items():
        own = [(e["seq"], entry_hash(e)) for e in book.entries()]
        held = hq.db.execute(
            "SELECT seq, hash FROM entries WHERE station = ? ORDER BY seq", (station,)
        ).fetchall()
        assert held == own, station
        report = sync_status(book)
        [log_id] = hq.logs(station)
        holdings = hq.holdings(station, log_id)
        assert report["acknowledged_through"] == holdings.contiguous_through == len(own)
        assert report["unacknowledged"] == 0 and report["gaps"] == []
        current = {
            e["id"]: (json.loads(json.dumps(book.current(e)["data"])), book.current(e)["voided"])
            for e in book.entries()
        }
        at_hq = {
            row[0]: (json.loads(row[1]), bool(row[2]))
            for row in hq.db.execute(
                "SELECT id, data, voided FROM entries WHERE station = ?", (station,)
            )
        }
        assert at_hq == current, station


def assert_no_trace_of_damage(hq: HqArchive, sim: Simulation) -> None:
    """No corrupted packet, nor the source it came from, is in the archive; no incident."""
    corrupted = {hashlib.sha256(p.raw).hexdigest() for p in sim.courier.corrupted}
    kept = {row[0] for row in hq.db.execute("SELECT digest FROM packets")}
    assert not corrupted & kept
    sources = {row[0] for row in hq.db.execute("SELECT source FROM packets")}
    assert not sources & set(sim.sources)
    assert hq.db.execute("SELECT COUNT(*) FROM incidents").fetchone() == (0,)
