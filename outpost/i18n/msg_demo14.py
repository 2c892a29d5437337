"""Messages of the sealed demo and of reports written in clear from a sealed station."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.unlock.demo_hint": {
        "en": "Demo passphrase: {passphrase}  (shown for the demo only)",
        "zh": "演示口令：{passphrase}（仅演示时显示）",
    },
    "report.in_clear": {
        "en": "The report is not encrypted and names herders: delete it or keep it safe once used.",
        "zh": "报表未加密，含牧户姓名；用完请删除或妥善保管。",
    },
}
