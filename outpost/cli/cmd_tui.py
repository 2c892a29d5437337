"""The bare `outpost` command (the station TUI) and `outpost demo`: sample data, then the TUI."""

from __future__ import annotations

from pathlib import Path

import click

from outpost.cli import chosen_dir, lang_option
from outpost.i18n import t


def open_station_tui(data_dir: Path | None, notice: str | None = None) -> None:
    """Open the station TUI on the data directory (a first-run screen when there is no station).

    The Logbook is opened (and its folder locked) before Textual starts, so a second instance
    gets DataDirLocked: one line and exit 5, the terminal untouched. A sealed station opens on
    its unlock screen, unless its passphrase is given (a wrong one: one line, exit 3)."""
    from outpost.cli.unlocking import given_passphrase
    from outpost.paths import station_dir
    from outpost.tui.app import build_app

    folder = station_dir(chosen_dir(data_dir))
    app = build_app(folder, notice=notice, passphrase=given_passphrase())
    try:
        app.run()
    finally:
        if app.book is not None:
            app.book.close()
    if app.crash is not None:
        raise app.crash


@click.command()
@click.option("--fresh", is_flag=True, help="Build the demo again from scratch.")
@click.option("--no-tui", is_flag=True, help="Only build the demo; print where it is.")
@lang_option
def demo(fresh: bool, no_tui: bool) -> None:
    """Build a demo HQ and station with three months of sample records, then open the TUI."""
    from outpost.demo import build_demo

    made = build_demo(fresh=fresh)
    notice = t("demo.notice", station=str(made.station), hq=str(made.hq))
    if no_tui:
        click.echo(notice)
        return
    open_station_tui(made.station, notice=notice)


def register(cli: click.Group) -> None:
    """`outpost demo`; the bare `outpost` is the root group calling `open_station_tui`."""
    cli.add_command(demo)
