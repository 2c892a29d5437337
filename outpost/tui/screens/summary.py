"""The monthly summary's place in the station TUI (the screen itself comes with outpost.reports)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Static

from outpost.i18n import t
from outpost.tui.screens.base import StationScreen


class SummaryScreen(StationScreen):
    """Registered as the app's `summary` mode; until reports exist, it says where to find them."""

    def compose(self) -> ComposeResult:
        yield Static(t("tui.summary.title"), classes="screen-title")
        yield Static(t("tui.summary.later"), id="summary-body")
        yield Footer()
