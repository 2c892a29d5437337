"""`StationApp`: the station's screens on one open Logbook, and `build_app`, the one factory
the command line and the tests use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from time import monotonic
from typing import Any, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen

from outpost.errors import InputRefused, OutpostError
from outpost.i18n import language, set_language, t
from outpost.logbook import Logbook
from outpost.station.records import open_station
from outpost.station.sealing import lock_station, station_is_sealed
from outpost.station.settings import LANGUAGE, idle_lock_seconds, remember, station_language
from outpost.tui.keys import FORM_KEYS, SCREEN_KEYS, app_bindings
from outpost.tui.screens.base import StationScreen
from outpost.tui.screens.home import HomeScreen
from outpost.tui.shell import OutpostApp
from outpost.tui.uploads import Uploads

Clock = Callable[[], datetime]
IDLE_CHECK = 10.0
"""Seconds between two looks at how long the screens have been left untouched."""


class StationApp(OutpostApp):
    """The station TUI. It holds the Logbook (and so the directory lock) while it runs."""

    CSS_PATH = "station.tcss"
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
        self.idle_limit = idle_lock_seconds(book) if book is not None else 0.0
        """Seconds untouched before a sealed station's screens lock (0: never)."""
        self.last_touch = monotonic()
        self.uploads = Uploads(self)
        """Uploads to HQ's inbox server: the sync screen's key and auto-upload."""

    def on_mount(self) -> None:
        self.title = t("tui.title")
        if self.book is None and station_is_sealed(self.folder):
            from outpost.tui.screens.unlock import UnlockScreen

            self.push_screen(UnlockScreen())
        elif self.book is None:
            from outpost.tui.screens.first_run import FirstRunScreen

            self.push_screen(FirstRunScreen())
        self.fit_window(self.size.width, self.size.height)
        self.set_interval(IDLE_CHECK, self.lock_when_idle)
        self.uploads.start()

    def on_unmount(self) -> None:
        self.uploads.stop()

    def station_ready(self, book: Logbook) -> None:
        """The first-run or unlock screen opened the station: show its home."""
        self.book = book
        self.idle_limit = idle_lock_seconds(book)
        remember_language(book)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown):
            self.last_touch = monotonic()
        await super().on_event(event)

    def lock_when_idle(self, now: float | None = None) -> None:
        """Lock a sealed station's screens after `idle_limit` untouched: forms in progress keep
        their drafts (sealed) and stay where they are under the unlock screen."""
        from outpost.tui.screens.unlock import UnlockScreen

        idle = (now if now is not None else monotonic()) - self.last_touch
        if not self.idle_limit or idle < self.idle_limit or self.book is None:
            return
        if not station_is_sealed(self.folder) or isinstance(self.screen, UnlockScreen):
            return
        for screen in self.screen_stack:
            keep = getattr(screen, "keep_draft", None)
            if callable(keep):
                keep()
        lock_station(self.folder)
        self.push_screen(UnlockScreen(again=True))

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

    def help_screen(self) -> Screen[Any]:
        from outpost.tui.screens.help import HelpScreen

        return HelpScreen()

    def remember_language(self) -> None:
        if self.book is not None:
            try:
                remember(self.book, LANGUAGE, language())
            except OutpostError as exc:
                self.notify(exc.message(), severity="error")

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
            if station_is_sealed(self.folder):
                yield SystemCommand(
                    t("settings.idle_lock_title"), t("settings.idle_lock_palette"), self.idle_lock
                )
        yield from self.common_commands()

    def idle_lock(self) -> None:
        """The palette's idle-lock setting (outpost.tui.dialogs.idle_lock)."""
        from outpost.tui.dialogs.idle_lock import IdleLockDialog

        self.push_screen(IdleLockDialog())


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


def build_app(
    folder: Path,
    *,
    clock: Clock | None = None,
    notice: str | None = None,
    passphrase: bytes | None = None,
) -> StationApp:
    """The station TUI on `folder`: its Logbook opened (and locked; a sealed one unlocked with
    `passphrase`), or the first-run screen.

    DataDirLocked (another outpost owns the folder) and other refusals propagate, so the caller
    can say so and exit before any screen is drawn.
    """
    try:
        book = open_station(folder, clock, passphrase=passphrase)
    except InputRefused as exc:
        if exc.key != "atrest.locked":
            raise
        book = None  # sealed: the unlock screen asks for the passphrase
    if book is not None:
        remember_language(book)
    return StationApp(book, folder, clock=clock, notice=notice)
