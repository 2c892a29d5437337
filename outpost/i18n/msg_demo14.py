"""Messages of the sealed demo and of reports written in clear from a sealed station."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.unlock.demo_hint": {
        "en": "Demo passphrase: {passphrase}  (shown for the demo only)",
        "zh": "演示口令：{passphrase}（仅演示时显示）",
    },
}
