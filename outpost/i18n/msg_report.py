"""Messages of the monthly service summary: figure names, headings, refusals."""

MESSAGES: dict[str, dict[str, str]] = {
    # refusals
    "report.bad_month": {
        "en": "--month: {value} is not a month like 2026-11",
        "zh": "--month：{value} 不是形如 2026-11 的月份",
    },
    "report.unknown_station": {
        "en": "unknown station {station}: HQ has enrolled {known}",
        "zh": "未知的警务站 {station}：总部已登记的有 {known}",
    },
    "report.not_hq": {
        "en": "{path} is not an HQ data directory ({reason}); set one up with outpost hq init or choose another --data-dir",
        "zh": "{path} 不是总部数据目录（{reason}）；请先运行 outpost hq init，或换一个 --data-dir",
    },
    "report.written": {
        "en": "summary of {month} written to {path}",
        "zh": "{month} 月度汇总已写入 {path}",
    },
    # headings
    "report.title_station": {
        "en": "Monthly service summary · {name} · {month}",
        "zh": "月度服务汇总 · {name} · {month}",
    },
    "report.brigade": {"en": "brigade", "zh": "大队"},
    "report.month_name": {"en": "{month} {year}", "zh": "{year}年{month}月"},
    "report.months": {
        "en": "January February March April May June July August September October November December",
        "zh": "1 2 3 4 5 6 7 8 9 10 11 12",
    },
    "report.months_short": {
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "zh": "1 2 3 4 5 6 7 8 9 10 11 12",
    },
    "report.when": {"en": "{day} {month} {year} {time}", "zh": "{year}年{month}月{day}日 {time}"},
    "report.date": {"en": "{day} {month} {year}", "zh": "{year}年{month}月{day}日"},
    "report.page": {"en": "Page {page} of {pages}", "zh": "第 {page} 页 共 {pages} 页"},
    "report.sign.prepared_by": {"en": "Prepared by", "zh": "制表人"},
    "report.sign.checked_by": {"en": "Checked by", "zh": "审核人"},
    "report.sign.approved_by": {"en": "Approved by", "zh": "负责人"},
    "report.sign.line": {"en": "{label}: {name}", "zh": "{label}：{name}"},
    "report.sign.date": {"en": "Date: {date}", "zh": "制表日期：{date}"},
    "report.scale.shared": {
        "en": "One scale for every station: the longest bar is {top}.",
        "zh": "各站同一比例：最长的条为 {top}。",
    },
    "report.scale.own": {
        "en": "Each figure has its own scale: the longer of its two bars is full width.",
        "zh": "每项单独缩放：两个月中较大者为满格。",
    },
    "report.legend.names": {
        "en": "Shortened station names in the charts:",
        "zh": "图中简称的警务站：",
    },
    "report.legend.name": {"en": "{label} = {name}", "zh": "{label} = {name}"},
    "report.generated": {"en": "Generated {at}", "zh": "生成于 {at}"},
    "report.scope.station": {"en": "counted at the station", "zh": "警务站统计"},
    "report.scope.hq": {"en": "counted at HQ from the archive", "zh": "总部据档案统计"},
    "report.figure": {"en": "Figure", "zh": "项目"},
    "report.change": {"en": "Change", "zh": "变化"},
    "report.station": {"en": "Station", "zh": "警务站"},
    "report.station_id": {"en": "Station id", "zh": "警务站编号"},
    "report.month": {"en": "Month", "zh": "月份"},
    "report.total": {"en": "Brigade total", "zh": "大队合计"},
    "report.by_station": {"en": "By station", "zh": "各警务站"},
    "report.none": {"en": "none", "zh": "无"},
    # sections
    "report.section.assistance": {"en": "Assistance", "zh": "帮扶代办"},
    "report.section.stock": {"en": "Medicine stock at month end", "zh": "月末药品库存"},
    "report.section.items": {"en": "Medicine handed out", "zh": "发放药品"},
    "report.section.coverage": {"en": "What the figures rest on", "zh": "数据依据"},
    "report.section.charts": {"en": "Against the month before", "zh": "与上月对比"},
    # figures
    "report.patrols.count": {"en": "Patrols", "zh": "巡逻次数"},
    "report.patrols.km": {"en": "Patrol km", "zh": "巡逻里程（公里）"},
    "report.patrols.hours": {"en": "Patrol hours", "zh": "巡逻时长（小时）"},
    "report.patrols.seconds": {"en": "Patrol seconds", "zh": "巡逻时长（秒）"},
    "report.patrols.markers": {"en": "Border markers checked", "zh": "检查界桩（次）"},
    "report.patrols.markers_distinct": {"en": "Distinct markers", "zh": "检查界桩（个）"},
    "report.water.deliveries": {"en": "Water deliveries", "zh": "送水次数"},
    "report.water.litres": {"en": "Water litres", "zh": "送水量（升）"},
    "report.water.households": {"en": "Households given water", "zh": "送水户数"},
    "report.medicine.handouts": {"en": "Medicine handouts", "zh": "送药次数"},
    "report.medicine.people": {"en": "People given medicine", "zh": "送药人数"},
    "report.visits.count": {"en": "Herder visits", "zh": "走访次数"},
    "report.visits.households": {"en": "Households visited", "zh": "走访户数"},
    "report.visits.issues_raised": {"en": "Issues raised", "zh": "反映问题"},
    "report.visits.issues_resolved": {"en": "Issues resolved", "zh": "解决问题"},
    "report.assistance.count": {"en": "Assistance cases", "zh": "帮扶代办件数"},
    "report.assistance.people_helped": {"en": "People helped", "zh": "帮扶人数"},
    "report.households_served": {"en": "Households served", "zh": "服务户数"},
    "report.items": {"en": "Medicine items", "zh": "药品明细"},
    "report.medicine": {"en": "Medicine", "zh": "药品"},
    "report.quantity": {"en": "Quantity", "zh": "数量"},
    "report.unit": {"en": "Unit", "zh": "单位"},
    "report.balance": {"en": "Balance", "zh": "结存"},
    "report.category": {"en": "Category", "zh": "类别"},
    "report.cases": {"en": "Cases", "zh": "件数"},
    # coverage
    "report.coverage.station": {
        "en": "Entries {first}–{last} of log {log} ({entries} entries); HQ has acknowledged up to {acked}: {state}.",
        "zh": "日志 {log} 的第 {first}–{last} 条（共 {entries} 条）；总部已确认至第 {acked} 条：{state}。",
    },
    "report.coverage.station_empty": {
        "en": "No entries in this month; HQ has acknowledged log {log} up to {acked}.",
        "zh": "本月没有记录；总部已确认日志 {log} 至第 {acked} 条。",
    },
    "report.coverage.acked": {"en": "all acknowledged", "zh": "已全部确认"},
    "report.coverage.waiting": {
        "en": "{n} not yet acknowledged",
        "zh": "{n} 条尚未确认",
    },
    "report.coverage.hq": {
        "en": "held without a gap up to {held} (highest {highest}); missing: {missing}; last entry recorded {last}",
        "zh": "连续收到至第 {held} 条（最高 {highest}）；缺失：{missing}；最后一条录入于 {last}",
    },
    "report.coverage.nothing": {"en": "nothing received yet", "zh": "尚未收到任何记录"},
    "report.coverage.join": {"en": "{text}; {state}", "zh": "{text}；{state}"},
    "report.coverage.of_station": {"en": "{name}: {text}", "zh": "{name}：{text}"},
    "report.state.complete": {
        "en": "complete: every entry up to the station's head of {at} is held",
        "zh": "完整：该站 {at} 签发的日志状态之前的记录已全部收到",
    },
    "report.state.waiting": {
        "en": "waiting: no word from the station since the month ended ({end})",
        "zh": "待确认：月末（{end}）之后尚未收到该站的日志状态",
    },
    "report.state.missing": {
        "en": "{n} entries missing (seq {ranges}): please re-send them",
        "zh": "缺 {n} 条记录（第 {ranges} 条），请重新发送",
    },
    "report.mark.missing": {"en": " ({n} missing)", "zh": "（缺 {n} 条）"},
    "report.mark.waiting": {"en": " (waiting)", "zh": "（待确认）"},
    "report.chart_mark_note": {
        "en": "⚠ marks a station whose month is not complete (see the note at the top).",
        "zh": "⚠ 表示该站本月数据不完整（见页首提示）。",
    },
    "report.banner.month": {
        "en": "This month is not complete: {parts}.",
        "zh": "本月数据不完整：{parts}。",
    },
    "report.banner.previous": {
        "en": "{month} is not complete either: {parts}.",
        "zh": "{month} 的数据也不完整：{parts}。",
    },
    "report.banner.sep": {"en": "; ", "zh": "；"},
    "report.banner.missing": {
        "en": "{name} is missing {n} entries, please re-send seq {ranges}",
        "zh": "{name} 缺 {n} 条记录，请重新发送第 {ranges} 条",
    },
    "report.banner.waiting": {
        "en": "{name} has sent no word since the month ended (entries may still be on their way)",
        "zh": "{name} 月末之后尚无音讯（记录可能仍在途中）",
    },
    "report.stock.may_be_short": {
        "en": " (may be short: entries missing)",
        "zh": "（可能偏少：有记录缺失）",
    },
    "report.status.complete": {"en": "complete", "zh": "完整"},
    "report.status.waiting": {"en": "waiting", "zh": "待确认"},
    "report.status.missing": {"en": "missing", "zh": "缺失"},
    "report.csv.coverage": {"en": "coverage", "zh": "数据完整性"},
    "report.csv.missing_count": {"en": "entries missing", "zh": "缺失条数"},
    "report.csv.missing": {"en": "seqs missing", "zh": "缺失序号"},
    "report.incomplete_banner": {
        "en": "Some figures may be incomplete: entries of this month may still be on their way.",
        "zh": "部分数据可能不完整：本月的记录可能仍在途中。",
    },
    "report.unacked_banner": {
        "en": "Not everything in this month has been acknowledged by HQ yet.",
        "zh": "本月记录尚未全部得到总部确认。",
    },
    # the summary screen of the station TUI
    "report.tui.key.previous": {"en": "Month before", "zh": "上月"},
    "report.tui.key.next": {"en": "Month after", "zh": "下月"},
    "report.tui.key.export": {"en": "Export", "zh": "导出"},
    "report.tui.hint": {
        "en": "[ and ] step through months, or type one and press Enter · e exports HTML, CSV, Markdown, JSON and xlsx",
        "zh": "按 [ 和 ] 切换月份，或输入月份后回车 · 按 e 导出 HTML、CSV、Markdown、JSON 和 xlsx",
    },
    "report.tui.exported": {
        "en": "summary saved in {path} ({name}.html, .csv, .md, .json, .xlsx)",
        "zh": "月报已保存到 {path}（{name}.html、.csv、.md、.json、.xlsx）",
    },
}
