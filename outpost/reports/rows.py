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
    """(medicine, balance, unit) at the end of the month."""
    return [(s["medicine"], show(s["balance"]), s["unit"]) for s in figures["medicine"]["stock"]]


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
        missing = ranges_text(cov["missing"])
        text = t(
            "report.coverage.hq",
            held=cov["held_through"],
            highest=cov["highest_seq"],
            missing=missing or t("report.none"),
            last=doc_time(cov["last_recorded_at"], {}),
        )
    if cov.get("may_be_incomplete"):
        reasons = ", ".join(
            t(f"report.reason.{r}", settled=cov.get("settled_after", "")[:10])
            for r in cov["reasons"]
        )
        return t(
            "report.coverage.join",
            text=text,
            state=t("report.coverage.incomplete", reasons=reasons),
        )
    return t("report.coverage.join", text=text, state=t("report.coverage.complete"))


def banner(doc: Doc) -> str | None:
    """A warning line when the figures may not be the whole story."""
    if doc["total"]["coverage"]["may_be_incomplete"]:
        return t("report.incomplete_banner")
    if doc["scope"] == "station" and not doc["stations"][0]["coverage"]["fully_acknowledged"]:
        return t("report.unacked_banner")
    return None


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
    month, before = doc["month"], doc["previous_month"]
    out: list[str] = []
    header = [t("report.figure"), month, before, t("report.change")]
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
    out += heading(t("report.section.coverage"))
    for row in doc["stations"]:
        line = coverage_line(row)
        if doc["scope"] == "hq":
            line = t("report.coverage.of_station", name=row["name"], text=line)
        out.append(f"- {safe(line)}")
    return out
