"""A summary document as the rows every format shows: figures, changes, coverage, headings.

Every renderer reads the JSON document of `MonthlySummary.to_json()`, so the station and HQ
print the same figures in every format.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from outpost.i18n import t
from outpost.model import CATEGORIES
from outpost.model.ranges import ranges_text
from outpost.reports.furniture import doc_time, station_only
from outpost.reports.numbers import change as change  # re-exported: the summary screen
from outpost.reports.numbers import show as show
from outpost.text import printable

Doc = dict[str, Any]

FIGURES: list[tuple[str, str, str]] = [
    ("report.patrols.count", "patrols", "count"),
    ("report.patrols.km", "patrols", "km"),
    ("report.patrols.hours", "patrols", "hours"),
    ("report.patrols.markers", "patrols", "markers"),
    ("report.patrols.markers_distinct", "patrols", "markers_distinct"),
    ("report.water.deliveries", "water", "deliveries"),
    ("report.water.litres", "water", "litres"),
    ("report.water.households", "water", "households"),
    ("report.medicine.handouts", "medicine", "handouts"),
    ("report.medicine.people", "medicine", "people"),
    ("report.visits.count", "visits", "count"),
    ("report.visits.households", "visits", "households"),
    ("report.visits.issues_raised", "visits", "issues_raised"),
    ("report.visits.issues_resolved", "visits", "issues_resolved"),
    ("report.assistance.count", "assistance", "count"),
    ("report.assistance.people_helped", "assistance", "people_helped"),
    ("report.households_served", "households_served", ""),
]
"""(label key, section, field) of each figure, in the order every format shows them."""

COLUMNS = [
    ("report.patrols.count", "patrols", "count"),
    ("report.patrols.km", "patrols", "km"),
    ("report.patrols.hours", "patrols", "hours"),
    ("report.water.litres", "water", "litres"),
    ("report.medicine.handouts", "medicine", "handouts"),
    ("report.visits.count", "visits", "count"),
    ("report.assistance.count", "assistance", "count"),
    ("report.households_served", "households_served", ""),
]
"""The figures of the per-station table at HQ (all of them go to CSV and JSON)."""


def value(figures: Doc, section: str, name: str) -> float:
    """One figure of a station (or total) object."""
    raw = figures[section] if not name else figures[section][name]
    return raw  # type: ignore[no-any-return]


def figure_rows(figures: Doc) -> list[tuple[str, str, str, str]]:
    """(label, this month, month before, change) for every figure of a station or the total."""
    previous = figures["previous"]
    rows = []
    for key, section, name in FIGURES:
        now = value(figures, section, name)
        before = value(previous, section, name)
        rows.append(
            (
                t(key),
                show(now, section, name),
                show(before, section, name),
                change(now, before, section, name),
            )
        )
    return rows


def item_rows(figures: Doc) -> list[tuple[str, str, str]]:
    """(medicine, quantity, unit) handed out in the month."""
    medicine = figures["medicine"]
    return [(k, show(q), medicine["units"][k]) for k, q in medicine["items"].items()]


def stock_rows(figures: Doc) -> list[tuple[str, str, str]]:
    """(medicine, balance, unit) at the end of the month; with entries known missing (a receipt
    may be among them), each balance says it may be short."""
    short = figures.get("coverage", {}).get("missing_count", 0)
    note = t("report.stock.may_be_short") if short else ""
    return [
        (s["medicine"], show(s["balance"]) + note, s["unit"]) for s in figures["medicine"]["stock"]
    ]


def category_rows(figures: Doc) -> list[tuple[str, str, str]]:
    """(category, cases, change) of assistance, every category the month or the one before had."""
    now = figures["assistance"]["by_category"]
    before = figures["previous"]["assistance"]["by_category"]
    names = [c for c in CATEGORIES if c in now or c in before]
    names += sorted((set(now) | set(before)) - set(CATEGORIES))
    return [
        (t(f"category.{c}"), show(now.get(c, 0)), change(now.get(c, 0), before.get(c, 0)))
        for c in names
    ]


def coverage_line(row: Doc) -> str:
    """What one station's figures rest on, in one sentence."""
    cov = row["coverage"]
    if cov.get("side") == "station":
        if cov["first_seq"] is None:
            return t(
                "report.coverage.station_empty",
                log=cov["log_id"][:8],
                acked=cov["acknowledged_through"],
            )
        state = (
            t("report.coverage.acked")
            if cov["fully_acknowledged"]
            else t("report.coverage.waiting", n=cov["unacknowledged"])
        )
        return t(
            "report.coverage.station",
            first=cov["first_seq"],
            last=cov["last_seq"],
            log=cov["log_id"][:8],
            entries=cov["entries"],
            acked=cov["acknowledged_through"],
            state=state,
        )
    if cov.get("log_id") is None:
        text = t("report.coverage.nothing")
    else:
        text = t(
            "report.coverage.hq",
            held=cov["held_through"],
            highest=cov["highest_seq"],
            missing=ranges_text(cov["missing"]) or t("report.none"),
            last=doc_time(cov["last_recorded_at"], {}),
        )
    return t("report.coverage.join", text=text, state=coverage_state(cov))


def coverage_state(cov: Doc) -> str:
    """HQ's coverage of a station's month in words: complete (and by which head), waiting (no
    head signed after the month ended), or how many entries are missing and which to re-send."""
    status = cov.get("status", "complete")
    if status == "missing":
        return t("report.state.missing", n=cov["missing_count"], ranges=ranges_text(cov["missing"]))
    if status == "waiting":
        return t("report.state.waiting", end=_when(cov["month_end"]))
    return t("report.state.complete", at=_when(cov.get("head_signed_at") or ""))


def _when(at: str) -> str:
    return doc_time(at, {})


def row_mark(cov: Doc) -> str:
    """The mark a station's row, chart bar or total carries when its month is not complete
    ("" when it is): how many entries are missing, or that it is waiting."""
    status = cov.get("status", "complete")
    if status == "missing":
        return t("report.mark.missing", n=cov["missing_count"])
    if status == "waiting":
        return t("report.mark.waiting")
    return ""


def previous_heading(doc: Doc) -> str:
    """The previous month's column heading, marked when its figures are not complete."""
    return str(doc["previous_month"]) + row_mark(doc["total"]["coverage"].get("previous", {}))


def banner(doc: Doc) -> str | None:
    """A warning line when the figures may not be the whole story: at HQ, each station short of
    complete, with the entries missing and the seqs to re-send, this month and the one before."""
    if doc["scope"] == "hq":
        parts = [
            _short(row["name"], row["coverage"])
            for row in doc["stations"]
            if row["coverage"].get("status", "complete") != "complete"
        ]
        earlier = [
            _short(row["name"], row["coverage"]["previous"])
            for row in doc["stations"]
            if row["coverage"].get("previous", {}).get("status", "complete") != "complete"
        ]
        lines = (
            [t("report.banner.month", parts=t("report.banner.sep").join(parts))] if parts else []
        )
        if earlier:
            sep = t("report.banner.sep")
            lines.append(
                t("report.banner.previous", month=doc["previous_month"], parts=sep.join(earlier))
            )
        return " ".join(lines) or None
    if doc["total"]["coverage"]["may_be_incomplete"]:
        return t("report.incomplete_banner")
    if doc["scope"] == "station" and not doc["stations"][0]["coverage"]["fully_acknowledged"]:
        return t("report.unacked_banner")
    return None


def _short(name: str, cov: Doc) -> str:
    """One station short of complete, for the banner."""
    if cov["status"] == "missing":
        return t(
            "report.banner.missing",
            name=name,
            n=cov["missing_count"],
            ranges=ranges_text(cov["missing"]),
        )
    return t("report.banner.waiting", name=name)


def main_figures(doc: Doc) -> Doc:
    """The figures the month table shows: the station's own, or the brigade's totals."""
    return doc["stations"][0] if station_only(doc) else doc["total"]  # type: ignore[no-any-return]


def station_table(doc: Doc) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the per-station table at HQ, ending with the brigade total (none when
    the summary is of one station)."""
    header = [t("report.station"), *(t(k) for k, _, _ in COLUMNS)]
    rows = []
    total = [] if station_only(doc) else [doc["total"]]
    for row in [*doc["stations"], *total]:
        label = row["name"] if row["station"] else t("report.total")
        label += row_mark(row["coverage"])
        rows.append([label, *(show(value(row, s, n), s, n) for _, s, n in COLUMNS)])
    return header, rows


def month_sections(
    doc: Doc,
    render_table: Callable[..., list[str]],
    heading: Callable[[str], list[str]],
    safe: Callable[[str], str] = printable,
) -> list[str]:
    """The month's sections as lines, for the formats made of lines (terminal text, Markdown):
    the figures table, medicine, assistance and stock when there are any, then the coverage.
    `render_table` and `heading` draw in the format; `safe` makes a name safe in it."""
    figures = main_figures(doc)
    month = doc["month"]
    out: list[str] = []
    header = [t("report.figure"), month, previous_heading(doc), t("report.change")]
    out += render_table(header, [list(r) for r in figure_rows(figures)])
    out.append("")
    sections = (
        ("items", ("medicine", "quantity", "unit"), item_rows(figures)),
        ("assistance", ("category", "cases", "change"), category_rows(figures)),
        ("stock", ("medicine", "balance", "unit"), stock_rows(figures)),
    )
    for section, columns, rows in sections:
        if rows:
            out += heading(t(f"report.section.{section}"))
            out += render_table([t(f"report.{c}") for c in columns], [list(r) for r in rows])
            out.append("")
    from outpost.reports.section_rows import section_tables  # it reads the rows defined here

    for table in section_tables(doc):
        out += heading(table.heading)
        if table.rows:
            out += render_table(table.header, table.rows, table.numeric_from)
        else:
            out.append(safe(t("report.none")))
        out.append("")
    out += heading(t("report.section.coverage"))
    for row in doc["stations"]:
        line = coverage_line(row)
        if doc["scope"] == "hq":
            line = t("report.coverage.of_station", name=row["name"], text=line)
        out.append(f"- {safe(line)}")
    return out
