"""One entry in full: every field as it reads now, its corrections, and keys to amend or void."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from outpost.errors import field_label
from outpost.i18n import t
from outpost.logbook import Logbook
from outpost.model import Entry
from outpost.model.describe import changes, kind_label, summary, value_text
from outpost.model.times import shown as local_time
from outpost.station.records import CORRECTIONS, correction_refused, corrections_of
from outpost.tui.screens.base import StationScreen
from outpost.tui.text import plain
from outpost.tui.widgets.footer import StationFooter


class EntryDetail(StationScreen):
    """An entry, its amendments and void, with `e` to amend and `x` to void."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "amend", "tui.key.amend"),
        Binding("x", "void", "tui.key.void"),
        Binding("escape", "back", "tui.key.back"),
    ]

    def __init__(self, entry_id: str, entry: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry = entry
        """The entry as stored (given by a list that has it, else found in the log once)."""

    def compose(self) -> ComposeResult:
        yield Static("", id="detail-title", classes="screen-title")
        with VerticalScroll(id="detail-body"):
            yield Static("", id="detail")
            yield Static("", id="history")
        yield StationFooter()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        book = self.book
        entry = self.entry if self.entry is not None else book.find(self.entry_id)
        self.entry = entry
        if entry is None:
            self.query_one("#detail", Static).update(t("tui.detail.missing"))
            return
        view = book.current(entry)
        target = book.find(entry["data"]["target"]) if entry["kind"] in CORRECTIONS else None
        target_seq = target["seq"] if target is not None else None
        title = Text.assemble(
            (f"#{entry['seq']} ", "bold"),
            (kind_label(entry["kind"]), "bold"),
            "  ",
            plain(summary(entry["kind"], view["data"], target_seq=target_seq), limit=60),
        )
        if view["voided"]:
            title.append("  " + t("tui.mark.voided"), style="bold red")
        self.query_one("#detail-title", Static).update(title)
        changed: list[str] = []
        if target is not None and entry["kind"] == "amendment":
            before = data_before(self.book, target, entry["id"])
            changed = changes(target["kind"], before, entry["data"]["data"])
        table = details_table(view, target_seq, changed, self.book.config.tz)
        self.query_one("#detail", Static).update(table)
        self.query_one("#history", Static).update(self.history(entry))

    def history(self, entry: dict[str, Any]) -> Text:
        """The original data and every correction since, oldest first, an amendment as the
        fields it changed ('水量（升）：800 → 500')."""
        text = Text()
        corrections = corrections_of(self.book, entry)
        if not corrections:
            return text
        text.append(t("tui.detail.history") + "\n", style="bold")
        text.append(t("tui.detail.original") + " ", style="dim")
        text.append_text(plain(summary(entry["kind"], entry["data"])))
        text.append("\n")
        before = entry["data"]
        for c in corrections:
            when = local_time(c["recorded_at"], self.book.config.tz)
            label = "tui.detail.amended_by" if c["kind"] == "amendment" else "tui.detail.voided_by"
            text.append(t(label, seq=c["seq"], when=when) + " ", style="dim")
            text.append_text(plain(c["data"].get("reason", ""), "italic"))
            text.append(" (")
            text.append_text(plain("、".join(c["officers"])))
            text.append(")\n")
            if c["kind"] == "amendment":
                for line in changes(entry["kind"], before, c["data"]["data"]):
                    text.append("  ")
                    text.append_text(plain(line))
                    text.append("\n")
                before = c["data"]["data"]
        return text

    def action_amend(self) -> None:
        amend_entry(self, self.entry)

    def action_void(self) -> None:
        void_entry(self, self.entry, self.reload)

    def action_back(self) -> None:
        self.dismiss(None)


def correctable(screen: StationScreen, entry: Entry | None) -> bool:
    """Whether `entry` can be amended or voided; if not, the screen says why."""
    refusal = correction_refused(screen.book, entry)
    if refusal is not None:
        screen.notify(t(refusal), severity="warning")
        return False
    return True


def amend_entry(screen: StationScreen, entry: Entry | None) -> None:
    """Open `entry` in its own form to amend it (from its detail or a list's highlighted row)."""
    if entry is None or not correctable(screen, entry):
        return
    from outpost.tui.screens.form import EntryForm

    screen.app.push_screen(EntryForm(entry["kind"], amend=entry))


def void_entry(screen: StationScreen, entry: Entry | None, after: Callable[[], None]) -> None:
    """Ask why and void `entry`; `after` redraws the screen once it is voided."""
    if entry is None or not correctable(screen, entry):
        return
    from outpost.tui.dialogs.reason import ReasonDialog

    target = entry

    def void(reason: str) -> None:
        screen.book.void(target["id"], reason)

    def done(voided: bool | None) -> None:
        if voided:
            screen.notify(t("tui.detail.voided"))
            after()

    screen.app.push_screen(ReasonDialog(t("tui.detail.void_title", seq=entry["seq"]), void), done)


def data_before(book: Logbook, target: Entry, amendment_id: str) -> dict[str, Any]:
    """The data of `target` as it read just before amendment `amendment_id`."""
    before: dict[str, Any] = target["data"]
    for c in corrections_of(book, target):
        if c["id"] == amendment_id:
            break
        if c["kind"] == "amendment":
            before = c["data"]["data"]
    return before


def details_table(
    view: dict[str, Any],
    target_seq: int | None = None,
    changed: list[str] | tuple[()] = (),
    tz: tzinfo = UTC,
) -> Table:
    """Every field of the entry's current data (choices by their labels), then when, who and
    its id; a correction names the entry it corrects by number, an amendment the fields it
    changed, one line each."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    style = "strike" if view.get("voided") else ""
    kind = view["kind"]
    for name, value in view["data"].items():
        if kind in CORRECTIONS and name == "target":
            shown = t("tui.detail.entry_no", seq=target_seq) if target_seq else str(value)
        elif kind == "amendment" and name == "data":
            lines = [plain(line, style) for line in changed or [t("tui.detail.no_change")]]
            table.add_row(field_label(name), Text("\n").join(lines))
            continue
        else:
            shown = value_text(kind, name, value)
        table.add_row(field_label(name), plain(shown, style))
    table.add_row(t("tui.field.occurred_at"), local_time(view["occurred_at"], tz))
    table.add_row(t("tui.detail.recorded_at"), local_time(view["recorded_at"], tz))
    table.add_row(t("tui.field.officers"), plain("、".join(view["officers"])))
    table.add_row(t("tui.detail.id"), view["id"])
    return table
