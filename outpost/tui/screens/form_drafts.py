"""What a form keeps of its typing: a draft written as typing pauses, offered back after a
crash or a power cut, and the question before leaving a changed form (`DraftedScreen`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.timer import Timer

from outpost.errors import OutpostError
from outpost.i18n import t
from outpost.station.drafts import DEBOUNCE, Drafts, changed
from outpost.station.forms import FormField
from outpost.tui.screens.base import StationScreen


class DraftedScreen(StationScreen):
    """A screen of typed fields kept as a draft (`outpost.station.drafts`) until saved or
    discarded; the form (`outpost.tui.screens.form.EntryForm`) sets the state declared here
    and provides reading, checking and saving."""

    fields: tuple[FormField, ...]
    values: dict[str, str]
    touched: set[str]
    start: dict[str, str]
    """What the form opened with: leaving asks only when something else is typed."""
    draft: str
    drafting: bool
    """False until the draft left last time was offered: nothing is written over it before."""
    draft_timer: Timer | None
    draft_failed: bool

    def collect(self) -> dict[str, str]:
        """What is typed in every field now."""
        raise NotImplementedError

    def set_value(self, spec: FormField, value: str) -> None:
        raise NotImplementedError

    def check_as_typed(self) -> None:
        raise NotImplementedError

    def action_save(self, confirmed: bool = False) -> bool:
        raise NotImplementedError

    @property
    def drafts(self) -> Drafts:
        return Drafts(self.station.folder)

    def offer_draft(self) -> None:
        """Offer back what was typed here before a crash, if it differs from a fresh form."""
        from outpost.tui.dialogs.unsaved import DISCARD, DraftDialog

        left = self.drafts.load(self.draft)
        if left is None or not changed(self.start, {**self.start, **left}):
            self.drafting = True
            return

        def answered(answer: str | None) -> None:
            self.drafting = True
            if answer == DISCARD:
                self.drafts.clear(self.draft)
                return
            for spec in self.fields:
                if spec.name in left:
                    self.set_value(spec, left[spec.name])
                    self.touched.add(spec.name)
            self.check_as_typed()

        self.app.push_screen(DraftDialog(), answered)

    def is_changed(self) -> bool:
        return changed(self.start, self.collect())

    def typing_changed(self) -> None:
        """Write the draft once typing pauses (not on every key: a slow disk would lag)."""
        if not self.drafting:
            return
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.draft_timer = self.set_timer(DEBOUNCE, self.keep_draft)

    def keep_draft(self) -> None:
        """Write the draft now (or remove it when the form is back to what it opened with)."""
        if self.draft_timer is not None:
            self.draft_timer.stop()
            self.draft_timer = None
        if not self.drafting or not self.is_mounted:
            return
        if not self.is_changed():
            self.drafts.clear(self.draft)
            return
        try:
            self.drafts.save(self.draft, dict(self.values))
        except OutpostError as exc:
            if not self.draft_failed:  # said once, not on every pause in typing
                self.notify(t("tui.draft.not_kept", reason=exc.message()), severity="warning")
            self.draft_failed = True

    def forget_draft(self) -> None:
        if self.draft_timer is not None:
            self.draft_timer.stop()
            self.draft_timer = None
        self.drafts.clear(self.draft)

    def ask_to_leave(self, then: Callable[[], Any]) -> bool:
        """Ask before leaving a changed form (save / discard / keep editing) and call `then`
        once saved or discarded; False (nothing asked) when nothing was changed."""
        from outpost.tui.dialogs.unsaved import DISCARD, SAVE, LeaveDialog

        if not self.is_changed():
            return False
        self.keep_draft()  # whatever is answered, nothing is lost meanwhile

        def answered(answer: str | None) -> None:
            if answer == SAVE:
                if self.action_save():
                    then()
            elif answer == DISCARD:
                self.forget_draft()
                self.dismiss(None)
                then()

        self.app.push_screen(LeaveDialog(), answered)
        return True
