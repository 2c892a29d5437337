"""One-line descriptions of entries, for the command line and the screens alike."""

from __future__ import annotations

from typing import Any

from outpost.i18n import language, t
from outpost.model.kinds import KINDS


def kind_label(kind: str, lang: str | None = None) -> str:
    """The kind's name in the officer's language."""
    known = KINDS.get(kind)
    return known.label(lang or language()) if known else kind


def summary(kind: str, data: dict[str, Any], lang: str | None = None) -> str:
    """What an entry says, in a few words: '巴特尔 hh-0007 · 800 L'."""
    lang = lang or language()
    d = data
    if kind == "patrol":
        return f"{d.get('route', '')} · {d.get('distance_km', '')} km" + (
            f" · {t('describe.markers', lang, n=len(d['markers']))}" if d.get("markers") else ""
        )
    if kind == "water_delivery":
        return f"{d.get('household', '')} · {d.get('litres', '')} L"
    if kind in ("medicine_handout", "medicine_stock"):
        items = ", ".join(
            f"{i.get('medicine')} {i.get('quantity')}{i.get('unit')}" for i in d.get("items", [])
        )
        who = d.get("recipient") or d.get("source") or ""
        return f"{who} · {items}" if who else items
    if kind == "herder_visit":
        return f"{d.get('household', '')} · {t('purpose.' + str(d.get('purpose')), lang)}"
    if kind == "household":
        place = " ".join(x for x in (d.get("sumu"), d.get("gacha")) if x)
        return f"{d.get('household_id', '')} {d.get('head', '')}" + (f" · {place}" if place else "")
    if kind == "assistance":
        return f"{t('category.' + str(d.get('category')), lang)} · {d.get('description', '')}"
    if kind in ("amendment", "void"):
        return f"→ {str(d.get('target', ''))[:8]} · {d.get('reason', '')}"
    return ""
