"""A summary document in the format asked for (text, md, csv, html, json, xlsx), as bytes to write.

Every format reads the JSON document of `MonthlySummary.to_json()`, so the station and HQ print
the same figures in every format: rows in `outpost.reports.rows`, one module per format.
"""

from __future__ import annotations

import json

from outpost.reports.html import to_html
from outpost.reports.markdown import to_markdown
from outpost.reports.rows import Doc
from outpost.reports.sheet import to_csv
from outpost.reports.terminal import to_text


def to_json_text(doc: Doc) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render(doc: Doc, fmt: str) -> bytes:
    """The document in format `fmt` (text, md, csv, html, json, xlsx) as the bytes to write."""
    if fmt == "xlsx":
        from outpost.reports.xlsx import to_xlsx  # XlsxWriter loads only for a workbook

        return to_xlsx(doc)
    if fmt == "csv":
        return "\ufeff".encode() + to_csv(doc).encode("utf-8")
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "md":
        return to_markdown(doc).encode("utf-8")
    if fmt == "json":
        return to_json_text(doc).encode("utf-8")
    return to_text(doc).encode("utf-8")


FORMATS = ("text", "md", "csv", "html", "json", "xlsx")
