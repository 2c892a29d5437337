"""Entries in words, for the command line and the screens alike: one-line summaries, field
values as the catalogue names them, and an amendment as the fields it changed."""

from __future__ import annotations

from typing import Any

from outpost.errors import field_label
from outpost.i18n import language, t
from outpost.model.kinds import KINDS

MISSING = "—"
"""How a field an amendment added or removed reads on the side where it has no value."""


def kind_label(kind: str, lang: str | None = None) -> str:
    """The kind's name in the officer's language."""
    known = KINDS.get(kind)
    return known.label(lang or language()) if known else kind


def summary(
    kind: str, data: dict[str, Any], lang: str | None = None, target_seq: int | None = None
) -> str:
    """What an entry says, in a few words, as its kind reads: '巴特尔 hh-0007 · 800 L'. A
    correction names the entry it corrects by its number (`target_seq`) when the caller knows it."""
    lang = lang or language()
    known = KINDS.get(kind)
    if known is not None and known.correction and target_seq is not None:
        return t("describe.target", lang, seq=target_seq, reason=str(data.get("reason", "")))
    return known.reads(data, lang) if known else ""


def choice_label(kind: str, name: str, value: Any, lang: str | None = None) -> str | None:
    """The label of `value` in choice field `name` of `kind`'s form ('vehicle' -> '车辆');
    None when the field is no choice or the value none of its choices."""
    known = KINDS.get(kind)
    for spec in known.form_fields if known else ():
        if spec.name == name and spec.choice_prefix and value in spec.choices:
            return t(f"{spec.choice_prefix}{value}", lang)
    return None


def value_text(kind: str, name: str, value: Any, lang: str | None = None) -> str:
    """One field's value as a person reads it: a choice by its label, medicines as
    '阿莫西林 2 盒', a list joined with 、, a time as '2026-12-02 06:00', 86.0 as 86."""
    label = choice_label(kind, name, value, lang)
    if label is not None:
        return label
    if isinstance(value, list):
        return ("; " if any(isinstance(v, dict) for v in value) else "、").join(
            " ".join(_number(x) for x in item.values()) if isinstance(item, dict) else _number(item)
            for item in value
        )
    known = KINDS.get(kind)
    if known is not None and name in known.time_fields and isinstance(value, str):
        return value[:16].replace("T", " ")
    return _number(value)


def changes(
    kind: str, old: dict[str, Any], new: dict[str, Any], lang: str | None = None
) -> list[str]:
    """An amendment as the fields it changed, one line each: '水量（升）：800 → 500'."""
    lang = lang or language()
    lines = []
    for name in [*old, *(n for n in new if n not in old)]:
        if old.get(name) == new.get(name):
            continue
        before = value_text(kind, name, old[name], lang) if name in old else MISSING
        after = value_text(kind, name, new[name], lang) if name in new else MISSING
        lines.append(
            t("describe.change", lang, field=field_label(name, lang), old=before, new=after)
        )
    return lines


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
