"""Questions about typed work not saved yet: leave a changed form (save / discard / keep editing),
and take up a draft left by a crash (continue / discard). One key per answer."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from outpost.i18n import t
from outpost.tui.screens.base import StationDialog

SAVE = "save"
DISCARD = "discard"
KEEP = "keep"


class ChoiceDialog(StationDialog):
    """A question and a few answers, each a button and a key; dismisses with the answer's name."""

    TITLE_KEY = ""
    ANSWERS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """(answer, message key of its button, key) for each answer, the first one focused."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(t(self.TITLE_KEY), classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                for answer, label, _ in self.ANSWERS:
                    yield Button(t(label), id=f"answer-{answer}", compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#answer-{self.ANSWERS[0][0]}").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id:
            self.dismiss(event.button.id.removeprefix("answer-"))

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class LeaveDialog(ChoiceDialog):
    """Leaving a form that holds unsaved typing: 保存 (S) / 放弃 (D) / 继续填写 (Esc)."""

    TITLE_KEY = "tui.leave.title"
    ANSWERS = (
        (KEEP, "tui.leave.keep", "escape"),
        (SAVE, "tui.leave.save", "s"),
        (DISCARD, "tui.leave.discard", "d"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", f"answer('{KEEP}')", "tui.leave.keep_key"),
        Binding("s", f"answer('{SAVE}')", "tui.leave.save_key"),
        Binding("ctrl+s", f"answer('{SAVE}')", "tui.leave.save_key", show=False),
        Binding("d", f"answer('{DISCARD}')", "tui.leave.discard_key"),
    ]


class DraftDialog(ChoiceDialog):
    """A draft of this form was left unsaved (a crash, a power cut): continue it (Y) or discard
    it (N). Esc continues it too: nothing typed is thrown away without a key that says so."""

    TITLE_KEY = "tui.draft.title"
    ANSWERS = (
        (KEEP, "tui.draft.keep", "y"),
        (DISCARD, "tui.draft.discard", "n"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", f"answer('{KEEP}')", "tui.draft.keep_key"),
        Binding("escape", f"answer('{KEEP}')", "tui.draft.keep_key", show=False),
        Binding("n", f"answer('{DISCARD}')", "tui.draft.discard_key"),
    ]
