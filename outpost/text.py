"""User text made safe for a terminal: control characters shown as symbols, widths in columns."""

from __future__ import annotations

import unicodedata
from typing import Any

KEPT_SPACES = " \u3000"
"""The only spaces shown as themselves: other space characters (no-break, em, thin …) look the
same on screen and can pass one name off as another, so they show as � like any other oddity."""


def printable(value: Any) -> str:
    """`value` as a string with control characters shown as visible symbols (␛ for ESC, ␊ for a
    newline, ␡ for DEL), so a name can never move the cursor, recolour a terminal or hide."""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif not ch.isprintable() and ch not in KEPT_SPACES:  # C1 controls, format marks …
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def width(text: str) -> int:
    """Columns a string takes in a terminal (Chinese characters take two)."""
    return sum(_columns(c) for c in text)


def clip(text: str, columns: int) -> str:
    """`text` in at most `columns` terminal columns, cut with "…" when it is wider."""
    if len(text) * 2 <= columns or width(text) <= columns:
        return text
    kept, used = [], 1  # the ellipsis takes one column
    for ch in text:
        used += _columns(ch)
        if used > columns:
            break
        kept.append(ch)
    return "".join(kept) + "…"


def _columns(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1
