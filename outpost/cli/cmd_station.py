"""Station commands on the station's own log: init, add, log, amend, void, status, check."""

from __future__ import annotations

import json
import re
import sys
from datetime import tzinfo
from pathlib import Path
from typing import Any

import click

from outpost.cli import chosen_dir, data_dir_option, lang_option, open_logbook
from outpost.errors import InvalidEntry, UsageError
from outpost.i18n import t
from outpost.model.ranges import ranges_text
from outpost.model.times import DEFAULT_ZONE, shown, zone
from outpost.text import printable


def parse_json(text: str, field: str) -> Any:
    """JSON typed on the command line; InvalidEntry naming the option when it is malformed."""
    from outpost.model.bounds import read_json

    try:
        return read_json(text)
    except ValueError as exc:
        raise InvalidEntry("entry.bad_json", field=field, error=str(exc)) from None


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def echo_json(obj: Any) -> None:
    """`obj` as JSON; a lone surrogate an older version let into a log is written as its JSON
    escape (the same value to a JSON reader), never as bytes no terminal can take."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    click.echo(LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def print_warnings(warnings: list[Any]) -> None:
    for warning in warnings:
        click.echo(f"outpost: {t(warning.key, **warning.params)}", err=True)


def register(cli: click.Group) -> None:
    for command in (init, add, log, amend, void, status, check):
        cli.add_command(command)


@click.command()
@click.option("--station-id", required=True, help="Station id, e.g. yingen-couple-post.")
@click.option("--name", required=True, help="Station name, e.g. 银根戍边夫妻警务室.")
@click.option("--officer", "officers", multiple=True, help="An officer (repeat for each).")
@click.option("--timezone", default="Asia/Shanghai", show_default=True)
@click.option(
    "--hq-card",
    "hq_card_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HQ's card (hq.card.json): packets are sealed to it.",
)
@click.option(
    "--no-encryption",
    is_flag=True,
    help="Keep the station's files clear (a laptop with full-disk encryption).",
)
@data_dir_option
@lang_option
def init(
    station_id: str,
    name: str,
    officers: tuple[str, ...],
    timezone: str,
    hq_card_file: Path | None,
    no_encryption: bool,
    data_dir: Path | None,
) -> None:
    """Set up this laptop's station and its log (sealed with a passphrase, asked twice)."""
    from outpost.cli.unlocking import given_passphrase, new_passphrase
    from outpost.paths import station_dir
    from outpost.station.setup import set_up_station

    passphrase = None if no_encryption else new_passphrase(given_passphrase())
    if passphrase is None and not no_encryption:
        click.echo(f"outpost: {t('atrest.left_clear')}", err=True)
    made = set_up_station(
        station_dir(chosen_dir(data_dir)),
        station_id=station_id,
        name=name,
        officers=list(officers),
        timezone=timezone,
        hq_card_file=hq_card_file,
        passphrase=passphrase,
    )
    click.echo(printable(t("cli.initialised", station=station_id, name=name, path=made.folder)))
    click.echo(printable(t("sync.card_written", path=made.card_path, fp=made.fingerprint)))
    if made.hq_card is not None:
        hq = made.hq_card
        line = t("sync.hq_card_set", hq=hq["id"], name=hq["name"], fp=hq["fingerprint"])
        click.echo(printable(line))  # the name is the card's: a stick's text


@click.command()
@click.argument("kind", required=False)
@click.option("--data", "data_text", help="The entry's data as a JSON object.")
@click.option("--occurred-at", help="When it happened (default: now). 2026-11-26T09:30")
@click.option("--officer", "officers", multiple=True, help="Who did it (default: first officer).")
@click.option("--batch", type=click.Path(dir_okay=False, allow_dash=True), help="JSON Lines file.")
@click.option("--json", "as_json", is_flag=True, help="Print the saved entries as JSON.")
@click.option("--yes", is_flag=True, help="Save even when it looks wrong (warnings are printed).")
@data_dir_option
@lang_option
def add(
    kind: str | None,
    data_text: str | None,
    occurred_at: str | None,
    officers: tuple[str, ...],
    batch: str | None,
    as_json: bool,
    yes: bool,
    data_dir: Path | None,
) -> None:
    """Record an entry, e.g. add water_delivery --data '{"household": "hh-0007", "litres": 800}'."""
    if batch is not None:
        if kind or data_text:
            raise UsageError("cli.batch_alone")
        from outpost.station.batch import add_batch, read_batch
        from outpost.station.plausibility import check_batch

        drafts = read_batch(batch)
        with open_logbook(data_dir) as book:
            found = check_batch(book, drafts)
            lines = [t("plausibility.cli_line", line=n, warning=w.message()) for n, w in found]
            confirm_warnings(lines, yes)
            result = add_batch(book, drafts)
    else:
        if not kind or data_text is None:
            raise UsageError("cli.add_needs")
        from outpost.logbook import Draft
        from outpost.station.plausibility import check_draft

        data = parse_json(data_text, "--data")
        with open_logbook(data_dir) as book:
            draft = Draft(kind, data, occurred_at, list(officers) or None)
            confirm_warnings([w.message() for w in check_draft(book, draft)], yes)
            result = book.add(kind, data, occurred_at, list(officers) or None)
    if as_json:
        echo_json(result.entries)
    elif len(result.entries) == 1:
        entry = result.entries[0]
        from outpost.model.describe import kind_label

        click.echo(t("cli.saved", kind=kind_label(entry["kind"]), seq=entry["seq"], id=entry["id"]))
    else:
        first, last = result.entries[0]["seq"], result.entries[-1]["seq"]
        click.echo(t("cli.saved_batch", count=len(result.entries), first=first, last=last))
    print_warnings(result.warnings)


def confirm_warnings(lines: list[str], yes: bool) -> None:
    """Print each plausibility warning as a line on stderr; unless `yes`, ask on a terminal
    whether to save anyway, and refuse (exit 2, nothing saved) in a script, which says `--yes`
    when it means it."""
    for line in lines:
        click.echo(f"outpost: {printable(line)}", err=True)  # names are user text
    if not lines or yes:
        return
    if not sys.stdin.isatty():
        raise UsageError("plausibility.cli_needs_yes")
    if not click.confirm(t("plausibility.cli_ask"), default=False, err=True):
        raise UsageError("plausibility.cli_not_saved")


@click.command()
@click.option("--kind", help="Only this kind.")
@click.option("--month", help="Only this month of occurred_at (YYYY-MM).")
@click.option("--household", help="Only entries about this household id.")
@click.option("--limit", type=click.IntRange(min=1), help="Only the last N entries.")
@click.option("--json", "as_json", is_flag=True, help="A JSON array of envelopes as stored.")
@data_dir_option
@lang_option
def log(
    kind: str | None,
    month: str | None,
    household: str | None,
    limit: int | None,
    as_json: bool,
    data_dir: Path | None,
) -> None:
    """List the log, oldest first."""
    from outpost.station.records import CORRECTIONS, log_entries, log_filter

    wanted = log_filter(kind=kind, month=month, household=household)
    with open_logbook(data_dir, read_only=True) as book:
        found = log_entries(book, wanted, limit)
        if as_json:
            echo_json(found)
            return
        if not found:
            click.echo(t("cli.no_entries"))
            return
        for entry in found:
            target = book.find(entry["data"]["target"]) if entry["kind"] in CORRECTIONS else None
            click.echo(format_line(book.current(entry), target["seq"] if target else None))


def format_line(view: dict[str, Any], target_seq: int | None = None) -> str:
    """One row of `outpost log`: seq, time, kind, what it says (a correction names the entry
    it corrects by number), and its corrections."""
    from outpost.model.describe import kind_label, summary

    marks = []
    if view["voided"]:
        marks.append(f"[{t('cli.voided')}]")
    if view["amendments"]:
        marks.append(f"[{t('cli.amended', count=view['amendments'])}]")
    when = view["occurred_at"][:16].replace("T", " ")
    text = summary(view["kind"], view["data"], target_seq=target_seq)
    line = f"{view['seq']:>6}  {when}  {kind_label(view['kind'])}  {text}  {' '.join(marks)}"
    return printable(line.rstrip() + f"  ({view['id'][:8]})")  # names and notes are user text


@click.command()
@click.argument("entry_id")
@click.option("--data", "data_text", help="The whole new data, as JSON (default: as it reads).")
@click.option("--occurred-at", help="When it happened, if that was wrong: 2026-12-01 00:10")
@click.option("--reason", required=True, help="Why the entry is corrected.")
@click.option("--officer", "officers", multiple=True)
@data_dir_option
@lang_option
def amend(
    entry_id: str,
    data_text: str | None,
    occurred_at: str | None,
    reason: str,
    officers: tuple[str, ...],
    data_dir: Path | None,
) -> None:
    """Correct an entry: its new data (or time) replaces the old, the old stays in the log."""
    if data_text is None and occurred_at is None:
        raise UsageError("cli.amend_needs")
    data = parse_json(data_text, "--data") if data_text is not None else None
    with open_logbook(data_dir) as book:
        result = book.amend(entry_id, data, reason, list(officers) or None, occurred_at)
    entry = result.entries[0]
    from outpost.model.describe import kind_label

    click.echo(t("cli.saved", kind=kind_label(entry["kind"]), seq=entry["seq"], id=entry["id"]))
    print_warnings(result.warnings)


@click.command()
@click.argument("entry_id")
@click.option("--reason", required=True, help="Why the entry is withdrawn.")
@click.option("--officer", "officers", multiple=True)
@data_dir_option
@lang_option
def void(entry_id: str, reason: str, officers: tuple[str, ...], data_dir: Path | None) -> None:
    """Withdraw an entry; it stays in the log, struck through, and leaves the summaries."""
    with open_logbook(data_dir) as book:
        result = book.void(entry_id, reason, list(officers) or None)
    entry = result.entries[0]
    from outpost.model.describe import kind_label

    click.echo(t("cli.saved", kind=kind_label(entry["kind"]), seq=entry["seq"], id=entry["id"]))


@click.command()
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
@lang_option
def status(as_json: bool, data_dir: Path | None) -> None:
    """The station, its log, households and medicine stock (and sync state)."""
    from outpost.station.status import station_status

    with open_logbook(data_dir, read_only=True) as book:
        report = station_status(book)
    if as_json:
        echo_json(report)
        return
    tz = report_zone(report)
    click.echo(printable(f"{t('status.station')}: {report['station']} {report['name']}"))
    click.echo(printable(f"{t('status.data_dir')}: {report['data_dir']}"))
    click.echo(printable(card_line(report)))
    click.echo(f"{t('status.entries')}: {report['entries']}")
    if report["last_recorded_at"]:
        click.echo(f"{t('status.last_entry')}: {shown(report['last_recorded_at'], tz)}")
    click.echo(f"{t('status.households')}: {report['households']}")
    if report["stock"]:
        click.echo(f"{t('status.stock')}:")
        for row in report["stock"]:
            flag = f"  ({t('status.deficit')})" if row["balance"] < 0 else ""
            click.echo(printable(f"  {row['medicine']}: {row['balance']} {row['unit']}{flag}"))
    for line in status_lines(report):
        click.echo(line)


def report_zone(report: dict[str, Any]) -> tzinfo:
    """The station's zone, in which `outpost status` shows every time (the JSON keeps them as
    stored)."""
    try:
        return zone(report.get("timezone") or DEFAULT_ZONE)
    except ValueError:
        return zone(DEFAULT_ZONE)


def card_line(report: dict[str, Any]) -> str:
    """Where the station's card is and its fingerprint (what HQ reads back on the phone)."""
    if not report.get("card_path"):
        return f"{t('sync.status_card')}: {t('sync.status_no_card')}"
    return t("sync.status_card_at", path=report["card_path"], fp=report["card_fingerprint"])


def status_lines(report: dict[str, Any]) -> list[str]:
    """The sync part of `outpost status` for people (the JSON carries the same fields)."""
    if "unexported" not in report:
        return []
    tz = report_zone(report)
    lines = []
    if report.get("hq"):
        lines.append(f"{t('sync.status_hq')}: {report['hq']} ({report['hq_fingerprint']})")
    else:
        lines.append(f"{t('sync.status_hq')}: {t('sync.status_no_hq')}")
    lines.append(f"{t('sync.status_unexported')}: {report['unexported']}")
    lines.append(f"{t('sync.status_unacknowledged')}: {report['unacknowledged']}")
    lines.append(f"{t('sync.status_acknowledged')}: {report['acknowledged_through']}")
    lines.append(f"{t('sync.status_last_ack')}: {shown(report['last_ack_at'], tz, '-')}")
    if report["gaps"]:
        lines.append(f"{t('sync.status_gaps')}: {ranges_text(report['gaps'])}")
    for alarm in report.get("alarms", []):
        lines.append(
            t(
                "sync.status_alarm",
                seq=alarm["seq"],
                counter=alarm["counter"],
                at=shown(alarm["seen_at"], tz),
            )
        )
    return lines


@click.command()
@data_dir_option
@lang_option
def check(data_dir: Path | None) -> None:
    """Verify the whole chain of the log and rebuild its derived state."""
    with open_logbook(data_dir) as book:
        report = book.check()
        if report.repaired:
            click.echo(t("check.repaired"))
        click.echo(
            t("check.ok", entries=report.entries, last=book.state.last_seq, files=report.files)
        )
