"""HQ's keys: one table for its bindings, footer, help screen and palette (labels are message
keys, translated when Textual asks, as for the station: outpost.tui.keys)."""

from __future__ import annotations

from textual.binding import Binding, BindingType

HQ_SCREEN_KEYS: dict[str, str] = {
    "stations": "escape",
    "import": "i",
    "enroll": "e",
    "incidents": "n",
    "summaries": "u",
    "inbox": "b",
}
"""One key per top-level HQ screen."""


def hq_bindings() -> list[BindingType]:
    """The bindings every HQ screen shares (descriptions are message keys)."""
    bindings: list[BindingType] = [
        Binding(key, f"open('{name}')", f"tui.hq.key.{name}", show=name != "stations")
        for name, key in HQ_SCREEN_KEYS.items()
    ]
    bindings += [
        Binding("f1", "help", "tui.key.help"),
        Binding("question_mark", "help", "tui.key.help", show=False),
        Binding("f2", "switch_language", "tui.key.language", priority=True),
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True),
    ]
    return bindings


HQ_HELP_ROWS: list[tuple[str, str]] = [
    *((key, f"tui.hq.key.{name}") for name, key in HQ_SCREEN_KEYS.items()),
    ("enter", "tui.key.open"),
    ("h", "tui.hq.key.handle"),
    ("[ ]", "tui.hq.key.previous"),
    ("x", "tui.hq.key.export"),
    ("f1 ?", "tui.key.help"),
    ("f2", "tui.key.language"),
    ("ctrl+p", "tui.key.palette"),
    ("ctrl+q", "tui.key.quit"),
]
"""What HQ's help screen lists: every action and its key."""
