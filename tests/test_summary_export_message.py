"""The station summary screen's export line names every file the export writes."""

from __future__ import annotations

import pytest

from outpost.i18n import language, set_language, t
from outpost.station.summary import EXPORT_FORMATS


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_export_line_names_every_format_written(lang: str) -> None:
    """HTML, CSV, Markdown, JSON and the .xlsx workbook are all named, in both languages."""
    before = language()
    set_language(lang)
    try:
        said = t("report.tui.exported", path="/reports", name="summary-post-2026-11")
    finally:
        set_language(before)
    for fmt in EXPORT_FORMATS:
        assert f".{fmt}" in said, fmt
