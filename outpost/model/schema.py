"""The JSON Schemas of `schemas/`, compiled with fastjsonschema; refusals as people read them."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import fastjsonschema

from outpost.errors import InvalidEntry
from outpost.i18n import catalogue, t


def schema_dir() -> Path:
    """`schemas/` of the source tree, or the copy packed into the wheel."""
    source = Path(__file__).resolve().parents[2] / "schemas"
    if (source / "envelope.schema.json").is_file():
        return source
    return Path(str(resources.files("outpost") / "_schemas"))


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The schema document `schemas/NAME.schema.json`."""
    path = schema_dir() / f"{name}.schema.json"
    with path.open(encoding="utf-8") as fh:
        document: dict[str, Any] = json.load(fh)
    return document


FORMATS: dict[str, str] = {
    "uuid": r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z",
}
"""Formats fastjsonschema does not check by itself (it passes any value of a format it does not
know): an entry id is a UUID in its lowercase 8-4-4-4-12 form, as the station writes it."""

BUILT_IN_FORMATS = frozenset({"date", "date-time"})
"""Formats the schemas use that fastjsonschema checks itself (draft 7 regexes: `date` is a
real calendar day, leap years included; `date-time` is RFC 3339 with an offset)."""


def formats_in(document: Any) -> set[str]:
    """Every `format` a schema document names, at any depth."""
    if isinstance(document, dict):
        found = {document["format"]} if isinstance(document.get("format"), str) else set()
        return found.union(*(formats_in(v) for v in document.values()))
    if isinstance(document, list):
        return set().union(*(formats_in(v) for v in document))
    return set()


@cache
def validator(name: str) -> Callable[[Any], Any]:
    """The compiled validator of schema `name` (compiled once per process, on first use).

    A schema naming a format no one checks is a mistake, never a silent pass: ValueError."""
    document = load_schema(name)
    unchecked = formats_in(document) - BUILT_IN_FORMATS - set(FORMATS)
    if unchecked:
        raise ValueError(f"schema {name} names formats nothing checks: {sorted(unchecked)}")
    compiled: Callable[[Any], Any] = fastjsonschema.compile(document, formats=FORMATS)
    return compiled


def validate(name: str, document: Any, prefix: str = "") -> None:
    """Check `document` against schema `name`; raise InvalidEntry naming the field and the rule."""
    try:
        validator(name)(document)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise refusal(exc, prefix) from None


def _field(path: list[Any] | None, prefix: str) -> str:
    parts = [str(p) for p in (path or [])[1:]]
    name = ".".join(parts)
    if prefix:
        return f"{prefix}.{name}" if name else prefix
    return name


def refusal(exc: fastjsonschema.JsonSchemaValueException, prefix: str = "") -> InvalidEntry:
    """Turn fastjsonschema's exception into a message that names the field and the rule."""
    field = _field(exc.path, prefix)
    rule = exc.rule
    definition = exc.rule_definition
    value = exc.value
    if rule == "required":
        present = set(value) if isinstance(value, dict) else set()
        missing = [name for name in definition if name not in present]
        name = missing[0] if missing else "?"
        return InvalidEntry(
            "schema.required", field=f"{field}.{name}" if field else name, name=name
        )
    if rule == "additionalProperties":
        allowed = set((load_properties(exc) or {}).keys())
        extra = sorted(k for k in (value or {}) if k not in allowed) if allowed else []
        name = extra[0] if extra else "?"
        return InvalidEntry("schema.extra", field=f"{field}.{name}" if field else name, name=name)
    where = field or "entry"
    shown = _show(value)
    if rule == "type":
        return InvalidEntry(
            "schema.type", field=where, expected=_named("types", definition), value=shown
        )
    if rule in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return InvalidEntry(f"schema.{rule}", field=where, limit=definition, value=shown)
    if rule in ("minLength", "maxLength", "minItems", "maxItems"):
        return InvalidEntry(f"schema.{rule}", field=where, limit=definition)
    if rule == "enum":
        return InvalidEntry(
            "schema.enum", field=where, value=shown, allowed=", ".join(map(str, definition))
        )
    if rule == "const":
        return InvalidEntry("schema.const", field=where, value=shown, expected=definition)
    if rule == "format":
        return InvalidEntry(
            "schema.format", field=where, value=shown, format=_named("formats", definition)
        )
    if rule == "pattern":
        return InvalidEntry("schema.pattern", field=where, value=shown)
    return InvalidEntry("schema.other", field=where, rule=rule, value=shown)


def load_properties(exc: fastjsonschema.JsonSchemaValueException) -> dict[str, Any] | None:
    """The `properties` of the object that had an extra field, from the failing sub-schema."""
    definition = getattr(exc, "definition", None)
    if isinstance(definition, dict):
        props = definition.get("properties")
        if isinstance(props, dict):
            return props
    return None


def _named(group: str, definition: Any) -> str:
    """A JSON type or format in words ('integer' -> '整数'); one the catalogue does not name,
    or a list of types, as the schema writes it."""
    key = f"schema.{group}.{definition}"
    return t(key) if isinstance(definition, str) and key in catalogue() else str(definition)


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "..."
