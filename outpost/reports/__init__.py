"""Monthly service summaries (月度服务汇总): counted from entries, printed in every format.

No storage and no screen here: the station feeds its log, HQ feeds figures counted in SQL, and
both print through the same renderers.
"""

from outpost.model.months import check_month, previous_month
from outpost.reports.figures import MonthFigures, combine, count_month, count_stock
from outpost.reports.render import FORMATS, render
from outpost.reports.summary import (
    Furniture,
    MonthlySummary,
    StationMonth,
    station_month,
    station_summary,
)

__all__ = [
    "FORMATS",
    "Furniture",
    "MonthFigures",
    "MonthlySummary",
    "StationMonth",
    "check_month",
    "combine",
    "count_month",
    "count_stock",
    "previous_month",
    "render",
    "station_month",
    "station_summary",
]
