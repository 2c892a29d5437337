"""The screen shown over everything while the terminal is smaller than the screens need."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from outpost.i18n import t

MIN_WIDTH, MIN_HEIGHT = 80, 24
"""The smallest terminal every screen is laid out for."""


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """One line saying the window is too small and how big it must be; what is under it (a
    form being typed) stays as it is, and the screen goes away when the window grows."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    TooSmallScreen > Static { width: 100%; content-align: center middle; text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def on_mount(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, width: int, height: int) -> None:
        text = t("tui.too_small", width=MIN_WIDTH, height=MIN_HEIGHT, now=f"{width}×{height}")
        self.query_one("#too-small", Static).update(text)
