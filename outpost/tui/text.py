"""User text as Rich `Text`: never markup, never a terminal escape, one line where asked."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from outpost.text import clip, printable


def plain(value: Any, style: str = "", limit: int | None = None) -> Text:
    """A rich Text holding `value` literally (square brackets stay brackets); with `limit`, at
    most that many terminal columns, cut with an ellipsis (a Chinese character takes two)."""
    text = printable(value)
    if limit is not None:
        text = clip(text, limit)
    return Text(text, style=style, no_wrap=limit is not None, end="")


def literal(value: Any) -> str:
    """`value` as a one-line string for an API that takes a string and no markup (a toast)."""
    return printable(value)
