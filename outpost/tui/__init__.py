"""The station TUI (Textual): home, forms, log browser, households, stock, sync, help.

Only this package imports Textual. `build_app` is the one factory for the command line and tests.
"""

from outpost.tui.app import StationApp, build_app

__all__ = ["StationApp", "build_app"]
