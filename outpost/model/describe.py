"""One-line descriptions of entries, for the command line and the screens alike."""

from __future__ import annotations

from typing import Any

from outpost.i18n import language
from outpost.model.kinds import KINDS


def kind_label(kind: str, lang: str | None = None) -> str:
    """The kind's name in the officer's language."""
    known = KINDS.get(kind)
    return known.label(lang or language()) if known else kind


def summary(kind: str, data: dict[str, Any], lang: str | None = None) -> str:
    """What an entry says, in a few words, as its kind reads: '巴特尔 hh-0007 · 800 L'."""
    known = KINDS.get(kind)
    return known.reads(data, lang or language()) if known else ""
