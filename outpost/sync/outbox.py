"""The station's outbox: its folder, and how a packet file is named after the seqs it carries.

No cryptography here: the home screen counts the packets waiting without loading it.
"""

from __future__ import annotations

import re

OUTBOX = "outbox"
"""The folder of the station's data directory that export seals packets into."""
SUFFIX = ".opk"
_NAME = re.compile(r"-(\d+)-(\d+)-[0-9a-f]+" + re.escape(SUFFIX) + "$")


def packet_name(station: str, first: int, last: int, digest: str) -> str:
    """A packet file's name: the station, the first and last seq it carries, a digest."""
    return f"{station}-{first:07d}-{last:07d}-{digest}{SUFFIX}"


def packet_glob(station: str, first: int | None = None, last: int | None = None) -> str:
    """The names of a station's packet files as a shell pattern: `*` for the digest, and for the
    first or last seq when None (HQ names the files that would fill a gap this way)."""
    low = "*" if first is None else f"{first:07d}"
    high = "*" if last is None else f"{last:07d}"
    return f"{station}-{low}-{high}-*{SUFFIX}"


def head_name(station: str, seq: int, digest: str) -> str:
    """A head-only packet's name: the station, the head's seq, `head`, a digest (no span: it
    carries no entry)."""
    return f"{station}-{seq:07d}-head-{digest}{SUFFIX}"


def packet_span(name: str) -> tuple[int, int] | None:
    """(first seq, last seq) read back from a packet file's name; None for another name."""
    found = _NAME.search(name)
    return (int(found.group(1)), int(found.group(2))) if found else None
