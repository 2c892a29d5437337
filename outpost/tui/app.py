"""`StationApp`: the station's screens on one open Logbook, and `build_app`, the one factory
the command line and the tests use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.align import Align
from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.binding import ActiveBinding, BindingType
from textual.command import CommandList, CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widgets.option_list import Option

from outpost.errors import OutpostError
from outpost.i18n import language, set_language, t
from outpost.logbook import Logbook
from outpost.station.records import open_station
from outpost.station.settings import LANGUAGE, remember, station_language
from outpost.tui.dialogs.too_small import TooSmallScreen, too_small
from outpost.tui.keys import FORM_KEYS, SCREEN_KEYS, app_bindings, translated
from outpost.tui.screens.base import StationScreen
from outpost.tui.screens.home import HomeScreen
from outpost.tui.text import literal

Clock = Callable[[], datetime]


class StationPalette(CommandPalette):
    """Textual's command palette, saying "no matches" in the officer's language."""

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


class StationApp(App[None]):
    """The station TUI. It holds the Logbook (and so the directory lock) while it runs."""

    CSS_PATH = "station.tcss"
    TITLE = "outpost"
    MODES: ClassVar[dict[str, Any]] = {
        "home": HomeScreen,
        "log": lambda: _screen("log", "LogScreen"),
        "households": lambda: _screen("households", "HouseholdsScreen"),
        "stock": lambda: _screen("stock", "StockScreen"),
        "sync": lambda: _screen("sync", "SyncScreen"),
        "summary": lambda: _screen("summary", "SummaryScreen"),
    }
    """Every top-level screen by name (imported when first opened, so home starts fast);
    `summary` is the monthly summary's slot: `outpost.tui.screens.summary.SummaryScreen`."""
    DEFAULT_MODE = "home"
    BINDINGS: ClassVar[list[BindingType]] = app_bindings()

    def __init__(
        self,
        book: Logbook | None,
        folder: Path,
        *,
        clock: Clock | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self.book = book
        self.folder = folder
        self.clock = clock
        self.notice = notice
        """A line shown on home (the demo names its data directory here)."""
        self.busy = False
        """True while a sync worker uses the logbook (forms wait until it is done)."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translated(super().active_bindings)

    def on_mount(self) -> None:
        self.title = t("tui.title")
        if self.book is None:
            from outpost.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        self.fit_window(self.size.width, self.size.height)

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

    def station_ready(self, book: Logbook) -> None:
        """The first-run screen made the station: show its home."""
        self.book = book
        remember_language(book)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "open"):
            if self.book is None or (action == "new" and self.busy):
                return False
            screen = self.screen
            if isinstance(screen, ModalScreen):
                return False
            if isinstance(screen, StationScreen) and screen.FORM_LIKE:
                return False
        return True

    def action_new(self, kind: str) -> None:
        from outpost.tui.screens.form import EntryForm

        self.push_screen(EntryForm(kind))

    async def action_open(self, name: str) -> None:
        if self.current_mode == name:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        await self.switch_mode(name)

    async def action_quit(self) -> None:
        """Quit, but ask first on a screen holding typed work (a form, the first-run screen);
        a form under another screen keeps its draft."""
        ask = getattr(self.screen, "ask_to_leave", None)
        if callable(ask) and ask(self.exit):
            return
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft", None)
            if callable(keep):
                keep()
        self.exit()

    def action_help(self) -> None:
        from outpost.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_switch_language(self) -> None:
        set_language("en" if language() == "zh" else "zh")
        if self.book is not None:
            try:
                remember(self.book, LANGUAGE, language())
            except OutpostError as exc:
                self.notify(exc.message(), severity="error")
        self.title = t("tui.title")
        for screen in self.screen_stack:
            if isinstance(screen, StationScreen):
                await screen.retranslate()
        self.refresh_bindings()
        self.notify(t("tui.language_now"))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]  # App is invariant in its return type
            self.push_screen(
                StationPalette(id="--command-palette", placeholder=t("tui.palette.placeholder"))
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.book is not None and not isinstance(screen, ModalScreen):
            for kind in FORM_KEYS:
                yield SystemCommand(
                    t(f"tui.key.new.{kind}"),
                    t("tui.palette.form", keys=FORM_KEYS[kind]),
                    lambda kind=kind: self.action_new(kind),
                )
            for name, key in SCREEN_KEYS.items():
                yield SystemCommand(
                    t(f"tui.key.screen.{name}"),
                    t("tui.palette.screen", keys=key),
                    lambda name=name: self.run_worker(self.action_open(name)),
                )
        yield SystemCommand(t("tui.key.help"), t("tui.palette.help"), self.action_help)
        yield SystemCommand(
            t("tui.key.language"),
            t("tui.palette.language"),
            lambda: self.run_worker(self.action_switch_language()),
        )
        yield SystemCommand(t("tui.key.quit"), t("tui.palette.quit"), self.exit)


def _screen(module: str, name: str) -> Screen[Any]:
    """A new top-level screen from `outpost.tui.screens.<module>`."""
    import importlib

    screen: Screen[Any] = getattr(importlib.import_module(f"outpost.tui.screens.{module}"), name)()
    return screen


def remember_language(book: Logbook) -> None:
    """Use the language the station chose last time (F2), unless OUTPOST_LANG names one."""
    chosen = station_language(book)
    if chosen is not None:
        set_language(chosen)


def build_app(folder: Path, *, clock: Clock | None = None, notice: str | None = None) -> StationApp:
    """The station TUI on `folder`: its Logbook opened (and locked), or the first-run screen.

    DataDirLocked (another outpost owns the folder) and other refusals propagate, so the caller
    can say so and exit before any screen is drawn.
    """
    book = open_station(folder, clock)
    if book is not None:
        remember_language(book)
    return StationApp(book, folder, clock=clock, notice=notice)
