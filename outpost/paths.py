"""Where data lives: `--data-dir`, else the environment, else the platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "outpost"


def station_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The station data directory: `--data-dir`, `$OUTPOST_HOME`, or the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("OUTPOST_HOME")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP) / "station"


def hq_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The HQ data directory: `--data-dir`, `$OUTPOST_HQ_HOME`, or the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("OUTPOST_HQ_HOME")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP) / "hq"


def demo_dir() -> Path:
    """Where `outpost demo` builds its demo HQ and station (`$OUTPOST_DEMO_HOME` overrides)."""
    env = os.environ.get("OUTPOST_DEMO_HOME")
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path(APP) / "demo"
