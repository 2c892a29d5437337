"""Finding households in the station's registry, as the picker and the households screen do."""

from __future__ import annotations

from typing import Any

SEARCHED = ("head", "gacha", "sumu")
"""Fields a search looks in, besides the household id."""


def household_matches(registry: dict[str, dict[str, Any]], text: str) -> list[str]:
    """Household ids whose id, head, gacha or sumu contains `text` (any case), sorted by id."""
    needle = text.strip().casefold()
    found = []
    for hid, data in sorted(registry.items()):
        words = [hid, *(str(data.get(k, "")) for k in SEARCHED)]
        if not needle or any(needle in w.casefold() for w in words):
            found.append(hid)
    return found
