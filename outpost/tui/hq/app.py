"""`HqApp`: brigade HQ's screens on one open archive, and `build_hq_app`, the one factory the
command line and the tests use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual.app import SystemCommand
from textual.binding import BindingType
from textual.screen import ModalScreen, Screen

from outpost.errors import NotInitialised
from outpost.hq import HqArchive
from outpost.i18n import t
from outpost.tui.hq.keys import HQ_SCREEN_KEYS, hq_bindings
from outpost.tui.hq.stations import StationsScreen
from outpost.tui.screens.base import OutpostScreen
from outpost.tui.shell import OutpostApp

Clock = Callable[[], datetime]


class HqApp(OutpostApp):
    """HQ's TUI. It holds the archive (the folder's lock shared with the inbox server) while it
    runs; `unlocked` once
    HQ's keys are decrypted (the unlock screen, or a passphrase given on the command line)."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../station.tcss", "hq.tcss"]  # one look
    TITLE_KEY = "tui.hq.title"
    MODES: ClassVar[dict[str, Any]] = {
        "stations": StationsScreen,
        "import": lambda: _screen("importing", "ImportScreen"),
        "enroll": lambda: _screen("enrolling", "EnrollScreen"),
        "incidents": lambda: _screen("incidents", "IncidentsScreen"),
        "summaries": lambda: _screen("summaries", "SummariesScreen"),
        "inbox": lambda: _screen("inbox", "InboxScreen"),
    }
    DEFAULT_MODE = "stations"
    BINDINGS: ClassVar[list[BindingType]] = hq_bindings()

    def __init__(self, folder: Path, archive: HqArchive | None, *, clock: Clock | None) -> None:
        super().__init__()
        self.folder = folder
        self.archive = archive
        self.clock = clock
        self.unlocked = archive is not None and archive.has_keys
        self.busy = False
        """True while an import worker writes the archive."""

    def on_mount(self) -> None:
        self.title = t(self.TITLE_KEY)
        if self.archive is None:
            from outpost.tui.hq.setup import SetUpScreen

            self.push_screen(SetUpScreen(), self.ready)
        elif not self.unlocked:
            from outpost.tui.hq.unlock import UnlockScreen

            self.push_screen(UnlockScreen(), self.ready)
        self.fit_window(self.size.width, self.size.height)

    def ready(self, _: object = None) -> None:
        """HQ is set up or unlocked: show its stations."""
        self.unlocked = True
        if isinstance(self.screen, OutpostScreen):
            self.screen.reload()

    def now(self) -> datetime:
        """HQ's clock (the archive's: tests set it)."""
        assert self.archive is not None
        return self.archive.clock()

    def help_screen(self) -> Screen[Any]:
        from outpost.tui.hq.help import HqHelpScreen

        return HqHelpScreen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            if not self.unlocked or self.busy or isinstance(self.screen, ModalScreen):
                return False
            if isinstance(self.screen, OutpostScreen) and self.screen.FORM_LIKE:
                return parameters == ("stations",)
        return True

    async def action_open(self, name: str) -> None:
        if self.current_mode == name:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        await self.switch_mode(name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.unlocked and not self.busy and not isinstance(screen, ModalScreen):
            # not while an import runs: its screen shows it to the end (as the keys, check_action)
            for name, key in HQ_SCREEN_KEYS.items():
                yield SystemCommand(
                    t(f"tui.hq.key.{name}"),
                    t("tui.palette.screen", keys=key),
                    lambda name=name: self.run_worker(self.action_open(name)),
                )
        yield from self.common_commands()


def _screen(module: str, name: str) -> Screen[Any]:
    """A new top-level screen from `outpost.tui.hq.<module>`."""
    import importlib

    screen: Screen[Any] = getattr(importlib.import_module(f"outpost.tui.hq.{module}"), name)()
    return screen


def build_hq_app(
    folder: Path, passphrase: bytes | None = None, *, clock: Clock | None = None
) -> HqApp:
    """HQ's TUI on `folder`: its archive opened (and locked), or the set-up screen when the
    folder holds no HQ yet. With `passphrase` (the environment, `--passphrase-file`) the keys
    are decrypted here and the unlock screen is skipped.

    DataDirLocked, a foreign folder and a wrong given passphrase propagate, so the caller can
    say so in one line before any screen is drawn."""
    try:
        # Shared with `outpost hq serve` (whose uploads the inbox screen shows) and the
        # commands: every packet and ack is written under HQ's short write lock.
        archive = HqArchive.open(folder, clock, shared_write=True)
    except NotInitialised:
        return HqApp(folder, None, clock=clock)
    try:
        if passphrase is not None:
            archive.unlock(passphrase)
    except BaseException:
        archive.close()
        raise
    return HqApp(folder, archive, clock=clock)
