"""Messages of the summary's sections offices ask for: year to date, last year, the tables."""

MESSAGES: dict[str, dict[str, str]] = {
    "report.sections.compare": {
        "en": "Year to date and the same month last year",
        "zh": "本年累计与同比",
    },
    "report.sections.last_year": {"en": "Same month last year {month}", "zh": "同比 {month}"},
    "report.sections.last_year_change": {"en": "Change on last year", "zh": "同比变化"},
    "report.sections.ytd": {"en": "Year to date {first}–{last}", "zh": "本年累计 {first}–{last}"},
    "report.sections.none_recorded": {"en": "none recorded", "zh": "无记录"},
    "report.sections.water": {
        "en": "Water by household (drought relief)",
        "zh": "抗旱送水分户明细",
    },
    "report.sections.issues": {
        "en": "Issues raised on visits and not yet resolved",
        "zh": "走访中反映尚未解决的问题",
    },
    "report.sections.stock": {
        "en": "Medicine stock per station at month end",
        "zh": "各站月末药品库存",
    },
    "report.sections.expiring": {
        "en": "Medicine expiring within 60 days of month end",
        "zh": "月末起 60 天内到期的药品",
    },
    "report.sections.csv.ytd": {"en": "Year to date: {figure}", "zh": "本年累计：{figure}"},
    "report.sections.csv.last_year": {
        "en": "Same month last year: {figure}",
        "zh": "同比：{figure}",
    },
    "report.sections.short": {"en": "Short", "zh": "短缺"},
    "report.sections.date_sep": {"en": ", ", "zh": "、"},
    "report.sections.col.station": {"en": "Station", "zh": "警务站"},
    "report.sections.col.household": {"en": "Household", "zh": "户号"},
    "report.sections.col.head": {"en": "Head", "zh": "户主"},
    "report.sections.col.gacha": {"en": "Gacha", "zh": "嘎查"},
    "report.sections.col.dates": {"en": "Dates", "zh": "日期"},
    "report.sections.col.deliveries": {"en": "Deliveries", "zh": "送水次数"},
    "report.sections.col.litres": {"en": "Litres", "zh": "送水量（升）"},
    "report.sections.col.date": {"en": "Date", "zh": "日期"},
    "report.sections.col.purpose": {"en": "Purpose", "zh": "走访事由"},
    "report.sections.col.follow_up": {"en": "Follow-up", "zh": "后续跟进"},
    "report.sections.col.unresolved": {"en": "Unresolved", "zh": "未解决"},
    "report.sections.col.expires": {"en": "Expires", "zh": "有效期至"},
    "report.sections.col.days": {"en": "Days after month end", "zh": "距月末天数"},
}
