"""One form per kind of entry: defaults, validation as you type, save with one key, nothing lost.

The form reads typed text into data (`outpost.station.forms`), asks the model whether it is valid
while the officer types, and saves through `Logbook.add` or `Logbook.amend`. Whatever the
logbook refuses comes back as InvalidEntry and is shown next to its field; a disk that refuses
the write opens a dialog. The typed text stays in the form in every case: leaving a changed form
asks first, and what is typed is kept as a draft (`outpost.station.drafts`) until it is saved or
discarded (`outpost.tui.screens.form_drafts`), so a crash or a power cut loses nothing but the
last half second of typing.
"""

from __future__ import annotations

import contextlib
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widgets import Button, Input, Label, Select, Static

from outpost.errors import InvalidEntry, OutpostError, StorageFailed, screen_key
from outpost.i18n import t
from outpost.model.describe import kind_label
from outpost.station.drafts import draft_key
from outpost.station.forms import (
    FORMS,
    FormField,
    amend_values,
    amended_time,
    check_typed,
    defaults,
    field_of,
    read_form,
)
from outpost.station.settings import remember
from outpost.tui.screens.form_drafts import DraftedScreen
from outpost.tui.text import plain
from outpost.tui.widgets.field import PASTE_JOIN, FieldInput
from outpost.tui.widgets.footer import StationFooter

REASON = "reason_for_change"
HOUSEHOLD_REFUSALS = ("entry.unknown_household", "schema.pattern")
"""Refusals of a household field that the picker (F4) resolves."""


class EntryForm(DraftedScreen):
    """A new entry of one kind, or (with `amend`) the whole new data of an earlier entry."""

    FORM_LIKE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "tui.key.save", priority=True),
        Binding("f4", "pick", "tui.key.pick"),
        Binding("escape", "cancel", "tui.key.cancel"),
    ]

    def __init__(
        self,
        kind: str,
        *,
        amend: dict[str, Any] | None = None,
        values: dict[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.amend = amend
        self.fields = FORMS[kind]
        if amend is not None:
            kept = [f for f in self.fields if f.name != "officers"]
            self.fields = (*kept, FormField(REASON, required=True))
        self.values: dict[str, str] = dict(values or {})
        self.touched: set[str] = set()
        self.tried = False
        self.errors: dict[str, str] = {}
        self.start: dict[str, str] = {}
        self.draft = draft_key(kind, amend["id"] if amend is not None else None)
        self.drafting = False
        self.draft_timer: Timer | None = None
        self.draft_failed = False

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.amend is None:
            title = t("tui.form.new", kind=kind_label(self.kind))
        else:
            title = t("tui.form.amend", kind=kind_label(self.kind), seq=self.amend["seq"])
        yield Static(title, id="form-title")
        with VerticalScroll(id="form-body"):
            for spec in self.fields:
                label = t(spec.label_key) + (" *" if spec.required else "")
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    yield self.widget_for(spec)
                    if spec.type == "household":
                        pick = Button("…", id=f"pick-{spec.name}", classes="pick", compact=True)
                        pick.can_focus = False  # Tab goes field to field; F4 or a click picks
                        yield pick
                yield Static(self.errors.get(spec.name, ""), id=f"err-{spec.name}", classes="error")
            yield Static(t("tui.form.hint"), id="form-hint")
        with Horizontal(id="form-buttons"):
            yield Button(t("tui.form.save"), id="save", variant="primary", compact=True)
            yield Button(t("tui.form.cancel"), id="cancel", compact=True)
        yield StationFooter()

    def widget_for(self, spec: FormField) -> FieldInput | Select[str]:
        value = self.values.get(spec.name, "")
        if spec.type == "choice":
            options = [(t(spec.choice_prefix + c), c) for c in spec.choices]
            select: Select[str] = Select(
                options,
                id=f"in-{spec.name}",
                allow_blank=not spec.required,
                value=value if value in spec.choices else Select.NULL,
                prompt=t("tui.form.choose"),
                compact=True,
            )
            return select
        return FieldInput(
            value=value,
            id=f"in-{spec.name}",
            placeholder=t(f"tui.hint.{spec.type}") if spec.type != "text" else "",
            compact=True,
            separator=PASTE_JOIN.get(spec.type, " "),
        )

    def on_mount(self) -> None:
        if not self.values:
            if self.amend is not None:
                self.values = amend_values(self.book, self.amend)
            else:
                self.values = defaults(self.book, self.kind)
            for spec in self.fields:
                self.set_value(spec, self.values.get(spec.name, ""))
        self.show_errors()
        self.start = dict(self.collect())
        # Always the first field: a pre-filled route once sent the typed route into 里程.
        self.query_one(f"#in-{self.fields[0].name}").focus()
        self.offer_draft()

    async def retranslate(self) -> None:
        self.collect()
        await super().retranslate()
        self.show_errors()

    # -- reading -------------------------------------------------------------------------------

    def set_value(self, spec: FormField, value: str) -> None:
        widget = self.query_one(f"#in-{spec.name}")
        if isinstance(widget, Select):
            widget.value = value if value in spec.choices else Select.NULL
        elif isinstance(widget, Input):
            widget.value = value

    def collect(self) -> dict[str, str]:
        """What is typed in every field now."""
        for spec in self.fields:
            widget = self.query_one(f"#in-{spec.name}")
            if isinstance(widget, Select):
                chosen = widget.value
                self.values[spec.name] = chosen if isinstance(chosen, str) else ""
            elif isinstance(widget, Input):
                self.values[spec.name] = widget.value
        return self.values

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("in-") and event.input.has_focus:
            self.touched.add(event.input.id[3:])
        self.check_as_typed()
        self.typing_changed()

    @on(Select.Changed)
    def chosen(self, event: Select.Changed) -> None:
        if event.select.id and event.select.id.startswith("in-"):
            self.touched.add(event.select.id[3:])
        self.check_as_typed()
        self.typing_changed()

    def check_as_typed(self) -> None:
        """Validate what is typed so far; show the first problem of a field already touched."""
        if not self.is_mounted:
            return
        self.errors = {}
        try:
            data, occurred, _ = read_form(self.kind, self.collect())
            check_typed(self.book, self.kind, data, complete=self.tried, occurred=occurred)
        except InvalidEntry as exc:
            name = field_of(exc)
            if name in self.touched or self.tried:
                self.errors[name] = self.told(exc)
        self.show_errors()

    def told(self, exc: InvalidEntry, name: str | None = None) -> str:
        """The refusal as the officer reads it: the field's label instead of its JSON name."""
        message = exc.on_screen()
        raw = exc.field or ""
        name = name or field_of(exc)
        spec = next((s for s in self.fields if s.name == name), None)
        if spec is not None and spec.type == "household" and exc.key in HOUSEHOLD_REFUSALS:
            typed = self.values.get(name, "").strip()
            return t("tui.unknown_household", field=t(spec.label_key), household=typed)
        if raw and message.startswith(raw) and any(s.name == name for s in self.fields):
            message = t(f"tui.field.{name}") + message[len(raw) :]
        return message

    def show_errors(self) -> None:
        for spec in self.fields:
            message = self.errors.get(spec.name, "")
            box = self.query_one(f"#err-{spec.name}", Static)
            box.update(plain(message) if message else Text(""))
            box.display = bool(message)
        if self.errors and not any(s.name in self.errors for s in self.fields):
            box = self.query_one(f"#err-{self.fields[0].name}", Static)
            box.update(plain("; ".join(self.errors.values())))
            box.display = True

    # -- saving --------------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        elif event.button.id == "cancel":
            self.action_cancel()
        elif event.button.id and event.button.id.startswith("pick-"):
            self.pick(event.button.id[5:])

    def action_save(self, confirmed: bool = False) -> bool:
        """Save the entry and close the form; False (the form stays) when it was not saved, or
        when it looks wrong (`outpost.station.plausibility`) and waits for the officer's word."""
        self.tried = True
        typed = self.collect()
        book = self.book
        try:
            data, occurred, officers = read_form(self.kind, typed)
            if self.amend is None and not confirmed:
                from outpost.logbook import Draft
                from outpost.station.plausibility import check_draft
                from outpost.tui.dialogs.warnings import WarningsDialog

                warnings = check_draft(book, Draft(self.kind, data, occurred, officers or None))
                if warnings:
                    self.app.push_screen(WarningsDialog(warnings), self.save_anyway)
                    return False
            if self.amend is None:
                result = book.add(self.kind, data, occurred, officers or None)
            else:
                moved = amended_time(book, self.amend, occurred)
                result = book.amend(self.amend["id"], data, typed.get(REASON, ""), None, moved)
        except InvalidEntry as exc:
            name = field_of(exc)
            if name in ("reason", "target") and self.amend is not None:
                name = REASON if name == "reason" else name
            self.errors = {name: self.told(exc, name)}
            self.show_errors()
            if any(s.name == name for s in self.fields):
                self.query_one(f"#in-{name}").focus()
            self.notify(self.errors[name], severity="error")  # labelled as on the form
            return False
        except StorageFailed as exc:
            from outpost.tui.dialogs.message import MessageDialog

            self.app.push_screen(MessageDialog(t("tui.dialog.not_saved"), exc.on_screen()))
            return False
        except OutpostError as exc:
            from outpost.tui.dialogs.message import MessageDialog

            self.app.push_screen(MessageDialog(t("tui.dialog.not_saved"), exc.on_screen()))
            return False
        entry = result.entries[0]
        if self.kind == "patrol" and self.amend is None:
            self.remember("last_route", data.get("route", ""))
        if officers:
            self.remember("last_officers", officers)
        for warning in result.warnings:
            self.notify(t(screen_key(warning.key), **warning.params), severity="warning", timeout=8)
        self.notify(t("tui.form.saved", kind=kind_label(entry["kind"]), seq=entry["seq"]))
        self.forget_draft()
        self.dismiss(entry["id"])
        return True

    def save_anyway(self, confirmed: bool | None) -> None:
        if confirmed:
            self.action_save(confirmed=True)

    def remember(self, name: str, value: Any) -> None:
        """Keep a default for the next form (a failure here costs nothing that was saved)."""
        with contextlib.suppress(OutpostError):
            remember(self.book, name, value)

    def action_cancel(self) -> None:
        if not self.ask_to_leave(lambda: None):
            self.forget_draft()
            self.dismiss(None)

    # -- households ----------------------------------------------------------------------------

    def action_pick(self) -> None:
        names = [s.name for s in self.fields if s.type == "household"]
        if not names:
            return
        focused = self.focused
        chosen = names[0]
        if focused is not None and focused.id and focused.id[3:] in names:
            chosen = focused.id[3:]
        self.pick(chosen)

    def pick(self, name: str) -> None:
        from outpost.tui.dialogs.picker import HouseholdPicker

        typed = self.query_one(f"#in-{name}", Input).value

        def picked(household_id: str | None) -> None:
            if household_id:
                field = self.query_one(f"#in-{name}", Input)
                field.value = household_id
                self.touched.add(name)
                field.focus()
                self.check_as_typed()

        self.app.push_screen(HouseholdPicker(typed), picked)
