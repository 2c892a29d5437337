"""How a figure is printed: the one rounding rule every format shares.

Figures stay exact in `MonthFigures`, JSON and CSV; text, Markdown, HTML and the summary screen
round km and hours to 0.1 here, once, from the exact value — never from a value already rounded.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TENTHS = {("patrols", "km"), ("patrols", "hours")}
"""Figures kept exact in JSON and CSV and shown rounded to 0.1."""


def exact(number: float | Decimal) -> Decimal:
    """A figure as the decimal people typed: `repr` is the shortest decimal that reads back as
    the same float, so 0.15 stays 0.15 (not 0.1499999…) and 10.2496 stays 10.2496."""
    return number if isinstance(number, Decimal) else Decimal(repr(number))


def tenths(number: float | Decimal) -> Decimal:
    """Rounded to 0.1 half up, as people round (17.25 -> 17.3, 10.2496 -> 10.2, -0.05 -> -0.1)."""
    return exact(number).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def plain(number: float | Decimal) -> str:
    """An exact quantity without a needless `.0` or an exponent (2.5, 3, 1234567.25)."""
    value = exact(number)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def show(number: float | Decimal, section: str = "", name: str = "") -> str:
    """A figure as printed: km and hours to 0.1, every other quantity exact."""
    if (section, name) in TENTHS:
        return str(tenths(number) + 0)  # + 0 turns -0.0 into 0.0
    return plain(number)


def change(now: float | Decimal, before: float | Decimal, section: str = "", name: str = "") -> str:
    """`+3`, `-2.5`, `0`: the month against the month before, the exact difference rounded by
    the same rule (so it may differ by 0.1 from the difference of the two rounded columns)."""
    step = exact(now) - exact(before)
    if (section, name) in TENTHS:
        step = tenths(step)
    if step == 0:
        return "0"
    return ("+" if step > 0 else "-") + show(abs(step), section, name)
