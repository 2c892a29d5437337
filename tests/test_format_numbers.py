"""Canonical JSON another language writes alike: the station normalises numbers and line breaks
at entry, a JavaScript RFC 8785 canonicaliser gives the same bytes, and entries stored by an
earlier version keep their bytes and hashes (issue 9, #13)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from outpost.errors import InvalidEntry
from outpost.hq import import_packet
from outpost.logbook import Logbook
from outpost.model import canonical_bytes, entry_hash
from outpost.sync.station import export

PATROL = {
    "started_at": "2026-11-26T08:00",
    "ended_at": "2026-11-26T11:00",
    "route": "边境线 3 号段",
    "mode": "vehicle",
}

JCS = r"""
// RFC 8785 in JavaScript: keys sorted by UTF-16 code units, primitives as JSON.stringify.
const canon = (v) => Array.isArray(v) ? "[" + v.map(canon).join(",") + "]"
  : v !== null && typeof v === "object"
    ? "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canon(v[k])).join(",") + "}"
    : JSON.stringify(v);
const lines = require("fs").readFileSync(0).toString("utf8").split("\n").filter((l) => l);
process.stdout.write(lines.map((l) => canon(JSON.parse(l))).join("\n"));
"""


def patrol(book: Logbook, distance: Any, findings: str = "") -> dict[str, Any]:
    data = dict(PATROL, distance_km=distance, **({"findings": findings} if findings else {}))
    [entry] = book.add("patrol", data).entries
    return entry


@pytest.mark.parametrize(
    ("typed", "stored"), [(7.0, 7), (100.0, 100), (-0.0, 0), (7.5, 7.5), (0.0001, 0.0001)]
)
def test_the_station_stores_whole_numbers_as_integers(
    book: Logbook, typed: float, stored: float
) -> None:
    """`7.0`, `100.0` and `-0.0` are kept as `7`, `100` and `0`; fractions as typed."""
    entry = patrol(book, typed)
    assert entry["data"]["distance_km"] == stored
    assert type(entry["data"]["distance_km"]) is type(stored)
    line = canonical_bytes(entry)
    assert f'"distance_km":{json.dumps(stored)},'.encode() in line
    assert b":-0" not in line and b":7.0" not in line


@pytest.mark.parametrize(
    ("typed", "words"), [(0.00001, "too small a fraction"), (1e300, "number too large")]
)
def test_numbers_every_language_would_write_otherwise_are_refused(
    book: Logbook, typed: float, words: str
) -> None:
    """A fraction below 0.0001 (Python writes `1e-05`) or a number past 2^53 is refused."""
    before = book.state.last_seq
    with pytest.raises(InvalidEntry, match=words):
        patrol(book, typed)
    assert book.state.last_seq == before


def test_line_separators_in_text_become_newlines(book: Logbook) -> None:
    """U+2028, U+2029 and NEL in a note are stored as `\\n`, which canonical JSON escapes."""
    entry = patrol(book, 3, findings="a\u2028b\u2029c\u0085d")
    assert entry["data"]["findings"] == "a\nb\nc\nd"
    line = canonical_bytes(entry)
    assert line.decode("utf-8").splitlines() == [line.decode("utf-8")]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node as the other reader")
def test_a_javascript_rfc_8785_canonicaliser_writes_the_same_bytes(book: Logbook) -> None:
    """Every line the station writes, re-canonicalised by RFC 8785 in JavaScript, is unchanged."""
    for distance in (7.0, 0.1, 12.345, 1999.9999, 0.0001, 1 / 3, 2000):
        patrol(book, distance, findings='旱情 \u2028 "引号" \\ \t \x01 \x7f 😀')
    book.add(
        "medicine_stock", {"items": [{"medicine": "阿莫西林", "quantity": 0.25, "unit": "盒"}]}
    )
    lines = [canonical_bytes(e) for e in book.entries()]
    done = subprocess.run(
        ["node", "-e", JCS], input=b"\n".join(lines), capture_output=True, check=True, timeout=30
    )
    assert done.stdout.split(b"\n") == lines


def test_an_entry_stored_with_a_float_by_an_earlier_version_keeps_its_hash(
    book: Logbook, hq: Any, linked_book: Logbook
) -> None:
    """A patrol stored as `"distance_km":7.0` (as versions before this one wrote it) still
    verifies, chains, exports, and HQ takes its line and holds the hash of those very bytes."""
    patrol(book, 7.5)
    page = next((book.folder / "log").glob("*.json"))
    text = page.read_text(encoding="utf-8")
    assert text.count("7.5") == 1
    page.write_text(text.replace("7.5", "7.0"), encoding="utf-8")
    (book.folder / "state.json").unlink()  # derived; rebuilt from the log on open
    folder, clock = book.folder, book.clock
    book.close()
    old = Logbook.open(folder, clock=clock)
    try:
        [stored] = old.entries(2, 2)
        assert stored["data"]["distance_km"] == 7.0 and isinstance(
            stored["data"]["distance_km"], float
        )
        legacy = canonical_bytes(stored)
        assert b'"distance_km":7.0,' in legacy
        patrol(old, 2)
        assert old.check().entries == 3  # raises on a broken chain
        [third] = old.entries(3, 3)
        assert third["prev"] == hashlib.sha256(legacy).hexdigest() == entry_hash(stored)
        [packet] = export(old).packets
        assert import_packet(hq, Path(packet).read_bytes()).new_entries == 3
        held = hq.db.execute("SELECT hash FROM entries WHERE seq = 2").fetchone()[0]
        assert held == hashlib.sha256(legacy).hexdigest()
    finally:
        old.close()
