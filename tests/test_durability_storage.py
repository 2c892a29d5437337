"""The month store's append splices one entry into the file's bytes; the result is always the
file a whole rewrite would give, on a file written by the store or by stock TinyDB, in a clear
station folder and in a sealed one (where the spliced plain bytes are sealed whole)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sealed_stores import STORES, plain_bytes
from tinydb import TinyDB

from outpost.logbook.storage import AtomicJSONStorage
from outpost.store import atrest
from outpost.store.files import atomic_write, make_private_dir

ENTRY = {"kind": "water_delivery", "data": {"household": "hh-0007", "litres": 800, "note": "旱情"}}


@pytest.fixture(params=STORES)
def log_dir(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    """A station's `log/` folder, its station clear or sealed (unlocked in this process)."""
    station = tmp_path / "station"
    make_private_dir(station / "log", parents=True)
    if request.param == "sealed":
        atrest.unlock(station, atrest.DataKey.generate())
    yield station / "log"
    atrest.lock(station)


def sealed(path: Path) -> bool:
    return atrest.sealing_for(path) is not None


def test_appends_give_the_bytes_of_a_whole_rewrite(log_dir: Path) -> None:
    """After many appends (one storage, then a fresh one reading the file), the file is byte for
    byte the compact dump of what it holds, and stock TinyDB reads every document."""
    path = log_dir / "2026-11.json"
    storage = AtomicJSONStorage(path)
    for seq in range(1, 6):
        storage.append("_default", {seq: dict(ENTRY, seq=seq)})
    again = AtomicJSONStorage(path)  # as the next process would
    again.append("_default", {6: dict(ENTRY, seq=6), 7: dict(ENTRY, seq=7)})
    raw = plain_bytes(path)
    held = json.loads(raw)
    assert raw == json.dumps(held, ensure_ascii=False, separators=(",", ":")).encode()
    assert list(held["_default"]) == [str(s) for s in range(1, 8)]
    assert path.read_bytes().startswith(atrest.MAGIC) is sealed(path)
    if not sealed(path):
        with TinyDB(path) as db:
            assert [doc["seq"] for doc in db.all()] == list(range(1, 8))


@pytest.mark.parametrize("indent", [None, 2])
def test_append_to_a_stock_tinydb_file_keeps_every_document(
    log_dir: Path, tmp_path: Path, indent: int | None
) -> None:
    """A month file written by stock TinyDB (its spacing, or indented) takes an append and
    still reads as every document, old and new."""
    path = log_dir / "2026-11.json"
    build = tmp_path / "stock.json"
    with TinyDB(build, indent=indent) as db:
        db.insert_multiple([dict(ENTRY, seq=1), dict(ENTRY, seq=2)])
    atomic_write(path, build.read_bytes())
    storage = AtomicJSONStorage(path)
    storage.append("_default", {3: dict(ENTRY, seq=3)})
    assert [doc["seq"] for doc in json.loads(plain_bytes(path))["_default"].values()] == [1, 2, 3]
    assert [doc["seq"] for doc in AtomicJSONStorage(path).read()["_default"].values()] == [1, 2, 3]


def test_append_of_a_taken_id_is_refused_and_writes_nothing(log_dir: Path) -> None:
    """Appending a document whose id the file already holds raises ValueError, file untouched."""
    path = log_dir / "2026-11.json"
    storage = AtomicJSONStorage(path)
    storage.append("_default", {1: dict(ENTRY, seq=1)})
    before = path.read_bytes()
    with pytest.raises(ValueError):
        storage.append("_default", {1: dict(ENTRY, seq=99)})
    assert path.read_bytes() == before


def test_append_next_to_another_table_rewrites_the_whole_file(
    log_dir: Path, tmp_path: Path
) -> None:
    """With a second table in the file the bytes cannot be spliced; the whole file is written
    and both tables survive."""
    path = log_dir / "mixed.json"
    build = tmp_path / "mixed.json"
    with TinyDB(build) as db:
        db.table("notes").insert({"text": "巴特尔"})
        db.insert(dict(ENTRY, seq=1))
    atomic_write(path, build.read_bytes())
    AtomicJSONStorage(path).append("_default", {2: dict(ENTRY, seq=2)})
    held = json.loads(plain_bytes(path))
    assert list(held["_default"]) == ["1", "2"]
    assert list(held["notes"].values()) == [{"text": "巴特尔"}]
