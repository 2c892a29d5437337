"""The kind registry: one entry per kind, agreeing with the schemas, and the only list of kinds."""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TZ

import outpost
from outpost.errors import InvalidEntry
from outpost.logbook import Logbook
from outpost.model import HOUSEHOLD_FIELDS, KINDS, RECORD_KINDS, prepare, validate_data
from outpost.model import schema as schemas
from outpost.model.describe import kind_label, summary
from outpost.model.kinds import ENVELOPE_FIELDS, OFFICERS, FormField, Kind
from outpost.model.times import parse_time
from outpost.reports.figures import SERVICE_KINDS, SUMMARY_KINDS
from outpost.station.forms import FORMS, defaults, fields_of, read_form, values_of, with_stand_ins
from outpost.tui.keys import FORM_KEYS, HELP_ROWS, SCREEN_KEYS

PACKAGE = Path(outpost.__file__).parent
NOW = parse_time("2026-11-26T09:00:00+08:00", TZ)


def test_the_envelope_lists_exactly_the_registered_kinds() -> None:
    """The envelope schema's kind list is the registry's, in the same order."""
    assert schemas.load_schema("envelope")["properties"]["kind"]["enum"] == list(KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_form_field_is_in_the_schema_and_its_choices_are_the_schema_enum(kind: str) -> None:
    """A form fills only fields its schema (or the envelope) has; a choice offers exactly the
    schema's values, its default first; a field is required exactly when the schema says so."""
    schema = schemas.load_schema(kind)
    envelope = schemas.load_schema("envelope")["properties"]
    for spec in KINDS[kind].form_fields:
        if spec.name in ENVELOPE_FIELDS:
            assert spec.name in envelope
            assert not spec.required
            continue
        prop = schema["properties"][spec.name]
        assert spec.required == (spec.name in schema["required"]), spec.name
        if spec.type == "choice":
            allowed = tuple(prop["enum"])
            assert set(spec.choices) == set(allowed), spec.name
            assert spec.choices[0] == (spec.default or allowed[0]), spec.name
            assert [c for c in spec.choices if c != spec.default] == [
                c for c in allowed if c != spec.default
            ]
        else:
            assert "enum" not in prop, spec.name
        if spec.default and spec.type == "choice":
            assert spec.default in spec.choices


@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_every_form_asks_for_every_field_its_schema_requires(kind: str) -> None:
    """An officer can fill every required field of a kind from its form."""
    names = {spec.name for spec in KINDS[kind].form_fields}
    assert set(schemas.load_schema(kind)["required"]) <= names


@pytest.mark.parametrize("kind", list(KINDS))
def test_time_and_household_fields_are_what_the_schema_and_the_log_filter_know(kind: str) -> None:
    """A kind's time fields are its schema's date-times (its `occurred_at` one of them), and
    each field naming a household is one the log filter and the home screen look at."""
    entry = KINDS[kind]
    properties = schemas.load_schema(kind)["properties"]
    dated = {name for name, prop in properties.items() if prop.get("format") == "date-time"}
    assert set(entry.time_fields) == dated
    assert not entry.occurs_at or entry.occurs_at in entry.time_fields
    assert set(entry.household_fields) <= set(HOUSEHOLD_FIELDS)
    assert set(entry.household_fields) <= set(properties)


def test_the_summary_markers_are_what_the_summaries_count() -> None:
    """`counted` and `serves_household` name the kinds the monthly summary reads."""
    assert {k.name for k in KINDS.values() if k.counted} == set(SUMMARY_KINDS)
    assert {k.name for k in KINDS.values() if k.serves_household} == set(SERVICE_KINDS)


def test_each_form_has_one_key_of_its_own() -> None:
    """Every kind an officer records has a form and a key, and no two actions share a key."""
    assert set(FORMS) == set(RECORD_KINDS) == set(FORM_KEYS)
    keys = [key for key, _ in HELP_ROWS]
    assert len(keys) == len(set(keys))
    assert not set(FORM_KEYS.values()) & set(SCREEN_KEYS.values())


def literal_collections(path: Path) -> Iterator[tuple[int, set[str]]]:
    """(line, the strings) of every tuple, list, set or dict literal in a source file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            items: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            items = list(node.keys)
        else:
            continue
        strings = {
            i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
        }
        yield node.lineno, strings


def test_the_registry_is_the_only_list_of_kinds_in_the_code() -> None:
    """No literal outside the registry names every kind an officer records, so a new kind the
    summaries do not count joins no list but the registry (and the envelope's, checked above)."""
    registry = PACKAGE / "model" / "kinds.py"
    found = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != registry
        for line, strings in literal_collections(path)
        if set(RECORD_KINDS) <= strings
    ]
    assert found == []


WELL_SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "title": "Well check (水井巡查)",
    "type": "object",
    "properties": {
        "well": {"type": "string", "minLength": 1, "maxLength": 200},
        "state": {"enum": ["dry", "ok", "broken"]},
        "checked_at": {"type": "string", "format": "date-time"},
        "note": {"type": "string", "maxLength": 4000},
    },
    "required": ["well", "state", "checked_at"],
    "additionalProperties": False,
}

WELL = Kind(
    "well_check",
    "Well check",
    "水井巡查",
    reads=lambda d, lang: f"{d.get('well', '')} · {d.get('state', '')}",
    form=(
        FormField("well"),
        FormField("state", "choice", choice_prefix="well.", default="ok"),
        FormField("checked_at", "time"),
        FormField("note"),
        OFFICERS,
    ),
    key="g",
    occurs_at="checked_at",
    time_fields=("checked_at",),
)


@pytest.fixture
def well_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A new kind the summaries do not count: its schema file, its name in the envelope's kind
    list, its registry entry (and its messages and docs, which a test would not read)."""
    folder = tmp_path / "schemas"
    shutil.copytree(schemas.schema_dir(), folder)
    (folder / "well_check.schema.json").write_text(json.dumps(WELL_SCHEMA), encoding="utf-8")
    envelope = json.loads((folder / "envelope.schema.json").read_text(encoding="utf-8"))
    envelope["properties"]["kind"]["enum"].append("well_check")
    (folder / "envelope.schema.json").write_text(json.dumps(envelope), encoding="utf-8")
    monkeypatch.setattr(schemas, "schema_dir", lambda: folder)
    monkeypatch.setitem(KINDS, "well_check", WELL)
    schemas.load_schema.cache_clear()
    schemas.validator.cache_clear()
    yield
    schemas.load_schema.cache_clear()
    schemas.validator.cache_clear()


@pytest.mark.usefixtures("well_kind")
def test_a_new_kind_needs_only_its_schema_and_its_registry_entry(book: Logbook) -> None:
    """A kind added to the schemas and the registry alone gets a form read from its schema,
    validation, its `occurred_at`, a line in the log, and is saved like any other."""
    assert [(f.name, f.required) for f in fields_of("well_check")] == [
        ("well", True),
        ("state", True),
        ("checked_at", True),
        ("note", False),
        ("officers", False),
    ]
    assert fields_of("well_check")[1].choices == ("ok", "dry", "broken")
    assert defaults(book, "well_check")["state"] == "ok"
    typed = {"well": "北井", "state": "dry", "checked_at": "2026-11-25 08:00", "officers": "张伟"}
    data, occurred, officers = read_form("well_check", typed)
    assert values_of("well_check", data) == {k: v for k, v in typed.items() if k != "officers"}
    assert with_stand_ins("well_check", {})["state"] == "ok"
    normalised, occurred_at = prepare("well_check", data, occurred, TZ, NOW)
    assert occurred_at == "2026-11-25T08:00:00+08:00"
    validate_data("well_check", normalised, TZ)
    with pytest.raises(InvalidEntry) as refused:
        validate_data("well_check", {**normalised, "state": "full"}, TZ)
    assert refused.value.field == "state"
    (entry,) = book.add("well_check", data, officers=officers).entries
    assert (entry["occurred_at"], entry["data"]) == (occurred_at, normalised)
    assert (kind_label("well_check", "zh"), summary("well_check", data)) == (
        "水井巡查",
        "北井 · dry",
    )
