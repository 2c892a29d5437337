"""`outpost demo`: a demo HQ and station with three months of realistic records, and one
export/import/ack round so every sync state shows (no Textual here).

The records are written through `Logbook` with a settable clock, day by day, so `recorded_at`
spans the three months as it would on a real station laptop. The same seed gives the same demo.
The station is sealed at rest like a real new one, under `PASSPHRASE`, which the demo's unlock
screen shows (and only the demo's: a real station never shows its passphrase).
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from outpost.errors import UsageError
from outpost.logbook import Draft, Logbook
from outpost.model import format_time, zone
from outpost.model.times import now
from outpost.paths import demo_dir
from outpost.store.atrest import lock

MARKER = ".outpost-demo"
PASSPHRASE = "demo-passphrase"
"""The demo's one passphrase, documented: its station's and its HQ's keys (also kept in
`hq-passphrase.txt` and `station-passphrase.txt` beside them, for scripts)."""
STATION_ID = "yingen-couple-post"
HQ_ID = "alxa-left-brigade"
TZ = zone("Asia/Shanghai")

HOUSEHOLDS = [
    ("hh-0001", "巴特尔", "查干嘎查", "巴彦诺日公苏木", 4, ["water_scarce"]),
    ("hh-0002", "其其格", "查干嘎查", "巴彦诺日公苏木", 2, ["elderly_alone", "water_scarce"]),
    ("hh-0003", "额尔敦", "乌兰嘎查", "巴彦诺日公苏木", 5, []),
    ("hh-0004", "乌云", "乌兰嘎查", "巴彦诺日公苏木", 1, ["elderly_alone"]),
    ("hh-0005", "朝鲁", "宝日嘎查", "银根苏木", 3, ["water_scarce"]),
    ("hh-0006", "斯琴", "宝日嘎查", "银根苏木", 4, []),
    ("hh-0007", "孟和", "塔木素嘎查", "银根苏木", 6, ["water_scarce"]),
    ("hh-0008", "萨仁", "塔木素嘎查", "银根苏木", 2, ["elderly_alone"]),
    ("hh-0009", "图雅", "查干嘎查", "巴彦诺日公苏木", 3, []),
    ("hh-0010", "达来", "乌兰嘎查", "巴彦诺日公苏木", 5, ["water_scarce"]),
    ("hh-0011", "阿拉坦", "宝日嘎查", "银根苏木", 2, []),
    ("hh-0012", "哈斯", "塔木素嘎查", "银根苏木", 1, ["elderly_alone", "water_scarce"]),
]
ROUTES = [
    ("银根—查干敖包边境线西段", ["第207号界桩", "第208号界桩", "第209号界桩"], 96),
    ("银根—乌兰布拉格边境线东段", ["第211号界桩", "第212号界桩", "第213号界桩"], 124),
    ("塔木素北线牧道", ["第215号界桩", "第216号界桩"], 78),
    ("宝日陶勒盖环线", ["第210号界桩"], 52),
]
MEDICINES = [("阿莫西林胶囊", "盒"), ("布洛芬缓释胶囊", "盒"), ("藿香正气水", "瓶"),
             ("硝苯地平缓释片", "盒"), ("碘伏消毒液", "瓶")]  # fmt: skip
OFFICERS = ["张伟", "李娜"]


@dataclass
class DemoPlaces:
    """Where the demo lives: its folder, the station, HQ, and the 'USB stick' folder."""

    base: Path
    station: Path
    hq: Path
    usb: Path


class DemoClock:
    """The laptop clock while the demo is written: moved by hand, day by day."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def places(base: Path | None = None) -> DemoPlaces:
    base = base or demo_dir()
    return DemoPlaces(base, base / "station", base / "hq", base / "usb")


def demo_passphrase(folder: Path) -> str | None:
    """The passphrase the unlock screen shows for `folder`: the demo's when `folder` is the
    station of a demo (its folder beside the demo's marker), None for any other station."""
    if folder.name == "station" and (folder.parent / MARKER).is_file():
        return PASSPHRASE
    return None


def build_demo(
    *, fresh: bool = False, base: Path | None = None, today: datetime | None = None
) -> DemoPlaces:
    """Make the demo in `base` (default: the demo folder) unless it is there already."""
    where = places(base)
    if (where.station / "station.json").exists() and not fresh:
        return where
    if where.base.exists() and any(where.base.iterdir()):
        if not (where.base / MARKER).exists():
            raise UsageError("demo.not_a_demo", path=str(where.base))
        shutil.rmtree(where.base)
    where.base.mkdir(parents=True, exist_ok=True)
    (where.base / MARKER).write_text("outpost demo\n", encoding="utf-8")
    today = (today or now(TZ)).astimezone(TZ).replace(microsecond=0)
    write_demo(where, today)
    return where


def write_demo(where: DemoPlaces, today: datetime) -> None:
    """Three months of a border station's work, and one delivery round to HQ."""
    rng = random.Random(2026)
    start = (today - timedelta(days=91)).replace(hour=8, minute=0, second=0)
    clock = DemoClock(start)
    archive = _make_hq(where, clock)
    book = Logbook.create(
        where.station,
        station_id=STATION_ID,
        name="银根戍边夫妻警务室",
        officers=OFFICERS,
        clock=clock,
        passphrase=PASSPHRASE.encode(),
    )
    (where.base / "station-passphrase.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    try:
        _enroll(book, archive)
        days = (today.date() - start.date()).days
        first_round = days - 14
        second_round = days - 5
        for day in range(days + 1):
            moment = start + timedelta(days=day)
            drafts = _day(rng, day, days, moment)
            if day == days:  # today: only what has happened by now
                drafts = [d for d in drafts if _ended(d) <= today]
            if drafts:
                clock.moment = min(moment.replace(hour=21, minute=rng.randint(0, 50)), today)
                book.add_many(drafts)
            if day == 20:
                _corrections(book, clock)
            if day in (first_round, second_round):
                clock.moment = moment.replace(hour=21, minute=55)
                _export(book, archive, where, with_ack=day == first_round)
        book.config.settings["last_route"] = ROUTES[0][0]
        book.config.settings["copy_to"] = str(where.usb)
        book.config.settings["acks_from"] = str(where.usb)
        book.save_config()
    finally:
        book.close()
        archive.close()
        lock(where.station)  # the demo opens on its unlock screen, as a real station does


def _make_hq(where: DemoPlaces, clock: DemoClock) -> Any:
    from outpost.hq import HqArchive

    archive = HqArchive.create(
        where.hq,
        hq_id=HQ_ID,
        name="阿拉善左旗边境管理大队",
        passphrase=PASSPHRASE.encode(),
        clock=clock,
    )
    archive.unlock(PASSPHRASE.encode())
    (where.base / "hq-passphrase.txt").write_text(PASSPHRASE + "\n", encoding="utf-8")
    return archive


def _enroll(book: Logbook, archive: Any) -> None:
    """HQ's card at the station (its data key sealed to it, as a real station's is, so the
    forgotten-passphrase road works on the demo too) and the station's card at HQ."""
    from outpost.sync.identity import read_card
    from outpost.sync.recovery import seal_to_hq
    from outpost.sync.station import own_card_path, set_hq_card

    set_hq_card(book, archive.card)
    seal_to_hq(book.folder, STATION_ID, archive.card)
    archive.enroll(read_card(own_card_path(book), "outpost-station"))


def _export(book: Logbook, archive: Any, where: DemoPlaces, *, with_ack: bool) -> None:
    """Export to the 'USB stick'; on the first round HQ imports and its ack comes back."""
    from outpost.hq import import_packet, make_ack
    from outpost.sync.station import export
    from outpost.sync.station_acks import apply_ack

    result = export(book, copy_to=where.usb)
    if not with_ack:
        return
    for path in result.copies:
        import_packet(archive, path.read_bytes(), source=path.name)
    raw, name = make_ack(archive, STATION_ID)
    (where.usb / name).write_bytes(raw)
    apply_ack(book, raw)


def _at(moment: datetime, hour: int, minute: int) -> str:
    return format_time(moment.replace(hour=hour, minute=minute, second=0))


def _day(rng: random.Random, day: int, days: int, moment: datetime) -> list[Draft]:
    """One day's records. The drought starts a month in and water deliveries climb with it."""
    drafts: list[Draft] = []
    officer = [OFFICERS[day % 2]]
    if day == 0:
        for hid, head, gacha, sumu, members, tags in HOUSEHOLDS:
            data: dict[str, Any] = {"household_id": hid, "head": head, "gacha": gacha,
                                    "sumu": sumu, "members": members}  # fmt: skip
            if tags:
                data["tags"] = tags
            drafts.append(Draft("household", data, _at(moment, 8, 10), officer))
        drafts.append(_stock(moment, {0: 40, 1: 15, 2: 30, 3: 20, 4: 12}, "阿拉善左旗卫健委"))
    if day == 45:
        drafts.append(_stock(moment, {0: 20, 2: 20, 3: 10}, "银根苏木卫生院"))
    if day % 3 == 0:
        route, markers, km = ROUTES[(day // 3) % len(ROUTES)]
        hours = rng.randint(4, 8)
        findings = rng.choice(
            ["", "", "界桩完好", "发现车辙, 已拍照上报", "网围栏一处破损, 已报修"]
        )
        patrol: dict[str, Any] = {
            "started_at": _at(moment, 8, 30),
            "ended_at": _at(moment, 8 + hours, 30),
            "route": route,
            "distance_km": km + rng.randint(-8, 12),
            "mode": "vehicle" if day % 4 else "motorbike",
            "markers": markers,
        }
        if findings:
            patrol["findings"] = findings
        drafts.append(Draft("patrol", patrol, None, OFFICERS))
    drought = day >= 30
    scarce = [h for h in HOUSEHOLDS if "water_scarce" in h[5]]
    deliveries = rng.randint(1, 3) if drought else (1 if day % 7 == 2 else 0)
    for n in range(deliveries):
        hid = rng.choice(scarce)[0]
        note = "旱情持续, 储水窖见底" if drought and n == 0 else ""
        data = {"household": hid, "litres": rng.choice([800, 1000, 1500, 2000, 3000]),
                "source": "银根苏木供水站"}  # fmt: skip
        if note:
            data["note"] = note
        drafts.append(Draft("water_delivery", data, _at(moment, 14 + n, 15), officer))
    if day % 4 == 1:
        hid = HOUSEHOLDS[(day // 4) % len(HOUSEHOLDS)][0]
        purpose = rng.choice(["welfare_check", "safety_publicity", "production_help", "mediation"])
        raised = rng.randint(0, 2)
        visit = {"household": hid, "purpose": purpose, "people_met": rng.randint(1, 4),
                 "issues_raised": raised, "issues_resolved": rng.randint(0, raised)}  # fmt: skip
        drafts.append(Draft("herder_visit", visit, _at(moment, 16, 40), officer))
    if day % 5 == 2:
        taker = HOUSEHOLDS[(day // 5) % len(HOUSEHOLDS)]
        index = 1 if day % 2 == 0 else rng.choice([0, 2, 3])
        medicine, unit = MEDICINES[index]
        reason = rng.choice(["感冒发热", "关节疼痛", "中暑", "高血压常备"])
        item = {"medicine": medicine, "quantity": rng.randint(1, 2), "unit": unit}
        handout = {"recipient": taker[1], "household": taker[0], "people": rng.randint(1, 3),
                   "items": [item], "reason": reason}  # fmt: skip
        drafts.append(Draft("medicine_handout", handout, _at(moment, 11, 5), officer))
    if day % 6 == 4:
        helped = HOUSEHOLDS[(day // 6 + 3) % len(HOUSEHOLDS)]
        category, description = rng.choice(
            [
                ("parcel", "代取快递两件"),
                ("errand", "代缴电费"),
                ("transport", "送老人去苏木卫生院"),
                ("production_help", "帮助修理风力发电机"),
                ("rescue", "陷车救援"),
            ]
        )
        help_ = {"category": category, "description": description, "household": helped[0],
                 "people_helped": rng.randint(1, 3)}  # fmt: skip
        drafts.append(Draft("assistance", help_, _at(moment, 10, 20), officer))
    return drafts


def _ended(draft: Draft) -> datetime:
    """When a draft's work was over (a patrol's end, else when it happened)."""
    text = draft.data.get("ended_at") if isinstance(draft.data, dict) else None
    return datetime.fromisoformat(text or draft.occurred_at or "1970-01-01T00:00:00+00:00")


def _stock(moment: datetime, quantities: dict[int, int], source: str) -> Draft:
    items = [
        {"medicine": MEDICINES[i][0], "quantity": q, "unit": MEDICINES[i][1]}
        for i, q in quantities.items()
    ]
    return Draft("medicine_stock", {"items": items, "source": source}, _at(moment, 9, 0))


def _corrections(book: Logbook, clock: DemoClock) -> None:
    """A typo corrected and a double entry withdrawn, as happens on any station."""
    water = [e for e in book.newest_first() if e["kind"] == "water_delivery"]
    if len(water) >= 2:
        clock.moment += timedelta(minutes=2)
        fixed = dict(water[0]["data"], litres=water[0]["data"]["litres"] + 200)
        book.amend(water[0]["id"], fixed, "送水量记错, 以签收单为准")
        clock.moment += timedelta(minutes=2)
        book.void(water[1]["id"], "重复录入")
