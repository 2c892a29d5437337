"""Runs of sequence numbers as `[first, last]` pairs: merging, subtracting, counting, showing."""

from __future__ import annotations

from collections.abc import Iterable

Range = list[int]


def merge(ranges: Iterable[Iterable[int]]) -> list[Range]:
    """Sorted, non-overlapping, non-adjacent ranges covering the same numbers."""
    out: list[Range] = []
    for first, last in sorted((int(a), int(b)) for a, b in ranges):
        if last < first:
            continue
        if out and first <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], last)
        else:
            out.append([first, last])
    return out


def subtract(first: int, last: int, holes: Iterable[Iterable[int]]) -> list[Range]:
    """The numbers of `first..last` that are in none of `holes`, as ranges."""
    out: list[Range] = []
    at = first
    for lo, hi in merge(holes):
        if hi < at:
            continue
        if lo > last:
            break
        if lo > at:
            out.append([at, min(lo - 1, last)])
        at = max(at, hi + 1)
    if at <= last:
        out.append([at, last])
    return out


def count(ranges: Iterable[Iterable[int]]) -> int:
    """How many numbers the ranges cover (after merging)."""
    return sum(last - first + 1 for first, last in merge(ranges))


def split(ranges: Iterable[Iterable[int]], size: int) -> list[Range]:
    """The same numbers in ranges of at most `size` numbers each."""
    out: list[Range] = []
    for first, last in merge(ranges):
        at = first
        while at <= last:
            out.append([at, min(last, at + size - 1)])
            at += size
    return out


def ranges_text(ranges: Iterable[Iterable[int]]) -> str:
    """Ranges as people read them, in the order given: `1–3, 5, 7–9` (an en dash, as in the
    summaries and docs/summary-definitions.md)."""
    return ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in ranges)
