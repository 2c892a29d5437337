"""What makes a summary a document to sign: its title, times and dates as people write them,
the signature lines and the page numbers of the printed page.

Every time a summary prints goes through `doc_time`, in the zone the document names (the
station's, or the brigade's at HQ), so no format shows a raw ISO stamp.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from outpost.i18n import t
from outpost.model.times import zone

SIGNATURES = ("prepared_by", "checked_by", "approved_by")
"""The signature lines in the order they print: 制表人, 审核人, 负责人."""

BLANK = "＿＿＿＿＿＿"
"""Where a name is not given: a line to sign on by hand."""

Doc = dict[str, Any]


def document(doc: Doc) -> dict[str, Any]:
    """The furniture of a summary document (`document` in the JSON; empty in an older one)."""
    return doc.get("document") or {}


def _moment(text: str, doc: Doc) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    name = document(doc).get("zone") or ""
    try:
        tz = zone(name) if name else None
    except ValueError:
        tz = None
    if moment.tzinfo is None or tz is None:
        return moment
    return moment.astimezone(tz)


def _date_parts(moment: datetime) -> dict[str, Any]:
    return {
        "year": moment.year,
        "month": t("report.months_short").split()[moment.month - 1],
        "day": moment.day,
        "time": moment.strftime("%H:%M"),
    }


def doc_time(text: str | None, doc: Doc) -> str:
    """`2026年12月10日 14:00` (zh), `10 Dec 2026 14:00` (en), in the document's zone; a dash
    for no time, a text that is no time as it came."""
    if not text:
        return "—"
    moment = _moment(text, doc)
    return str(text) if moment is None else t("report.when", **_date_parts(moment))


def doc_date(text: str | None, doc: Doc) -> str:
    """`2026年12月10日` (zh), `10 Dec 2026` (en), in the document's zone."""
    moment = _moment(text or "", doc)
    return "" if moment is None else t("report.date", **_date_parts(moment))


def month_name(month: str) -> str:
    """`2026年11月` (zh), `November 2026` (en)."""
    year, number = (int(part) for part in month.split("-"))
    return t("report.month_name", year=year, month=t("report.months").split()[number - 1])


def station_only(doc: Doc) -> bool:
    """An HQ summary of a single station (`hq report --station`): titled by that station, no
    brigade total."""
    return doc["scope"] == "station" or bool(document(doc).get("station_only"))


def issuer(doc: Doc) -> str:
    """The name the title carries: the station's for one station, else the brigade's."""
    if station_only(doc) and doc["stations"]:
        return str(doc["stations"][0]["name"])
    return str(document(doc).get("issuer") or t("report.brigade"))


def title(doc: Doc) -> str:
    """`月度服务汇总 · 阿拉善左旗边境管理大队 · 2026年11月`."""
    return t("report.title_station", name=issuer(doc), month=month_name(doc["month"]))


def meta_line(doc: Doc) -> str:
    """`总部据档案统计 · 生成于 2026年12月10日 14:00`: who counted, and when."""
    parts = [t(f"report.scope.{doc['scope']}")]
    if doc["scope"] == "hq" and station_only(doc) and document(doc).get("issuer"):
        parts.append(str(document(doc)["issuer"]))
    if doc["generated_at"]:
        parts.append(t("report.generated", at=doc_time(doc["generated_at"], doc)))
    return " · ".join(parts)


def total_heading(doc: Doc) -> str:
    """The heading of the month's own figures at HQ: the brigade total, or the one station."""
    return str(doc["stations"][0]["name"]) if station_only(doc) else t("report.total")


def signatures(doc: Doc) -> list[tuple[str, str]]:
    """(label, name) of each signature line; a blank line to sign on where no name was given."""
    names = document(doc)
    return [(t(f"report.sign.{key}"), str(names.get(key) or "") or BLANK) for key in SIGNATURES]


def signature_line(doc: Doc) -> str:
    """`制表人：张三　审核人：＿＿＿＿＿＿　负责人：＿＿＿＿＿＿` in one line."""
    return "　".join(
        t("report.sign.line", label=label, name=name) for label, name in signatures(doc)
    )


def date_line(doc: Doc) -> str:
    """`制表日期：2026年12月10日` (the day the summary was made, in the document's zone)."""
    return t("report.sign.date", date=doc_date(doc["generated_at"], doc) or BLANK)


def page_counter_css() -> str:
    """The CSS `content` of the page-number box: `"第 " counter(page) " 页 共 " counter(pages)
    " 页"` in Chinese, `"Page " counter(page) " of " counter(pages)` in English."""
    text = t("report.page", page="\0page\0", pages="\0pages\0")
    parts = []
    for i, piece in enumerate(text.split("\0")):
        if i % 2:
            parts.append(f"counter({piece})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(parts)
