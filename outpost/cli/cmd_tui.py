"""The bare `outpost` command: the station's screens (until they exist, the command help)."""

from __future__ import annotations

from pathlib import Path

import click


def open_station_tui(data_dir: Path | None) -> None:
    """Open the station TUI on the data directory."""
    ctx = click.get_current_context()
    click.echo(ctx.get_help())


def register(cli: click.Group) -> None:
    """No subcommand of its own: the root group calls `open_station_tui`."""
