"""`outpost report` (the station's monthly summary) and `outpost hq report` (the brigade's)."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import click

from outpost.cli import data_dir_option, lang_option
from outpost.errors import ForeignDataDir
from outpost.i18n import t
from outpost.model.times import now as clock_now

FORMATS = ("text", "md", "csv", "html", "json")
"""Kept here as well as in outpost.reports.render so `outpost --help` loads no report code."""

SUFFIXES = {".md": "md", ".csv": "csv", ".html": "html", ".htm": "html", ".json": "json"}


def register(cli: click.Group) -> None:
    cli.add_command(report)
    hq = cli.commands.get("hq")
    if isinstance(hq, click.Group):  # cmd_hq sorts before cmd_report: its group exists by now
        hq.add_command(hq_report)


def format_options(func: Any) -> Any:
    func = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of the terminal.",
    )(func)
    func = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default=None,
        help="text (default), md, csv (UTF-8 with BOM), html (prints on A4) or json; "
        "with --out, taken from the file's suffix when not given.",
    )(func)
    return click.option("--month", help="The month, e.g. 2026-11 (default: this month).")(func)


def chosen_format(fmt: str | None, out: Path | None) -> str:
    if fmt:
        return fmt
    if out is not None:
        return SUFFIXES.get(out.suffix.lower(), "text")
    return "text"


def emit(doc: dict[str, Any], fmt: str, out: Path | None) -> None:
    """Print the summary, or write it to `out` whole (a crash never leaves half a file)."""
    from outpost.reports import render

    payload = render(doc, fmt)
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return
    from outpost.store.files import atomic_write

    atomic_write(out, payload)
    click.echo(t("report.written", month=doc["month"], path=out), err=True)


@click.command()
@format_options
@data_dir_option
@lang_option
def report(month: str | None, fmt: str | None, out: Path | None, data_dir: Path | None) -> None:
    """The station's monthly service summary (月度服务汇总), from its own log."""
    from outpost.cli.cmd_station import open_logbook
    from outpost.logbook.summary import monthly_summary
    from outpost.reports import check_month

    if month is not None:
        check_month(month)
    kind = chosen_format(fmt, out)
    with open_logbook(data_dir) as book:
        summary = monthly_summary(book, month)
    emit(summary.to_json(), kind, out)


@click.command("report")
@click.option("--station", help="Only this station (default: every enrolled station).")
@format_options
@data_dir_option
@lang_option
def hq_report(
    station: str | None,
    month: str | None,
    fmt: str | None,
    out: Path | None,
    data_dir: Path | None,
) -> None:
    """The brigade's monthly service summary: one row per station and the totals."""
    from outpost.cli.cmd_hq import open_hq
    from outpost.hq.report_sql import hq_summary
    from outpost.model import format_time
    from outpost.reports import check_month

    if month is not None:
        check_month(month)
    kind = chosen_format(fmt, out)
    now = clock_now()
    with ExitStack() as stack:
        try:
            archive = stack.enter_context(open_hq(data_dir))
        except ForeignDataDir as exc:
            # HQ's own refusal speaks of stations; this one says a report needs an HQ folder
            raise ForeignDataDir(
                "report.not_hq", path=exc.params.get("path"), reason=exc.params.get("reason", "")
            ) from None
        summary = hq_summary(
            archive.db, month or now.strftime("%Y-%m"), station, generated_at=format_time(now)
        )
    emit(summary.to_json(), kind, out)
