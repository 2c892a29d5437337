"""The entry model: canonical bytes, schemas, kind rules and the current view."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from conftest import TZ, run_cli

from outpost.errors import InvalidEntry, field_label
from outpost.model import (
    GENESIS,
    KINDS,
    build_entry,
    canonical_bytes,
    entry_hash,
    fold,
    prepare,
    validate_entry,
)
from outpost.model.schema import load_schema
from outpost.model.times import parse_time

NOW = parse_time("2026-11-26T09:00:00+08:00", TZ)


def entry(seq: int, prev: str, kind: str, data: dict[str, object], **kw: str) -> dict[str, object]:
    return build_entry(
        station="yingen-couple-post",
        seq=seq,
        prev=prev,
        kind=kind,
        data=data,
        occurred_at=kw.get("occurred_at", "2026-11-26T09:00:00+08:00"),
        recorded_at="2026-11-26T09:01:00+08:00",
        officers=["张伟"],
        entry_id=kw.get("entry_id"),
    )


def test_canonical_bytes_sort_keys_and_keep_chinese() -> None:
    """Canonical bytes are compact, key-sorted UTF-8 with non-ASCII kept as is."""
    assert canonical_bytes({"b": 1, "a": "巴特尔"}) == '{"a":"巴特尔","b":1}'.encode()


def test_canonical_bytes_refuse_nan() -> None:
    """NaN has no JSON form, so it can never enter a hash."""
    with pytest.raises(ValueError):
        canonical_bytes({"x": float("nan")})


def test_hash_changes_with_any_field() -> None:
    """Changing one character of an entry changes its hash."""
    e = entry(1, GENESIS, "water_delivery", {"household": "hh-1", "litres": 800})
    other = json.loads(json.dumps(e))
    other["data"]["litres"] = 801
    assert entry_hash(e) != entry_hash(other)


def documented_fields() -> dict[str, dict[str, bool]]:
    """{kind: {field: required}} from the tables of docs/data-model.md."""
    text = (Path(__file__).parents[1] / "docs" / "data-model.md").read_text(encoding="utf-8")
    kinds: dict[str, dict[str, bool]] = {}
    fields: dict[str, bool] = {}
    for line in text.splitlines():
        heading = re.match(r"### `([a-z_]+)`", line)
        if heading:
            fields = kinds.setdefault(heading.group(1), {})
        row = re.match(r"\| `([a-z_]+)` \|([^|]*\|){2}([^|]*)\|", line)
        if row and kinds:
            fields[row.group(1)] = row.group(3).strip() == "yes"
    return kinds


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_has_a_schema_with_the_documented_fields(kind: str) -> None:
    """Each registered kind's schema has exactly the fields docs/data-model.md lists for it,
    and requires exactly those marked required there."""
    documented = documented_fields()[kind]
    schema = load_schema(kind)
    assert set(schema["properties"]) == set(documented)
    assert set(schema["required"]) == {name for name, required in documented.items() if required}


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("water_delivery", {"household": "hh-1", "litres": -5}, "litres"),
        ("water_delivery", {"household": "hh-1", "litres": 2.5}, "litres"),
        ("water_delivery", {"household": "hh-1"}, "litres"),
        ("water_delivery", {"household": "hh-1", "litres": 5, "colour": "blue"}, "colour"),
        ("herder_visit", {"household": "hh-1", "purpose": "party"}, "purpose"),
        ("medicine_handout", {"recipient": "x", "items": []}, "items"),
        (
            "medicine_handout",
            {"recipient": "x", "items": [{"medicine": "a", "quantity": 0, "unit": "盒"}]},
            "items.0.quantity",
        ),
        ("household", {"household_id": "hh 1", "head": "x"}, "household_id"),
    ],
)
def test_schema_refusal_names_the_field(kind: str, data: dict[str, object], field: str) -> None:
    """A refusal names the field the officer got wrong."""
    with pytest.raises(InvalidEntry) as caught:
        validate_entry(entry(1, GENESIS, kind, data), TZ)
    assert caught.value.field == field
    assert caught.value.message().startswith(field_label(field) + ":")


def test_patrol_ending_before_it_started_is_refused() -> None:
    """A patrol whose ended_at is before started_at is refused on ended_at."""
    data = {
        "started_at": "2026-11-26T10:00:00+08:00",
        "ended_at": "2026-11-26T08:00:00+08:00",
        "route": "界桩 101-105",
        "distance_km": 12.5,
    }
    with pytest.raises(InvalidEntry) as caught:
        validate_entry(entry(1, GENESIS, "patrol", data), TZ)
    assert caught.value.field == "ended_at"


def test_patrol_times_without_offset_take_the_station_zone() -> None:
    """Times typed without an offset are read in the station's zone and stored with it."""
    data, occurred = prepare(
        "patrol",
        {
            "started_at": "2026-11-26 06:00",
            "ended_at": "2026-11-26T11:30",
            "route": "r",
            "distance_km": 3,
        },
        None,
        TZ,
        NOW,
    )
    assert data["started_at"] == "2026-11-26T06:00:00+08:00"
    assert occurred == "2026-11-26T06:00:00+08:00"


def test_occurred_at_far_in_the_future_is_refused() -> None:
    """An occurred_at days ahead of the laptop clock is a typo, not a record."""
    with pytest.raises(InvalidEntry) as caught:
        prepare("water_delivery", {"household": "h", "litres": 1}, "2026-12-20T09:00", TZ, NOW)
    assert caught.value.field == "occurred_at"


def test_backdated_occurred_at_is_kept() -> None:
    """Backdating is allowed: the officer says when it happened."""
    _, occurred = prepare("water_delivery", {"household": "h", "litres": 1}, "2026-10-02", TZ, NOW)
    assert occurred == "2026-10-02T00:00:00+08:00"


def test_fold_applies_amendments_and_voids_to_registry_and_stock() -> None:
    """The current view: the latest amendment counts, a voided entry leaves stock and registry."""
    log = []
    prev = GENESIS

    def add(kind: str, data: dict[str, object], entry_id: str) -> None:
        nonlocal prev
        e = entry(len(log) + 1, prev, kind, data, entry_id=entry_id)
        log.append(e)
        prev = entry_hash(e)

    ids = [f"00000000-0000-4000-8000-00000000000{i}" for i in range(8)]
    add("household", {"household_id": "hh-1", "head": "巴特尔"}, ids[0])
    add("medicine_stock", {"items": [{"medicine": "布洛芬", "quantity": 10, "unit": "盒"}]}, ids[1])
    add(
        "medicine_handout",
        {"recipient": "巴特尔", "items": [{"medicine": "布洛芬", "quantity": 4, "unit": "盒"}]},
        ids[2],
    )
    add(
        "amendment",
        {
            "target": ids[2],
            "reason": "typo",
            "data": {
                "recipient": "巴特尔",
                "items": [{"medicine": "布洛芬", "quantity": 3, "unit": "盒"}],
            },
        },
        ids[3],
    )
    add(
        "amendment",
        {
            "target": ids[0],
            "reason": "name",
            "data": {"household_id": "hh-1", "head": "巴特尔·朝鲁"},
        },
        ids[4],
    )
    add(
        "medicine_handout",
        {"recipient": "其其格", "items": [{"medicine": "布洛芬", "quantity": 2, "unit": "盒"}]},
        ids[5],
    )
    add("void", {"target": ids[5], "reason": "duplicate"}, ids[6])
    state = fold(log, lambda e: "2026-11", TZ)
    assert state.stock_levels() == [
        {"medicine": "布洛芬", "unit": "盒", "received": 10, "handed_out": 3, "balance": 7}
    ]
    assert state.registry() == {"hh-1": {"household_id": "hh-1", "head": "巴特尔·朝鲁"}}
    assert state.is_voided(ids[5]) and not state.is_voided(ids[2])
    assert state.amended[ids[2]]["count"] == 1
    assert state.last_seq == 7 and state.last_hash == prev


def test_outpost_now_sets_the_clock_of_an_outpost_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With OUTPOST_NOW set, `outpost add` records its entry at that moment (the clock runs on
    from there), whatever the machine's clock says."""
    station = tmp_path / "station"
    start = datetime.fromisoformat("2027-01-01T00:00:30+08:00")
    monkeypatch.setenv("OUTPOST_NOW", start.isoformat())
    household = json.dumps({"household_id": "h1", "head": "H"})
    made = run_cli("init", "--station-id", "s1", "--name", "S", "--officer", "A", data_dir=station)
    assert made.returncode == 0, made.stderr
    added = run_cli("add", "household", "--data", household, data_dir=station)
    assert added.returncode == 0, added.stderr
    listed = run_cli("log", "--json", data_dir=station)
    (entry,) = json.loads(listed.stdout)
    assert (
        timedelta(0) <= datetime.fromisoformat(entry["recorded_at"]) - start < timedelta(minutes=1)
    )
    assert sorted(p.name for p in (station / "log").glob("*.json")) == ["2027-01.json"]
