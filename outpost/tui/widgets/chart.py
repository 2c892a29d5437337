"""A 30-day activity chart: one bar per day, drawn with block characters."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

BARS = " ▁▂▃▄▅▆▇█"


def bar_line(values: list[int]) -> str:
    """One character per value, its height proportional to the busiest day."""
    top = max(values) if values else 0
    if not top:
        return "▁" * len(values)
    return "".join(BARS[max(1, round(v / top * (len(BARS) - 1)))] if v else "▁" for v in values)


class ActivityChart(Static):
    """Entries per day over the last days, with the busiest day's count."""

    def show(self, values: list[int], caption: str) -> None:
        line = bar_line(values)
        doubled = "".join(ch * 2 for ch in line)
        self.update(Text.assemble((doubled, "bold"), "\n", (caption, "dim")))
