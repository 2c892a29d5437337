"""The base of HQ's screens: the open archive and HQ's clock, at hand."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outpost.tui.screens.base import OutpostScreen

if TYPE_CHECKING:
    from outpost.hq import HqArchive
    from outpost.tui.hq.app import HqApp


class HqScreen(OutpostScreen):
    """A full screen of HQ's TUI."""

    @property
    def hq(self) -> HqApp:
        from outpost.tui.hq.app import HqApp

        assert isinstance(self.app, HqApp)
        return self.app

    @property
    def archive(self) -> HqArchive:
        archive = self.hq.archive
        assert archive is not None
        return archive
