"""Messages in Chinese and English: language choice and `t(key, **params)`.

Each `msg_*.py` module in this package holds `MESSAGES = {key: {"en": ..., "zh": ...}}` for one
area of the program; they are merged on first use. A test checks every key has both languages
with the same placeholders, and the test suite runs with `strict` on.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from collections.abc import Mapping
from typing import Any

LANGUAGES = ("zh", "en")

_language: str | None = None
_catalogue: dict[str, dict[str, str]] | None = None

strict = False
"""Set by the tests: a key missing from the catalogue raises MissingMessage (and is noted in
`missing`, should a caller swallow the error). Off, a missing key shows as itself."""

missing: list[str] = []


class MissingMessage(LookupError):
    """`t()` was asked, in strict mode, for a key no catalogue holds."""


def detect_language(env: Mapping[str, str] | None = None) -> str:
    """Chinese when the locale says Chinese, English otherwise (OUTPOST_LANG overrides)."""
    env = os.environ if env is None else env
    chosen = env.get("OUTPOST_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"


def set_language(lang: str | None) -> str:
    """Choose the language for every later message; None means detect it. Returns the choice."""
    global _language
    _language = lang if lang in LANGUAGES else detect_language()
    return _language


def language() -> str:
    """The current language code, detecting it on first use."""
    return _language if _language is not None else set_language(None)


def catalogue() -> dict[str, dict[str, str]]:
    """Every message of every area, merged."""
    global _catalogue
    if _catalogue is None:
        merged: dict[str, dict[str, str]] = {}
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
            if info.name.startswith("msg_"):
                module = importlib.import_module(f"{__name__}.{info.name}")
                for key, texts in module.MESSAGES.items():
                    if key in merged:
                        raise RuntimeError(f"message key {key!r} defined twice")
                    merged[key] = texts
        _catalogue = merged
    return _catalogue


def t(key: str, lang: str | None = None, **params: Any) -> str:
    """The message `key` in `lang` (default: the current language), filled with `params`."""
    texts = catalogue().get(key)
    if texts is None:
        if strict:
            missing.append(key)
            raise MissingMessage(key)
        return key if not params else f"{key} {params}"
    text = texts.get(lang or language()) or texts["en"]
    return text.format(**params) if params else text
