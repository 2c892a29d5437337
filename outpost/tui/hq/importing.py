"""Import: a folder (a courier's stick) typed with completion, each packet's result as it goes
under a progress bar, the acks written back to the folder's `acks/`, a summary line. The import
runs in a thread of its own on a connection of its own, so the screen answers meanwhile."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input, ProgressBar, RichLog, Static
from textual.worker import Worker, WorkerState, get_current_worker

from outpost.brigade import PacketImport, PacketOutcome, packets_to_import
from outpost.errors import OutpostError
from outpost.hq import HqArchive
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


class PacketDone(Message):
    """One packet of the import is done (posted from the import's thread)."""

    def __init__(self, done: PacketOutcome) -> None:
        super().__init__()
        self.done = done


class ImportEnded(Message):
    """The import's thread is done: the run (None when the archive could not be opened again),
    the acks written, a refusal that ended it early, and whether it was stopped."""

    def __init__(
        self,
        run: PacketImport | None,
        acks: list[Path],
        refusal: OutpostError | None,
        stopped: bool,
    ) -> None:
        super().__init__()
        self.run = run
        self.acks = acks
        self.refusal = refusal
        self.stopped = stopped


def import_aside(
    screen: ImportScreen, archive: HqArchive, folder: Path, files: list[Path]
) -> ImportEnded:
    """The import, in the worker's thread: `archive` opened again for this thread (as `outpost
    hq import` opens it), each packet posted to `screen` as it is done, the acks written into
    `folder`/acks. A cancelled worker stops after the packet under way, which is one
    transaction: committed whole or not at all."""
    worker = get_current_worker()
    run: PacketImport | None = None
    acks: list[Path] = []
    try:
        with archive.opened_again() as own:
            run = PacketImport(own, files)
            for done in run:
                screen.post_message(PacketDone(done))
                if worker.is_cancelled:
                    break
            if run.heard:
                acks = run.write_acks(folder / ACKS)
    except OutpostError as exc:
        return ImportEnded(run, acks, exc, worker.is_cancelled)
    return ImportEnded(run, acks, None, worker.is_cancelled)


class ImportScreen(HqScreen):
    """Imports every packet in a folder through `outpost.brigade.PacketImport`, as
    `outpost hq import FOLDER --acks-out FOLDER/acks` does, in a thread worker. Escape during an
    import stops it after the packet under way, then leaves."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "tui.key.back")]

    def __init__(self) -> None:
        super().__init__()
        self.leaving = False
        """Escape was pressed during the import: go back once it stopped."""

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
        if self.hq.busy:
            self.leaving = True
            self.workers.cancel_group(self, "import")
            self.query_one("#import-summary", Static).update(t("tui.hq.import.stopping"))
            return
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
        self.run_import(self.archive, folder, files)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, archive: HqArchive, folder: Path, files: list[Path]) -> None:
        """In a thread: the archive's own connection belongs to the app's thread, so the
        import opens one of its own; what it did comes back as messages."""
        self.post_message(import_aside(self, archive, folder, files))

    def on_packet_done(self, message: PacketDone) -> None:
        self.query_one("#import-log", RichLog).write(plain(message.done.line()))
        self.query_one("#import-progress", ProgressBar).advance(1)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A failure no one foresaw (each packet's own are its refusals) ends the import with
        its name on the summary line, and the screen free again."""
        if event.worker.group == "import" and event.state == WorkerState.ERROR:
            self.hq.busy = False
            error = event.worker.error
            self.query_one("#import-summary", Static).update(plain(type(error).__name__))

    def on_import_ended(self, message: ImportEnded) -> None:
        self.hq.busy = False
        log = self.query_one("#import-log", RichLog)
        summary = self.query_one("#import-summary", Static)
        for path in message.acks:
            log.write(plain(t("hq.ack_written", path=path)))
        run = message.run
        if message.refusal is not None:
            summary.update(plain(message.refusal.message()))
        elif run is not None:
            imported = run.imported
            counts = t(
                "tui.hq.import.summary",
                total=len(run.outcomes),
                new=sum(1 for r in imported if r.status == "new"),
                entries=sum(r.new_entries for r in imported),
                held=sum(1 for r in imported if r.status != "new"),
                refused=len(run.outcomes) - len(imported),
                acks=len(message.acks),
            )
            if message.stopped and len(run.outcomes) < len(run):
                counts = t("tui.hq.import.stopped", done=len(run.outcomes), total=len(run)) + counts
            summary.update(plain(counts))
        if self.leaving:
            self.leaving = False
            self.run_worker(self.hq.action_open("stations"))
