"""Runs of sequence numbers: merged, subtracted and shown the one way every output shows them."""

from __future__ import annotations

from outpost.model.ranges import count, merge, ranges_text, split, subtract


def test_ranges_read_with_an_en_dash_and_single_numbers_alone() -> None:
    """`[[1, 3], [5, 5], [7, 9]]` reads `1–3, 5, 7–9`; no ranges read as nothing."""
    assert ranges_text([[1, 3], [5, 5], [7, 9]]) == "1–3, 5, 7–9"
    assert ranges_text([]) == ""


def test_ranges_merge_subtract_count_and_split() -> None:
    """Overlapping and adjacent runs merge; holes come out of a span; counts and splits agree."""
    assert merge([[5, 7], [1, 2], [3, 3], [9, 8]]) == [[1, 3], [5, 7]]
    assert subtract(1, 10, [[2, 3], [6, 20]]) == [[1, 1], [4, 5]]
    assert count([[1, 3], [2, 5]]) == 5
    assert split([[1, 5]], 2) == [[1, 2], [3, 4], [5, 5]]
