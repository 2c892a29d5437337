"""One entry in full: every field as it reads now, its corrections, and keys to amend or void."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from outpost.i18n import t
from outpost.model.describe import kind_label, summary
from outpost.station.records import correction_refused, corrections_of
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
        title = Text.assemble(
            (f"#{entry['seq']} ", "bold"),
            (kind_label(entry["kind"]), "bold"),
            "  ",
            plain(summary(entry["kind"], view["data"]), limit=60),
        )
        if view["voided"]:
            title.append("  " + t("tui.mark.voided"), style="bold red")
        self.query_one("#detail-title", Static).update(title)
        self.query_one("#detail", Static).update(details_table(view))
        self.query_one("#history", Static).update(self.history(entry))

    def history(self, entry: dict[str, Any]) -> Text:
        """The original data and every correction since, oldest first."""
        text = Text()
        corrections = corrections_of(self.book, entry)
        if not corrections:
            return text
        text.append(t("tui.detail.history") + "\n", style="bold")
        text.append(t("tui.detail.original") + " ", style="dim")
        text.append_text(plain(summary(entry["kind"], entry["data"])))
        text.append("\n")
        for c in corrections:
            when = c["recorded_at"][:16].replace("T", " ")
            label = "tui.detail.amended_by" if c["kind"] == "amendment" else "tui.detail.voided_by"
            text.append(t(label, seq=c["seq"], when=when) + " ", style="dim")
            if c["kind"] == "amendment":
                text.append_text(plain(summary(entry["kind"], c["data"]["data"])))
                text.append(" — ")
            text.append_text(plain(c["data"].get("reason", ""), "italic"))
            text.append(" (" + "、".join(c["officers"]) + ")\n")
        return text

    def correctable(self) -> bool:
        refusal = correction_refused(self.book, self.entry)
        if refusal is not None:
            self.notify(t(refusal), severity="warning")
            return False
        return True

    def action_amend(self) -> None:
        if not self.correctable():
            return
        from outpost.tui.screens.form import EntryForm

        assert self.entry is not None
        self.app.push_screen(EntryForm(self.entry["kind"], amend=self.entry))

    def action_void(self) -> None:
        if not self.correctable():
            return
        from outpost.tui.dialogs.reason import ReasonDialog

        entry = self.entry
        assert entry is not None

        def void(reason: str) -> None:
            self.book.void(entry["id"], reason)

        def done(voided: bool | None) -> None:
            if voided:
                self.notify(t("tui.detail.voided"))
                self.reload()

        self.app.push_screen(ReasonDialog(t("tui.detail.void_title", seq=entry["seq"]), void), done)

    def action_back(self) -> None:
        self.dismiss(None)


def details_table(view: dict[str, Any]) -> Table:
    """Every field of the entry's current data, then when, who and its id."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    style = "strike" if view.get("voided") else ""
    for name, value in view["data"].items():
        if isinstance(value, list):
            shown = "; ".join(
                " ".join(str(v) for v in item.values()) if isinstance(item, dict) else str(item)
                for item in value
            )
        else:
            shown = str(value)
        table.add_row(t(f"tui.field.{name}") if _known(name) else name, plain(shown, style))
    table.add_row(t("tui.field.occurred_at"), view["occurred_at"])
    table.add_row(t("tui.detail.recorded_at"), view["recorded_at"])
    table.add_row(t("tui.field.officers"), plain("、".join(view["officers"])))
    table.add_row(t("tui.detail.id"), view["id"])
    return table


def _known(name: str) -> bool:
    from outpost.i18n import catalogue

    return f"tui.field.{name}" in catalogue()
