"""Messages of the one-time recovery answer, the idle-lock setting and the unlock screen."""

MESSAGES: dict[str, dict[str, str]] = {
    "settings.idle_lock_bounds": {
        "en": "the idle lock is 0 (never) or 1 to {most} minutes",
        "zh": "自动锁定时间须为 0（不锁定）或 1 至 {most} 分钟",
    },
    "settings.idle_lock": {
        "en": "the screens lock after {minutes} minutes untouched",
        "zh": "界面无操作 {minutes} 分钟后自动锁定",
    },
    "settings.idle_lock_never": {
        "en": "the screens never lock by themselves",
        "zh": "界面不会自动锁定",
    },
    "settings.idle_lock_title": {"en": "Idle lock", "zh": "自动锁定"},
    "settings.idle_lock_palette": {
        "en": "Minutes the screens stay open untouched before they lock",
        "zh": "无操作多少分钟后界面自动锁定",
    },
    "settings.idle_lock_help": {
        "en": "Minutes untouched before the screens lock (0 = never, at most {most}); Enter keeps it",
        "zh": "无操作多少分钟后锁定（0 为不锁定，最多 {most}）；按回车保存",
    },
    "tui.unlock.busy": {"en": "Unlocking…", "zh": "正在解锁…"},
    "recovery.answer_used": {
        "en": "{path}: this station already used this answer once; ask HQ for a new one (outpost recovery-request); nothing was changed",
        "zh": "{path}：本站已用过该答复一次；请向总部重新申请（outpost recovery-request）；未做任何改动",
    },
}
