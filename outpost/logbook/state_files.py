"""The derived state on disk: `state.json` (small, written every save) and `corrections.json`.

`corrections.json` holds the state's amendments and voids, which grow with the years; it is
rewritten only by a save that holds a correction. Both files name the seq at which the
corrections were last written; when they disagree the state is rebuilt from the log.
"""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

from outpost.model import LogState
from outpost.store.files import read_json, write_json

STATE_NAME = "state.json"
CORRECTIONS_NAME = "corrections.json"
CORRECTION_FIELDS = ("amended", "voided")
STATE_FORMAT = 1


class StateFiles:
    """A station's `state.json` and `corrections.json`, and what `corrections.json` holds."""

    def __init__(self, station_folder: Path) -> None:
        self.folder = station_folder
        self.corrections_at = 0
        """The last_seq at which corrections.json was written (state.json repeats it)."""
        self.corrections_dirty = True
        """The corrections in memory differ from corrections.json."""
        self.settings_at = 0
        """The `generation` of station.json when state.json was last written (a station.json
        older than that was put back from an older copy)."""

    def save(self, state: LogState) -> None:
        """Write the derived state: corrections.json only when its content changed (it grows
        with every amendment and void of the years), state.json (small) every time."""
        if self.corrections_dirty:
            corrections = {name: getattr(state, name) for name in CORRECTION_FIELDS}
            write_json(
                self.folder / CORRECTIONS_NAME,
                {"format": STATE_FORMAT, "at": state.last_seq, **corrections},
            )
            self.corrections_at = state.last_seq
            self.corrections_dirty = False
        # The fields are plain JSON values: dumping them as they are is ten times faster than
        # `asdict`, which deep-copies every leaf first.
        head = {
            f.name: getattr(state, f.name)
            for f in dataclasses.fields(state)
            if f.name not in CORRECTION_FIELDS
        }
        write_json(
            self.folder / STATE_NAME,
            {
                "format": STATE_FORMAT,
                "corrections_at": self.corrections_at,
                "settings_at": self.settings_at,
                "state": head,
            },
        )

    def read(self) -> LogState:
        """state.json and corrections.json as one LogState; ValueError when they disagree
        (OSError, KeyError or TypeError when they are missing or damaged)."""
        raw = read_json(self.folder / STATE_NAME)
        head = raw["state"]
        settings_at = raw.get("settings_at", 0)
        self.settings_at = settings_at if type(settings_at) is int else 0
        if "corrections_at" not in raw:  # written before corrections.json existed
            self.corrections_dirty = True
            return LogState.from_json(head)
        path = self.folder / CORRECTIONS_NAME
        corrections = read_json(path) if path.exists() else {"at": 0}
        if corrections["at"] != raw["corrections_at"]:
            raise ValueError("state.json and corrections.json disagree")
        self.corrections_at = raw["corrections_at"]
        return LogState.from_json(
            {**head, **{name: corrections.get(name, {}) for name in CORRECTION_FIELDS}}
        )


def copy_state(state: LogState) -> LogState:
    """A private copy to fold a save into. The corrections, which grow with the years, are
    copied shallow: folding an entry only ever assigns their keys, never edits a value."""
    light = dataclasses.replace(state, amended={}, voided={})
    copied: LogState = pickle.loads(pickle.dumps(light, pickle.HIGHEST_PROTOCOL))
    copied.amended = dict(state.amended)
    copied.voided = dict(state.voided)
    return copied
