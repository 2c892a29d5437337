"""Messages about saves that went only partly to disk (the log saved, its derived state not)."""

MESSAGES = {
    "durability.state_behind": {
        "en": "saved in the log, but the station state file was not updated ({reason}); it is rebuilt from the log at the next start",
        "zh": "已保存到日志，但站点状态文件未更新（{reason}）；下次启动时会根据日志重建",
    },
}
