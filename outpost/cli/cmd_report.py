"""`outpost report` (the station's monthly summary) and `outpost hq report` (the brigade's).

`hq report` joins the `hq` group in `outpost.cli.cmd_hq`, which owns that group.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from outpost.cli import chosen_dir, data_dir_option, lang_option
from outpost.errors import UsageError
from outpost.i18n import t

FORMATS = ("text", "md", "csv", "html", "json", "xlsx")
"""Kept here as well as in outpost.reports.render so `outpost --help` loads no report code."""

SUFFIXES = {
    ".md": "md",
    ".csv": "csv",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".xlsx": "xlsx",
}


def register(cli: click.Group) -> None:
    cli.add_command(report)


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
        help="text (default), md, csv (UTF-8 with BOM), html (prints on A4), json or xlsx "
        "(a workbook: to --out or a redirect, never the terminal); "
        "with --out, taken from the file's suffix when not given.",
    )(func)
    func = click.option(
        "--keep-names",
        is_flag=True,
        help="Remember the names given for the next summaries.",
    )(func)
    for flag, line in (
        ("--approved-by", "负责人 (approved by)"),
        ("--checked-by", "审核人 (checked by)"),
        ("--prepared-by", "制表人 (prepared by)"),
    ):
        func = click.option(
            flag,
            default="",
            metavar="NAME",
            help=f"The name on the {line} line (default: the one kept; none: a line to sign on).",
        )(func)
    return click.option("--month", help="The month, e.g. 2026-11 (default: this month).")(func)


def chosen_names(prepared_by: str, checked_by: str, approved_by: str) -> dict[str, str]:
    return {"prepared_by": prepared_by, "checked_by": checked_by, "approved_by": approved_by}


def chosen_format(fmt: str | None, out: Path | None) -> str:
    if fmt:
        return fmt
    if out is not None:
        return SUFFIXES.get(out.suffix.lower(), "text")
    return "text"


def not_to_terminal(fmt: str, out: Path | None) -> None:
    """A workbook is bytes no terminal shows: refused before anything is read or kept."""
    if fmt == "xlsx" and out is None and sys.stdout.isatty():
        raise UsageError("report.xlsx_terminal")


def emit(doc: dict[str, Any], fmt: str, out: Path | None, *, in_clear: bool = False) -> None:
    """Print the summary, or write it to `out` whole (a crash never leaves half a file).
    `in_clear`: it comes from a sealed station, and a line on stderr says the file written
    (`out`, or a redirect) is not encrypted."""
    from outpost.reports import render

    payload = render(doc, fmt)
    if out is None:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        if in_clear and not sys.stdout.isatty():
            click.echo(t("report.in_clear"), err=True)
        return
    from outpost.store.files import atomic_write

    atomic_write(out, payload)
    click.echo(t("report.written", month=doc["month"], path=out), err=True)
    if in_clear:
        click.echo(t("report.in_clear"), err=True)


@click.command()
@format_options
@data_dir_option
@lang_option
def report(
    month: str | None,
    prepared_by: str,
    checked_by: str,
    approved_by: str,
    keep_names: bool,
    fmt: str | None,
    out: Path | None,
    data_dir: Path | None,
) -> None:
    """The station's monthly service summary (月度服务汇总), from its own log."""
    from outpost.cli import open_logbook
    from outpost.model.months import check_month
    from outpost.station.summary import monthly_summary, written_in_clear

    if month is not None:
        check_month(month)
    kind = chosen_format(fmt, out)
    not_to_terminal(kind, out)
    names = chosen_names(prepared_by, checked_by, approved_by)
    with open_logbook(data_dir, read_only=not keep_names) as book:
        summary = monthly_summary(book, month, names, keep_names=keep_names)
        in_clear = written_in_clear(book)
    emit(summary.to_json(), kind, out, in_clear=in_clear)


@click.command("report")
@click.option("--station", help="Only this station (default: every enrolled station).")
@format_options
@data_dir_option(hq=True)
@lang_option
def hq_report(
    station: str | None,
    month: str | None,
    prepared_by: str,
    checked_by: str,
    approved_by: str,
    keep_names: bool,
    fmt: str | None,
    out: Path | None,
    data_dir: Path | None,
) -> None:
    """The brigade's monthly service summary: one row per station and the totals."""
    from outpost.brigade import brigade_summary_of_folder
    from outpost.paths import hq_dir

    kind = chosen_format(fmt, out)
    not_to_terminal(kind, out)
    summary = brigade_summary_of_folder(
        hq_dir(chosen_dir(data_dir)),
        month,
        station,
        chosen_names(prepared_by, checked_by, approved_by),
        keep_names=keep_names,
    )
    emit(summary.to_json(), kind, out)
