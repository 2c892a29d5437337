"""Brigade HQ's TUI (Textual): unlock or set up, the stations board, import, enrollment.

`build_hq_app` is the one factory for `outpost hq` and the tests."""

from outpost.tui.hq.app import HqApp, build_hq_app

__all__ = ["HqApp", "build_hq_app"]
