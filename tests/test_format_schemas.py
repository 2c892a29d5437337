"""Every `format` a schema names is enforced, `uuid` included (issue 9, #13)."""

from __future__ import annotations

import pytest

from outpost.errors import InvalidEntry
from outpost.model import zone
from outpost.model.entry import validate_entry
from outpost.model.schema import formats_in, load_schema, schema_dir, validate, validator

TZ = zone("Asia/Shanghai")
ENTRY = {
    "id": "5f0c3b1e-8a2d-4c6f-9e1b-2d7a4c8e0f13",
    "station": "yingen-couple-post",
    "seq": 1,
    "prev": "0" * 64,
    "kind": "water_delivery",
    "v": 1,
    "occurred_at": "2026-11-26T09:30:00+08:00",
    "recorded_at": "2026-11-26T09:41:12+08:00",
    "officers": ["张伟"],
    "data": {"household": "hh-0007", "litres": 800},
}
NAMES = sorted(p.name.removesuffix(".schema.json") for p in schema_dir().glob("*.schema.json"))


@pytest.mark.parametrize("name", NAMES)
def test_every_schema_compiles_with_each_of_its_formats_checked(name: str) -> None:
    """Each schema compiles; its formats are among those checked (an unknown one raises)."""
    assert formats_in(load_schema(name)) <= {"date", "date-time", "uuid"}
    validator(name)


@pytest.mark.parametrize(
    "value",
    ["not-a-uuid", "5F0C3B1E-8A2D-4C6F-9E1B-2D7A4C8E0F13", "5f0c3b1e8a2d4c6f9e1b2d7a4c8e0f13"],
)
def test_an_entry_id_that_is_not_a_lowercase_uuid_is_refused(value: str) -> None:
    """`id` must be a UUID written as the station writes it (lowercase, 8-4-4-4-12)."""
    validate_entry(ENTRY, TZ)
    with pytest.raises(InvalidEntry, match="not a valid entry id"):
        validate_entry(dict(ENTRY, id=value), TZ)


@pytest.mark.parametrize("kind", ["void", "amendment"])
def test_a_correction_target_that_is_not_a_uuid_is_refused(kind: str) -> None:
    """A void's or an amendment's `target` is checked as a UUID too."""
    data = {"target": "not-a-uuid", "reason": "typo"}
    if kind == "amendment":
        data["data"] = {}
    with pytest.raises(InvalidEntry, match="Corrects entry: not-a-uuid is not a valid entry id"):
        validate(kind, data)


@pytest.mark.parametrize("value", ["2026-02-30", "2027-02-29", "2026-13-01", "26-01-01"])
def test_a_date_that_is_no_calendar_day_is_refused(value: str) -> None:
    """`format: date` holds a real day: no 30 February, no 29 February outside leap years."""
    items = [{"medicine": "阿莫西林", "quantity": 10, "unit": "盒"}]
    validate("medicine_stock", {"items": items, "expires": "2028-02-29"})
    with pytest.raises(InvalidEntry, match="not a valid date"):
        validate("medicine_stock", {"items": items, "expires": value})
