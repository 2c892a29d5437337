"""Messages of the .xlsx summary workbook: sheet names, column headings, its refusal."""

MESSAGES: dict[str, dict[str, str]] = {
    "report.xlsx_terminal": {
        "en": "an .xlsx workbook cannot be shown on a terminal: write it with --out FILE.xlsx or redirect it to a file",
        "zh": "xlsx 工作簿无法显示在终端上：请用 --out 文件.xlsx 写入文件，或重定向到文件",
    },
    "xlsx.sheet.figures": {"en": "Figures", "zh": "本月数据"},
    "xlsx.sheet.water": {"en": "Water by household", "zh": "分户送水"},
    "xlsx.sheet.issues": {"en": "Open issues", "zh": "未解决问题"},
    "xlsx.sheet.expiring": {"en": "Expiring medicine", "zh": "近效期药品"},
    "xlsx.col.previous": {"en": "{label} ({month})", "zh": "{label}（{month}）"},
    "xlsx.col.last_year": {"en": "Same month last year ({month})", "zh": "同比（{month}）"},
    "xlsx.col.year_to_date": {
        "en": "Year to date ({start} to {end})",
        "zh": "本年累计（{start} 至 {end}）",
    },
    "xlsx.col.short": {"en": "Short", "zh": "短缺"},
    "xlsx.col.note": {"en": "Note", "zh": "备注"},
    "xlsx.col.details": {"en": "Details", "zh": "说明"},
    "xlsx.col.household": {"en": "Household", "zh": "户号"},
    "xlsx.col.head": {"en": "Head of household", "zh": "户主"},
    "xlsx.col.gacha": {"en": "Gacha", "zh": "嘎查"},
    "xlsx.col.dates": {"en": "Delivery dates", "zh": "送水日期"},
    "xlsx.col.date": {"en": "Date", "zh": "日期"},
    "xlsx.col.purpose": {"en": "Purpose", "zh": "走访事由"},
    "xlsx.col.unresolved": {"en": "Unresolved", "zh": "未解决"},
    "xlsx.col.follow_up": {"en": "Follow-up", "zh": "后续跟进"},
    "xlsx.col.expires": {"en": "Expires", "zh": "有效期至"},
    "xlsx.col.days": {"en": "Days after month end", "zh": "距月末天数"},
    "xlsx.short": {"en": "short", "zh": "短缺"},
}
