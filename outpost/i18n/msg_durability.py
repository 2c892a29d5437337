"""Messages about saves that went only partly to disk (the log saved, its derived state not)."""

MESSAGES = {
    "durability.state_behind": {
        "en": "saved in the log, but the station state file was not updated ({reason}); it is rebuilt from the log at the next start",
        "zh": "已保存到日志，但站点状态文件未更新（{reason}）；下次启动时会根据日志重建",
    },
    "durability.unconfirmed": {
        "en": "saved in the log, but the disk did not confirm it ({reason}); run outpost check",
        "zh": "已保存到日志，但磁盘未确认写入（{reason}）；请运行 outpost check",
    },
}
