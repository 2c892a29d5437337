"""The SQL counting one period's figures at HQ: the twin of outpost.reports.figures.count_month.

A period is one month (the summary's, the month before, the same month last year) or a run of
months (year to date); its figures come from the indexed `entries` table in one pass per query.
"""

from __future__ import annotations

import json
from typing import Any

from outpost.reports.figures import MonthFigures, number

_COUNTED = "('patrol', 'water_delivery', 'medicine_handout', 'herder_visit', 'assistance')"

_FIGURES = f"""
SELECT {{label}}, station, kind, COUNT(*),
  TOTAL(CASE kind WHEN 'patrol' THEN json_extract(data, '$.distance_km') END),
  TOTAL(CASE kind WHEN 'patrol' THEN unixepoch(json_extract(data, '$.ended_at'))
                                     - unixepoch(json_extract(data, '$.started_at')) END),
  TOTAL(CASE kind WHEN 'patrol' THEN json_array_length(data, '$.markers') END),
  TOTAL(CASE kind WHEN 'water_delivery' THEN json_extract(data, '$.litres') END),
  TOTAL(CASE kind WHEN 'medicine_handout' THEN COALESCE(json_extract(data, '$.people'), 1) END),
  TOTAL(CASE kind WHEN 'herder_visit' THEN json_extract(data, '$.issues_raised') END),
  TOTAL(CASE kind WHEN 'herder_visit' THEN json_extract(data, '$.issues_resolved') END),
  TOTAL(CASE kind WHEN 'assistance' THEN json_extract(data, '$.people_helped') END),
  group_concat(DISTINCT CASE WHEN kind <> 'patrol' THEN json_extract(data, '$.household') END)
FROM entries
WHERE {{within}} AND kind IN {_COUNTED} AND voided = 0 {{station}}
GROUP BY 1, station, kind
"""
"""One pass over a month's rows, grouped as the `entries_month` index is ordered; each row
reads only the fields of its kind.

Household ids cannot hold a comma (their schema pattern), so the distinct ids of each group come
back comma-joined and "households served" is the union of a station's groups."""

_MARKERS = """
SELECT {label}, e.station, json_group_array(DISTINCT m.value)
FROM entries AS e, json_each(e.data, '$.markers') AS m
WHERE {within} AND e.kind = 'patrol' AND e.voided = 0 {station}
GROUP BY 1, e.station
"""

_CATEGORIES = """
SELECT {label}, station, json_extract(data, '$.category'), COUNT(*)
FROM entries
WHERE {within} AND kind = 'assistance' AND voided = 0 {station}
GROUP BY 1, station, 3
"""

_ITEMS = """
SELECT {label}, e.station, json_extract(i.value, '$.medicine'), json_extract(i.value, '$.unit'),
       TOTAL(json_extract(i.value, '$.quantity'))
FROM entries AS e, json_each(e.data, '$.items') AS i
WHERE {within} AND e.kind = 'medicine_handout' AND e.voided = 0 {station}
GROUP BY 1, e.station, 3, 4
"""


def station_filter(only: str | None, alias: str = "") -> str:
    return f"AND {alias}station = :only" if only is not None else ""


def period_queries(name: str, only: str | None, label: str, within: str) -> dict[str, str]:
    """The queries counting one period's figures: `label` (SQL) names it in each row, `within`
    (SQL over the `month` column) says which months it holds."""
    plain = {"label": label, "within": within, "station": station_filter(only)}
    joined = {
        "label": "e.month" if label == "month" else label,
        "within": within.replace("month", "e.month"),
        "station": station_filter(only, "e."),
    }
    return {
        f"{name}figures": _FIGURES.replace("{station}", plain["station"])
        .replace("{label}", label)
        .replace("{within}", within),
        f"{name}markers": _MARKERS.format(**joined),
        f"{name}items": _ITEMS.format(**joined),
        f"{name}categories": _CATEGORIES.format(**plain),
    }


Sets = dict[str, set[str]]
"""What a period's distinct counts count: the household ids served, given water and visited,
and the marker names checked; the year to date is the union of its months' sets."""


def fill_figures(
    rows: dict[str, list[Any]],
    name: str,
    figures: dict[tuple[str, str], MonthFigures],
    sets: dict[tuple[str, str], Sets] | None = None,
) -> None:
    """Fill (period label, station) -> figures from the rows of `period_queries(name, ...)`,
    and, given `sets`, what each distinct count counted."""
    sets = {} if sets is None else sets
    served: dict[tuple[str, str], set[str]] = {}

    def keep(m: str, station: str, what: str, ids: set[str]) -> None:
        sets.setdefault((m, station), {}).setdefault(what, set()).update(ids)

    def get(m: str, station: str) -> MonthFigures:
        return figures.setdefault((m, station), MonthFigures())

    for row in rows[f"{name}figures"]:
        m, station, kind, count, km, seconds, markers, litres = row[:8]
        people, raised, resolved, helped, households = row[8:]
        ids = set(households.split(",")) if households else set()
        f = get(m, station)
        if kind != "patrol":
            served.setdefault((m, station), set()).update(ids)
        if kind == "patrol":
            f.patrols, f.km, f.seconds, f.markers = count, km, int(seconds), int(markers)
        elif kind == "water_delivery":
            f.water_deliveries, f.litres, f.water_households = count, int(litres), len(ids)
            keep(m, station, "water", ids)
        elif kind == "medicine_handout":
            f.handouts, f.people = count, int(people)
        elif kind == "herder_visit":
            f.visits, f.visit_households = count, len(ids)
            keep(m, station, "visited", ids)
            f.issues_raised, f.issues_resolved = int(raised), int(resolved)
        elif kind == "assistance":
            f.assistance, f.people_helped = count, int(helped)
    for key, ids in served.items():
        figures[key].households_served = len(ids)
        keep(*key, "served", ids)
    for m, station, names in rows[f"{name}markers"]:
        checked = {str(n) for n in json.loads(names)}
        get(m, station).markers_distinct = len(checked)
        keep(m, station, "markers", checked)
    for m, station, category, count in rows[f"{name}categories"]:
        get(m, station).by_category[category] = count
    for m, station, medicine, unit, quantity in rows[f"{name}items"]:
        get(m, station).items[(medicine, unit)] = number(quantity)
