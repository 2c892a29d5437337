"""The sections offices ask for, as tables every format draws: year to date and last year,
water by household, open issues, stock by station and medicine expiring.

Each reads the JSON document (`Sections.to_json()` keys of the station or total object); a
document made before the sections existed has none, and no table is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from outpost.i18n import t
from outpost.reports.numbers import change, show
from outpost.reports.rows import FIGURES, Doc, main_figures, value


@dataclass
class SectionTable:
    """One section: its heading, column headings, rows of printed cells, and the first column
    that holds numbers (right-aligned)."""

    key: str
    """The JSON key of the section (`year_to_date`, `water_by_household`, …)."""
    heading: str
    header: list[str]
    rows: list[list[str]]
    numeric_from: int


def _names(doc: Doc) -> dict[str, str]:
    return {row["station"]: row["name"] for row in doc["stations"]}


def compare_rows(doc: Doc) -> SectionTable | None:
    """Each figure: this month, the same month last year and the change, and the year to date."""
    figures = main_figures(doc)
    if "year_to_date" not in figures:
        return None
    ytd, last = figures["year_to_date"], figures["same_month_last_year"]
    none = t("report.sections.none_recorded")
    rows = []
    for key, section, name in FIGURES:
        now, then = value(figures, section, name), value(last, section, name)
        rows.append(
            [
                t(key),
                show(now, section, name),
                show(then, section, name) if last["recorded"] else none,
                change(now, then, section, name) if last["recorded"] else none,
                show(value(ytd, section, name), section, name),
            ]
        )
    header = [
        t("report.figure"),
        doc["month"],
        t("report.sections.last_year", month=last["month"]),
        t("report.sections.last_year_change"),
        t("report.sections.ytd", first=ytd["from"], last=ytd["through"]),
    ]
    return SectionTable("year_to_date", t("report.sections.compare"), header, rows, 1)


def section_tables(doc: Doc) -> list[SectionTable]:
    """Every section of the document, in the order the formats print them."""
    figures = main_figures(doc)
    compared = compare_rows(doc)
    if compared is None:
        return []
    names = _names(doc)

    def name(station: str) -> str:
        return names.get(station, station)

    sep = t("report.sections.date_sep")
    water = [
        [
            name(r["station"]),
            r["household"],
            r["head"],
            r["gacha"],
            sep.join(d[5:] for d in r["dates"]),
            show(r["deliveries"]),
            show(r["litres"]),
        ]
        for r in figures["water_by_household"]
    ]
    issues = [
        [
            name(r["station"]),
            r["date"],
            r["household"],
            r["head"],
            t(f"purpose.{r['purpose']}") if r["purpose"] else "",
            r["follow_up"],
            show(r["issues_raised"]),
            show(r["issues_resolved"]),
            show(r["unresolved"]),
        ]
        for r in figures["open_issues"]
    ]
    short = t("report.sections.short")
    stock = [
        [
            name(r["station"]),
            r["medicine"],
            r["unit"],
            short if r["short"] else "",
            show(r["balance"]),
        ]
        for r in figures["stock_by_station"]
    ]
    expiring = [
        [
            name(r["station"]),
            r["medicine"],
            r["unit"],
            r["expires"],
            show(r["quantity"]),
            show(r["days"]),
        ]
        for r in figures["expiring_medicine"]
    ]
    col = [t(f"report.sections.col.{c}") for c in COLUMNS]
    return [
        compared,
        SectionTable("water_by_household", t("report.sections.water"), col[0:7], water, 5),
        SectionTable("open_issues", t("report.sections.issues"), _issue_header(), issues, 6),
        SectionTable(
            "stock_by_station",
            t("report.sections.stock"),
            [col[0], t("report.medicine"), t("report.unit"), short, t("report.balance")],
            stock,
            4,
        ),
        SectionTable(
            "expiring_medicine",
            t("report.sections.expiring"),
            [
                col[0],
                t("report.medicine"),
                t("report.unit"),
                t("report.sections.col.expires"),
                t("report.quantity"),
                t("report.sections.col.days"),
            ],
            expiring,
            4,
        ),
    ]


COLUMNS = ("station", "household", "head", "gacha", "dates", "deliveries", "litres")


def _issue_header() -> list[str]:
    keys = ("station", "date", "household", "head", "purpose", "follow_up")
    return [t(f"report.sections.col.{k}") for k in keys] + [
        t("report.visits.issues_raised"),
        t("report.visits.issues_resolved"),
        t("report.sections.col.unresolved"),
    ]
