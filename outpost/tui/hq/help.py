"""HQ's key map: every action of HQ's TUI and its key, in the current language."""

from __future__ import annotations

from outpost.tui.hq.keys import HQ_HELP_ROWS
from outpost.tui.screens.help import KeyMapScreen


class HqHelpScreen(KeyMapScreen):
    """HQ's table of keys; Escape goes back."""

    ROWS = HQ_HELP_ROWS
