"""HQ's side of a station's passphrase recovery: answering a request (outpost.sync.recovery)."""

from __future__ import annotations

from pathlib import Path

from outpost.errors import InputRefused
from outpost.hq.archive import HqArchive
from outpost.store.files import atomic_write, failure_reason
from outpost.store.reading import read_regular
from outpost.sync.recovery import MAX_FILE_BYTES, REQUEST, answer_request, parse_recovery


def write_answer(archive: HqArchive, request: Path, out: Path) -> tuple[str, str]:
    """`outpost hq recover`: read a request (from a stick), answer it for a station HQ has
    enrolled, write the answer at `out`; the station id and the one-time code."""
    try:
        raw = read_regular(request, MAX_FILE_BYTES)
    except OSError as exc:
        reason = failure_reason(exc)
        raise InputRefused("store.unreadable", path=str(request), reason=reason) from None
    station = parse_recovery(raw, REQUEST, str(request))["station"]
    if archive.station(station) is None:
        raise InputRefused("atrest.request_unknown", path=str(request), station=station)
    answer, code = answer_request(raw, archive.keys.encryption, str(request))
    atomic_write(out, answer)
    return station, code
