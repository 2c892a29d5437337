"""Messages of the plausibility warnings before a save and of the roster (`outpost officers`,
the roster screen)."""

MESSAGES: dict[str, dict[str, str]] = {
    # the warnings (outpost.station.plausibility)
    "plausibility.long_patrol": {
        "en": "The patrol lasts {hours} hours (more than 24).",
        "zh": "巡逻时长 {hours} 小时（超过 24 小时）。",
    },
    "plausibility.future": {
        "en": "{field} {at} is in the future.",
        "zh": "{field} {at} 晚于当前时间。",
    },
    "plausibility.long_ago": {
        "en": "{field} {at} is {days} days ago (more than 31).",
        "zh": "{field} {at} 已是 {days} 天前（超过 31 天）。",
    },
    "plausibility.off_roster": {
        "en": "{name} is not on the station's roster.",
        "zh": "{name} 不在本站民警名单中。",
    },
    "plausibility.duplicate": {
        "en": "Looks like entry #{seq} ({at}): same kind, household and figures.",
        "zh": "疑似与第 {seq} 条（{at}）重复：类别、牧户和数字相同。",
    },
    "plausibility.duplicate_line": {
        "en": "Repeats line {line} of this batch: same kind, household and figures.",
        "zh": "与本批第 {line} 行重复：类别、牧户和数字相同。",
    },
    # the command line
    "plausibility.cli_ask": {"en": "Save anyway?", "zh": "仍然保存？"},
    "plausibility.cli_not_saved": {
        "en": "Nothing saved.",
        "zh": "未保存。",
    },
    "plausibility.cli_needs_yes": {
        "en": "Nothing saved: the warnings above need a look; add --yes to save anyway.",
        "zh": "未保存：请核对以上提示；确认无误请加 --yes 保存。",
    },
    "plausibility.cli_line": {"en": "line {line}: {warning}", "zh": "第 {line} 行：{warning}"},
    # the dialog (outpost.tui.dialogs.warnings)
    "tui.warnings.title": {"en": "Please check before saving", "zh": "保存前请核对"},
    "tui.warnings.save": {"en": "Save anyway (Y)", "zh": "仍然保存（Y）"},
    "tui.warnings.back": {"en": "Back to the form (Esc)", "zh": "返回修改（Esc）"},
    "tui.warnings.add": {"en": "Add to roster (A)", "zh": "加入名单（A）"},
    "tui.warnings.save_key": {"en": "save anyway", "zh": "仍然保存"},
    "tui.warnings.back_key": {"en": "back", "zh": "返回"},
    "tui.warnings.add_key": {"en": "add to roster", "zh": "加入名单"},
    "tui.warnings.added": {"en": "{name} added to the roster.", "zh": "已将 {name} 加入名单。"},
    # the roster (outpost.station.roster, outpost officers, the roster screen)
    "roster.empty_name": {"en": "An officer's name cannot be empty.", "zh": "民警姓名不能为空。"},
    "roster.name_too_long": {
        "en": "An officer's name has at most {most} characters.",
        "zh": "民警姓名最多 {most} 个字符。",
    },
    "roster.already_on": {
        "en": "{name} is already on the roster.",
        "zh": "{name} 已在名单中。",
    },
    "roster.not_on": {"en": "{name} is not on the roster.", "zh": "{name} 不在名单中。"},
    "roster.last_officer": {
        "en": "{name} is the last officer on the roster: add another before retiring them.",
        "zh": "{name} 是名单中最后一名民警：请先添加其他民警再将其移出。",
    },
    "roster.added": {"en": "Added to the roster: {name}", "zh": "已加入名单：{name}"},
    "roster.retired": {
        "en": "Retired: {name} (their entries keep their name)",
        "zh": "已移出名单：{name}（其记录保留姓名）",
    },
    "roster.on_roster": {"en": "On the roster:", "zh": "在岗民警："},
    "roster.retired_heading": {"en": "Retired:", "zh": "已移出名单："},
    "roster.none": {"en": "(none)", "zh": "（无）"},
    "tui.roster.title": {"en": "Roster", "zh": "民警名单"},
    "tui.roster.name": {"en": "New officer", "zh": "新增民警"},
    "tui.roster.hint": {
        "en": "Type a name and press Enter to add; choose an officer and press Delete to retire.",
        "zh": "输入姓名后按回车添加；选中民警后按 Delete 移出名单。",
    },
    "tui.key.retire": {"en": "retire", "zh": "移出名单"},
    "tui.key.screen.roster": {"en": "roster", "zh": "民警名单"},
}
