"""Messages about a sealed station's key file backup and its rolled-back files."""

MESSAGES = {
    "atrest.backup_used": {
        "en": "{path} did not serve ({reason}); the station opened with its backup copy {backup}",
        "zh": "{path} 无法使用（{reason}）；本站已用其备份 {backup} 打开",
    },
    "atrest.backup_other_passphrase": {
        "en": "only the backup copy opens under this passphrase: a passphrase change was cut short",
        "zh": "只有备份能用此口令打开：上次更改口令时被中断",
    },
    "rollback.page_behind": {
        "en": "{file} ends at entry {found}, but the station's state records entry {expected}: the page was put back from an older copy, or lost; nothing was changed. Put the newer copy back, or call HQ",
        "zh": "{file} 只到第 {found} 条，但本站状态记录到第 {expected} 条：该页被换回了旧副本或已丢失；未作改动。请放回较新的副本，或联系大队",
    },
    "rollback.month_missing": {
        "en": "{file} is missing, but the station's state records entries {first}-{last} in it: the page was lost or the folder put back from an older copy; nothing was changed. Put the page back, or call HQ",
        "zh": "{file} 不存在，但本站状态记录其中有第 {first}-{last} 条：该页已丢失或文件夹被换回了旧副本；未作改动。请放回该页，或联系大队",
    },
    "rollback.month_short": {
        "en": "the log of {month} lacks entries {first}-{last} that the station's state records: a page was put back from an older copy, or lost; nothing was changed. Put the newer copy back, or call HQ",
        "zh": "{month} 的日志缺少本站状态记录的第 {first}-{last} 条：某页被换回了旧副本或已丢失；未作改动。请放回较新的副本，或联系大队",
    },
    "rollback.settings": {
        "en": "{file} is write no. {found}, but the station's state saw write no. {expected}: it was put back from an older copy; nothing was changed. Put the newer copy back, or call HQ",
        "zh": "{file} 是第 {found} 次写入的版本，但本站状态记录的是第 {expected} 次：它被换回了旧副本；未作改动。请放回较新的副本，或联系大队",
    },
}
