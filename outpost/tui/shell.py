"""`OutpostApp`: what the station's and HQ's apps share — the 80×24 floor, the translated palette
and keys, F1 help, F2 language, text-only toasts, and no traceback on the terminal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.align import Align
from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding
from textual.command import CommandList, CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets.option_list import Option

from outpost.i18n import language, set_language, t
from outpost.tui.dialogs.too_small import TooSmallScreen, too_small
from outpost.tui.keys import translated
from outpost.tui.screens.base import OutpostScreen
from outpost.tui.text import literal


class OutpostPalette(CommandPalette):
    """Textual's command palette, saying "no matches" in the user's language."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2.8 (pinned) writes its own English line here; the same, from the catalogue.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("tui.palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class OutpostApp(App[None]):
    """The base of both apps; a subclass names its title message, help screen and what a
    language switch also remembers."""

    TITLE = "outpost"
    TITLE_KEY = "tui.title"

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_window(event.size.width, event.size.height)

    def fit_window(self, width: int, height: int) -> None:
        """Below 80×24 one clear line covers the screens (nothing under it is lost); it goes
        away when the window is large enough again."""
        shown = self.screen if isinstance(self.screen, TooSmallScreen) else None
        if too_small(width, height):
            if shown is None:
                self.push_screen(TooSmallScreen())
            else:
                shown.show(width, height)
        elif shown is not None:
            self.pop_screen()

    def _print_error_renderables(self) -> None:
        # Textual (8.2.8, pinned) prints a crash's traceback, local variables included, on the
        # terminal. outpost never shows one: `crash` is re-raised by the command line, which
        # prints one line and keeps the traceback in its crash log.
        self._exit_renderables.clear()

    @property
    def crash(self) -> BaseException | None:
        """The error that stopped the app, if one did."""
        error: BaseException | None = getattr(self, "_exception", None)
        return error

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification shown as text: one that quotes typed text (`[/]800`) is never read
        as markup, which would end the app when the toast is drawn."""
        super().notify(
            literal(message), title=literal(title), severity=severity, timeout=timeout, markup=False
        )

    def help_screen(self) -> Screen[Any]:
        """The screen F1 opens (its class is how a second F1 is ignored)."""
        raise NotImplementedError

    def common_commands(self) -> Iterator[SystemCommand]:
        """The palette's last commands on every screen of either app: help, language, quit."""
        yield SystemCommand(t("tui.key.help"), t("tui.palette.help"), self.action_help)
        yield SystemCommand(
            t("tui.key.language"),
            t("tui.palette.language"),
            lambda: self.run_worker(self.action_switch_language()),
        )
        yield SystemCommand(t("tui.key.quit"), t("tui.palette.quit"), self.exit)

    def action_help(self) -> None:
        screen = self.help_screen()
        if type(self.screen) is not type(screen):
            self.push_screen(screen)

    def remember_language(self) -> None:
        """Keep the language just chosen for next time (the station writes it in its settings)."""

    async def action_switch_language(self) -> None:
        set_language("en" if language() == "zh" else "zh")
        self.remember_language()
        self.title = t(self.TITLE_KEY)
        for screen in self.screen_stack:
            if isinstance(screen, OutpostScreen):
                await screen.retranslate()
        self.refresh_bindings()
        self.notify(t("tui.language_now"))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App is invariant in its return type
            self.push_screen(
                OutpostPalette(id="--command-palette", placeholder=t("tui.palette.placeholder"))
            )
