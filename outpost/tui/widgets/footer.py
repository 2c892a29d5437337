"""The footer of every station screen: Textual's Footer, redrawn only when its keys change.

Textual's Footer rebuilds itself each time the focus moves (the active bindings are recomputed);
in a form with ten fields that makes Tab feel slow. The keys it shows rarely change, so this one
compares what it would show and skips the rebuild when nothing differs.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class StationFooter(Footer):
    """A Footer that recomposes only when its visible keys or their labels change."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown: tuple[tuple[str, str, bool], ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        keys = tuple(
            (key, item.binding.description, item.enabled)
            for key, item in screen.active_bindings.items()
            if item.binding.show or key == self.app.COMMAND_PALETTE_BINDING
        )
        if keys == self.shown and self._bindings_ready:
            return
        self.shown = keys
        super().bindings_changed(screen)
