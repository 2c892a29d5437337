"""The station's settings (`station.json`): who it is, who works there, its zone and its log id."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from outpost.errors import UsageError
from outpost.model.times import DEFAULT_ZONE, zone
from outpost.store.files import read_json, write_json
from outpost.store.role import ID_PATTERN, STATION

CONFIG_NAME = STATION.marker


@dataclass
class StationConfig:
    """What `outpost init` sets up; `log_id` is random, made once when the log is created."""

    station_id: str
    name: str
    officers: list[str]
    """The roster: officers who may record entries now (outpost.station.roster)."""
    timezone: str = DEFAULT_ZONE
    log_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    created_at: str = ""
    role: str = STATION.name
    format: int = 1
    settings: dict[str, Any] = field(default_factory=dict)
    """Preferences kept between runs (language, last patrol route, ...)."""
    sync: dict[str, Any] = field(default_factory=dict)
    """HQ card and export/ack bookkeeping, owned by outpost.sync."""
    retired: list[str] = field(default_factory=list)
    """Officers taken off the roster: still named in the entries they recorded."""
    generation: int = 0
    """How many times this file was written (`Logbook.save_config`); each save of an entry
    records it in state.json, so an older copy put back is refused (outpost.logbook.rollback)."""

    @property
    def tz(self) -> tzinfo:
        return zone(self.timezone)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> StationConfig:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def save(self, folder: Path) -> None:
        """Write station.json as the next `generation` (unchanged when the write fails)."""
        self.generation += 1
        try:
            write_json(folder / CONFIG_NAME, self.to_json())
        except BaseException:
            self.generation -= 1
            raise

    @classmethod
    def load(cls, folder: Path) -> StationConfig:
        return cls.from_json(read_json(folder / CONFIG_NAME))


def check_settings(station_id: str, name: str, timezone: str) -> None:
    """Refuse a station id, name or zone that `init` cannot use (UsageError)."""
    if not ID_PATTERN.match(station_id or ""):
        raise UsageError("store.bad_station_id", value=station_id)
    if not (name or "").strip():
        raise UsageError("store.bad_name")
    try:
        zone(timezone)
    except ValueError:
        raise UsageError("store.bad_zone", value=timezone) from None
