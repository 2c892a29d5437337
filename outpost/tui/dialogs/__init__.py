"""Dialogs of the station TUI: each a ModalScreen that returns its answer through dismiss()."""
