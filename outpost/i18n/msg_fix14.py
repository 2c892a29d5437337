"""Messages of the one-time recovery answer and the idle-lock setting."""

MESSAGES: dict[str, dict[str, str]] = {
    "tui.unlock.busy": {"en": "Unlocking…", "zh": "正在解锁…"},
    "recovery.answer_used": {
        "en": "{path}: this station already used this answer once; ask HQ for a new one (outpost recovery-request); nothing was changed",
        "zh": "{path}：本站已用过该答复一次；请向总部重新申请（outpost recovery-request）；未做任何改动",
    },
}
