"""Import: a folder (a courier's stick) typed with completion, each packet's result as it goes
under a progress bar, the acks written back to the folder's `acks/`, a summary line."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, RichLog, Static

from outpost.brigade import PacketImport, packets_to_import
from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.tui.hq.base import HqScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter

ACKS = "acks"
"""The folder on the stick the acks go back in (the station's `outpost sync` reads it)."""


class FolderSuggester(Suggester):
    """Completes the last part of a typed path with the first folder of that name (→ takes it);
    with `files`, files too."""

    def __init__(self, files: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.files = files

    async def get_suggestion(self, value: str) -> str | None:
        typed = Path(value).expanduser()
        parent, stem = (typed, "") if value.endswith("/") else (typed.parent, typed.name)
        try:
            names = sorted((p.name, p.is_dir()) for p in parent.iterdir())
        except OSError:
            return None
        for name, folder in names:
            wanted = folder or self.files
            if wanted and name.startswith(stem) and name != stem and not name.startswith("."):
                return value + name[len(stem) :] + ("/" if folder else "")
        return None


class ImportScreen(HqScreen):
    """Imports every packet in a folder through `outpost.brigade.PacketImport`, as
    `outpost hq import FOLDER --acks-out FOLDER/acks` does."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "tui.key.back")]

    def compose(self) -> ComposeResult:
        yield Static(t("tui.hq.import.title"), classes="screen-title")
        yield Static(t("tui.hq.import.intro"), id="import-intro")
        yield Input(id="import-path", suggester=FolderSuggester(), compact=True)
        yield ProgressBar(id="import-progress", show_eta=False)
        yield RichLog(id="import-log", wrap=True, markup=False)
        yield Static("", id="import-summary")
        yield StationFooter()

    def on_mount(self) -> None:
        self.query_one("#import-path").focus()

    def action_back(self) -> None:
        if not self.hq.busy:
            self.run_worker(self.hq.action_open("stations"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.hq.busy:
            return
        folder = Path(event.value.strip()).expanduser()
        summary = self.query_one("#import-summary", Static)
        try:
            files = packets_to_import([folder])
        except OutpostError as exc:
            summary.update(plain(exc.message()))
            return
        self.query_one("#import-log", RichLog).clear()
        self.query_one("#import-progress", ProgressBar).update(total=len(files), progress=0)
        summary.update(t("tui.hq.import.running", count=len(files)))
        self.hq.busy = True
        self.run_import(folder, files)

    @work(exclusive=True, group="import")
    async def run_import(self, folder: Path, files: list[Path]) -> None:
        """One packet at a time, handing the screen back between packets: the archive's SQLite
        connection belongs to this thread, and each packet is one short transaction."""
        log = self.query_one("#import-log", RichLog)
        bar = self.query_one("#import-progress", ProgressBar)
        summary = self.query_one("#import-summary", Static)
        run = PacketImport(self.archive, files)
        try:
            for done in run:
                log.write(plain(done.line()))
                bar.advance(1)
                await asyncio.sleep(0)
            acks = run.write_acks(folder / ACKS) if run.heard else []
            for path in acks:
                log.write(plain(t("hq.ack_written", path=path)))
        except OutpostError as exc:
            summary.update(plain(exc.message()))
            return
        finally:
            self.hq.busy = False
        imported = run.imported
        summary.update(
            plain(
                t(
                    "tui.hq.import.summary",
                    total=len(run),
                    new=sum(1 for r in imported if r.status == "new"),
                    entries=sum(r.new_entries for r in imported),
                    held=sum(1 for r in imported if r.status != "new"),
                    refused=len(run.outcomes) - len(imported),
                    acks=len(acks),
                )
            )
        )
