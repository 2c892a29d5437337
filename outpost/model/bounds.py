"""The bounds every value meets where it enters: the strict JSON reader, times, numbers, text.

One home for them, used by the station at entry (`--data`, batch lines, forms) and by HQ for
every packet (header, manifest, entry lines), so what one side accepts the other accepts too:

- JSON is UTF-8, nested at most `MAX_DEPTH` deep (counted before parsing, so a line of 50,000
  brackets costs a scan, not the stack), without NaN or Infinity (nor a number that overflows
  to one, like `1e999`), its text valid Unicode (no lone surrogate from an escape `"\\ud800"`);
- a number is finite and, when whole, within `MAX_INT` (the integers every JSON reader and
  SQLite hold exactly: a seq of 2^63-1 would overflow the archive's `seq + 1`);
- a time falls in the years `MIN_YEAR`..`MAX_YEAR` in the station's zone (as months do), so
  every accepted time has a month, a UTC instant and a SQLite `unixepoch()`.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

from outpost.i18n import t

MAX_DEPTH = 32
"""Deepest nesting of arrays and objects in any JSON outpost reads (an entry needs 4)."""
MAX_INT = 2**53 - 1
"""Largest whole number (and seq) accepted: exact in every JSON reader, in SQLite with room."""
MIN_YEAR = 1900
MAX_YEAR = 2200
"""Times are accepted from the start of MIN_YEAR to the end of MAX_YEAR, in the station's zone."""


class JsonRefused(ValueError):
    """JSON that outpost does not read: `reason` is a message key (bounds.json.*), `params`
    fill it; `str()` is the message in the current language."""

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params

    def __str__(self) -> str:
        return t(self.reason, **self.params)


# -- JSON ------------------------------------------------------------------------------------

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _no_constant(name: str) -> Any:
    raise JsonRefused("bounds.json.not_finite", value=name)


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonRefused("bounds.json.not_finite", value=text[:20])
    return value


_STRICT = json.JSONDecoder(parse_constant=_no_constant, parse_float=_finite_float)
"""One decoder for every document: `json.loads` with options builds a new one per call."""


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether `text` nests arrays and objects deeper than `limit`, brackets inside strings not
    counted; cheap when there are few brackets (an entry line has a handful)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def read_json(raw: bytes | str) -> Any:
    """Strict JSON: UTF-8, nested at most MAX_DEPTH, no NaN or Infinity, no lone surrogate.

    Raises JsonRefused (a ValueError) naming the bound, or ValueError for malformed JSON."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise JsonRefused("bounds.json.not_utf8") from None
    else:
        text = raw
    if too_deep(text):
        raise JsonRefused("bounds.json.too_deep", limit=MAX_DEPTH)
    try:
        value = _STRICT.decode(text)
    except RecursionError:  # unreachable after the depth scan; kept as a last guard
        raise JsonRefused("bounds.json.too_deep", limit=MAX_DEPTH) from None
    if _ESCAPED_SURROGATE.search(text) and _has_surrogate(value):
        raise JsonRefused("bounds.json.surrogate")
    return value


def _has_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(v) for v in value)
    return False


# -- values ----------------------------------------------------------------------------------


def value_fault(value: Any, where: str = "") -> tuple[str, str, dict[str, Any]] | None:
    """The first value in `value` outside the bounds, as (field path, message key, params), or
    None. Checks what reaches the model from Python too (a form's `float("nan")`, text from a
    page file): finite numbers, whole numbers within MAX_INT, text without lone surrogates,
    nesting within MAX_DEPTH."""
    return _fault(value, where, 0)


def _fault(value: Any, where: str, depth: int) -> tuple[str, str, dict[str, Any]] | None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return where, "bounds.surrogate", {}
        return None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float):
        if not math.isfinite(value):
            return where, "bounds.not_finite", {"value": repr(value)}
        return None
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            return where, "bounds.int_range", {"limit": MAX_INT}
        return None
    if depth >= MAX_DEPTH:
        return where, "bounds.too_deep", {"limit": MAX_DEPTH}
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and _SURROGATE.search(key):
                return where, "bounds.surrogate", {}
            found = _fault(item, inner, depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = _fault(item, f"{where}.{index}" if where else str(index), depth + 1)
            if found:
                return found
    return None


def undecodable(value: Any) -> bool:
    """Whether `value` (text from the command line, or a tuple of it) holds a surrogate:
    Python's stand-in for bytes that were not UTF-8 (`surrogateescape`)."""
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, tuple | list):
        return any(undecodable(v) for v in value)
    return False


# -- times -----------------------------------------------------------------------------------


def time_in_bounds(moment: datetime, tz: tzinfo) -> bool:
    """Whether `moment` (with an offset) falls in MIN_YEAR..MAX_YEAR in zone `tz`."""
    if MIN_YEAR < moment.year < MAX_YEAR:
        return True  # no zone moves a time by a year
    try:
        local = moment.astimezone(tz)
    except (OverflowError, ValueError):
        return False
    return MIN_YEAR <= local.year <= MAX_YEAR


def stored_time(text: Any, tz: tzinfo) -> datetime | None:
    """A stored time (ISO 8601 with its offset) when it is one within the bounds; None for
    anything else, never an exception: how reading a log meets what an older version let in."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None or not time_in_bounds(moment, tz):
        return None
    return moment


_EARLIEST = datetime(MIN_YEAR, 1, 1, tzinfo=UTC) - timedelta(days=2)
_LATEST = datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC) + timedelta(days=2)


def roughly_in_bounds(text: Any) -> bool:
    """Whether `text` is a stored time within the years in some zone (the bounds widened by the
    two days any zone's offset can shift a time), never an exception: for a reader that does
    not know the station's zone."""
    if not isinstance(text, str):
        return False
    try:
        moment = datetime.fromisoformat(text)
        return moment.tzinfo is not None and _EARLIEST <= moment <= _LATEST
    except (ValueError, OverflowError):
        return False
