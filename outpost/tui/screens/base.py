"""The base of every screen and dialog of both apps: translated keys, language-aware refresh."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from outpost.i18n import language
from outpost.tui.keys import translated

if TYPE_CHECKING:
    from textual.app import App

    from outpost.logbook import Logbook
    from outpost.tui.app import StationApp


class OutpostScreen(Screen[Any]):
    """A full screen of either app (station or HQ); `reload()` redraws its data when it comes
    back, `retranslate()` when the language changed meanwhile."""

    FORM_LIKE = False
    """True for screens where typing matters: the app's one-letter keys stay off there."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown_language = language()
        self.shown_once = False

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    async def on_screen_resume(self) -> None:
        if not self.shown_once:  # the first resume follows on_mount, which drew everything
            self.shown_once = True
            return
        if self.shown_language != language():
            await self.retranslate()
        else:
            self.reload()

    async def retranslate(self) -> None:
        """Show the screen again in the current language, keeping what it holds."""
        self.shown_language = language()
        await self.recompose()
        self.reload()

    def reload(self) -> None:
        """Redraw the data the screen shows (after a save, on coming back)."""


class OnStation:
    """The station app and its open log, for a screen or a dialog of the station TUI."""

    if TYPE_CHECKING:
        app: App[object]  # Textual's, on the screen or dialog this is mixed into

    @property
    def station(self) -> StationApp:
        from outpost.tui.app import StationApp

        assert isinstance(self.app, StationApp)
        return self.app

    @property
    def book(self) -> Logbook:
        book = self.station.book
        assert book is not None
        return book


class StationScreen(OnStation, OutpostScreen):
    """A full screen of the station TUI."""


class StationDialog(ModalScreen[Any]):
    """A dialog of either app, with its keys labelled in the current language."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)
