"""The station logbook on disk: appending, corrections, month files, the lock, derived state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Clock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from outpost.errors import DataDirLocked, ForeignDataDir, InvalidEntry, NotInitialised, UsageError
from outpost.logbook import Draft, Logbook
from outpost.model import GENESIS, entry_hash, fold, month_of

WATER = {"household": "hh-0007", "litres": 800, "note": "旱情，第二次送水"}
PILLS = [{"medicine": "布洛芬", "quantity": 2, "unit": "盒"}]


def test_entries_chain_from_genesis(book: Logbook) -> None:
    """Each entry's prev is the hash of the one before; the first one's is 64 zeros."""
    book.add("water_delivery", WATER)
    book.add("water_delivery", WATER)
    entries = list(book.entries())
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert entries[0]["prev"] == GENESIS
    assert entries[2]["prev"] == entry_hash(entries[1])
    assert book.state.last_hash == entry_hash(entries[2])


def test_entry_is_stored_as_plain_tinydb_month_file(book: Logbook, station_dir: Path) -> None:
    """A month file opens with stock TinyDB and holds the envelope, keyed by seq."""
    saved = book.add("water_delivery", WATER).entries[0]
    path = station_dir / "log" / "2026-11.json"
    with TinyDB(path) as db:
        assert db.get(doc_id=2) == saved


def test_entries_go_to_the_month_of_recorded_at(
    book: Logbook, clock: Clock, station_dir: Path
) -> None:
    """A save in December writes log/2026-12.json and leaves November's file alone."""
    november = (station_dir / "log" / "2026-11.json").read_bytes()
    clock.advance(days=10)
    book.add("water_delivery", WATER, occurred_at="2026-11-30T18:00")
    assert (station_dir / "log" / "2026-11.json").read_bytes() == november
    assert [e["seq"] for e in book.month_entries("2026-12")] == [2]


def test_unknown_household_is_refused_and_nothing_written(book: Logbook, station_dir: Path) -> None:
    """A delivery to an unregistered household says how to register it and writes nothing."""
    before = (station_dir / "log" / "2026-11.json").read_bytes()
    with pytest.raises(InvalidEntry) as caught:
        book.add("water_delivery", {"household": "hh-9999", "litres": 10})
    assert "outpost add household" in caught.value.message()
    assert (station_dir / "log" / "2026-11.json").read_bytes() == before
    assert book.state.last_seq == 1


def test_batch_is_saved_whole_or_not_at_all(book: Logbook) -> None:
    """One bad draft refuses the whole batch, naming its line; a good batch lands in one go."""
    drafts = [
        Draft("household", {"household_id": "hh-0008", "head": "其其格"}),
        Draft("water_delivery", {"household": "hh-0008", "litres": 500}),
        Draft("water_delivery", {"household": "hh-0008", "litres": -1}),
    ]
    with pytest.raises(InvalidEntry) as caught:
        book.add_many(drafts, lines=[1, 2, 4])
    assert caught.value.message().startswith("line 4: Litres")
    assert book.state.last_seq == 1 and "hh-0008" not in book.state.households
    saved = book.add_many(drafts[:2]).entries
    assert [e["seq"] for e in saved] == [2, 3]


def test_amend_replaces_data_and_keeps_the_original(book: Logbook) -> None:
    """An amendment changes the current view; the original entry stays as it was."""
    original = book.add("water_delivery", WATER).entries[0]
    book.amend(original["id"], {**WATER, "litres": 900}, "read the gauge wrong")
    assert book.find(original["id"]) == original
    view = book.current(original)
    assert view["data"]["litres"] == 900 and view["amendments"] == 1


def test_amendment_is_checked_against_the_target_kind(book: Logbook) -> None:
    """An amendment's new data must be valid data of the target's kind."""
    original = book.add("water_delivery", WATER).entries[0]
    with pytest.raises(InvalidEntry) as caught:
        book.amend(original["id"], {"household": "hh-0007", "litres": -3}, "x")
    assert caught.value.field == "data.litres"


@pytest.mark.parametrize(
    "mistake",
    ["unknown", "void_of_void", "void_twice", "amend_voided", "amend_amendment"],
)
def test_impossible_corrections_are_refused(book: Logbook, mistake: str) -> None:
    """Corrections of unknown, voided or correction entries are refused on target."""
    original = book.add("water_delivery", WATER).entries[0]
    void = book.void(original["id"], "wrong household").entries[0]
    amendment = None
    if mistake == "amend_amendment":
        other = book.add("water_delivery", WATER).entries[0]
        amendment = book.amend(other["id"], WATER, "x").entries[0]
    last = book.state.last_seq
    with pytest.raises(InvalidEntry) as caught:
        if mistake == "unknown":
            book.void("6f1c2f43-7b43-4f39-9d6a-1b7a8d0e0001", "x")
        elif mistake == "void_of_void":
            book.void(void["id"], "x")
        elif mistake == "void_twice":
            book.void(original["id"], "again")
        elif mistake == "amend_voided":
            book.amend(original["id"], WATER, "x")
        else:
            assert amendment is not None
            book.amend(amendment["id"], WATER, "x")
    assert caught.value.field == "target"
    assert book.state.last_seq == last


def test_handout_beyond_stock_is_saved_with_a_warning(book: Logbook) -> None:
    """The officer did hand it out: the handout is saved and the deficit is reported."""
    result = book.add("medicine_handout", {"recipient": "巴特尔", "items": PILLS})
    assert result.entries and result.warnings[0].key == "stock.deficit"
    assert book.state.stock_levels()[0]["balance"] == -2


def test_later_household_entry_updates_the_registry(book: Logbook) -> None:
    """Registering the same household_id again updates its record."""
    book.add("household", {"household_id": "hh-0007", "head": "巴特尔", "phone": "13900000000"})
    assert book.state.household("hh-0007") == {
        "household_id": "hh-0007",
        "head": "巴特尔",
        "phone": "13900000000",
    }


def test_second_opener_is_refused_with_exit_5(book: Logbook, station_dir: Path) -> None:
    """While one Logbook owns the directory, another open fails with DataDirLocked."""
    with pytest.raises(DataDirLocked) as caught:
        Logbook.open(station_dir)
    assert caught.value.exit_code == 5


def test_lock_is_released_on_close(book: Logbook, station_dir: Path) -> None:
    """After close, the directory opens again."""
    book.close()
    Logbook.open(station_dir).close()


def test_open_of_empty_dir_says_to_init(tmp_path: Path) -> None:
    """A directory without a station tells the officer to run init."""
    with pytest.raises(NotInitialised) as caught:
        Logbook.open(tmp_path / "nothing")
    assert "outpost init" in caught.value.message()


def test_foreign_dir_is_refused(tmp_path: Path) -> None:
    """A folder full of someone's files is not taken over as a station."""
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    with pytest.raises(ForeignDataDir):
        Logbook.create(tmp_path / "photos", station_id="abc", name="x", officers=["a"])
    with pytest.raises(ForeignDataDir):
        Logbook.open(tmp_path / "photos")


def test_init_twice_changes_nothing(book: Logbook, station_dir: Path) -> None:
    """A second init on an existing station is refused and the station is untouched."""
    before = (station_dir / "station.json").read_bytes()
    with pytest.raises(UsageError):
        Logbook.create(station_dir, station_id="other", name="x", officers=["a"])
    assert (station_dir / "station.json").read_bytes() == before


def test_stale_state_is_caught_up_on_open(book: Logbook, station_dir: Path) -> None:
    """A crash between the month file and state.json is repaired when the log is next opened."""
    state_file = station_dir / "state.json"
    stale = state_file.read_bytes()
    book.add("water_delivery", WATER)
    book.add("medicine_stock", {"items": PILLS})
    expected = book.state.to_json()
    book.close()
    state_file.write_bytes(stale)
    reopened = Logbook.open(station_dir)
    assert reopened.state.to_json() == expected
    reopened.close()


def test_missing_state_is_rebuilt_from_the_log(book: Logbook, station_dir: Path) -> None:
    """Deleting state.json loses nothing: it is derived from the log."""
    book.add("water_delivery", WATER)
    expected = book.state.to_json()
    book.close()
    (station_dir / "state.json").unlink()
    reopened = Logbook.open(station_dir)
    assert reopened.state.to_json() == expected
    reopened.close()


def test_check_finds_an_edited_entry(book: Logbook, station_dir: Path) -> None:
    """Editing a stored entry by hand breaks the chain and check names where."""
    book.add("water_delivery", WATER)
    book.add("water_delivery", WATER)
    book.close()
    path = station_dir / "log" / "2026-11.json"
    raw = json.loads(path.read_text())
    raw["_default"]["2"]["data"]["litres"] = 8000
    path.write_text(json.dumps(raw, ensure_ascii=False))
    reopened = Logbook.open(station_dir)
    with pytest.raises(Exception) as caught:
        reopened.check()
    assert "seq 3" in str(caught.value) and "2026-11.json" in str(caught.value)
    reopened.close()


OPS = st.lists(
    st.one_of(
        st.tuples(st.just("water"), st.integers(1, 3), st.integers(1, 2000)),
        st.tuples(
            st.just("register"), st.integers(1, 3), st.sampled_from(["巴特尔", "乌云", "朝鲁"])
        ),
        st.tuples(st.just("stock"), st.sampled_from(["布洛芬", "藿香正气水"]), st.integers(1, 20)),
        st.tuples(
            st.just("handout"), st.sampled_from(["布洛芬", "藿香正气水"]), st.integers(1, 20)
        ),
        st.tuples(st.just("amend"), st.integers(0, 50), st.integers(1, 20)),
        st.tuples(st.just("void"), st.integers(0, 50), st.just(0)),
        st.tuples(st.just("month"), st.just(0), st.just(0)),
    ),
    max_size=25,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_incremental_state_equals_a_rebuild(
    tmp_path_factory: pytest.TempPathFactory, ops: list[tuple[str, object, object]]
) -> None:
    """Whatever is recorded or corrected, the state kept entry by entry equals a fold of the log."""
    clock = Clock()
    folder = tmp_path_factory.mktemp("prop") / "station"
    book = Logbook.create(folder, station_id="prop-post", name="p", officers=["a"], clock=clock)
    saved: list[dict[str, object]] = []
    book.add("household", {"household_id": "hh-1", "head": "其其格"})
    for op, a, b in ops:
        try:
            if op == "water":
                saved += book.add("water_delivery", {"household": f"hh-{a}", "litres": b}).entries
            elif op == "register":
                saved += book.add("household", {"household_id": f"hh-{a}", "head": b}).entries
            elif op in ("stock", "handout"):
                items = [{"medicine": a, "quantity": b, "unit": "盒"}]
                data = {"items": items} if op == "stock" else {"recipient": "x", "items": items}
                saved += book.add(
                    "medicine_stock" if op == "stock" else "medicine_handout", data
                ).entries
            elif op == "amend" and saved:
                target = saved[int(a) % len(saved)]
                data = dict(book.state.current_data(target))  # type: ignore[arg-type]
                if "litres" in data:
                    data["litres"] = b
                elif "items" in data:
                    data["items"] = [{**data["items"][0], "quantity": b}]
                book.amend(str(target["id"]), data, "fix")
            elif op == "void" and saved:
                book.void(str(saved[int(a) % len(saved)]["id"]), "withdrawn")
            elif op == "month":
                clock.advance(days=31)
        except InvalidEntry:
            pass
    entries = list(book.entries())
    months = {e["id"]: month_of(e["recorded_at"], book.tz) for e in entries}
    rebuilt = fold(entries, lambda e: months[e["id"]], book.tz)
    assert rebuilt.to_json() == book.state.to_json()
    assert book.check().repaired is False
    book.close()
