"""The station TUI's keys: one table for the bindings, the footer, the help screen and the palette.

Binding descriptions are message keys; `translated` turns them into the current language each
time Textual asks for the active bindings, so a language switch relabels the footer at once.
"""

from __future__ import annotations

import dataclasses

from textual.binding import ActiveBinding, Binding, BindingType

from outpost.i18n import catalogue, t
from outpost.model.kinds import KINDS

FORM_KEYS: dict[str, str] = {name: kind.key for name, kind in KINDS.items() if kind.key}
"""One key per form, from any screen that is not itself a form or a dialog (the kind registry
names each kind's key)."""

SCREEN_KEYS: dict[str, str] = {
    "home": "escape",
    "log": "l",
    "households": "h",
    "stock": "k",
    "sync": "y",
    "summary": "u",
}

ROSTER_KEY = "o"
"""The roster screen's key, on the home screen."""

FOOTER_FORMS = ("patrol", "water_delivery", "medicine_handout", "herder_visit")
FOOTER_SCREENS = ("log", "households", "sync")
"""What the footer shows (it must fit 80 columns); the help screen and the palette list all."""

TEXTUAL_DESCRIPTIONS = {
    "palette": "tui.key.palette",
    "Quit": "tui.key.quit",
    "Dismiss menu": "tui.key.close",
}
"""Descriptions Textual gives its own bindings, and the message that replaces each."""


def app_bindings() -> list[BindingType]:
    """The bindings every screen shares (descriptions are message keys)."""
    bindings: list[BindingType] = [
        Binding(key, f"new('{kind}')", f"tui.key.new.{kind}", show=kind in FOOTER_FORMS)
        for kind, key in FORM_KEYS.items()
    ]
    bindings += [
        Binding(key, f"open('{name}')", f"tui.key.screen.{name}", show=name in FOOTER_SCREENS)
        for name, key in SCREEN_KEYS.items()
    ]
    bindings += [
        Binding("f1", "help", "tui.key.help"),
        Binding("question_mark", "help", "tui.key.help", show=False),
        Binding("f2", "switch_language", "tui.key.language", priority=True),
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True),
    ]
    return bindings


def describe(description: str) -> str:
    """A binding's description in the current language."""
    key = TEXTUAL_DESCRIPTIONS.get(description, description)
    return t(key) if key in catalogue() else description


def translated(active: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """The same active bindings with their descriptions (and tooltips) in the current language."""
    out = {}
    for key, item in active.items():
        binding = item.binding
        text = describe(binding.description) if binding.description else ""
        tooltip = describe(binding.tooltip) if binding.tooltip else ""
        out[key] = item._replace(
            binding=dataclasses.replace(binding, description=text, tooltip=tooltip),
            tooltip=describe(item.tooltip) if item.tooltip else "",
        )
    return out


HELP_ROWS: list[tuple[str, str]] = [
    *((key, f"tui.key.new.{kind}") for kind, key in FORM_KEYS.items()),
    *((key, f"tui.key.screen.{name}") for name, key in SCREEN_KEYS.items()),
    (ROSTER_KEY, "tui.key.screen.roster"),
    ("ctrl+s", "tui.key.save"),
    ("f4", "tui.key.pick"),
    ("enter", "tui.key.open"),
    ("e", "tui.key.amend"),
    ("x", "tui.key.void"),
    ("/", "tui.key.search"),
    ("f1 ?", "tui.key.help"),
    ("f2", "tui.key.language"),
    ("ctrl+p", "tui.key.palette"),
    ("ctrl+q", "tui.key.quit"),
]
"""What the help screen lists: every action and its key."""
