"""User text made safe to show: never markup, never a terminal escape, one line where asked."""

from __future__ import annotations

from typing import Any

from rich.text import Text


def clean(value: Any) -> str:
    """`value` as a string with control characters shown as visible symbols (␛ for ESC)."""
    text = str(value)
    if text.isprintable():
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("␡")
        elif 0x80 <= code < 0xA0 or (not ch.isprintable() and ch not in " \u3000"):
            out.append("\ufffd")
        else:
            out.append(ch)
    return "".join(out)


def plain(value: Any, style: str = "", limit: int | None = None) -> Text:
    """A rich Text holding `value` literally (square brackets stay brackets)."""
    text = clean(value)
    if limit is not None and len(text) > limit:
        text = text[: max(0, limit - 1)] + "…"
    return Text(text, style=style, no_wrap=limit is not None, end="")
